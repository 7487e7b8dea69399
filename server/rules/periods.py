"""Periods that analytics count in: UTC days, or ISO weeks named by their Monday."""
from datetime import UTC, date, datetime, timedelta

INTERVALS = ("day", "week")
MAX_PERIODS = 3660


def period_of(moment: datetime, interval: str) -> str:
    """The UTC day, or the Monday of its ISO week, as YYYY-MM-DD."""
    return period_of_day(moment.astimezone(UTC).date(), interval)


def period_of_day(day: date | str, interval: str) -> str:
    """The day (a date, or its YYYY-MM-DD text), or the Monday of its ISO week, as YYYY-MM-DD."""
    day = date.fromisoformat(day) if isinstance(day, str) else day
    return (day - timedelta(days=day.weekday()) if interval == "week" else day).isoformat()


def periods(start: datetime | None, end: datetime | None, interval: str, seen) -> list[str]:
    """Every period from the range's first to its last, empty ones included; an open side of the range ends
    at the first or last of the periods `seen`."""
    first = period_of(start, interval) if start else min(seen, default=None)
    last = period_of(end - timedelta(microseconds=1), interval) if end else max(seen, default=None)
    if first is None or last is None:
        return []
    step = timedelta(days=7 if interval == "week" else 1)
    day, out = datetime.fromisoformat(first).date(), []
    while day.isoformat() <= last and len(out) < MAX_PERIODS:
        out.append(day.isoformat())
        day += step
    return out


def month_start(day: date, months: int = 0) -> date:
    """The first day of the day's month, or of the month `months` after it."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())
