"""HotspotSpecSchema: beacons on elements of the page, each opening a tip or starting a tour, as authored."""
from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

from .tour_spec import (
    MAX_BODY,
    MAX_TITLE,
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
    selector_problem,
)

MAX_HOTSPOTS = 20
CORNERS = ("top-start", "top-end", "bottom-start", "bottom-end")


class HotspotSchema(Schema):
    id = fields.String(required=True, validate=_slug)
    target = fields.String(required=True, validate=_checked(selector_problem), metadata={
        "description": "CSS selector of the element the beacon sits on."})
    corner = fields.String(load_default="top-end", validate=validate.OneOf(CORNERS), metadata={
        "description": "Where on the element the beacon sits (start and end follow the page's direction)."})
    title = Text(required=True, validate=validate.Length(max=MAX_TITLE), metadata={
        "description": "The tip's title, and the beacon's accessible name."})
    body = Markdown(load_default="", validate=validate.Length(max=MAX_BODY))
    tour = fields.String(validate=_slug, metadata={"description": "Starts this published tour instead of a tip."})


class HotspotTranslationSchema(Schema):
    title = Text(validate=validate.Length(max=MAX_TITLE))
    body = Markdown(validate=validate.Length(max=MAX_BODY))


class HotspotSetTranslationSchema(Schema):
    name = Text(validate=validate.Length(max=200))
    hotspots = KeyedMap(fields.Nested(HotspotTranslationSchema), _slug_problem, load_default=dict)


class HotspotSpecSchema(EnvelopeSchema):
    """A set of hotspots as authored; `load` returns a plain dict with every default filled in."""

    type = fields.String(required=True, validate=validate.Equal("hotspot"))
    hotspots = fields.List(fields.Nested(HotspotSchema), required=True, validate=validate.Length(
        min=1, max=MAX_HOTSPOTS, error="A set has 1 to {max} hotspots."))
    translations = KeyedMap(fields.Nested(HotspotSetTranslationSchema), locale_problem, load_default=dict)

    @validates_schema(pass_original=True, skip_on_field_errors=False)
    def references(self, data, original, **kwargs):
        if isinstance(original, dict) and (errors := item_reference_errors(original, "hotspots", "hotspot")):
            raise ValidationError(errors)

    @post_load(pass_original=True)
    def normalize_translation_locales(self, data, original, **kwargs):
        data["translations"] = {normalize_locale(code): t for code, t in data["translations"].items()}
        return load_variant(self, data, original)
