"""The knowledge base: categories, articles in several locales, feedback, searches, support requests."""
from datetime import UTC, date, datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..rules.i18n import language_of
from .base import Base, utcnow


class KbCategory(Base):
    __tablename__ = "kb_categories"
    __table_args__ = (UniqueConstraint("app_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    app_id: Mapped[int] = mapped_column(ForeignKey("apps.id", ondelete="CASCADE"))
    slug: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(200))
    names: Mapped[dict] = mapped_column(default=dict)  # locale -> translated name
    position: Mapped[int] = mapped_column(default=0)


class KbArticle(Base):
    """One article in one locale; translations share `slug` (and so link to each other)."""

    __tablename__ = "kb_articles"
    __table_args__ = (
        UniqueConstraint("app_id", "slug", "locale"),
        CheckConstraint("status IN ('draft', 'published')", name="status"),
        Index("ix_kb_articles_app_status", "app_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    app_id: Mapped[int] = mapped_column(ForeignKey("apps.id", ondelete="CASCADE"))
    slug: Mapped[str] = mapped_column(String(100))
    locale: Mapped[str] = mapped_column(String(35))
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    faq_answer: Mapped[str | None] = mapped_column(String(500))
    category_id: Mapped[int | None] = mapped_column(ForeignKey("kb_categories.id", ondelete="SET NULL"))
    pages: Mapped[list] = mapped_column(default=list)  # URL rules like tours' `match`
    priority: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(String(10), default="draft")
    search_title: Mapped[str] = mapped_column(Text, default="")  # normalized, segmented: search only
    search_body: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_at: Mapped[datetime | None]
    review_by: Mapped[date | None]  # check the article again by this day
    content_updated_at: Mapped[datetime | None]  # its title, body or short answer last changed

    category: Mapped[KbCategory | None] = relationship()
    app: Mapped["App"] = relationship(viewonly=True)  # noqa: F821  (models/apps.py)
    # The same article in the app's other locales: the other rows of its slug.
    translations: Mapped[list["KbArticle"]] = relationship(
        primaryjoin="and_(KbArticle.app_id == remote(foreign(KbArticle.app_id)), "
                    "KbArticle.slug == remote(foreign(KbArticle.slug)), KbArticle.id != remote(KbArticle.id))",
        order_by="KbArticle.locale", uselist=True, viewonly=True)

    @property
    def freshness(self) -> dict:
        """Whether its review date has passed, and whether it is a translation older than its source (the
        article of the same slug in the app's default language, changed since this one last was)."""
        today = datetime.now(UTC).date()
        default = language_of(self.app.default_locale)
        source = None if language_of(self.locale) == default else next(
            (t for t in self.translations if language_of(t.locale) == default), None)
        behind = bool(source and source.content_updated_at and self.content_updated_at
                      and source.content_updated_at > self.content_updated_at)
        return {"review_overdue": self.review_by is not None and self.review_by < today,
                "behind_source": behind, "source_locale": source.locale if source else None}


class KbFeedback(Base):
    __tablename__ = "kb_feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    app_id: Mapped[int] = mapped_column(ForeignKey("apps.id", ondelete="CASCADE"))
    article_id: Mapped[int] = mapped_column(ForeignKey("kb_articles.id", ondelete="CASCADE"), index=True)
    end_user_id: Mapped[int | None] = mapped_column(ForeignKey("end_users.id", ondelete="SET NULL"))
    locale: Mapped[str] = mapped_column(String(35))
    helpful: Mapped[bool] = mapped_column(Boolean)
    comment: Mapped[str | None] = mapped_column(String(2000))
    url: Mapped[str | None] = mapped_column(String(2048))  # the page it was cast on
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class KbSearch(Base):
    __tablename__ = "kb_searches"
    __table_args__ = (Index("ix_kb_searches_app_created", "app_id", "created_at"),
                      Index("ix_kb_searches_user", "end_user_id", "id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    app_id: Mapped[int] = mapped_column(ForeignKey("apps.id", ondelete="CASCADE"))
    end_user_id: Mapped[int | None] = mapped_column(ForeignKey("end_users.id", ondelete="SET NULL"))
    query: Mapped[str] = mapped_column(String(500))
    normalized: Mapped[str] = mapped_column(String(500))
    locale: Mapped[str | None] = mapped_column(String(35))
    result_count: Mapped[int]
    opened_article_id: Mapped[int | None] = mapped_column(ForeignKey("kb_articles.id", ondelete="SET NULL"))
    url: Mapped[str | None] = mapped_column(String(2048))  # the page it was typed on
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


SUPPORT_STATUSES = ("open", "closed")


class SupportRequest(Base):
    __tablename__ = "support_requests"
    __table_args__ = (Index("ix_support_requests_user_created", "end_user_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    app_id: Mapped[int] = mapped_column(ForeignKey("apps.id", ondelete="CASCADE"), index=True)
    end_user_id: Mapped[int] = mapped_column(ForeignKey("end_users.id", ondelete="CASCADE"))
    message: Mapped[str] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(String(254))
    context: Mapped[dict] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(12), default="open")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    webhook_attempts: Mapped[int] = mapped_column(default=0)
    webhook_delivered_at: Mapped[datetime | None]
    webhook_next_attempt_at: Mapped[datetime | None]
    webhook_last_error: Mapped[str | None] = mapped_column(String(500))
    # the user opened an article in the FOLLOW_UP before it (services/support_after_article.py keeps it)
    after_article: Mapped[bool] = mapped_column(default=False, server_default=false())


class KbGap(Base):
    """A content gap an article was written for: the searches of one normalized query, language and page that
    found nothing or after which nothing was opened. `key` names the group (see services/kb_gaps.py)."""

    __tablename__ = "kb_gaps"
    __table_args__ = (UniqueConstraint("app_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    app_id: Mapped[int] = mapped_column(ForeignKey("apps.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(64))
    normalized: Mapped[str] = mapped_column(String(500))
    language: Mapped[str] = mapped_column(String(35))
    page: Mapped[str] = mapped_column(String(2048))
    article_id: Mapped[int | None] = mapped_column(ForeignKey("kb_articles.id", ondelete="SET NULL"))
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)


class KbRequestArticle(Base):
    """The article drafted from a support request (the inbox links them both ways)."""

    __tablename__ = "kb_request_articles"

    support_request_id: Mapped[int] = mapped_column(ForeignKey("support_requests.id", ondelete="CASCADE"),
                                                    primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("kb_articles.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
