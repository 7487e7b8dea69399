"""End users of host apps as the SDK sees them, and where each stands in each tour."""
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class EndUser(Base):
    __tablename__ = "end_users"
    __table_args__ = (UniqueConstraint("app_id", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    app_id: Mapped[int] = mapped_column(ForeignKey("apps.id", ondelete="CASCADE"))
    external_id: Mapped[str] = mapped_column(String(255))
    traits: Mapped[dict] = mapped_column(default=dict)
    opted_out_at: Mapped[datetime | None]
    first_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)


class TourProgress(Base):
    __tablename__ = "tour_progress"
    __table_args__ = (
        UniqueConstraint("end_user_id", "tour_id"),
        CheckConstraint("status IN ('in_progress', 'completed', 'dismissed')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    end_user_id: Mapped[int] = mapped_column(ForeignKey("end_users.id", ondelete="CASCADE"))
    tour_id: Mapped[int] = mapped_column(ForeignKey("tours.id", ondelete="CASCADE"), index=True)
    version: Mapped[int | None]
    status: Mapped[str] = mapped_column(String(12))
    step_id: Mapped[str | None] = mapped_column(String(100))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    completed_at: Mapped[datetime | None]
    dismissed_at: Mapped[datetime | None]
    data: Mapped[dict | None]  # a checklist's done tasks: {"tasks": {task id: ISO time done}}
    shows: Mapped[int] = mapped_column(default=0, server_default="0")  # times shown (started, for a tour)
    last_shown_at: Mapped[datetime | None]


class Company(Base):
    """A group of end users the host app names with `Waypost('group', {id, traits})`: an account, a workspace."""

    __tablename__ = "companies"
    __table_args__ = (UniqueConstraint("app_id", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    app_id: Mapped[int] = mapped_column(ForeignKey("apps.id", ondelete="CASCADE"))
    external_id: Mapped[str] = mapped_column(String(255))
    traits: Mapped[dict] = mapped_column(default=dict)
    first_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)


class CompanyMember(Base):
    """The company an end user belongs to now (the last one the app named for them)."""

    __tablename__ = "company_members"

    end_user_id: Mapped[int] = mapped_column(ForeignKey("end_users.id", ondelete="CASCADE"), primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), index=True)
