"""Experiences (tours, banners, surveys, checklists, hotspots): an editable draft per experience and the immutable versions it
was published as. The tables keep their first name, `tours`; `type` says which kind each one is."""
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow


class Tour(Base):
    __tablename__ = "tours"
    __table_args__ = (UniqueConstraint("app_id", "slug"),
                      CheckConstraint("type IN ('tour', 'banner', 'survey', 'checklist', 'hotspot')", name="type"))

    id: Mapped[int] = mapped_column(primary_key=True)
    app_id: Mapped[int] = mapped_column(ForeignKey("apps.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(100))
    type: Mapped[str] = mapped_column(String(20), default="tour", server_default="tour")
    draft: Mapped[dict]
    live_version: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    versions: Mapped[list["TourVersion"]] = relationship(
        back_populates="tour", cascade="all, delete-orphan", order_by="TourVersion.version"
    )

    @property
    def status(self) -> str:
        return "published" if self.live_version is not None else "draft"


class TourVersion(Base):
    __tablename__ = "tour_versions"
    __table_args__ = (UniqueConstraint("tour_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tour_id: Mapped[int] = mapped_column(ForeignKey("tours.id", ondelete="CASCADE"))
    version: Mapped[int]
    spec: Mapped[dict]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str | None] = mapped_column(String(254))

    tour: Mapped[Tour] = relationship(back_populates="versions")
