"""ChecklistSpecSchema: a titled list of tasks shown from a launcher, as authored."""
from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

from ..rules.url_rules import link_problem
from .sdk import CUSTOM_EVENT
from .tour_spec import (
    SLUG,
    EnvelopeSchema,
    KeyedMap,
    Markdown,
    Text,
    _checked,
    _slug,
    _slug_problem,
    item_reference_errors,
    load_variant,
    locale_problem,
    normalize_locale,
)

MAX_TASKS, MAX_TITLE, MAX_DESCRIPTION = 20, 120, 1_000
POSITIONS = ("bottom-start", "bottom-end")


class TaskActionSchema(Schema):
    tour = fields.String(validate=_slug, metadata={"description": "Starts the published tour with this id."})
    url = fields.String(validate=_checked(link_problem), metadata={"description": "Opens this https:// URL or path."})
    article = fields.String(validate=validate.Regexp(SLUG, error="Must be an article's slug."),
                            metadata={"description": "Opens this help article in the widget."})

    @validates_schema(skip_on_field_errors=True)
    def one_action(self, data, **kwargs):
        if len(data) != 1:
            raise ValidationError("An action does one thing: give one of tour, url or article.", field_name="_schema")


class TaskDoneOnSchema(Schema):
    tour = fields.String(validate=_slug, metadata={"description": "Done when this tour is completed."})
    event = fields.String(metadata={"description": "Done when the host tracks this event, custom:NAME."})

    @validates_schema(skip_on_field_errors=True)
    def one_way(self, data, **kwargs):
        if len(data) != 1:
            raise ValidationError("A task is done one way: give tour or event.", field_name="_schema")
        if "event" in data and not CUSTOM_EVENT.fullmatch(data["event"]):
            raise ValidationError("An event that completes a task is the host's own, custom:NAME.", field_name="event")


class TaskSchema(Schema):
    id = fields.String(required=True, validate=_slug)
    title = Text(required=True, validate=validate.Length(max=MAX_TITLE))
    description = Markdown(load_default="", validate=validate.Length(max=MAX_DESCRIPTION))
    action = fields.Nested(TaskActionSchema, allow_none=True, load_default=None)
    done_on = fields.Nested(TaskDoneOnSchema, allow_none=True, load_default=None, metadata={
        "description": "Default: the tour its action starts is completed; none: the user marks it done."})

    @post_load
    def default_done_on(self, data, **kwargs):
        if data["done_on"] is None and (data["action"] or {}).get("tour"):
            data["done_on"] = {"tour": data["action"]["tour"]}
        return data


class TaskTranslationSchema(Schema):
    title = Text(validate=validate.Length(max=MAX_TITLE))
    description = Markdown(validate=validate.Length(max=MAX_DESCRIPTION))


class ChecklistTranslationSchema(Schema):
    name = Text(validate=validate.Length(max=200))
    tasks = KeyedMap(fields.Nested(TaskTranslationSchema), _slug_problem, load_default=dict)


class ChecklistSpecSchema(EnvelopeSchema):
    """A checklist as authored; `name` is its title. `load` returns a plain dict with every default filled in."""

    type = fields.String(required=True, validate=validate.Equal("checklist"))
    tasks = fields.List(fields.Nested(TaskSchema), required=True, validate=validate.Length(
        min=1, max=MAX_TASKS, error="A checklist has 1 to {max} tasks."))
    position = fields.String(load_default="bottom-start", validate=validate.OneOf(POSITIONS), metadata={
        "description": "The launcher's corner (start: left in left-to-right pages). A host element with "
                       "data-waypost-checklist=ID opens it too."})
    translations = KeyedMap(fields.Nested(ChecklistTranslationSchema), locale_problem, load_default=dict)

    @validates_schema(pass_original=True, skip_on_field_errors=False)
    def references(self, data, original, **kwargs):
        if isinstance(original, dict) and (errors := item_reference_errors(original, "tasks", "task")):
            raise ValidationError(errors)

    @post_load(pass_original=True)
    def normalize_translation_locales(self, data, original, **kwargs):
        data["translations"] = {normalize_locale(code): t for code, t in data["translations"].items()}
        return load_variant(self, data, original)
