"""TourSpecSchema: the one validator of a tour as authored, in files and in the admin API."""
import math
import re
import warnings

import soupsieve
from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

from ..rules.eligibility import OPERATORS, audience_problem, schedule_window
from ..rules.url_rules import glob_problem, rule_problem, step_url_problem

SLUG = r"^[a-z0-9][a-z0-9_-]*$"
LOCALE = r"^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?$"
PLACEMENTS = (
    "top", "bottom", "left", "right", "top-start", "top-end", "bottom-start", "bottom-end",
    "left-start", "left-end", "right-start", "right-end", "center",
)
ADVANCE_ON = ("next", "click")
STEP_KEYS = ("id", "target", "placement", "title", "body", "advance_on", "url")
MAX_STEPS = 50
MAX_ID, MAX_NAME, MAX_TITLE, MAX_BODY = 100, 200, 200, 10_000

_slug = validate.And(
    validate.Length(max=MAX_ID),
    validate.Regexp(SLUG, error="Must be a slug: lowercase letters, digits, - and _, starting with a letter or digit."),
)


def locale_problem(code) -> str | None:
    if not isinstance(code, str) or not re.match(LOCALE, code):
        return "Not a locale code like en, th or pt-BR."
    return None


def normalize_locale(code: str) -> str:
    """'PT-br' -> 'pt-BR', 'zh-hant-tw' -> 'zh-Hant-TW'."""
    language, *rest = code.split("-")
    return "-".join([language.lower(), *(p.title() if len(p) == 4 else p.upper() for p in rest)])


def selector_problem(selector: str) -> str | None:
    """Why the browser's querySelector would reject this CSS selector, or None. `a >>> b` steps into the open
    shadow root (or the same-origin iframe) of what `a` finds: each part is a selector of its own."""
    if ">>>" in selector:
        parts = selector.split(">>>")
        if any(not part.strip() for part in parts):
            return "Not a valid target: each side of >>> is a CSS selector."
        return next((problem for part in parts if (problem := selector_problem(part.strip()))), None)
    if re.search(r":(-soup-)?contains\(", selector):
        return "Not a valid CSS selector: :contains() works in jQuery, not in browsers."
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            soupsieve.compile(selector)
    except soupsieve.SelectorSyntaxError as exc:
        return f"Not a valid CSS selector: {str(exc).splitlines()[0].rstrip('.')}."
    except NotImplementedError:
        return "Not a valid target: pseudo-elements like ::before can't be targeted."
    return None


def _checked(problem_of):
    """A marshmallow validator from a function that says what is wrong with a value, or None."""

    def check(value):
        if problem := problem_of(value):
            raise ValidationError(problem)

    return check


def sample_url_problem(url) -> str | None:
    if not isinstance(url, str) or not url.startswith("/") or url.startswith("//") or step_url_problem(url):
        return "A path on the app's site: one leading /, without backslashes (or %5C), spaces or control characters."
    return None


def flatten_errors(messages, path=()):
    """(path, message) pairs from marshmallow's nested messages; paths hold field names,
    mapping keys and list indices, and "_schema" for errors about the object itself."""
    if isinstance(messages, dict):
        for key, value in messages.items():
            yield from flatten_errors(value, (*path, key))
    elif isinstance(messages, list):
        for message in messages:
            yield from flatten_errors(message, path)
    else:
        yield path, str(messages)


def describe_path(path: tuple) -> str:
    """('steps', 1, 'title') -> 'steps[1].title'."""
    text = ""
    for segment in path:
        if segment != "_schema":
            text += f"[{segment}]" if isinstance(segment, int) else f"{'.' if text else ''}{segment}"
    return text


class Text(fields.String):
    """A string stripped of surrounding whitespace that must not end up empty."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs).strip()
        if not text:
            raise ValidationError("Must not be empty.")
        return text


class Markdown(fields.String):
    """Markdown text; surrounding blank lines and trailing spaces are insignificant."""

    def _deserialize(self, value, attr, data, **kwargs):
        return super()._deserialize(value, attr, data, **kwargs).rstrip().lstrip("\n")


class StrictBoolean(fields.Boolean):
    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):
            raise ValidationError("Must be true or false.")
        return value


class StrictFloat(fields.Float):
    """A number written as one (JSON or YAML), not a string of digits nor a boolean; finite."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValidationError("Must be a number.")
        return super()._deserialize(value, attr, data, **kwargs)


