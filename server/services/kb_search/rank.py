"""One scoring function for candidates from either database: how each term matches the title and the body."""
import math
from collections.abc import Callable

from .terms import Term, as_typed, content_terms, find_near

TITLE_WEIGHT = 3.0
EXACT, PREFIX, INSIDE, TYPO = 1.0, 0.75, 0.5, 0.5
FOLDED_ONLY = 0.5  # a term typed with accents matched a field that lacks those accents ("hướng" in "thường")
PHRASE_IN_TITLE, PHRASE_IN_BODY = 1.5, 1.25
MIN_SHARE_OF_BEST = 0.1  # hits scoring less than this share of the best are noise (one short term inside a word)


def term_weight(term: Term, cap: int) -> float:
    """An inverse document frequency that needs no corpus statistics: df is counted up to `cap` + 1."""
    return math.log(1 + (cap + 1) / term.df) if term.df else 0.0


def scorer(terms: list[Term], cap: int) -> Callable[..., float]:
    """Relevance of one article given its search title and body, for `terms` (their df known): weighted term
    matches (title counts three times), times the share of terms found. A term typed with accents counts less
    in a field where those accents are not (then the function takes the original title and body too; see
    `needs_originals`). What depends on the terms alone is made once here: the returned function runs for every
    candidate."""
    # For each term with a df: " word ", " word" (a word's start) and "word" (inside a word) if it may match so,
    # its typo variants, its weight.
    terms = content_terms(terms)
    needles = [(f" {t.text} ", f" {t.text}" if t.substring else None, t.text if t.inside else None,
                t.text if t.near else t.typos, term_weight(t, cap), t.accented) for t in terms if t.df]
    need_words = any(t.typos for t in terms)
    in_order = [t.text for t in terms if not t.run]
    phrase = " " + " ".join(in_order) + " " if len(in_order) > 1 else None

    def strength(padded: str, words: set[str] | None, word: str, start: str | None, inside: str | None,
                 typos: frozenset[str] | str) -> float:
        """How a term occurs in a field given as " its search text ": as a word, a word's start, inside one, or
        a typo: a word among the field's `words` one edit away (`typos`, its variants), or for a script without
        spaces, any stretch of text one edit away (`typos` is then the term itself)."""
        if word in padded:
            return EXACT
        if start and start in padded:
            return PREFIX
        if inside and inside in padded:
            return INSIDE
        if isinstance(typos, str):
            return TYPO if find_near(padded, typos) else 0.0
        return TYPO if typos and words is not None and not typos.isdisjoint(words) else 0.0

    def score(search_title: str, search_body: str, original_title: str = "", original_body: str = "") -> float:
        title, body = f" {search_title} ", f" {search_body} "
        title_words = set(search_title.split()) if need_words else None
        body_words = set(search_body.split()) if need_words else None
        typed_title = as_typed(original_title) if original_title else ""
        typed_body = as_typed(original_body) if original_body else ""
        total, found = 0.0, 0
        for word, start, inside, typos, weight, accented in needles:
            in_title = strength(title, title_words, word, start, inside, typos)
            in_body = strength(body, body_words, word, start, inside, typos)
            if accented:
                in_title *= 1.0 if accented in typed_title else FOLDED_ONLY
                in_body *= 1.0 if accented in typed_body else FOLDED_ONLY
            both = TITLE_WEIGHT * in_title + in_body
            if both:
                total += weight * both
                found += 1
        if phrase and found == len(terms):
            total *= PHRASE_IN_TITLE if phrase in title else PHRASE_IN_BODY if phrase in body else 1.0
        return total * found / len(terms) if terms else 0.0

    return score


def needs_originals(terms: list[Term]) -> bool:
    """Whether the scorer compares accents, and so takes the original title and body."""
    return any(t.accented for t in terms)


def rank(scored: list[tuple[float, int]]) -> list[tuple[float, int]]:
    """(score, id) best first, the newer article first on ties, without the hits far below the best."""
    ranked = sorted(scored, key=lambda hit: (-hit[0], -hit[1]))
    return [hit for hit in ranked if hit[0] >= MIN_SHARE_OF_BEST * ranked[0][0]]
