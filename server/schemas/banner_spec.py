"""BannerSpecSchema: a bar of text at the top or bottom of the page, with an optional button, as authored."""
from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

from ..rules.url_rules import link_problem
from .tour_spec import (
    SLUG,
    EnvelopeSchema,
    KeyedMap,
    Markdown,
    StrictBoolean,
    Text,
    _checked,
    _slug,
    load_variant,
    locale_problem,
    normalize_locale,
    translated_locales,
)

POSITIONS = ("top", "bottom")
STYLES = ("inline", "overlay")
MAX_TEXT, MAX_LABEL = 1_000, 60
ACTIONS = ("url", "tour", "article")


class BannerButtonSchema(Schema):
    label = Text(required=True, validate=validate.Length(max=MAX_LABEL))
    url = fields.String(validate=_checked(link_problem), metadata={
        "description": "Opens this https:// URL or path of the host app."})
    tour = fields.String(validate=_slug, metadata={"description": "Starts the published tour with this id."})
    article = fields.String(validate=validate.Regexp(SLUG, error="Must be an article's slug."), metadata={
        "description": "Opens the help article with this slug in the widget."})

    @validates_schema(skip_on_field_errors=True)
    def one_action(self, data, **kwargs):
        if sum(action in data for action in ACTIONS) != 1:
            raise ValidationError("A button does one thing: give one of url, tour or article.", field_name="_schema")


class BannerTranslationSchema(Schema):
    name = Text(validate=validate.Length(max=200))
    text = Markdown(validate=validate.Length(min=1, max=MAX_TEXT))
    button_label = Text(validate=validate.Length(max=MAX_LABEL))


class BannerSpecSchema(EnvelopeSchema):
    """A banner as authored; `load` returns a plain dict with every default filled in."""

    type = fields.String(required=True, validate=validate.Equal("banner"))
    text = Markdown(required=True, validate=validate.Length(min=1, max=MAX_TEXT, error="Between 1 and {max} "
                                                                                     "characters."),
                    metadata={"description": "Markdown: emphasis and links; one or two short sentences."})
    position = fields.String(load_default="top", validate=validate.OneOf(POSITIONS))
    style = fields.String(load_default="inline", validate=validate.OneOf(STYLES), metadata={
        "description": "inline: pushes the page's content down (or up); overlay: floats over it."})
    button = fields.Nested(BannerButtonSchema, allow_none=True, load_default=None)
    dismissible = StrictBoolean(load_default=True, metadata={
        "description": "The user can close it; closed, it stays closed for them on every device."})
    translations = KeyedMap(fields.Nested(BannerTranslationSchema), locale_problem, load_default=dict)

    @validates_schema(pass_original=True, skip_on_field_errors=False)
    def translations_fit(self, data, original, **kwargs):
        if not isinstance(original, dict):
            return
        errors: dict = {}
        for code, translation in translated_locales(original, errors).items():
            if "button_label" in translation and not isinstance(original.get("button"), dict):
                errors.setdefault("translations", {})[code] = {"button_label": ["This banner has no button."]}
        if errors:
            raise ValidationError(errors)

    @post_load(pass_original=True)
    def normalize_translation_locales(self, data, original, **kwargs):
        data["translations"] = {normalize_locale(code): t for code, t in data["translations"].items()}
        return load_variant(self, data, original)
