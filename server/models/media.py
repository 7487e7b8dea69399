"""Media an app's articles show: images, video and audio uploaded by its authors, stored by content."""
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class Media(Base):
    __tablename__ = "media"
    __table_args__ = (UniqueConstraint("app_id", "sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    app_id: Mapped[int] = mapped_column(ForeignKey("apps.id", ondelete="CASCADE"), index=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    extension: Mapped[str] = mapped_column(String(8))
    mime: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(255))  # the uploaded file's name, for people
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def filename(self) -> str:
        return f"{self.sha256}.{self.extension}"

    @property
    def kind(self) -> str:
        return self.mime.split("/")[0]
