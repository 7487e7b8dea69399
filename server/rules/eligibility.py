"""Who an experience is for, as one rule compiled once per app snapshot: serving and explaining use the same
leaves, so they cannot disagree (docs/design/experiences-and-rules.md, section 2).

A rule is the page leaf, then the audience's leaves, checked in that order (cheapest first). `check` returns None
when every leaf holds, else the first leaf that does not, as data (a `Miss`) that the admin UI puts in words.
Today's leaves are a page glob or regex and "trait in values"; the engine's later leaves (operators, companies,
behaviour counts, schedules) are more `Leaf` kinds.
"""
import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any

from .url_rules import compile_stored_rule

# Operators of an audience leaf ({trait, op, value}); is_set and not_set take no value.
OPERATORS = ("equals", "not_equals", "contains", "starts_with", "in", "not_in", "gt", "gte", "lt", "lte",
             "before", "after", "within_last_days", "is_set", "not_set")
NO_VALUE = ("is_set", "not_set")
TIMED_OPS = ("within_last_days",)  # the operators whose answer changes with the time, not only with the trait
MAX_LEAVES = 50
MAX_DEPTH = 4


def no_events(event: str, within_days: float) -> int:
    """For subjects whose events are not asked about."""
    return 0


@dataclass(frozen=True)
class Subject:
    """What a rule is evaluated against: the page's path, the end user's traits, the time, and how many times
    the user did an event in the last days as of `now` (asked only by rules that count events)."""
    path: str
    traits: dict
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    count: Callable[[str, float], int] = no_events
    company: dict = field(default_factory=dict)  # the traits of the user's company, if any
    # The answers of the audience leaves already asked about this user now, by leaf: experiences that share a rule
    # (leaves are shared, see _shared_leaf) ask it once per request
    answers: dict = field(default_factory=dict)


_UNASKED = object()  # a leaf not answered yet for this subject (None: it holds)


@dataclass(frozen=True)
class Miss:
    """The first leaf that did not hold: which rule, the leaf as authored, and the subject's value."""
    rule: str  # "page" or "audience"
    leaf: dict
    value: Any

    def as_dict(self) -> dict:
        return {"rule": self.rule, "leaf": self.leaf, "value": self.value}


@dataclass(frozen=True)
class PageLeaf:
    match: dict | None
    matches: Callable[[str], bool]

    def miss(self, subject: Subject) -> Miss | None:
        return None if self.matches(subject.path) else Miss("page", dict(self.match or {}), subject.path)


@dataclass(frozen=True)
class TraitInLeaf:
    trait: str
    values: tuple

    def miss(self, subject: Subject) -> Miss | None:
        value = subject.traits.get(self.trait)
        if value in self.values:
            return None
        return Miss("audience", {"trait": self.trait, "op": "in", "value": list(self.values)}, value)


def _number(value) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None


def _moment(value) -> datetime | None:
    """An ISO 8601 date or date-time as an aware UTC datetime (a day is its midnight, UTC)."""
    if not isinstance(value, str) or not 8 <= len(value) <= 40:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        try:
            parsed = datetime.combine(date.fromisoformat(value), datetime.min.time())
        except ValueError:
            return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


_COMPARE = {"gt": lambda a, b: a > b, "gte": lambda a, b: a >= b, "lt": lambda a, b: a < b,
            "lte": lambda a, b: a <= b, "before": lambda a, b: a < b, "after": lambda a, b: a > b}


def _equals(wanted) -> Callable[[Any], bool]:
    """Equal as numbers when the wanted value reads as one ("50" is 50; true is not 1), else as they are."""
    number = _number(wanted)
    if number is None:
        return lambda trait: trait is not None and trait == wanted

    def test(trait) -> bool:  # a trait that does not read as a number (true, "abc", a list) never equals one
        value = _number(trait)
        return value is not None and value == number
    return test


def _in(wanted) -> Callable[[Any], bool]:
    if all(_number(one) is None for one in wanted):  # no value reads as a number: plain membership
        values = tuple(wanted)
        return lambda trait: trait is not None and trait in values
    tests = [_equals(one) for one in wanted]
    return lambda trait: any(test(trait) for test in tests)


