"""Active end users (who sent any event). Each user's days of activity are kept per month (a bit per day), and
each active day is counted once under the user's previous active day (models.rollups.ActiveReturn): the distinct
users of any range of whole days, and of each day or week in it, are sums over a few rows per day. Both are kept in
the transaction that stores the events, under a lock on the end user, and rebuilt from the daily rollups, which
outlive raw events."""
from bisect import bisect_left
from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import case, delete, func, insert, literal, or_, select

from ..extensions import db
from ..models import ActiveMonth, ActiveReturn, EndUser, EventDay
from ..models.rollups import FIRST_DAY
from ..rules.periods import month_start
from .sql import add_counts, bulk_upsert_adding, day_of_month, day_text, month_of, period_column

ALL_DAYS = (1 << 31) - 1
_MONTH_COLUMNS = ("app_id", "month", "end_user_id", "days")
_RETURN_COLUMNS = ("app_id", "day", "since", "users")


def _masks(app_id: int, user_id: int, months: set[date] | None = None) -> dict[date, int]:
    """The user's active days per month (of `months`, or all)."""
    scope = [ActiveMonth.app_id == app_id, ActiveMonth.end_user_id == user_id,
             *([ActiveMonth.month.in_(months)] if months is not None else [])]
    return defaultdict(int, db.session.execute(select(ActiveMonth.month, ActiveMonth.days).where(*scope)).all())


def _days(masks: dict[date, int]) -> list[date]:
    return sorted(month + timedelta(days=d) for month, bits in masks.items() for d in range(31) if bits >> d & 1)


def note_active_days(app_id: int, user_id: int, days: set[date]) -> None:
    """The user sent events on these days: those new to them are counted, each under the user's active day before
    it, and the user's next active day after it moves under it."""
    masks = _masks(app_id, user_id, {month_start(day) for day in days})
    if all(masks[month_start(day)] >> (day.day - 1) & 1 for day in days):
        return  # most batches come on a day already counted: bits are only ever set, so no lock for that
    db.session.execute(select(EndUser.id).where(EndUser.id == user_id).with_for_update())
    known = _days(_masks(app_id, user_id))
    new_days = sorted(set(days) - set(known))
    if not new_days:
        return
    added: dict[date, int] = defaultdict(int)
    changes = []
    for day in new_days:
        added[month_start(day)] |= 1 << (day.day - 1)
        at = bisect_left(known, day)
        before = known[at - 1] if at else FIRST_DAY
        changes.append(((app_id, day, before), 1))
        if at < len(known):
            changes += [((app_id, known[at], before), -1), ((app_id, known[at], day), 1)]
        known.insert(at, day)
    # the bits added are new ones, so adding them is OR-ing them in
    bulk_upsert_adding(ActiveMonth.__table__, _MONTH_COLUMNS,
                       [(app_id, month, user_id, bits) for month, bits in added.items()], _MONTH_COLUMNS[:-1], "days")
    add_counts(ActiveReturn.__table__, _RETURN_COLUMNS, changes)


def forget_active_user(app_id: int, user_id: int) -> None:
    """An erased user leaves the counts of the days they were active, and their rows."""
    days = _days(_masks(app_id, user_id))
    add_counts(ActiveReturn.__table__, _RETURN_COLUMNS,
               [((app_id, day, days[i - 1] if i else FIRST_DAY), -1) for i, day in enumerate(days)])
    db.session.execute(delete(ActiveMonth).where(ActiveMonth.app_id == app_id, ActiveMonth.end_user_id == user_id))


def active_user_ids(app_id: int, start: date | None, end: date | None):
    """A select of the ids of the users active on a day of [start, end) (either open), one row per user and
    month: for testing a few users, not for counting them all (active_users does that)."""
    scope = [ActiveMonth.app_id == app_id]
    masks = []
    if start is not None:
        scope.append(ActiveMonth.month >= month_start(start))
        masks.append((month_start(start), ALL_DAYS & ~((1 << (start.day - 1)) - 1)))
    if end is not None:
        last = end - timedelta(days=1)
        scope.append(ActiveMonth.month <= month_start(last))
        masks.append((month_start(last), (1 << last.day) - 1))
    if masks:
        merged: dict[date, int] = {}
        for month, bits in masks:
            merged[month] = merged.get(month, ALL_DAYS) & bits
        mask = case(*((ActiveMonth.month == month, bits) for month, bits in merged.items()), else_=ALL_DAYS)
        scope.append(ActiveMonth.days.op("&")(mask) != 0)
    return select(ActiveMonth.end_user_id).where(*scope)


def _returns(app_id: int, start: date | None, end: date | None) -> list:
    return [ActiveReturn.app_id == app_id, *([ActiveReturn.day >= start] if start else []),
            *([ActiveReturn.day < end] if end else [])]


def _before(start: date | None):
    """The users' first active days in a range from `start` are those that follow no day in it."""
    return ActiveReturn.since < start if start else ActiveReturn.since == FIRST_DAY


def active_users(app_id: int, start: date | None, end: date | None) -> int:
    """Distinct users active on a day of [start, end) (either open)."""
    return db.session.scalar(select(func.coalesce(func.sum(ActiveReturn.users), 0))
                             .where(*_returns(app_id, start, end), _before(start)))


def active_series(app_id: int, interval: str, start: date | None, end: date | None) -> dict[str, int]:
    """Period (YYYY-MM-DD; a week by its Monday) → distinct users active on its days in [start, end) (either
    open)."""
    period = period_column(ActiveReturn.day, interval)
    return {day_text(p): n for p, n in db.session.execute(
        select(period, func.sum(ActiveReturn.users))
        .where(*_returns(app_id, start, end), or_(ActiveReturn.since < period, _before(start)))
        .group_by(period)) if n}


def rebuild_active(app_id: int) -> None:
    """Recounts the app's active months and days from the daily rollups."""
    for model in (ActiveMonth, ActiveReturn):
        db.session.execute(delete(model).where(model.app_id == app_id))
    scope = EventDay.app_id == app_id
    month, bit = month_of(EventDay.day), literal(1).op("<<")(day_of_month(EventDay.day) - 1)
    db.session.execute(insert(ActiveMonth).from_select(list(_MONTH_COLUMNS), select(
        EventDay.app_id, month, EventDay.end_user_id, func.sum(bit.distinct())).where(scope)
        .group_by(EventDay.app_id, month, EventDay.end_user_id)))
    user_days = select(EventDay.end_user_id, EventDay.day).where(scope).distinct().subquery()
    since = func.coalesce(func.lag(user_days.c.day).over(partition_by=user_days.c.end_user_id,
                                                         order_by=user_days.c.day), literal(FIRST_DAY))
    points = select(user_days.c.day, since.label("since")).subquery()
    db.session.execute(insert(ActiveReturn).from_select(list(_RETURN_COLUMNS), select(
        literal(app_id), points.c.day, points.c.since, func.count()).group_by(points.c.day, points.c.since)))
