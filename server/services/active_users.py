"""Active end users (who sent any event): per UTC day and ISO week, counted as events are stored, and over any
range of whole days from each user's days of activity per month (a bit per day). Both are kept in the transaction
that stores the events, under a lock on the end user, so that a day or a week counts each user once; they are
rebuilt from the daily rollups, which outlive raw events."""
from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import case, delete, func, insert, literal, select

from ..extensions import db
from ..models import ActiveMonth, ActivePeriod, EndUser, EventDay
from ..rules.periods import monday, month_start
from .sql import bulk_upsert_adding, day_of_month, monday_of, month_of

ALL_DAYS = (1 << 31) - 1
_MONTH_COLUMNS = ("app_id", "month", "end_user_id", "days")
_PERIOD_COLUMNS = ("app_id", "interval", "period", "users")


def _plus(day: date, days: int) -> date:
    """day + days, stopping at the last day there is (events may say 9999-12-31)."""
    return day + timedelta(days=days) if day <= date.max - timedelta(days=days) else date.max


def note_active_days(app_id: int, user_id: int, days: set[date]) -> None:
    """The user sent events on these days: the days and weeks new to them count them once more."""
    weeks = {monday(day) for day in days}
    months = {month_start(day) for day in days} | {month_start(_plus(w, k)) for w in weeks for k in (0, 6)}

    def read_masks() -> dict[date, int]:
        return defaultdict(int, db.session.execute(select(ActiveMonth.month, ActiveMonth.days).where(
            ActiveMonth.app_id == app_id, ActiveMonth.end_user_id == user_id, ActiveMonth.month.in_(months))).all())

    def active(day: date) -> bool:
        return bool(masks[month_start(day)] >> (day.day - 1) & 1)

    masks = read_masks()  # most batches come on a day already counted: bits are only ever set, so no lock for that
    if all(active(day) for day in days):
        return
    db.session.execute(select(EndUser.id).where(EndUser.id == user_id).with_for_update())
    masks = read_masks()
    new_days = sorted(day for day in days if not active(day))
    if not new_days:
        return
    new_weeks = {monday(day) for day in new_days if not any(active(_plus(monday(day), k)) for k in range(7))}
    added: dict[date, int] = defaultdict(int)
    for day in new_days:
        added[month_start(day)] |= 1 << (day.day - 1)
    # the bits added are new ones, so adding them is OR-ing them in
    bulk_upsert_adding(ActiveMonth.__table__, _MONTH_COLUMNS,
                       [(app_id, month, user_id, bits) for month, bits in added.items()], _MONTH_COLUMNS[:-1], "days")
    bulk_upsert_adding(ActivePeriod.__table__, _PERIOD_COLUMNS,
                       [(app_id, "day", day, 1) for day in new_days]
                       + [(app_id, "week", week, 1) for week in sorted(new_weeks)], _PERIOD_COLUMNS[:-1], "users")


def forget_active_user(app_id: int, user_id: int) -> None:
    """An erased user leaves the counts of the days and weeks they were active, and their rows."""
    days = [month + timedelta(days=d) for month, bits in db.session.execute(
            select(ActiveMonth.month, ActiveMonth.days).where(ActiveMonth.app_id == app_id,
                                                              ActiveMonth.end_user_id == user_id))
            for d in range(31) if bits >> d & 1]
    if days:
        bulk_upsert_adding(ActivePeriod.__table__, _PERIOD_COLUMNS,
                           [(app_id, "day", day, -1) for day in days]
                           + [(app_id, "week", week, -1) for week in sorted({monday(day) for day in days})],
                           _PERIOD_COLUMNS[:-1], "users")
    db.session.execute(delete(ActiveMonth).where(ActiveMonth.app_id == app_id, ActiveMonth.end_user_id == user_id))


def active_user_ids(app_id: int, start: date | None, end: date | None):
    """A select of the ids of the users active on a day of [start, end) (either open)."""
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


def active_users(app_id: int, start: date | None, end: date | None) -> int:
    """Distinct users active on a day of [start, end)."""
    ids = active_user_ids(app_id, start, end).distinct().subquery()
    return db.session.scalar(select(func.count()).select_from(ids))


def active_series(app_id: int, interval: str, start: date | None, end: date | None) -> dict[str, int]:
    """Period (YYYY-MM-DD) → distinct users active on its days in [start, end) (either open): whole periods from
    the counts, a week cut by the range from the users' days."""
    scope = [ActivePeriod.app_id == app_id, ActivePeriod.interval == interval,
             *([ActivePeriod.period >= start] if start else []), *([ActivePeriod.period < end] if end else [])]
    series = {_text(period): n for period, n in db.session.execute(
        select(ActivePeriod.period, ActivePeriod.users).where(*scope)) if n}
    if interval == "week":
        for cut in {monday(day) for day in (start, end and end - timedelta(days=1)) if day}:
            whole = _plus(cut, 7)
            lo, hi = max(cut, start or cut), min(whole, end or whole)
            if (lo, hi) != (cut, whole):
                series[cut.isoformat()] = active_users(app_id, lo, hi)
    return {period: n for period, n in series.items() if n}


def _text(day) -> str:
    return day if isinstance(day, str) else day.isoformat()


def rebuild_active(app_id: int) -> None:
    """Recounts the app's active days, months and weeks from the daily rollups."""
    for model in (ActiveMonth, ActivePeriod):
        db.session.execute(delete(model).where(model.app_id == app_id))
    scope = EventDay.app_id == app_id
    month, bit = month_of(EventDay.day), literal(1).op("<<")(day_of_month(EventDay.day) - 1)
    db.session.execute(insert(ActiveMonth).from_select(list(_MONTH_COLUMNS), select(
        EventDay.app_id, month, EventDay.end_user_id, func.sum(bit.distinct())).where(scope)
        .group_by(EventDay.app_id, month, EventDay.end_user_id)))
    for interval, period in (("day", EventDay.day), ("week", monday_of(EventDay.day))):
        db.session.execute(insert(ActivePeriod).from_select(list(_PERIOD_COLUMNS), select(
            EventDay.app_id, literal(interval), period, func.count(EventDay.end_user_id.distinct())).where(scope)
            .group_by(EventDay.app_id, period)))
