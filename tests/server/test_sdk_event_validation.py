"""The plain-Python event validator on the hot path must agree with the documented marshmallow schema."""
import uuid

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from marshmallow import ValidationError

from server.schemas.sdk import EventBatchSchema
from server.schemas.sdk_events import load_event_batch

LIMIT = 5

texts = st.one_of(st.text(max_size=3), st.just("x" * 101), st.just("y" * 2049))
anything = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.floats(allow_nan=False), texts,
                     st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=2), st.integers(), max_size=2))
ids = st.one_of(st.uuids().map(str), st.uuids().map(lambda u: u.hex.upper()), st.just("not-a-uuid"), anything)
types = st.one_of(st.sampled_from(["tour_started", "step_viewed", "search", "custom:clicked", "custom:", "exploded"]),
                  anything)
stamps = st.one_of(st.sampled_from(["2026-11-25T10:00:00Z", "2026-11-25T10:00:00+07:00", "2026-11-25T10:00:00",
                                    "2026-11-25", "yesterday", "2026-13-01T00:00:00Z", "9999-12-31T23:00:00-14:00",
                                    "0001-01-01T00:00:00+14:00", "9999-12-31T23:00:00+14:00"]), anything)
article_ids = st.one_of(texts, st.sampled_from(["42", "0", "²", "٤٢", "9" * 40, "2147483647", "2147483648", " 4"]))
optional = {"url": texts, "tour_id": texts, "step_id": texts, "article_id": article_ids, "query": texts,
            "tour_version": st.one_of(st.integers(-1, 3), st.sampled_from([2**31 - 1, 2**31, 2**70]), st.booleans(),
                                      st.floats(0, 3), texts),
            "data": st.one_of(st.dictionaries(st.text(max_size=3), st.integers(), max_size=2), texts, st.integers())}


@st.composite
def events(draw):
    event = {}
    for name, strategy in (("id", ids), ("type", types), ("ts", stamps)):
        if draw(st.integers(0, 9)):  # usually present
            event[name] = draw(strategy)
    for name, strategy in optional.items():
        if draw(st.booleans()):
            event[name] = draw(st.one_of(st.none(), strategy))
    if not draw(st.integers(0, 15)):
        event["surprise"] = 1
    return event


@st.composite
def batches(draw):
    body = {}
    if draw(st.integers(0, 9)):
        body["user_id"] = draw(st.one_of(st.sampled_from(["u1", "", "z" * 256]), anything))
    if draw(st.booleans()):
        body["user_token"] = draw(st.one_of(st.none(), texts, st.integers()))
    if draw(st.integers(0, 9)):
        body["events"] = draw(st.one_of(st.lists(st.one_of(events(), anything), max_size=LIMIT + 2), anything))
    if not draw(st.integers(0, 15)):
        body["extra"] = True
    return body


def outcome(load):
    try:
        return "ok", load()
    except ValidationError as exc:
        return "error", exc.messages


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batches())
def test_fast_validator_agrees_with_the_schema(body):
    expected = outcome(lambda: EventBatchSchema(limit=LIMIT).load(body))
    assert outcome(lambda: load_event_batch(body, LIMIT)) == expected


def test_a_valid_batch_is_normalised_the_same_way():
    raw = {"user_id": "u1", "events": [{"id": uuid.uuid4().hex.upper(), "type": "custom:x",
                                        "ts": "2026-11-25T10:00:00", "data": {"k": 1}}]}
    loaded = load_event_batch(raw, LIMIT)
    assert loaded == EventBatchSchema(limit=LIMIT).load(raw)
    assert loaded["events"][0]["ts"].tzinfo is not None and "-" in loaded["events"][0]["id"]
