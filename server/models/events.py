"""The event log: every step viewed, completed or dismissed, exactly once per client id."""
from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (
        UniqueConstraint("end_user_id", "client_id"),  # a batch is one user's: its ids sit together
        Index("ix_events_app_received", "app_id", "received_at"),
        Index("ix_events_end_user", "end_user_id", "received_at"),
        Index("ix_events_user_type_ts", "end_user_id", "type", "client_ts"),  # "did X N times in D days"
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    app_id: Mapped[int] = mapped_column(ForeignKey("apps.id", ondelete="CASCADE"))
    client_id: Mapped[str] = mapped_column(String(36))
    type: Mapped[str] = mapped_column(String(64))
    end_user_id: Mapped[int] = mapped_column(ForeignKey("end_users.id", ondelete="CASCADE"))
    tour_id: Mapped[str | None] = mapped_column(String(100))
    tour_version: Mapped[int | None]
    step_id: Mapped[str | None] = mapped_column(String(100))
    article_id: Mapped[str | None] = mapped_column(String(100))
    query: Mapped[str | None] = mapped_column(String(500))
    url: Mapped[str | None] = mapped_column(String(2048))
    client_ts: Mapped[datetime]
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    data: Mapped[dict | None]
