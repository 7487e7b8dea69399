"""Wire format of the SDK API (contract section 2)."""
import re
from datetime import UTC

from marshmallow import Schema, ValidationError, fields, post_load, validate, validates, validates_schema

from ..rules import strict_json
from ..rules.article_ids import article_number
from ..rules.json_escapes import UNPAIRED_SURROGATE, has_unpaired_surrogate
from ..rules.survey_answers import answer_problem as survey_answer_problem
from .limits import DB_INT_MAX, UTCDateTime
from .tour_spec import ClientLocale

EVENT_TYPES = {
    "tour_started", "step_viewed", "step_completed", "tour_completed", "tour_dismissed",
    "step_target_missing", "article_viewed", "search", "help_opened",
    "experience_shown", "banner_clicked", "banner_dismissed", "survey_answered", "survey_dismissed",
    "checklist_task_completed", "checklist_dismissed", "hotspot_opened",
}
# Written by the server only (a client that sends one is refused): holdouts and goal pages, and what end users do
# through the server's own endpoints, so that they flow out to webhooks with the rest.
SERVER_EVENT_TYPES = {"experience_held_out", "goal_page_viewed", "article_voted", "support_requested", "opted_out",
                      "opted_in"}
# Any name the host app gives (any script, spaces allowed) that fits the 64-character column, without control
# characters (Unicode's Cc) or halves of surrogate pairs (Cs): what the SDK's track() checks as [^\p{Cc}\p{Cs}].
CUSTOM_EVENT = re.compile(r"custom:[^\x00-\x1f\x7f-\x9f\ud800-\udfff]{1,57}")
UNKNOWN_EVENT_TYPE = "Unknown event type; use one of the documented types or custom:NAME (NAME: 1 to 57 characters)."
NOT_AN_ARTICLE_ID = "Not an article id: the article's id in digits, as the SDK sends it."
TOUR_VERSION_RANGE = validate.Range(min=1, max=DB_INT_MAX)


def known_event_type(value: str) -> bool:
    return value in EVENT_TYPES or CUSTOM_EVENT.fullmatch(value) is not None