def _ordered(op: str, wanted) -> Callable[[Any], bool]:
    """Compared as numbers when both read as numbers, else as moments (ISO dates); never otherwise."""
    compare, number, moment = _COMPARE[op], _number(wanted), _moment(wanted)

    def test(trait) -> bool:
        if trait is None:
            return False
        if number is not None and (value := _number(trait)) is not None:
            return compare(value, number)
        return moment is not None and (when := _moment(trait)) is not None and compare(when, moment)
    return test


def compile_op(op: str, wanted) -> Callable[[Any, datetime], bool]:
    """Whether a trait's value satisfies `op` with the authored `wanted`, as a function of the value and the time,
    with `wanted` read once (an unset trait satisfies only not_set, not_equals and not_in)."""
    if op == "is_set":
        return lambda trait, now: trait is not None
    if op == "not_set":
        return lambda trait, now: trait is None
    if op in ("equals", "not_equals", "in", "not_in"):
        test = _equals(wanted) if op.endswith("equals") else _in(wanted)
        return (lambda trait, now: not test(trait)) if op.startswith("not_") else (lambda trait, now: test(trait))
    if op == "contains":  # text in a text, or an item of a list that equals the value (as `equals` says)
        text, equal = str(wanted), _equals(wanted)
        return lambda trait, now: (text in trait if isinstance(trait, str)
                                   else isinstance(trait, list) and any(equal(item) for item in trait))
    if op == "starts_with":
        prefix = str(wanted)
        return lambda trait, now: isinstance(trait, str) and trait.startswith(prefix)
    if op == "within_last_days":
        days = timedelta(days=float(wanted))

        def within(trait, now) -> bool:
            moment = _moment(trait)
            return moment is not None and now - days <= moment <= now
        return within
    ordered = _ordered(op, wanted)
    return lambda trait, now: ordered(trait)


@dataclass(frozen=True, eq=False)  # one object per distinct rule (_shared_leaf): its identity keys its answers
class OpLeaf:
    trait: str
    op: str
    value: Any = None
    source: str = "trait"  # or "company_trait": a trait of the user's company
    holds: Callable[[Any, datetime], bool] = field(init=False, compare=False, repr=False)

    def __post_init__(self):
        object.__setattr__(self, "holds", compile_op(self.op, self.value))

    def miss(self, subject: Subject) -> Miss | None:
        answer = subject.answers.get(self, _UNASKED)
        if answer is _UNASKED:
            value = (subject.traits if self.source == "trait" else subject.company).get(self.trait)
            answer = subject.answers[self] = None if self.holds(value, subject.now) else Miss("audience", {
                self.source: self.trait, "op": self.op, **({} if self.op in NO_VALUE else {"value": self.value})},
                value)
        return answer


COUNT_OPS = ("at_least", "fewer_than")


@dataclass(frozen=True, eq=False)
class EventCountLeaf:
    """The user did `event` at least (or fewer than) `count` times in the last `within_days` days."""
    event: str
    op: str
    count: int
    within_days: float

    def miss(self, subject: Subject) -> Miss | None:
        answer = subject.answers.get(self, _UNASKED)
        if answer is _UNASKED:
            done = subject.count(self.event, self.within_days)
            answer = subject.answers[self] = None if (done >= self.count) == (self.op == "at_least") else Miss(
                "audience", {"event": self.event, "op": self.op, "count": self.count,
                             "within_days": self.within_days}, done)
        return answer


@dataclass(frozen=True, eq=False)
class Group:
    """`all` of its children hold, or `any` one does; an `any` that fails reports its first child's miss."""
    kind: str
    children: tuple

    def miss(self, subject: Subject) -> Miss | None:
        answers = subject.answers  # read here, not through each child's call: the loop runs for every experience
        if self.kind == "all":
            for child in self.children:
                m = answers.get(child, _UNASKED)
                if m is _UNASKED:
                    m = child.miss(subject)
                if m is not None:
                    return m
            return None
        first = None
        for child in self.children:
            m = answers.get(child, _UNASKED)
            if m is _UNASKED:
                m = child.miss(subject)
            if m is None:
                return None
            first = first or m
        return first or Miss("audience", {"any": []}, None)


