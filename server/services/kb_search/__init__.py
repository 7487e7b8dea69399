"""Knowledge-base search: the database's indexes find candidates, Python ranks them, on SQLite and PostgreSQL alike.

Documents and queries go through the same `search_text` (fold, then split into words). Each query term is looked
up as a word; then, if it is 3+ characters of a spaced script, inside the words of titles (and of bodies when it
is a rare word) through trigram indexes; then, if still unfound, by the halves of it that a typo leaves intact.
A lookup reads at most CAP + 1 matches: fewer, and it has them all; more, and it is saturated and only the newest
title matches stand for it. Both databases answer the same predicates that way, so the candidates, the document
frequencies and hence the rankings are the same on both.
The locale filter compares language subtags: "th" and "th-TH" both match articles in "th", "th-TH" or "th_TH".
"""
import re
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import select

from ...extensions import db
from ...models import KbCategory
from ...rules.i18n import language_of
from . import postgres_index, sqlite_index
from .normalize import fold
from .rank import needs_originals, rank, scorer
from .segment import compact_runs, is_unspaced, words
from .snippet import markdown_text, snippet_html
from .terms import Term, content_terms, query_terms, typo_variants

__all__ = ["Hit", "SearchResult", "document_search_text", "is_search_index", "search", "search_text"]

CAP = 100              # ids per index lookup; a lookup that returns more is saturated
RARE = 10              # a term that is a word in fewer articles is also looked for inside the words of bodies
MAX_TYPO_TERMS = 2     # typo lookups are the dearest: at most this many per query

_LANGUAGE = re.compile(r"[a-z0-9]{1,8}")


@dataclass
class Hit:
    article_id: int
    slug: str
    locale: str
    title: str
    score: float
    snippet_html: str


@dataclass
class SearchResult:
    hits: list[Hit]
    total: int  # articles that matched, at most a few hundred (the candidates' bound)


def search_text(text: str) -> str:
    """The searchable form of `text`: folded words separated by single spaces (for search_* columns and queries)."""
    return " ".join(words(fold(text or "")))


def document_search_text(text: str) -> str:
    """The searchable form of a document's `text`: its search_text, then its runs of scripts without spaces again,
    whole (see segment.compact_runs), for queries that hold part of a word there."""
    folded = fold(text or "")
    return " ".join([*words(folded), *compact_runs(folded)])


def is_search_index(name: str) -> bool:
    """Whether a database object belongs to the search indexes (migrations 0004, 0008), which no model describes."""
    return name.startswith("kb_fts_")


def search(app_id: int, query: str, locale: str | None = None, limit: int = 10, offset: int = 0,
           category: str | None = None) -> SearchResult:
    """Ranked published articles of the app for `query`, in `locale`'s language if given, of one category (slug)
    if given."""
    terms = query_terms(query or "")
    lang = language_of(locale) if locale and locale.strip() else None
    if not terms or (lang is not None and not _LANGUAGE.fullmatch(lang)):
        return SearchResult([], 0)
    index = postgres_index if db.session.get_bind().dialect.name == "postgresql" else sqlite_index
    with index.lookups(app_id, lang, limit=CAP + 1) as lookup:
        pool = _candidates(terms, lookup)
    score = scorer(terms, CAP)
    originals = ("title", "body") if needs_originals(terms) else ()
    scored = index.rows(("id", "app_id", "status", "category_id", "search_title", "search_body", *originals), pool)
    wanted = _category_id(app_id, category) if category else None
    ranked = rank([(s, article_id) for article_id, article_app, status, category_id, *texts in scored
                   if article_app == app_id and status == "published" and (not category or category_id == wanted)
                   and (s := score(*texts))])
    page = ranked[max(offset, 0):max(offset, 0) + max(limit, 0)]
    articles = {row[0]: _Shown(*row) for row in index.rows(_Shown._fields, [article_id for _, article_id in page])}
    hits = [_hit(articles[i], relevance, terms) for relevance, i in page if i in articles]
    return SearchResult(hits, len(ranked))


def _category_id(app_id: int, slug: str) -> int | None:
    return db.session.scalar(select(KbCategory.id).filter_by(app_id=app_id, slug=slug))


def _candidates(terms: list[Term], lookup) -> set[int]:
    """Ids worth scoring; sets each term's df (capped) and, for terms found nowhere, its typo variants."""
    pool: set[int] = set()

    def anywhere(kind: str, values: list[str]) -> list[int]:
        # Too many matches to read them all: the title matches, which rank first, stand for them. Titles are read
        # first: when they alone saturate the lookup, so does the whole text, and that (dearer) lookup is saved.
        titles = lookup(kind, values, "title", newest=True)
        if len(titles) > CAP:
            pool.update(titles[:CAP])
            return titles
        ids = lookup(kind, values, "any")
        pool.update(ids if len(ids) <= CAP else titles)
        return ids

    def in_titles(kind: str, values: list[str]) -> list[int]:
        ids = lookup(kind, values, "title", newest=True)
        pool.update(ids[:CAP])
        return ids

    def inside_words(value: str, in_bodies: bool) -> list[int]:
        ids = in_titles("substring", [value])
        if in_bodies:
            body_ids = lookup("substring", [value], "body")
            pool.update(body_ids if len(body_ids) <= CAP else [])
            ids = ids + body_ids
        return ids

    as_words, typo_budget = [], MAX_TYPO_TERMS
    for term in content_terms(terms):
        exact = anywhere("words", [term.text])
        found = set(exact)
        if exact:
            as_words.append(term.text)
        if term.substring and len(exact) <= CAP:
            found.update(inside_words(term.text, in_bodies=len(exact) < RARE))
        if not found and term.typo_eligible and typo_budget and is_unspaced(term.text):
            typo_budget -= 1
            term.near = True  # no words to compare with: text one edit away, found by either intact half
            n = len(term.text)
            # like the halves of a spaced word's typo: the first in titles, the second in bodies too
            found.update(inside_words(term.text[:max(n // 2, 3)], in_bodies=False))
            found.update(inside_words(term.text[min(n // 2, n - 3):], in_bodies=True))
        elif not found and term.typo_eligible and typo_budget:
            typo_budget -= 1
            term.typos = typo_variants(term.text)
            # One edit leaves the word's first or second half intact (MIN_TYPO keeps both 3+ characters long).
            half = (len(term.text) + 1) // 2
            found.update(anywhere("prefix", [term.text[:half]]))
            found.update(inside_words(term.text[min(half, len(term.text) - 3):], in_bodies=True))
        term.df = min(len(found), CAP + 1)
    if len(as_words) > 1:
        anywhere("words", as_words)  # articles with every term, however common each term is alone
    return pool


class _Shown(NamedTuple):
    """The columns of kb_articles that a hit shows."""
    id: int
    slug: str
    locale: str
    title: str
    body: str
    faq_answer: str | None


def _hit(article: _Shown, relevance: float, terms: list[Term]) -> Hit:
    texts = [markdown_text(article.body)] + ([article.faq_answer] if article.faq_answer else [])
    return Hit(article.id, article.slug, article.locale, article.title, round(relevance, 4),
               snippet_html(texts, terms))
