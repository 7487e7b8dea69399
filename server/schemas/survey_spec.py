"""SurveySpecSchema: a microsurvey (NPS, CSAT, a rating, one multiple-choice or one free-text question), as authored."""
from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

from ..rules.survey_answers import KINDS, MAX_CHOICE
from .tour_spec import (
    EnvelopeSchema,
    KeyedMap,
    Text,
    _slug,
    _slug_problem,
    load_variant,
    locale_problem,
    normalize_locale,
    translated_locales,
)
from .trigger_spec import SurveyTriggerSchema

MAX_QUESTION, MAX_LABEL = 300, 60


class SurveyChoiceSchema(Schema):
    id = fields.String(required=True, validate=_slug, metadata={"description": "What the answer records."})
    label = Text(required=True, validate=validate.Length(max=MAX_CHOICE))


class SurveyQuestionSchema(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(KINDS), metadata={
        "description": "nps (0-10), csat (1-5), rating (1-5), choice (one of `choices`) or text."})
    text = Text(required=True, validate=validate.Length(max=MAX_QUESTION),
                metadata={"description": "The question, e.g. How likely are you to recommend us to a friend?"})
    choices = fields.List(fields.Nested(SurveyChoiceSchema), validate=validate.Length(min=2, max=10), metadata={
        "description": "choice only: 2 to 10 options."})
    low_label = Text(validate=validate.Length(max=MAX_LABEL), metadata={"description": "Under the scale's low end."})
    high_label = Text(validate=validate.Length(max=MAX_LABEL), metadata={"description": "Under its high end."})
    follow_up = Text(validate=validate.Length(max=MAX_QUESTION), metadata={
        "description": "Asked in a text box once a score or choice is picked (the why), optional to answer."})

    @validates_schema(skip_on_field_errors=True)
    def fits_its_kind(self, data, **kwargs):
        if data["kind"] == "choice" and "choices" not in data:
            raise ValidationError("A choice question lists its choices.", field_name="choices")
        if data["kind"] != "choice" and "choices" in data:
            raise ValidationError("Only a choice question has choices.", field_name="choices")
        if data["kind"] not in ("nps", "csat", "rating") and ({"low_label", "high_label"} & set(data)):
            raise ValidationError("Only a scale (nps, csat, rating) has end labels.", field_name="_schema")
        if data["kind"] == "text" and "follow_up" in data:
            raise ValidationError("A text question is its own follow-up.", field_name="follow_up")
        ids = [choice["id"] for choice in data.get("choices", [])]
        if len(set(ids)) != len(ids):
            raise ValidationError("Choice ids are unique.", field_name="choices")


class SurveyTranslationSchema(Schema):
    name = Text(validate=validate.Length(max=200))
    question = Text(validate=validate.Length(max=MAX_QUESTION))
    follow_up = Text(validate=validate.Length(max=MAX_QUESTION))
    low_label = Text(validate=validate.Length(max=MAX_LABEL))
    high_label = Text(validate=validate.Length(max=MAX_LABEL))
    thanks = Text(validate=validate.Length(max=MAX_QUESTION))
    choices = KeyedMap(Text(validate=validate.Length(max=MAX_CHOICE)), _slug_problem)


class SurveySpecSchema(EnvelopeSchema):
    """A microsurvey as authored; `load` returns a plain dict with every default filled in."""

    type = fields.String(required=True, validate=validate.Equal("survey"))
    question = fields.Nested(SurveyQuestionSchema, required=True)
    thanks = Text(validate=validate.Length(max=MAX_QUESTION), metadata={
        "description": "Shown once answered; default: the widget's own thank-you."})
    trigger = fields.Nested(SurveyTriggerSchema, load_default=lambda: {"on": "page"})
    translations = KeyedMap(fields.Nested(SurveyTranslationSchema), locale_problem, load_default=dict)

    @validates_schema(pass_original=True, skip_on_field_errors=False)
    def translations_fit(self, data, original, **kwargs):
        if not isinstance(original, dict):
            return
        question = original.get("question") if isinstance(original.get("question"), dict) else {}
        choices = {c.get("id") for c in question.get("choices") or [] if isinstance(c, dict)}
        errors: dict = {}
        for code, translation in translated_locales(original, errors).items():
            unknown = {cid: [f"No choice with id {cid!r}."] for cid in translation.get("choices") or {}
                       if cid not in choices} if isinstance(translation.get("choices"), dict) else {}
            if unknown:
                errors.setdefault("translations", {})[code] = {"choices": unknown}
        if errors:
            raise ValidationError(errors)

    @post_load(pass_original=True)
    def normalize_translation_locales(self, data, original, **kwargs):
        data["translations"] = {normalize_locale(code): t for code, t in data["translations"].items()}
        return load_variant(self, data, original)