class AudienceIndex:
    """Rules whose audience is one `all` of leaves (the usual form), indexed by leaf, so that a page's many
    experiences need deciding one by one only when they are for the user: `ruled_out` says which rules a subject
    fails with a set union per failing leaf, however many rules there are.

    Most leaves read a trait and nothing else, so what they rule out is kept by the values of the traits they read
    (users share a plan, a role, a company size): a request whose values were seen answers none of them. The
    leaves that read the time (within the last days) are answered at each request, and event counts only for the
    rules that the traits leave in among those asked about (a page's)."""
    KEPT = 1024  # distinct trait values remembered per snapshot of the app

    def __init__(self, rules: dict[Any, "Rule"]):
        flat = {key: leaves for key, rule in rules.items() if (leaves := flat_audience(rule)) is not None}
        by_leaf: dict[Any, set] = {}
        for key, leaves in flat.items():
            for leaf in leaves:
                by_leaf.setdefault(leaf, set()).add(key)
        self.indexed = frozenset(flat)
        users = [(leaf, frozenset(keys)) for leaf, keys in by_leaf.items()]  # each leaf with the rules that say it
        self.stable = tuple((leaf, keys) for leaf, keys in users if isinstance(leaf, OpLeaf) and leaf.op not in TIMED_OPS)
        self.timed = tuple((leaf, keys) for leaf, keys in users if isinstance(leaf, OpLeaf) and leaf.op in TIMED_OPS)
        self.counts = tuple((leaf, keys) for leaf, keys in users if isinstance(leaf, EventCountLeaf))
        self.reads = tuple(sorted({(leaf.source, leaf.trait) for leaf, _ in self.stable}))
        self._by_values: dict[tuple, frozenset] = {}

    def ruled_out(self, subject: Subject, among: frozenset | None = None) -> set:
        """The indexed rules whose audience does not hold for the subject, of those `among` when it is given
        (counts are asked only for these); every other indexed rule among them holds."""
        out = set(self._stable_out(subject))
        for leaf, keys in self.timed:
            if leaf.miss(subject) is not None:
                out |= keys
        left = (self.indexed if among is None else among & self.indexed) - out
        for leaf, keys in self.counts:
            if not keys.isdisjoint(left) and leaf.miss(subject) is not None:
                out |= keys
                left -= keys
        return out

    def _stable_out(self, subject: Subject) -> frozenset:
        values = tuple((type(v), v) for v in (
            (subject.traits if source == "trait" else subject.company).get(name) for source, name in self.reads))
        try:
            found = self._by_values.get(values)
        except TypeError:  # a list or an object among the values: answered, not kept
            return self._answer(subject)
        if found is None:
            if len(self._by_values) >= self.KEPT:
                self._by_values.clear()
            found = self._by_values[values] = self._answer(subject)
        return found

    def _answer(self, subject: Subject) -> frozenset:
        out: set = set()
        for leaf, keys in self.stable:
            if leaf.miss(subject) is not None:
                out |= keys
        return frozenset(out)


def flat_audience(rule: "Rule") -> tuple | None:
    """The leaves of a rule with no schedule whose audience is none or one `all` group of operator and event-count
    leaves: what `AudienceIndex` can index (None for any other rule)."""
    if rule.schedule is not None:
        return None
    if not rule.audience:
        return ()
    if len(rule.audience) == 1 and isinstance(group := rule.audience[0], Group) and group.kind == "all" and all(
            isinstance(leaf, (OpLeaf, EventCountLeaf)) for leaf in group.children):
        return group.children
    return None


def counted_events(leaves) -> frozenset[tuple[str, float]]:
    """The (event, within_days) counts these audience leaves ask, in any group."""
    found: set = set()
    for leaf in leaves:
        if isinstance(leaf, EventCountLeaf):
            found.add((leaf.event, leaf.within_days))
        elif isinstance(leaf, Group):
            found |= counted_events(leaf.children)
    return frozenset(found)


def audience_problem(audience, depth: int = 1) -> str | None:
    """What is wrong with an audience of `all`/`any` groups of {trait, op, value} leaves, if anything."""
    if not isinstance(audience, dict) or len(audience) != 1 or next(iter(audience)) not in ("all", "any"):
        return "A group is {all: [...]} or {any: [...]}."
    children = next(iter(audience.values()))
    if not isinstance(children, list) or not children:
        return "A group lists at least one rule."
    if depth > MAX_DEPTH:
        return f"Groups nest at most {MAX_DEPTH} deep."
    if _count_leaves(audience) > MAX_LEAVES:
        return f"An audience has at most {MAX_LEAVES} rules."
    for child in children:
        problem = audience_problem(child, depth + 1) if isinstance(child, dict) and set(child) & {"all", "any"} \
            else _leaf_problem(child)
        if problem:
            return problem
    return None


