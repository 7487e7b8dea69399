"""Host apps: the products that embed the snippet, with their keys and allowed origins."""
from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow


class App(Base):
    __tablename__ = "apps"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    key: Mapped[str] = mapped_column(String(64), unique=True)
    secret: Mapped[str] = mapped_column(String(128))
    require_identity: Mapped[bool] = mapped_column(default=False)
    default_locale: Mapped[str] = mapped_column(String(35), default="en")
    revision: Mapped[int] = mapped_column(default=0, server_default="0")
    webhook_url: Mapped[str | None] = mapped_column(String(2048))
    iframe_hosts: Mapped[list] = mapped_column(default=list, server_default="[]")
    # at most per_session / per_day experiences started by themselves per user, none for quiet_hours after a dismissal;
    # loaded when read (the snapshot build and the settings API), so the other reads of an app never touch it
    throttle: Mapped[dict] = mapped_column(default=dict, server_default="{}", deferred=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    origins: Mapped[list["AppOrigin"]] = relationship(
        back_populates="app", cascade="all, delete-orphan", order_by="AppOrigin.id"
    )

    @property
    def origin_list(self) -> list[str]:
        return [o.origin for o in self.origins]


class AppOrigin(Base):
    __tablename__ = "app_origins"
    __table_args__ = (UniqueConstraint("app_id", "origin"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    app_id: Mapped[int] = mapped_column(ForeignKey("apps.id", ondelete="CASCADE"))
    origin: Mapped[str] = mapped_column(String(255), index=True)

    app: Mapped[App] = relationship(back_populates="origins")
