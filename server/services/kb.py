"""Knowledge-base content: categories, articles in several locales, publishing, import, and page help."""
import re
from pathlib import Path

import yaml
from sqlalchemy import select

from ..extensions import db
from ..models import App, KbArticle, KbCategory, utcnow
from ..rules import i18n
from ..rules.url_rules import rule_problem
from .errors import ServiceError, not_found
from .kb_search import document_search_text
from .kb_search.snippet import markdown_text
from .sanitize import article_to_html
from .served_app import ServedApp, touch

FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*(?:\n|\Z)", re.S)


# Categories

def list_categories(app: App) -> list[KbCategory]:
    return list(db.session.scalars(select(KbCategory).filter_by(app_id=app.id)
                                   .order_by(KbCategory.position, KbCategory.slug)))


def get_category(app: App, slug: str) -> KbCategory:
    category = db.session.scalar(select(KbCategory).filter_by(app_id=app.id, slug=slug))
    if category is None:
        raise not_found("The category")
    return category


def save_category(app: App, data: dict) -> KbCategory:
    """Create or update a category by slug."""
    category = db.session.scalar(select(KbCategory).filter_by(app_id=app.id, slug=data["slug"]))
    if category is None:
        category = KbCategory(app_id=app.id, slug=data["slug"])
        db.session.add(category)
    for field in ("name", "names", "position"):
        if field in data:
            setattr(category, field, data[field])
    db.session.flush()
    return category


def delete_category(category: KbCategory) -> None:
    db.session.delete(category)
    db.session.flush()


# Articles

def list_articles(app: App, locale: str | None = None, status: str | None = None) -> list[KbArticle]:
    query = select(KbArticle).filter_by(app_id=app.id).order_by(KbArticle.slug, KbArticle.locale)
    if locale:
        query = query.filter_by(locale=locale)
    if status:
        query = query.filter_by(status=status)
    return list(db.session.scalars(query))


def get_article(app: App, article_id: int) -> KbArticle:
    article = db.session.get(KbArticle, article_id)
    if article is None or article.app_id != app.id:
        raise not_found("The article")
    return article


def _check_pages(pages: list) -> None:
    problems = {str(i): [p] for i, rule in enumerate(pages) if (p := rule_problem(rule))}
    if problems:
        raise ServiceError(422, "validation_error", "Some page rules are invalid.", {"pages": problems})


def save_article(app: App, data: dict, article: KbArticle | None = None) -> KbArticle:
    """Create (article=None) or update an article; renders and indexes it in the same transaction."""
    if "pages" in data:
        _check_pages(data["pages"])
    category = get_category(app, data["category"]) if data.get("category") else None
    if article is None:
        taken = db.session.scalar(select(KbArticle.id).filter_by(
            app_id=app.id, slug=data["slug"], locale=data["locale"]))
        if taken:
            raise ServiceError(409, "conflict", "An article with this slug and locale exists.",
                               {"slug": ["Already taken in this locale."]})
        article = KbArticle(app_id=app.id, slug=data["slug"], locale=data["locale"], status="draft")
        db.session.add(article)
    if "category" in data:
        article.category = category
    content = (article.title, article.body, article.faq_answer)
    for field in ("slug", "locale", "title", "body", "faq_answer", "pages", "priority", "review_by"):
        if field in data:
            setattr(article, field, data[field])
    if content != (article.title, article.body, article.faq_answer):
        article.content_updated_at = utcnow()
    if data.get("status") in ("draft", "published"):
        _set_status(article, data["status"])
    article.body_html = article_to_html(article.body, tuple(app.iframe_hosts or ()))
    article.search_title = document_search_text(article.title)
    article.search_body = document_search_text(markdown_text(article.body) + " " + (article.faq_answer or ""))
    article.updated_at = utcnow()
    touch(app.id)
    db.session.flush()
    return article


def _set_status(article: KbArticle, status: str) -> None:
    if status == "published" and article.status != "published":
        article.published_at = utcnow()
    article.status = status


def rerender_articles(app: App) -> None:
    """Article HTML depends on the app's iframe hosts: render every article of the app again."""
    hosts = tuple(app.iframe_hosts or ())
    for article in db.session.scalars(select(KbArticle).filter_by(app_id=app.id)):
        article.body_html = article_to_html(article.body, hosts)


def set_status(article: KbArticle, status: str) -> KbArticle:
    _set_status(article, status)
    touch(article.app_id)
    db.session.flush()
    return article


def delete_article(article: KbArticle) -> None:
    touch(article.app_id)
    db.session.delete(article)
    db.session.flush()


# What the SDK reads