def _count_leaves(node) -> int:
    if isinstance(node, dict) and set(node) & {"all", "any"}:
        children = next(iter(node.values()))
        return sum(_count_leaves(c) for c in children) if isinstance(children, list) else 0
    return 1


def _count_problem(leaf: dict) -> str | None:
    event = leaf.get("event")
    if not isinstance(event, str) or not 1 <= len(event) <= 64 or any(ord(c) < 32 for c in event):
        return "An event rule names the event (1 to 64 characters), e.g. custom:export or tour_completed."
    if leaf.get("op") not in COUNT_OPS:
        return f"An event rule's op is one of {', '.join(COUNT_OPS)}."
    extra = set(leaf) - {"event", "op", "count", "value", "within_days"}
    if extra:
        return f"Unknown key {sorted(extra)[0]!r} in a rule."
    if ("count" in leaf) == ("value" in leaf):
        return "An event rule gives the number of times as count (value is read the same, but not both)."
    value, days = _event_count(leaf), leaf.get("within_days")
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 1_000_000:
        return "An event rule's count is a whole number of times (0 to 1,000,000)."
    if isinstance(days, bool) or not isinstance(days, (int, float)) or not 0 < days <= 3650:
        return "An event rule's within_days is a number of days (more than 0, at most 3,650)."
    return None


def _event_count(leaf: dict):
    """An event rule's number of times: `count`, as files and the contract spell it, or `value` like other rules."""
    return leaf["count"] if "count" in leaf else leaf.get("value")


def _leaf_problem(leaf) -> str | None:
    if isinstance(leaf, dict) and "event" in leaf:
        return _count_problem(leaf)
    source = "company_trait" if isinstance(leaf, dict) and "company_trait" in leaf else "trait"
    if not isinstance(leaf, dict) or not isinstance(leaf.get(source), str) or not 1 <= len(leaf[source]) <= 100:
        return ("A rule is {trait: name, op: operator, value: ...}, or {company_trait: name, …} for the user's "
                "company (the trait's name, 1 to 100 characters).")
    op = leaf.get("op")
    if op not in OPERATORS:
        return f"Unknown operator {op!r}: use one of {', '.join(OPERATORS)}."
    extra = set(leaf) - {source, "op", "value"}
    if extra:
        return f"Unknown key {sorted(extra)[0]!r} in a rule."
    value = leaf.get("value")
    if op in NO_VALUE:
        return None if value is None else f"{op} takes no value."
    if op in ("in", "not_in"):
        ok = isinstance(value, list) and 0 < len(value) <= 100 and all(_scalar(v) for v in value)
        return None if ok else f"{op} takes a list of 1 to 100 strings or numbers."
    if op in ("gt", "gte", "lt", "lte"):
        return None if _number(value) is not None or _moment(value) is not None else f"{op} takes a number or a date."
    if op in ("before", "after"):
        return None if _moment(value) is not None else f"{op} takes a date (YYYY-MM-DD) or an ISO 8601 date-time."
    if op == "within_last_days":
        number = _number(value)
        return None if number is not None and 0 < number <= 36500 and not isinstance(value, str) else \
            "within_last_days takes a number of days (more than 0, at most 36,500)."
    return None if _scalar(value) else f"{op} takes a string or a number."


def _scalar(value) -> bool:
    return (isinstance(value, str) and len(value) <= 500) or (_number(value) is not None and not isinstance(value, str))


def _compile_node(node) -> Any:
    if set(node) & {"all", "any"}:
        kind = "all" if "all" in node else "any"
        return Group(kind, tuple(_compile_node(child) for child in node[kind]))
    return _shared_leaf(json.dumps(node, sort_keys=True))


@lru_cache(maxsize=8192)
def _shared_leaf(authored: str):
    """One leaf object per distinct rule, however many experiences (and snapshots) say it, so that a request
    answers it once (Subject.answers)."""
    node = json.loads(authored)
    if "event" in node:
        return EventCountLeaf(node["event"], node["op"], _event_count(node), float(node["within_days"]))
    if "company_trait" in node:
        return OpLeaf(node["company_trait"], node["op"], node.get("value"), "company_trait")
    return OpLeaf(node["trait"], node["op"], node.get("value"))


