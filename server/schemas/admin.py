"""Wire format of the admin API: accounts, apps, tours, events."""
from marshmallow import Schema, fields, validate

from ..models import ROLES
from .experience_spec import EXPERIENCE_TYPES, ExperienceSpecSchema
from .limits import UTCDateTime


class LoginSchema(Schema):
    email = fields.Email(required=True)
    password = fields.String(required=True, validate=validate.Length(min=1, max=1024))


class AccessTokenSchema(Schema):
    access_token = fields.String(required=True)
    token_type = fields.String(dump_default="Bearer")
    expires_in = fields.Integer()


class AdminUserSchema(Schema):
    id = fields.Integer(dump_only=True)
    email = fields.Email(required=True)
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    password = fields.String(load_only=True, required=True, validate=validate.Length(min=8, max=1024))
    created_at = fields.DateTime(dump_only=True)
    disabled_at = fields.DateTime(dump_only=True, allow_none=True,
                                  metadata={"description": "Set while the account is disabled: it cannot log in."})


class AdminUserPatchSchema(Schema):
    disabled = fields.Boolean(required=True, metadata={
        "description": "true disables the account (its access and API tokens stop working), false enables it."})


class PasswordChangeSchema(Schema):
    current_password = fields.String(required=True, validate=validate.Length(min=1, max=1024))
    new_password = fields.String(required=True, validate=validate.Length(max=1024),
                                 metadata={"description": "At least 8 characters, as when an account is created."})


class ApiTokenCreateSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))


class ApiTokenSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    prefix = fields.String()
    created_at = fields.DateTime()
    last_used_at = fields.DateTime(allow_none=True)
    revoked_at = fields.DateTime(allow_none=True)
    token = fields.String(metadata={"description": "Shown once, when created."})


class ThrottleSchema(Schema):
    per_session = fields.Integer(strict=True, allow_none=True, validate=validate.Range(min=0, max=100), metadata={
        "description": "At most this many experiences start by themselves per session (30 minutes without one)."})
    per_day = fields.Integer(strict=True, allow_none=True, validate=validate.Range(min=0, max=100), metadata={
        "description": "At most this many in any 24 hours."})
    quiet_hours = fields.Float(allow_none=True, validate=validate.Range(min=0, max=24 * 90), metadata={
        "description": "None start by themselves for this long after the user dismissed one."})


class AppSchema(Schema):
    id = fields.Integer(dump_only=True)
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    key = fields.String(dump_only=True)
    origins = fields.List(fields.String(validate=validate.Length(max=255)), attribute="origin_list",
                          data_key="origins", load_default=list, validate=validate.Length(max=50))
    require_identity = fields.Boolean(load_default=False)
    default_locale = fields.String(load_default="en", validate=[validate.Length(max=35),
                                   validate.Regexp(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")])
    webhook_url = fields.Url(load_default=None, allow_none=True, schemes={"http", "https"},
                             validate=validate.Length(max=2048),
                             metadata={"description": "Support requests are POSTed here, signed with the secret."})
    iframe_hosts = fields.List(fields.String(validate=validate.Regexp(r"^[a-z0-9.-]+$")), load_default=list,
                               validate=validate.Length(max=20),
                               metadata={"description": "Hosts whose https iframes KB articles may embed."})
    throttle = fields.Nested(ThrottleSchema, load_default=dict, metadata={
        "description": "How many experiences may start by themselves for a user; empty: no limit."})
    created_at = fields.DateTime(dump_only=True)


class AppPatchSchema(Schema):
    name = fields.String(validate=validate.Length(min=1, max=200))
    origins = fields.List(fields.String(validate=validate.Length(max=255)), validate=validate.Length(max=50))
    require_identity = fields.Boolean()
    default_locale = fields.String(validate=[validate.Length(max=35),
                                             validate.Regexp(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")])
    webhook_url = fields.Url(allow_none=True, schemes={"http", "https"}, validate=validate.Length(max=2048))
    iframe_hosts = fields.List(fields.String(validate=validate.Regexp(r"^[a-z0-9.-]+$")),
                               validate=validate.Length(max=20))
    throttle = fields.Nested(ThrottleSchema)


class AppWithSecretSchema(AppSchema):
    secret = fields.String(dump_only=True)


class AppQuerySchema(Schema):
    key = fields.String(load_default=None)


class TourVersionSchema(Schema):
    version = fields.Integer()
    created_at = fields.DateTime()
    created_by = fields.String(allow_none=True)
    spec = fields.Dict()


class TourAdminSchema(Schema):
    id = fields.String(attribute="slug")
    type = fields.String(metadata={"description": "tour or banner"})
    status = fields.String()
    live_version = fields.Integer(allow_none=True)
    latest_version = fields.Method("_latest")
    draft = fields.Dict()
    created_at = fields.DateTime()
    updated_at = fields.DateTime()

    def _latest(self, tour):
        return tour.versions[-1].version if tour.versions else None


class ExperienceListQuerySchema(Schema):
    type = fields.String(load_default=None, validate=validate.OneOf(EXPERIENCE_TYPES),
                         metadata={"description": "Only experiences of this type."})


class PublishResultSchema(Schema):
    version = fields.Integer()
    created = fields.Boolean()
    tour = fields.Nested(TourAdminSchema)


class RollbackSchema(Schema):
    version = fields.Integer(required=True, strict=True, validate=validate.Range(min=1))


class EventQuerySchema(Schema):
    since = UTCDateTime(load_default=None)
    after = fields.Integer(load_default=0, validate=validate.Range(min=0, max=2**63 - 1))
    limit = fields.Integer(load_default=1000, validate=validate.Range(min=1, max=10000))


class EventOutSchema(Schema):
    seq = fields.Integer()
    id = fields.String()
    type = fields.String()
    user_id = fields.String()
    tour_id = fields.String(allow_none=True)
    tour_version = fields.Integer(allow_none=True)
    step_id = fields.String(allow_none=True)
    article_id = fields.String(allow_none=True)
    query = fields.String(allow_none=True)
    url = fields.String(allow_none=True)
    ts = fields.DateTime()
    received_at = fields.DateTime()
    data = fields.Dict(allow_none=True)


class EventPageSchema(Schema):
    events = fields.List(fields.Nested(EventOutSchema))
    next_after = fields.Integer(allow_none=True)


class TourPushSchema(Schema):
    tours = fields.List(fields.Nested(ExperienceSpecSchema), required=True, validate=validate.Length(min=1, max=500))
    draft = fields.Boolean(load_default=False)
    dry_run = fields.Boolean(load_default=False)


class TourPushResultSchema(Schema):
    results = fields.List(fields.Dict())