def _in_locale(articles: list[KbArticle], locale: str, default: str) -> list[KbArticle]:
    """One article per slug: the user's locale (or its language), else the app's default locale."""
    by_slug: dict[str, dict[str, KbArticle]] = {}
    for article in articles:
        by_slug.setdefault(article.slug, {})[article.locale] = article
    chosen = []
    for variants in by_slug.values():
        picked = i18n.negotiate(locale, variants, "") or i18n.negotiate(default, variants, "")
        if picked:
            chosen.append(variants[picked])
    return chosen


def page_articles(app: ServedApp, url_path: str, locale: str, limit: int = 5) -> list:
    """Published articles whose page rules match the page, best first, in the user's locale."""
    def compute() -> list:
        chosen = _in_locale([a for a in app.articles if a.matches(url_path)], locale, app.default_locale)
        chosen.sort(key=lambda a: (-a.priority, a.title.casefold()))
        return chosen[:limit]
    return app.for_page(("help", url_path, locale, limit), compute)


CATEGORY_ARTICLES = 50  # listed per category in the widget


def help_categories(app: App, locale: str) -> list[dict]:
    """The categories that hold published articles, in their order, each named in the user's language (else its
    own name) with its articles: one per slug, in the user's locale or the app's default, best first."""
    by_category: dict[int, list[KbArticle]] = {}
    for article in db.session.scalars(select(KbArticle).where(
            KbArticle.app_id == app.id, KbArticle.status == "published", KbArticle.category_id.is_not(None))):
        by_category.setdefault(article.category_id, []).append(article)
    listing = []
    for category in list_categories(app):
        chosen = _in_locale(by_category.get(category.id, []), locale, app.default_locale)
        if not chosen:
            continue
        chosen.sort(key=lambda a: (-a.priority, a.title.casefold()))
        named = i18n.negotiate(locale, category.names or {}, "")
        listing.append({"slug": category.slug, "name": category.names[named] if named else category.name,
                        "articles": chosen[:CATEGORY_ARTICLES]})
    return listing


def published_article(app: App, slug: str, locale: str) -> KbArticle:
    variants = list(db.session.scalars(select(KbArticle).filter_by(app_id=app.id, slug=slug, status="published")))
    chosen = _in_locale(variants, locale, app.default_locale) or variants[:1]
    if not chosen:
        raise not_found("The article")
    return chosen[0]


# Import

def parse_markdown_file(path: Path) -> dict:
    """A Markdown file with YAML front matter (title, slug, locale, category, pages) as article data."""
    text = path.read_text(encoding="utf-8")
    match = FRONT_MATTER.match(text)
    if not match:
        raise ValueError("no front matter (a block between --- lines at the top)")
    meta = yaml.safe_load(match.group(1)) or {}
    if not isinstance(meta, dict):
        raise ValueError("the front matter is not a mapping")
    unknown = set(meta) - {"title", "slug", "locale", "category", "pages", "status", "faq_answer", "priority",
                           "review_by"}
    if unknown:
        raise ValueError(f"unknown front matter keys: {', '.join(sorted(unknown))}")
    if not meta.get("title"):
        raise ValueError("front matter needs a title")
    pages = meta.get("pages") or []
    pages = [p if isinstance(p, dict) else {"url": str(p)} for p in (pages if isinstance(pages, list) else [pages])]
    return {
        "title": str(meta["title"]).strip(),
        "slug": str(meta.get("slug") or path.stem),
        "locale": str(meta.get("locale") or "en"),
        "category": meta.get("category"),
        "pages": pages,
        "status": meta.get("status", "published"),
        "faq_answer": meta.get("faq_answer"),
        "priority": _whole_number(meta.get("priority") or 0, "priority"),
        "review_by": str(meta["review_by"]) if meta.get("review_by") else None,  # YAML reads 2027-01-31 as a date
        "body": text[match.end():].strip() + "\n",
    }


def _whole_number(value, name: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):  # OverflowError: YAML's .inf
        raise ValueError(f"{name} must be a whole number") from None


def import_article(app: App, data: dict) -> tuple[KbArticle, str]:
    """Create or update by (slug, locale); a category named in the data is created if missing."""
    if data.get("category"):
        slug = re.sub(r"[^a-z0-9]+", "-", str(data["category"]).lower()).strip("-") or "general"
        if db.session.scalar(select(KbCategory.id).filter_by(app_id=app.id, slug=slug)) is None:
            save_category(app, {"slug": slug, "name": str(data["category"])})
        data = {**data, "category": slug}
    existing = db.session.scalar(select(KbArticle).filter_by(app_id=app.id, slug=data["slug"], locale=data["locale"]))
    if existing is not None:
        before = (existing.title, existing.body, existing.pages, existing.status, existing.faq_answer,
                  existing.category.slug if existing.category else None, existing.priority, existing.review_by)
        after = (data["title"], data["body"], data["pages"], data["status"], data["faq_answer"],
                 data.get("category"), data["priority"], data.get("review_by"))
        if before == after:
            return existing, "unchanged"
    return save_article(app, data, existing), "updated" if existing else "created"
