"""Daily rollups of the event log: what analytics read, and what outlives raw events past retention."""
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, Integer, PrimaryKeyConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base

NONE = ""  # an event without a tour (or article) or step: key columns hold no NULL, so the upsert can match them


class EventDay(Base):
    """How many events of one type one end user sent on one UTC day (of their `client_ts`), per tour or article
    (`subject`) and step. Exact distinct-user counts over any range of whole days come from it; it is rebuilt from
    raw events by `waypost analytics rebuild`."""

    __tablename__ = "event_days"
    __table_args__ = (
        PrimaryKeyConstraint("app_id", "subject", "type", "step_id", "day", "end_user_id"),
        Index("ix_event_days_type_day", "app_id", "type", "day", postgresql_include=["subject", "end_user_id", "events"]),
        Index("ix_event_days_day_user", "app_id", "day", "end_user_id"),
        Index("ix_event_days_end_user", "end_user_id"),
    )

    app_id: Mapped[int] = mapped_column(ForeignKey("apps.id", ondelete="CASCADE"))
    subject: Mapped[str] = mapped_column(String(100))
    type: Mapped[str] = mapped_column(String(64))
    step_id: Mapped[str] = mapped_column(String(100))
    day: Mapped[date]
    end_user_id: Mapped[int] = mapped_column(ForeignKey("end_users.id", ondelete="CASCADE"))
    events: Mapped[int] = mapped_column(Integer)


class HelpSession(Base):
    """One end user's help session (see services/self_service.py): kept up to date as their help activity
    arrives, so that the self-service KPIs count sessions without reading the activity."""

    __tablename__ = "help_sessions"
    __table_args__ = (
        Index("ix_help_sessions_app_day", "app_id", "started_day", "language", "channel"),
        Index("ix_help_sessions_user_started", "end_user_id", "started_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    app_id: Mapped[int] = mapped_column(ForeignKey("apps.id", ondelete="CASCADE"))
    end_user_id: Mapped[int] = mapped_column(ForeignKey("end_users.id", ondelete="CASCADE"))
    started_at: Mapped[datetime]
    started_day: Mapped[date]  # its UTC day, what the KPIs group by
    ended_at: Mapped[datetime]
    channel: Mapped[str] = mapped_column(String(20))
    language: Mapped[str | None] = mapped_column(String(35))
    language_at: Mapped[datetime | None]  # the time of the activity its language came from: the earliest with one
    searches: Mapped[int] = mapped_column(Integer, default=0)
    votes: Mapped[int] = mapped_column(Integer, default=0)
    articles: Mapped[list] = mapped_column(default=list)  # the article numbers opened in it
    article_count: Mapped[int] = mapped_column(Integer, default=0)


class ActiveMonth(Base):
    """The days of one month on which one end user sent any event: bit d-1 of `days` for day d. A user counts once
    in any range of days from these rows, about one per user and month."""

    __tablename__ = "active_months"
    __table_args__ = (PrimaryKeyConstraint("app_id", "month", "end_user_id"),
                      Index("ix_active_months_end_user", "end_user_id"))

    app_id: Mapped[int] = mapped_column(ForeignKey("apps.id", ondelete="CASCADE"))
    month: Mapped[date]  # its first day
    end_user_id: Mapped[int] = mapped_column(ForeignKey("end_users.id", ondelete="CASCADE"))
    days: Mapped[int] = mapped_column(Integer)


FIRST_DAY = date(1, 1, 1)  # the `since` of a user's first active day: there is none before it


class ActiveReturn(Base):
    """How many end users were active on a UTC day whose previous active day was `since` (FIRST_DAY: none). A user
    is active in [start, end) exactly when one of their days in it follows a day before `start`: each range's
    distinct users are a sum over its days' rows, a few per day, however many users there are."""

    __tablename__ = "active_returns"
    __table_args__ = (PrimaryKeyConstraint("app_id", "day", "since"),)

    app_id: Mapped[int] = mapped_column(ForeignKey("apps.id", ondelete="CASCADE"))
    day: Mapped[date]
    since: Mapped[date]
    users: Mapped[int] = mapped_column(Integer)


class HelpSessionDay(Base):
    """How many help sessions started on a UTC day, per language and channel, with an article opened or not: kept
    with the sessions (a session that moves or merges moves its count)."""

    __tablename__ = "help_session_days"
    __table_args__ = (PrimaryKeyConstraint("app_id", "day", "language", "channel", "with_article"),)

    app_id: Mapped[int] = mapped_column(ForeignKey("apps.id", ondelete="CASCADE"))
    day: Mapped[date]
    language: Mapped[str] = mapped_column(String(35))  # NONE: unknown
    channel: Mapped[str] = mapped_column(String(20))
    with_article: Mapped[int] = mapped_column(Integer)  # 1 or 0
    sessions: Mapped[int] = mapped_column(Integer)


class SearchDay(Base):
    """How many settled searches were logged on a UTC day, per locale, that found nothing or not, and after which
    an article was opened or not: kept with the search log."""

    __tablename__ = "search_days"
    __table_args__ = (PrimaryKeyConstraint("app_id", "day", "locale", "zero_results", "opened"),)

    app_id: Mapped[int] = mapped_column(ForeignKey("apps.id", ondelete="CASCADE"))
    day: Mapped[date]
    locale: Mapped[str] = mapped_column(String(35))  # NONE: none given
    zero_results: Mapped[int] = mapped_column(Integer)
    opened: Mapped[int] = mapped_column(Integer)
    searches: Mapped[int] = mapped_column(Integer)