class JSONObjectString(fields.Field):
    """A query parameter holding a JSON object, such as `traits`."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str) and has_unpaired_surrogate(value.encode()):
            raise ValidationError(UNPAIRED_SURROGATE)
        try:
            parsed = strict_json.loads(value) if isinstance(value, str) else value
        except strict_json.NonStandardNumber:
            raise ValidationError(f"Not standard JSON: {strict_json.NON_STANDARD}") from None
        except ValueError:
            raise ValidationError("Not valid JSON.") from None
        if not isinstance(parsed, dict):
            raise ValidationError("Must be a JSON object.")
        return parsed


class BootstrapQuerySchema(Schema):
    url = fields.String(load_default="/", validate=validate.Length(max=2048))
    user_id = fields.String(required=True, validate=validate.Length(min=1, max=255))
    user_token = fields.String(load_default=None, validate=validate.Length(max=4096))
    locale = ClientLocale(load_default=None)
    traits = JSONObjectString(load_default=dict)
    group_id = fields.String(load_default=None, validate=validate.Length(min=1, max=255),
                             metadata={"description": "The company (account, workspace) the user is in, if any."})
    group_traits = JSONObjectString(load_default=dict)
    key = fields.String(load_default=None)


class EventSchema(Schema):
    id = fields.UUID(required=True)
    type = fields.String(required=True)
    ts = UTCDateTime(required=True, default_timezone=UTC)
    url = fields.String(load_default=None, validate=validate.Length(max=2048))
    tour_id = fields.String(load_default=None, validate=validate.Length(max=100))
    tour_version = fields.Integer(load_default=None, strict=True, validate=TOUR_VERSION_RANGE)
    step_id = fields.String(load_default=None, validate=validate.Length(max=100))
    article_id = fields.String(load_default=None, metadata={"example": "42"})
    query = fields.String(load_default=None, validate=validate.Length(max=500))
    data = fields.Dict(keys=fields.String(), load_default=None)

    @validates("type")
    def _known_type(self, value, **kwargs):
        if not known_event_type(value):
            raise ValidationError(UNKNOWN_EVENT_TYPE)

    @validates("article_id")
    def _article_id(self, value, **kwargs):
        if value is not None and article_number(value) is None:
            raise ValidationError(NOT_AN_ARTICLE_ID)

    @validates_schema(skip_on_field_errors=True)
    def _survey_answer(self, data, **kwargs):
        if data.get("type") == "survey_answered" and (problem := survey_answer_problem(data.get("data"))):
            raise ValidationError(problem, field_name="data")

    @post_load
    def _plain_id(self, data, **kwargs):
        data["id"] = str(data["id"])
        return data


class EventBatchSchema(Schema):
    user_id = fields.String(required=True, validate=validate.Length(min=1, max=255))
    user_token = fields.String(load_default=None, validate=validate.Length(max=4096))
    events = fields.List(fields.Nested(EventSchema), required=True)

    def __init__(self, *args, limit: int = 100, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["events"].validators = [validate.Length(min=1, max=limit)]


class EventBatchResultSchema(Schema):
    accepted = fields.Integer(required=True)
    duplicates = fields.Integer(required=True)


class OptOutSchema(Schema):
    opted_out = fields.Boolean(required=True)
    tour_id = fields.String(load_default=None, validate=validate.Length(min=1, max=100))
    user_token = fields.String(load_default=None, validate=validate.Length(max=4096))


class OptOutResultSchema(Schema):
    opted_out = fields.Boolean(required=True)
    tour_id = fields.String(allow_none=True)


class StepOutSchema(Schema):
    id = fields.String(required=True)
    target = fields.String(required=True, allow_none=True, metadata={"description": "CSS selector; null: a modal"})
    title = fields.String(required=True)
    body_html = fields.String(required=True, metadata={"description": "sanitized HTML"})
    placement = fields.String(required=True)
    advance_on = fields.String(required=True, allow_none=True)
    url = fields.String(metadata={"description": "the page this step is on (a path glob), when not the tour's first"})
    url_pattern = fields.String(metadata={"description": "url as a regular expression the page's path must match "
                                                         "whole (the server's own matcher)"})


class TourProgressOutSchema(Schema):
    status = fields.String(required=True)
    step_id = fields.String(required=True, allow_none=True)
    version = fields.Integer(required=True, allow_none=True)


class TourOutSchema(Schema):
    id = fields.String(required=True)
    version = fields.Integer(required=True)
    name = fields.String(required=True)
    auto = fields.Boolean(required=True, metadata={"description": "may start by itself now, with the page (a tour "
                                                                 "with a later trigger is armed in `experiences`)"})
    locale = fields.String(required=True, metadata={"description": "the language of its content"})
    dir = fields.String(required=True)
    steps = fields.List(fields.Nested(StepOutSchema), required=True)
    on_page = fields.Boolean(metadata={"description": "in bootstrap: whether this page is one of the tour's own"})
    progress = fields.Nested(TourProgressOutSchema, allow_none=True,
                             metadata={"description": "in bootstrap: where the user is in a tour under way"})
    variant = fields.String(metadata={"description": "with an A/B variant: the version this user sees, a or b "
                                                     "(every experience type says so alike)"})


class BannerButtonOutSchema(Schema):
    label = fields.String(required=True)
    url = fields.String(metadata={"description": "an https:// URL or a path of the host app to open"})
    tour = fields.String(metadata={"description": "the id of a tour to start"})
    article = fields.String(metadata={"description": "the slug of a help article to open"})


class BannerOutSchema(Schema):
    id = fields.String(required=True)
    type = fields.String(required=True, metadata={"description": "banner"})
    version = fields.Integer(required=True)
    name = fields.String(required=True)
    locale = fields.String(required=True)
    dir = fields.String(required=True)
    html = fields.String(required=True, metadata={"description": "the text, sanitized HTML"})
    position = fields.String(required=True, metadata={"description": "top or bottom"})
    style = fields.String(required=True, metadata={"description": "inline (pushes the page) or overlay"})
    button = fields.Nested(BannerButtonOutSchema, required=True, allow_none=True)
    dismissible = fields.Boolean(required=True)


class SurveyQuestionOutSchema(Schema):
    kind = fields.String(required=True, metadata={"description": "nps, csat, rating, choice or text"})
    text = fields.String(required=True)
    choices = fields.List(fields.Dict(), metadata={"description": "choice: [{id, label}]"})
    low_label = fields.String()
    high_label = fields.String()
    follow_up = fields.String()


class SurveyOutSchema(Schema):
    id = fields.String(required=True)
    type = fields.String(required=True, metadata={"description": "survey"})
    version = fields.Integer(required=True)
    name = fields.String(required=True)
    locale = fields.String(required=True)
    dir = fields.String(required=True)
    question = fields.Nested(SurveyQuestionOutSchema, required=True)
    thanks = fields.String(required=True, allow_none=True)
    trigger = fields.Dict(required=True, metadata={"description": "{on: page} or {on: event, event, tour?}"})


class ChecklistTaskOutSchema(Schema):
    id = fields.String(required=True)
    title = fields.String(required=True)
    description_html = fields.String(required=True, metadata={"description": "sanitized HTML (may be empty)"})
    action = fields.Dict(required=True, allow_none=True, metadata={"description": "{tour}, {url} or {article}"})
    done_on = fields.Dict(required=True, allow_none=True, metadata={
        "description": "{tour} or {event}; null: the user marks it done"})


class ChecklistOutSchema(Schema):
    id = fields.String(required=True)
    type = fields.String(required=True, metadata={"description": "checklist"})
    version = fields.Integer(required=True)
    name = fields.String(required=True, metadata={"description": "its title"})
    locale = fields.String(required=True)
    dir = fields.String(required=True)
    position = fields.String(required=True, metadata={"description": "the launcher's corner: bottom-start|end"})
    tasks = fields.List(fields.Nested(ChecklistTaskOutSchema), required=True)
    done = fields.List(fields.String(), required=True, metadata={"description": "the ids of the tasks this user "
                                                                               "has done (on any device)"})
    dismissed = fields.Boolean(required=True, metadata={"description": "closed for good by the user: no launcher "
                                                                        "(a host element can open it again)"})


class HotspotOutSchema(Schema):
    id = fields.String(required=True)
    target = fields.String(required=True, metadata={"description": "CSS selector"})
    corner = fields.String(required=True, metadata={"description": "top-start|top-end|bottom-start|bottom-end"})
    title = fields.String(required=True)
    body_html = fields.String(required=True, metadata={"description": "sanitized HTML (may be empty)"})
    tour = fields.String(metadata={"description": "a tour to start instead of a tip"})


class HotspotSetOutSchema(Schema):
    id = fields.String(required=True)
    type = fields.String(required=True, metadata={"description": "hotspot"})
    version = fields.Integer(required=True)
    name = fields.String(required=True)
    locale = fields.String(required=True)
    dir = fields.String(required=True)
    hotspots = fields.List(fields.Nested(HotspotOutSchema), required=True)
    done = fields.List(fields.String(), required=True, metadata={"description": "hotspots this user has opened"})


class ArmedTourOutSchema(Schema):
    id = fields.String(required=True, metadata={"description": "the tour's id (the tour itself is in `tours`)"})
    type = fields.String(required=True, metadata={"description": "tour"})
    version = fields.Integer(required=True)
    trigger = fields.Dict(required=True, metadata={
        "description": "{on: event, event, tour?}, {on: element|click, selector} or {on: delay, seconds}: start the "
                       "tour when it fires on this page, unless another tour is on screen"})
    repeat = fields.Boolean(metadata={"description": "armed again by its frequency although done"})


EXPERIENCE_OUT_SCHEMAS = {"BannerOut": BannerOutSchema, "SurveyOut": SurveyOutSchema,
                          "ChecklistOut": ChecklistOutSchema, "HotspotSetOut": HotspotSetOutSchema,
                          "ArmedTourOut": ArmedTourOutSchema}


class BootstrapUserSchema(Schema):
    id = fields.String(required=True)
    opted_out = fields.Boolean(required=True)


class HelpArticleSchema(Schema):
    id = fields.Integer(required=True)
    slug = fields.String(required=True)
    title = fields.String(required=True)
    locale = fields.String(required=True)
    faq_answer = fields.String(required=True, allow_none=True)


class BootstrapHelpSchema(Schema):
    articles = fields.List(fields.Nested(HelpArticleSchema), required=True)


class BootstrapSchema(Schema):
    user = fields.Nested(BootstrapUserSchema, required=True)
    tours = fields.List(fields.Nested(TourOutSchema), required=True)
    experiences = fields.List(
        fields.Raw(metadata={"oneOf": [{"$ref": f"#/components/schemas/{name}"} for name in EXPERIENCE_OUT_SCHEMAS]}),
        required=True, metadata={"description": "the other experience types this user gets on this page (banners, "
                                                "surveys, checklists, hotspots), by `type`, and the tours armed on a "
                                                "later trigger (type tour)"})
    help = fields.Nested(BootstrapHelpSchema, required=True, metadata={"description": "the page's help articles"})
    locale = fields.String(required=True)
    dir = fields.String(required=True)
    strings = fields.Dict(keys=fields.String(), values=fields.String(), required=True)