class Locale(fields.String):
    def _deserialize(self, value, attr, data, **kwargs):
        code = super()._deserialize(value, attr, data, **kwargs)
        if problem := locale_problem(code):
            raise ValidationError(problem)
        return normalize_locale(code)


class ClientLocale(fields.String):
    """A locale as browsers and host apps give it (`en_US`, `zh-hant-tw`), normalized (`en-US`, `zh-Hant-TW`):
    what the SDK's routes take. Authored content takes the stricter `Locale`."""

    PATTERN = re.compile(r"[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*")
    MAX_LENGTH = 35  # a cache key of the page's tours and help: no language tag needs more

    def _deserialize(self, value, attr, data, **kwargs):
        code = super()._deserialize(value, attr, data, **kwargs)
        if len(code) > self.MAX_LENGTH or not self.PATTERN.fullmatch(code):
            raise ValidationError("Not a locale code like en, th, pt-BR or en_US.")
        return normalize_locale(code.replace("_", "-"))


class TraitValue(fields.Raw):
    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, (str, int, float)) or (isinstance(value, float) and not math.isfinite(value)):
            raise ValidationError("Must be a string, a number or true/false.")
        return value


class KeyedMap(fields.Dict):
    """A mapping whose keys are checked by `key_problem` and values loaded by `values`.

    Errors are keyed by the mapping's own keys, without marshmallow's Dict "key"/"value" layer,
    so every error path is a path into the authored document.
    """

    def __init__(self, values: fields.Field, key_problem, **kwargs):
        super().__init__(values=values, **kwargs)
        self.key_problem = key_problem

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, dict):
            raise ValidationError("Must be a mapping.")
        result, errors = {}, {}
        for key, item in value.items():
            if problem := self.key_problem(key):
                errors[key] = [problem]
                continue
            try:
                result[key] = self.value_field.deserialize(item, **kwargs)
            except ValidationError as exc:
                errors[key] = exc.messages
        if errors:
            raise ValidationError(errors)
        return result


def _name_problem(key) -> str | None:
    return None if isinstance(key, str) and key.strip() else "Must be a non-empty name."


def _slug_problem(key) -> str | None:
    try:
        _slug(key if isinstance(key, str) else "")
    except ValidationError as exc:
        return exc.messages[0]
    return None


class TourMatchSchema(Schema):
    url = fields.String(metadata={"description": "Glob on the URL path, matched whole with fnmatch rules: * also "
                                                "crosses /."})
    regex = fields.String(metadata={"description": "Regular expression searched for anywhere in the URL path (use ^ "
                                                  "and $ to anchor); must also be valid in JavaScript."})

    @validates_schema
    def one_rule(self, data, **kwargs):
        if problem := rule_problem(data):
            raise ValidationError(problem, field_name=next(iter(data)) if len(data) == 1 else "_schema")


class PageRuleOutSchema(Schema):
    source = fields.String(required=True, metadata={"description": "a regular expression (JavaScript and Python)"})
    whole_path = fields.Boolean(required=True, metadata={"description": "true: anchored (a glob); false: search"})


class TourAudienceSchema(Schema):
    """Who the tour is for: `traits` (each named trait has one of its listed values), or one group of rules,
    `all` or `any`, whose items are rules {trait, op, value} or groups again."""

    traits = KeyedMap(
        fields.List(TraitValue(), validate=validate.Length(min=1, error="List at least one value.")),
        _name_problem,
        metadata={"description": "Every named trait must have one of the listed values."},
    )
    all = fields.List(fields.Raw(), metadata={"description": "Every rule or group holds. A rule is {trait, op, value} "
                                                             f"(op: {', '.join(OPERATORS)}) or {{event, op, count, "
                                                             "within_days}} (op: at_least, fewer_than)."})
    any = fields.List(fields.Raw(), metadata={"description": "At least one rule or group holds."})

    @validates_schema(skip_on_field_errors=True)
    def one_form(self, data, **kwargs):
        forms = [name for name in ("traits", "all", "any") if name in data]
        if len(forms) != 1:
            raise ValidationError("Give one of traits, all or any.", field_name="_schema")
        if forms[0] != "traits":
            problem = audience_problem({forms[0]: data[forms[0]]})
            if problem:
                raise ValidationError(problem, field_name=forms[0])


