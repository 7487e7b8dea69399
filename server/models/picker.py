"""Picker sessions: an author picking a target, or previewing a draft tour, in the host app."""
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class PickerSession(Base):
    __tablename__ = "picker_sessions"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # random: the SDK names it in URLs
    app_id: Mapped[int] = mapped_column(ForeignKey("apps.id", ondelete="CASCADE"), index=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("admin_users.id", ondelete="SET NULL"))
    mode: Mapped[str] = mapped_column(String(10))  # pick | preview
    page_url: Mapped[str] = mapped_column(String(2048))
    tour: Mapped[dict | None]  # the draft to preview, as TourSpecSchema loaded it
    selector: Mapped[str | None] = mapped_column(String(1000))
    element_text: Mapped[str | None] = mapped_column(String(200))
    element_tag: Mapped[str | None] = mapped_column(String(64))
    picked_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)
