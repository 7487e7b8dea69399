"""Alerts about what went wrong for end users that authors should hear of: a published tour step whose target many
users could not find within an hour. Delivered to the app's webhook like a support request."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class Alert(Base):
    __tablename__ = "alerts"
    __table_args__ = (Index("ix_alerts_app_step", "app_id", "tour_id", "step_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    app_id: Mapped[int] = mapped_column(ForeignKey("apps.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40), default="step_target_missing")
    tour_id: Mapped[str] = mapped_column(String(100))
    tour_version: Mapped[int]
    step_id: Mapped[str | None] = mapped_column(String(100))
    selector: Mapped[str | None] = mapped_column(String(1000))
    users: Mapped[int]  # distinct users who could not find it in the hour before
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    webhook_attempts: Mapped[int] = mapped_column(default=0)
    webhook_delivered_at: Mapped[datetime | None]
    webhook_next_attempt_at: Mapped[datetime | None]
    webhook_last_error: Mapped[str | None] = mapped_column(String(500))