class TourScheduleSchema(Schema):
    start = fields.String(allow_none=True, load_default=None, metadata={
        "description": "When it may first show, e.g. 2027-01-04T09:00 (in `timezone`, unless it has an offset)."})
    end = fields.String(allow_none=True, load_default=None, metadata={"description": "When it stops showing."})
    timezone = fields.String(load_default="UTC", metadata={"description": "An IANA time zone, e.g. Asia/Bangkok."})

    @validates_schema(skip_on_field_errors=True)
    def readable(self, data, **kwargs):
        window = schedule_window({key: data.get(key) for key in ("start", "end", "timezone")})
        if isinstance(window, str):
            raise ValidationError(window, field_name="_schema")


class TourStepSchema(Schema):
    id = fields.String(required=True, validate=_slug)
    target = fields.String(allow_none=True, load_default=None, validate=_checked(selector_problem),
                           metadata={"description": "CSS selector of the element to point at; null for a centred "
                                                    "modal."})
    placement = fields.String(validate=validate.OneOf(PLACEMENTS),
                              metadata={"description": "Default: bottom with a target, center without."})
    title = Text(required=True, validate=validate.Length(max=MAX_TITLE))
    body = Markdown(load_default="", validate=validate.Length(max=MAX_BODY))
    advance_on = fields.String(allow_none=True, load_default="next", validate=validate.OneOf(ADVANCE_ON),
                               metadata={"description": "click: the user clicks the target to go on."})
    url = fields.String(allow_none=True, load_default=None, validate=_checked(step_url_problem), metadata={
        "description": "Path glob of the page this step lives on, for tours across pages: one leading /, no "
                       "backslashes (or %5C), spaces or control characters.",
        "pattern": r"^(?!//)(?!.*%5[cC])[/*][^\\\s\u0000-\u001f\u007f-\u009f]*$", "maxLength": 500})

    @validates_schema(skip_on_field_errors=False)
    def consistent(self, data, **kwargs):
        """Checks between fields; a field that failed on its own is absent and not checked again."""
        errors = {}
        target = data.get("target")
        if data.get("advance_on") == "click" and "target" in data and target is None:
            errors["advance_on"] = ["'click' needs a target to click: set target, or use next."]
        if data.get("placement") not in (None, "center") and "target" in data and target is None:
            errors["placement"] = ["A step without a target is a centred modal: use center or leave placement out."]
        if errors:
            raise ValidationError(errors)

    @post_load
    def default_placement(self, data, **kwargs):
        data.setdefault("placement", "bottom" if data["target"] is not None else "center")
        return {key: data[key] for key in STEP_KEYS}


class TourStepTranslationSchema(Schema):
    title = Text(validate=validate.Length(max=MAX_TITLE))
    body = Markdown(validate=validate.Length(max=MAX_BODY))


class TourTranslationSchema(Schema):
    name = Text(validate=validate.Length(max=MAX_NAME))
    steps = KeyedMap(fields.Nested(TourStepTranslationSchema), _slug_problem, load_default=dict)


FREQUENCIES = ("once", "until_completed", "every_visit", "every_days")


class FrequencySchema(Schema):
    show = fields.String(required=True, validate=validate.OneOf(FREQUENCIES), metadata={
        "description": "once: the first time only; until_completed: again on later pages until completed (a "
                       "dismissal does not stop it); every_visit: on every page; every_days: again after `days`."})
    days = StrictFloat(validate=validate.Range(min=0.01, max=3650), metadata={"description": "every_days only."})
    max_shows = fields.Integer(strict=True, validate=validate.Range(min=1, max=1000), metadata={
        "description": "Never shown to a user more often than this."})

    @validates_schema(skip_on_field_errors=True)
    def days_with_every_days(self, data, **kwargs):
        if (data["show"] == "every_days") != ("days" in data):
            raise ValidationError("every_days takes days (and only it does).", field_name="days")


