"""tours/schema.json (JSON Schema, for editors' completion of tour files), generated from the experience schemas by apispec's
marshmallow converter, so the validator and the schema cannot drift: `waypost tours schema` prints it, and a test
fails when the file in the repository is not what it prints."""
import json

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from marshmallow import validate

from .experience_spec import EXPERIENCE_SCHEMAS
from .tour_spec import (
    LOCALE,
    MAX_ID,
    SLUG,
    KeyedMap,
    Locale,
    Text,
    TraitValue,
    _name_problem,
    _slug,
    _slug_problem,
    locale_problem,
)

_NON_BLANK = {"minLength": 1, "pattern": r"\S"}
_KEYS = {locale_problem: {"pattern": LOCALE}, _slug_problem: {"maxLength": MAX_ID, "pattern": SLUG},
         _name_problem: _NON_BLANK}


def _our_fields(converter, field, **kwargs) -> dict:
    """What apispec can't read from our own field classes and validators."""
    extra = {}
    if isinstance(field, Text):
        extra.update(_NON_BLANK)
    if isinstance(field, Locale):
        extra.update(pattern=LOCALE, description="Locale code like en, th or pt-BR.")
    if isinstance(field, KeyedMap):
        extra["propertyNames"] = _KEYS[field.key_problem]
    if isinstance(field, TraitValue):
        extra["type"] = ["string", "number", "boolean"]
    if _slug in field.validators:
        extra.update(maxLength=MAX_ID, pattern=SLUG)
    for validator in field.validators:
        if isinstance(validator, validate.Equal):
            extra["const"] = validator.comparable
    return extra


def tour_json_schema() -> dict:
    plugin = MarshmallowPlugin()
    spec = APISpec("Waypost tour", "1", "3.1.0", plugins=[plugin])
    plugin.converter.add_attribute_function(_our_fields)
    names = {kind: f"{schema.__name__.removesuffix('Schema')}" for kind, schema in EXPERIENCE_SCHEMAS.items()}
    for kind, schema in EXPERIENCE_SCHEMAS.items():
        spec.components.schema(names[kind], schema=schema)
    definitions = json.loads(json.dumps(spec.to_dict()["components"]["schemas"])
                             .replace('"#/components/schemas/', '"#/$defs/'))
    definitions["TourMatch"].update(minProperties=1, maxProperties=1)  # one of url or regex
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Waypost experience",
        "description": "A product tour (no type, or type: tour) or another experience (type: banner) as authored in "
                       "tours/*.yaml, generated from the server's schemas (`waypost tours schema`); the server's "
                       "checks go further (selectors, regexes, references).",
        "oneOf": [{"$ref": f"#/$defs/{name}"} for name in names.values()],
        "$defs": definitions,
    }


def tour_json_schema_text() -> str:
    return json.dumps(tour_json_schema(), indent=2, ensure_ascii=False) + "\n"