def _local_moment(value, zone) -> datetime | None:
    """An ISO 8601 date-time (or day) read in `zone` unless it carries its own offset, as UTC."""
    if not isinstance(value, str) or not 10 <= len(value) <= 40:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return (parsed.replace(tzinfo=zone) if parsed.tzinfo is None else parsed).astimezone(UTC)


def schedule_window(schedule: dict | None) -> tuple[datetime | None, datetime | None] | str:
    """(start, end) in UTC of `{start, end, timezone}` (either end open), or what is wrong with it."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if not isinstance(schedule, dict) or set(schedule) - {"start", "end", "timezone"}:
        return "A schedule is {start, end, timezone}."
    name = schedule.get("timezone") or "UTC"
    try:
        zone = ZoneInfo(name) if isinstance(name, str) and len(name) <= 64 and ".." not in name else None
    except (ZoneInfoNotFoundError, ValueError):
        zone = None
    if zone is None:
        return f"Unknown time zone {name!r}: use an IANA name such as Asia/Bangkok."
    window = []
    for key in ("start", "end"):
        value = schedule.get(key)
        moment = None if value is None else _local_moment(value, zone)
        if value is not None and moment is None:
            return f"{key} is a date-time such as 2027-01-04T09:00 (in the schedule's time zone)."
        window.append(moment)
    if window[0] and window[1] and window[1] <= window[0]:
        return "end comes after start."
    return window[0], window[1]


@dataclass(frozen=True)
class ScheduleLeaf:
    schedule: dict | None
    start: datetime | None
    end: datetime | None

    def miss(self, subject: Subject) -> Miss | None:
        if (self.start is None or subject.now >= self.start) and (self.end is None or subject.now < self.end):
            return None
        return Miss("schedule", dict(self.schedule or {}), subject.now.isoformat())


@dataclass(frozen=True)
class Rule:
    page: PageLeaf
    audience: tuple  # of audience leaves, all of which must hold
    schedule: ScheduleLeaf | None = None

    @property
    def reads_companies(self) -> bool:
        """Whether any leaf reads the company's traits (then bootstrap reads the user's company)."""
        def reads(node) -> bool:
            if isinstance(node, Group):
                return any(reads(child) for child in node.children)
            return isinstance(node, OpLeaf) and node.source == "company_trait"
        return any(reads(leaf) for leaf in self.audience)

    def check(self, subject: Subject) -> Miss | None:
        """The first leaf that does not hold (page, schedule, then audience); None when it is for this subject."""
        return self.page.miss(subject) or self.check_audience(subject)

    def check_audience(self, subject: Subject) -> Miss | None:
        """The schedule and the audience, the page aside (a caller may have the page's answer cached)."""
        if self.schedule and (miss := self.schedule.miss(subject)):
            return miss
        for leaf in self.audience:
            if (miss := leaf.miss(subject)) is not None:
                return miss
        return None


def compile_targeting(match: dict | None, audience: dict | None, schedule: dict | None = None) -> Rule:
    """The rule of an experience's `match` (None: every page), `schedule` (None: always) and `audience`:
    `{traits: {name: [values]}}` (every trait holding one of its values), or `{all: [...]}` / `{any: [...]}` of
    operator rules and groups; none: everyone. What was stored before today's checks and they refuse matches no
    one."""
    page = PageLeaf(match, compile_stored_rule(match))
    window = schedule_window(schedule) if schedule else (None, None)
    when = ScheduleLeaf(schedule, *window) if isinstance(window, tuple) else ScheduleLeaf(
        schedule, datetime.max.replace(tzinfo=UTC), None)  # a schedule that cannot be read: never
    when = when if schedule else None
    if audience and set(audience) & {"all", "any"}:
        if audience_problem(audience):
            return Rule(page, (Group("any", ()),), when)  # an any of nothing: no one
        return Rule(page, (_compile_node(audience),), when)
    traits = (audience or {}).get("traits") or {}
    return Rule(page, tuple(TraitInLeaf(name, tuple(values)) for name, values in traits.items()), when)
