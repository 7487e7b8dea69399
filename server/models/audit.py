"""Data protection: the audit log of admin changes, and suppression records of erased users."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class AuditEntry(Base):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_created", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("admin_users.id", ondelete="SET NULL"))
    actor_email: Mapped[str] = mapped_column(String(254))
    action: Mapped[str] = mapped_column(String(100))  # the endpoint, e.g. admin_tours.publish
    method: Mapped[str] = mapped_column(String(10))
    path: Mapped[str] = mapped_column(String(2048))
    app_id: Mapped[int | None] = mapped_column(ForeignKey("apps.id", ondelete="SET NULL"), index=True)
    target: Mapped[dict] = mapped_column(default=dict)  # the URL's ids, e.g. {"slug": "welcome"}
    status: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


KEYED, LEGACY = "hmac-sha256", "sha256"


class Suppression(Base):
    """An erased end user who had opted out: only a keyed hash of their id, so they stay opted out.

    `scheme` is "hmac-sha256" (keyed with the server's secret key), or "sha256" for records made before
    migration 0011, which cannot be rehashed without the id."""

    __tablename__ = "suppressions"
    __table_args__ = (UniqueConstraint("app_id", "user_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    app_id: Mapped[int] = mapped_column(ForeignKey("apps.id", ondelete="CASCADE"))
    user_hash: Mapped[str] = mapped_column(String(64))
    scheme: Mapped[str] = mapped_column(String(16), default=KEYED, server_default=KEYED)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