class GoalSchema(Schema):
    event = fields.String(validate=validate.Length(min=1, max=64), metadata={
        "description": "The event that counts as reaching the goal: custom:NAME, or one of Waypost's (tour_completed…)."})
    page = fields.String(validate=_checked(glob_problem), metadata={
        "description": "Or a visit to a page: a path glob like /billing/upgrade* (a page the snippet runs on)."})
    within_days = StrictFloat(required=True, validate=validate.Range(min=0.01, max=365), metadata={
        "description": "After the experience was shown (or held back)."})

    @validates_schema(skip_on_field_errors=True)
    def event_or_page(self, data, **kwargs):
        from .sdk import known_event_type  # sdk imports this module

        if ("event" in data) == ("page" in data):
            raise ValidationError("A goal is an event or a page visit: give one of event or page.", field_name="_schema")
        if "event" in data and not known_event_type(data["event"]):
            raise ValidationError("A goal is a known event type or custom:NAME.", field_name="event")


def translated_locales(original: dict, errors: dict) -> dict:
    """The raw translations by the code they are written under, each locale once and none into the experience's own;
    a translation that repeats a locale is an error added to `errors`."""
    raw_locale = original.get("locale", "en")
    own = normalize_locale(raw_locale) if not locale_problem(raw_locale) else None
    translated: dict = {}
    firsts: dict = {}
    raw_translations = original.get("translations")
    for code, translation in (raw_translations.items() if isinstance(raw_translations, dict) else ()):
        if locale_problem(code) or not isinstance(translation, dict):
            continue
        normal = normalize_locale(code)
        if normal == own:
            errors.setdefault("translations", {})[code] = ["Translation into its own locale."]
        elif normal in firsts:
            errors.setdefault("translations", {})[code] = [f"Same locale as {firsts[normal]!r}."]
        else:
            firsts[normal] = code
            translated[code] = translation
    return translated


def item_reference_errors(original: dict, items: str, noun: str, where: str = "") -> dict:
    """Problems with the ids of an experience's items (steps, tasks, hotspots) as authored: an id used twice, and
    a translation of an item that does not exist. Checked on the raw input, so that they are reported together with
    any field errors."""
    raw = original.get(items) if isinstance(original.get(items), list) else []
    errors: dict = {}
    seen: dict = {}
    for index, item in enumerate(raw):
        item_id = item.get("id") if isinstance(item, dict) else None
        if not isinstance(item_id, str):
            continue
        if item_id in seen:
            errors.setdefault(items, {})[index] = {"id": [f"Duplicate {noun} id {item_id!r} (also {items}[{seen[item_id]}])."]}
        else:
            seen[item_id] = index
    for code, translation in translated_locales(original, errors).items():
        named = translation.get(items) if isinstance(translation.get(items), dict) else {}
        unknown = {item_id: [f"No {noun} with id {item_id!r}{where}."] for item_id in named if item_id not in seen}
        if unknown:
            errors.setdefault("translations", {})[code] = {items: unknown}
    return errors


# What a variant may not change: who sees the experience, where, when and how often, and what it is measured by
VARIANT_FIXED = ("id", "type", "locale", "match", "audience", "schedule", "frequency", "priority", "goal", "holdout",
                 "sample_url", "auto", "trigger", "variant")


class EnvelopeSchema(Schema):
    """What every experience type has: its id, type and name, its rules (page, audience, schedule) and its language;
    what the rules engine and the admin lists read. Each type's schema adds its body."""

    id = fields.String(required=True, validate=_slug, metadata={"description": "Stable slug, unique per app "
                                                                            "across experience types."})
    name = Text(required=True, validate=validate.Length(max=MAX_NAME))
    match = fields.Nested(TourMatchSchema, allow_none=True, load_default=None, metadata={
        "description": "The pages it belongs to; null or absent means every page."})
    audience = fields.Nested(TourAudienceSchema, allow_none=True, load_default=None)
    # No default: a spec without one stays the same spec (and the same version) as before schedules existed.
    schedule = fields.Nested(TourScheduleSchema, allow_none=True, metadata={
        "description": "Shown only between start and end; null or absent: always."})
    locale = Locale(load_default="en")
    # No defaults: a spec without them stays the same spec (and version); absent means each type's own behaviour
    # (shown until completed or dismissed) and priority 0.
    frequency = fields.Nested(FrequencySchema, allow_none=True, metadata={
        "description": "How often it shows to a user; absent: until completed or dismissed."})
    priority = fields.Integer(strict=True, allow_none=True, validate=validate.Range(min=-1000, max=1000), metadata={
        "description": "Higher goes first when several would start by themselves on a page (default 0)."})
    goal = fields.Nested(GoalSchema, allow_none=True, metadata={
        "description": "What it is for: an event within some days of being shown, compared with the holdout's."})
    holdout = fields.Integer(strict=True, allow_none=True, validate=validate.Range(min=0, max=50), metadata={
        "description": "Percent of eligible users (the same ones on every device) who never see it."})
    variant = fields.Dict(metadata={
        "description": "A/B: a second version shown to `percent` (1-99) of the users who get it, the same users on "
                       "every device: the fields it shows differently (steps and translations, a banner's text…), "
                       "checked as the experience's own. Its goal is compared between the two versions."})
    sample_url = fields.String(allow_none=True, validate=validate.And(validate.Length(max=2000), _checked(
        sample_url_problem)), metadata={
        "description": "One page it shows on, as a path (/app/projects/42?tab=files): the page `waypost tours check` "
                       "opens when its page rule is a regex or a glob with wildcards inside."})


