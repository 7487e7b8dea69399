"""Outbound webhooks in the admin API: a subscription as created and listed, and one delivery of it."""
from marshmallow import Schema, fields, validate

ALL_CUSTOM = "custom:*"  # every custom event
FORMATS = ("waypost", "segment")


class WebhookSubscriptionInSchema(Schema):
    url = fields.Url(required=True, schemes={"http", "https"}, validate=validate.Length(max=2048), metadata={
        "description": "Where batches of events are POSTed, signed with the app's secret like support requests."})
    events = fields.List(fields.String(validate=validate.Length(max=64)), required=True, metadata={
        "description": f"The event types sent: Waypost's (tour_completed, survey_answered…), custom:NAME, or "
                       f"{ALL_CUSTOM} for every custom event."})
    format = fields.String(load_default="waypost", validate=validate.OneOf(FORMATS), metadata={
        "description": "waypost: our batch of events; segment: Segment's HTTP tracking API (POST to its /v1/batch "
                       "URL), `track` per event and `identify` per user."})
    write_key = fields.String(load_default=None, validate=validate.Regexp(r"^[\x21-\x7e]{1,200}$", error=(
        "A write key is 1 to 200 visible ASCII characters.")), metadata={
        "description": "segment only: the source's write key (sent as HTTP Basic auth, never shown again)."})


class WebhookSubscriptionSchema(Schema):
    id = fields.Integer()
    url = fields.String()
    events = fields.List(fields.String())
    format = fields.String()
    created_at = fields.DateTime()
    created_by = fields.String(allow_none=True)


class WebhookBatchSchema(Schema):
    id = fields.Integer()
    created_at = fields.DateTime()
    events = fields.Integer(metadata={"description": "How many events the batch holds."})
    first_event_id = fields.Integer()
    last_event_id = fields.Integer()
    attempts = fields.Integer(attribute="webhook_attempts")
    delivered_at = fields.DateTime(attribute="webhook_delivered_at", allow_none=True)
    next_attempt_at = fields.DateTime(attribute="webhook_next_attempt_at", allow_none=True)
    last_error = fields.String(attribute="webhook_last_error", allow_none=True)
