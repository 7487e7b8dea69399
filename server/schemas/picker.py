"""Wire format of picker sessions: the editor's requests and answers, and what the SDK sends back."""
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from .sdk import TourOutSchema
from .tour_spec import TourSpecSchema, selector_problem

MODES = ("pick", "preview")


class PickerSessionInSchema(Schema):
    mode = fields.String(required=True, validate=validate.OneOf(MODES))
    page_url = fields.String(required=True, validate=validate.Length(min=1, max=1800),
                             metadata={"description": "A page on one of the app's allowed origins."})
    tour = fields.Nested(TourSpecSchema, load_default=None, allow_none=True,
                         metadata={"description": "The draft to preview (required for preview)."})

    @validates_schema
    def tour_for_preview(self, data, **kwargs):
        if data["mode"] == "preview" and data["tour"] is None:
            raise ValidationError({"tour": ["A preview needs the tour to play."]})


class PickerSessionCreatedSchema(Schema):
    id = fields.String()
    token = fields.String(metadata={"description": "Short-lived; also in `url`'s fragment."})
    url = fields.String(metadata={"description": "page_url with #waypost-pick= or #waypost-preview= and the token."})
    expires_at = fields.DateTime()


class PickerSessionStatusSchema(Schema):
    id = fields.String()
    mode = fields.String()
    status = fields.String(metadata={"description": "waiting, picked or expired"})
    selector = fields.String(allow_none=True)
    text = fields.String(allow_none=True)
    tag = fields.String(allow_none=True)
    expires_at = fields.DateTime()


class PickerTokenQuerySchema(Schema):
    token = fields.String(required=True, validate=validate.Length(max=4096))
    locale = fields.String(load_default=None, validate=validate.Regexp(r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$"))
    key = fields.String(load_default=None)


def _selector_valid(value: str) -> None:
    if problem := selector_problem(value):
        raise ValidationError(problem)


class SelectionSchema(Schema):
    selector = fields.String(required=True, validate=[validate.Length(min=1, max=1000), _selector_valid])
    text = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))
    tag = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=64))


class PreviewTourSchema(TourOutSchema):
    preview = fields.Boolean(metadata={"description": "Always true: the SDK stores no events for it."})
