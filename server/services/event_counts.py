"""How many times an end user did events in the last days: what audience rules that count events ask, as one
statement per set of counts, an index range (events by user, type and time) per event type."""
from datetime import datetime, timedelta
from functools import lru_cache
from typing import NamedTuple

from sqlalchemy import bindparam, func, select

from ..models import Event

Counts = dict[tuple[str, float], int]  # (event, within_days) → times


class CountsPlan(NamedTuple):
    """A set of (event, within_days) counts, with a parameter per distinct type and window: nothing is expanded or
    converted per pair at each request."""
    pairs: tuple[tuple[str, float], ...]
    types: tuple[str, ...]
    days: tuple[float, ...]  # longest first

    def params(self, now: datetime) -> dict:
        return {**{f"count_type_{i}": kind for i, kind in enumerate(self.types)},
                **{f"count_since_{i}": now - timedelta(days=d) for i, d in enumerate(self.days)}}

    def read(self, row) -> Counts:
        """The counts in a row of `counts_select`'s columns (the row's first ones, or its `count_*` ones)."""
        return {pair: getattr(row, f"count_{i}") for i, pair in enumerate(self.pairs)}


@lru_cache(maxsize=64)
def counts_plan(counted: frozenset[tuple[str, float]]) -> CountsPlan:
    pairs = tuple(sorted(counted))
    return CountsPlan(pairs, tuple(sorted({e for e, _ in pairs})), tuple(sorted({d for _, d in pairs}, reverse=True)))


def counts_select(plan: CountsPlan, end_user_id):
    """One row of the plan's counts (`count_0`, …) for the end user whose id is `end_user_id` (a value or an
    expression), as of the `count_since_*` parameters (`CountsPlan.params`)."""
    kind = {e: bindparam(f"count_type_{i}") for i, e in enumerate(plan.types)}
    since = {d: bindparam(f"count_since_{i}", type_=Event.client_ts.type) for i, d in enumerate(plan.days)}
    return (select(*(func.count().filter((Event.type == kind[e]) & (Event.client_ts >= since[d])).label(f"count_{i}")
                     for i, (e, d) in enumerate(plan.pairs)))
            .where(Event.end_user_id == end_user_id, Event.type.in_(list(kind.values())),
                   Event.client_ts >= since[plan.days[0]]))
