"""The event batch of POST /events, validated in plain Python.

`EventBatchSchema` (sdk.py) documents the same shape for OpenAPI; loading it costs about 0.1 ms per
event in marshmallow's per-field machinery, most of an event batch's time, so the hot path uses
this instead. tests/server/test_sdk_event_validation.py checks that both accept and refuse the same
input the same way.
"""
import re
import uuid
from datetime import UTC, datetime

from marshmallow import ValidationError

from ..rules.article_ids import article_number
from ..rules.survey_answers import answer_problem as survey_answer_problem
from .limits import DB_INT_MAX, NOT_A_DATETIME, in_utc
from .sdk import NOT_AN_ARTICLE_ID, TOUR_VERSION_RANGE, UNKNOWN_EVENT_TYPE, known_event_type

MISSING = "Missing data for required field."
NULL = "Field may not be null."
NOT_STRING = "Not a valid string."
_OPTIONAL_STRINGS = {"url": 2048, "tour_id": 100, "step_id": 100, "query": 500}
_EVENT_FIELDS = {"id", "type", "ts", "tour_version", "article_id", "data", *_OPTIONAL_STRINGS}
_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _uuid(value) -> str:
    """The canonical form, as str(uuid.UUID(value)) gives it; what the SDK sends already is."""
    if isinstance(value, str) and _CANONICAL_UUID.fullmatch(value):
        return value
    return str(uuid.UUID(value))


def _string(value, max_length: int, min_length: int = 0) -> list[str]:
    if not isinstance(value, str):
        return [NOT_STRING]
    if min_length and not min_length <= len(value) <= max_length:
        return [f"Length must be between {min_length} and {max_length}."]
    if len(value) > max_length:
        return [f"Longer than maximum length {max_length}."]
    return []


def _event(raw) -> tuple[dict, dict | list]:
    if raw is None:
        return {}, [NULL]
    if not isinstance(raw, dict):
        return {}, {"_schema": ["Invalid input type."]}
    errors: dict[str, list[str]] = {}
    event: dict = {}
    for name in ("id", "type", "ts"):
        if name not in raw:
            errors[name] = [MISSING]
        elif raw[name] is None:
            errors[name] = [NULL]
    if "id" not in errors:
        try:
            event["id"] = _uuid(raw["id"])
        except (ValueError, AttributeError, TypeError):
            errors["id"] = ["Not a valid UUID."]
    if "type" not in errors:
        kind = raw["type"]
        if not isinstance(kind, str):
            errors["type"] = [NOT_STRING]
        elif not known_event_type(kind):
            errors["type"] = [UNKNOWN_EVENT_TYPE]
        else:
            event["type"] = kind
    if "ts" not in errors:
        try:
            ts = datetime.fromisoformat(raw["ts"])
            event["ts"] = in_utc(ts if ts.tzinfo is not None and ts.utcoffset() is not None
                                 else ts.replace(tzinfo=UTC))
        except (TypeError, ValueError, OverflowError):
            errors["ts"] = [NOT_A_DATETIME]
    for name, max_length in _OPTIONAL_STRINGS.items():
        value = raw.get(name)
        problems = _string(value, max_length) if value is not None else []
        if problems:
            errors[name] = problems
        event[name] = value
    article_id = raw.get("article_id")
    if article_id is not None and not isinstance(article_id, str):
        errors["article_id"] = [NOT_STRING]
    elif article_id is not None and article_number(article_id) is None:
        errors["article_id"] = [NOT_AN_ARTICLE_ID]
    event["article_id"] = article_id
    version = raw.get("tour_version")
    if version is not None and (isinstance(version, bool) or not isinstance(version, int)):
        errors["tour_version"] = ["Not a valid integer."]
    elif version is not None and not 1 <= version <= DB_INT_MAX:
        errors["tour_version"] = [TOUR_VERSION_RANGE.message_all.format(min=1, max=DB_INT_MAX)]
    event["tour_version"] = version
    data = raw.get("data")
    if data is not None and not isinstance(data, dict):
        errors["data"] = ["Not a valid mapping type."]
    elif event.get("type") == "survey_answered" and (problem := survey_answer_problem(data)):
        errors["data"] = [problem]
    event["data"] = data
    for name in raw.keys() - _EVENT_FIELDS:
        errors[name] = ["Unknown field."]
    return event, errors


def load_event_batch(body: dict, limit: int) -> dict:
    """{user_id, user_token, events} from a decoded JSON body; raises ValidationError like marshmallow would."""
    errors: dict = {}
    for name, max_length, required in (("user_id", 255, True), ("user_token", 4096, False)):
        value = body.get(name)
        if value is None:
            if name not in body and required:
                errors[name] = [MISSING]
            elif required:
                errors[name] = [NULL]
            continue
        problems = _string(value, max_length, 1 if required else 0)
        if problems:
            errors[name] = problems
    events, event_errors = [], {}
    raw_events = body.get("events")
    if "events" not in body:
        errors["events"] = [MISSING]
    elif raw_events is None:
        errors["events"] = [NULL]
    elif not isinstance(raw_events, list):
        errors["events"] = ["Not a valid list."]
    else:
        for index, raw in enumerate(raw_events):
            event, problems = _event(raw)
            if problems:
                event_errors[index] = problems
            events.append(event)
        if event_errors:
            errors["events"] = event_errors
        elif not 1 <= len(raw_events) <= limit:
            errors["events"] = [f"Length must be between 1 and {limit}."]
    for name in body.keys() - {"user_id", "user_token", "events"}:
        errors[name] = ["Unknown field."]
    if errors:
        raise ValidationError(errors)
    return {"user_id": body["user_id"], "user_token": body.get("user_token"), "events": events}
