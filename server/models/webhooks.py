"""Outbound webhooks: an app's subscriptions to its events, and the batches of events sent to each."""
from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class WebhookSubscription(Base):
    """Events of these types, as they are stored, POSTed in batches to `url`. `cursor` is the last event id put in a
    batch (it starts at the newest event when the subscription is made: no history is sent)."""
    __tablename__ = "webhook_subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    app_id: Mapped[int] = mapped_column(ForeignKey("apps.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(String(2048))
    events: Mapped[list] = mapped_column(default=list)
    format: Mapped[str] = mapped_column(String(20), default="waypost", server_default="waypost")
    write_key: Mapped[str | None] = mapped_column(String(200))  # segment: sent as HTTP Basic auth, never shown
    cursor: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str | None] = mapped_column(String(254))


class WebhookBatch(Base):
    """The events with ids first_event_id..last_event_id of the subscription's types, sent as one POST."""
    __tablename__ = "webhook_batches"
    __table_args__ = (Index("ix_webhook_batches_subscription", "subscription_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    app_id: Mapped[int] = mapped_column(ForeignKey("apps.id", ondelete="CASCADE"))
    subscription_id: Mapped[int] = mapped_column(ForeignKey("webhook_subscriptions.id", ondelete="CASCADE"))
    first_event_id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"))
    last_event_id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"))
    events: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    webhook_attempts: Mapped[int] = mapped_column(default=0)
    webhook_delivered_at: Mapped[datetime | None]
    webhook_next_attempt_at: Mapped[datetime | None]
    webhook_last_error: Mapped[str | None] = mapped_column(String(500))