def _variant_loaded(schema: Schema, original: dict) -> dict:
    """The variant as stored: its percent and its fields as the experience's own schema loads them (merged into the
    experience, so that they are checked together with what they refer to)."""
    variant = original["variant"]
    errors: dict = {key: ["A version changes what is shown, not who sees it, where, when or how often."]
                    for key in variant if key in VARIANT_FIXED}
    percent = variant.get("percent")
    if isinstance(percent, bool) or not isinstance(percent, int) or not 1 <= percent <= 99:
        errors["percent"] = ["A whole number from 1 to 99: the share of users who see this version."]
    body = {key: value for key, value in variant.items() if key != "percent" and key not in VARIANT_FIXED}
    if not body:
        errors.setdefault("_schema", []).append("A variant gives the fields it shows differently (steps, text…).")
    if errors:
        raise ValidationError({"variant": errors})
    merged = {key: value for key, value in original.items() if key != "variant"} | body
    try:
        loaded = type(schema)().load(merged)
    except ValidationError as exc:
        raise ValidationError({"variant": exc.messages}) from None
    return {"percent": percent, **{key: loaded[key] for key in body if key in loaded}}


def load_variant(schema: Schema, data: dict, original) -> dict:
    """post_load of every experience type: its variant checked and normalized (see _variant_loaded)."""
    if isinstance(original, dict) and data.get("variant"):
        data["variant"] = _variant_loaded(schema, original)
    return data


class TourSpecSchema(EnvelopeSchema):
    """A tour as authored; `load` returns a plain dict with every default filled in."""

    type = fields.String(validate=validate.Equal("tour"), load_only=True, metadata={
        "description": "tour (the default: a file without type is a tour)."})
    auto = StrictBoolean(load_default=False,
                         metadata={"description": "Start by itself (when `trigger` says; by default as soon as the page "
                                                  "and audience match). false: only by start(id), a checklist, a "
                                                  "banner or a hotspot."})
    # No default: a spec without one stays the same spec (and version); a callable, as its schema imports this module
    trigger = fields.Nested(lambda: TourTriggerSchema(), metadata={
        "description": "With auto: when it starts by itself on its pages (absent: with the page)."})
    steps = fields.List(
        fields.Nested(TourStepSchema), required=True,
        validate=validate.Length(min=1, max=MAX_STEPS, error="A tour has 1 to {max} steps."),
        metadata={"description": "Step ids must be unique within the tour."},
    )
    translations = KeyedMap(fields.Nested(TourTranslationSchema), locale_problem, load_default=dict)

    @validates_schema(pass_original=True, skip_on_field_errors=False)
    def cross_references(self, data, original, **kwargs):
        """Step ids are unique and translations name real steps; checked on the raw input so
        that these problems are reported together with any field errors."""
        if isinstance(original, dict) and (errors := item_reference_errors(original, "steps", "step", " in this tour")):
            raise ValidationError(errors)

    @validates_schema(skip_on_field_errors=True)
    def trigger_with_auto(self, data, **kwargs):
        if "trigger" in data and not data["auto"]:
            raise ValidationError("A trigger starts the tour by itself: set auto: true, or drop the trigger.",
                                  field_name="trigger")

    @post_load(pass_original=True)
    def normalize_translation_locales(self, data, original, **kwargs):
        data.pop("type", None)  # a tour's spec stays what it was before types existed
        data["translations"] = {normalize_locale(code): t for code, t in data["translations"].items()}
        return load_variant(self, data, original)


from .trigger_spec import TourTriggerSchema  # noqa: E402  (it builds on the fields above)
