"""One scoring function for candidates from either database: how each term matches the title and the body."""
import math

from .terms import Term

TITLE_WEIGHT = 3.0
EXACT, PREFIX, INSIDE, TYPO = 1.0, 0.75, 0.5, 0.5
PHRASE_IN_TITLE, PHRASE_IN_BODY = 1.5, 1.25
MIN_SHARE_OF_BEST = 0.1  # hits scoring less than this share of the best are noise (one short term inside a word)


def term_weight(term: Term, cap: int) -> float:
    """An inverse document frequency that needs no corpus statistics: df is counted up to `cap` + 1."""
    return math.log(1 + (cap + 1) / term.df) if term.df else 0.0


def match_strength(term: Term, padded: str, words: set[str] | None) -> float:
    """How `term` occurs in a field given as " its search text ": as a word, a word's start, inside one, or a typo."""
    if f" {term.text} " in padded:
        return EXACT
    if term.substring and f" {term.text}" in padded:
        return PREFIX
    if term.inside and term.text in padded:
        return INSIDE
    if term.typos and words is not None and not term.typos.isdisjoint(words):
        return TYPO
    return 0.0


def score(terms: list[Term], search_title: str, search_body: str, cap: int) -> float:
    """Relevance of one article: weighted term matches (title counts three times), times the share of terms found."""
    title, body = f" {search_title} ", f" {search_body} "
    need_words = any(t.typos for t in terms)
    title_words = set(search_title.split()) if need_words else None
    body_words = set(search_body.split()) if need_words else None
    total, found = 0.0, 0
    for term in terms:
        strength = TITLE_WEIGHT * match_strength(term, title, title_words) + match_strength(term, body, body_words)
        if strength and term.df:
            total += term_weight(term, cap) * strength
            found += 1
    if len(terms) > 1 and found == len(terms):
        phrase = " " + " ".join(t.text for t in terms) + " "
        total *= PHRASE_IN_TITLE if phrase in title else PHRASE_IN_BODY if phrase in body else 1.0
    return total * found / len(terms) if terms else 0.0


def rank(scored: list[tuple[float, int]]) -> list[tuple[float, int]]:
    """(score, id) best first, the newer article first on ties, without the hits far below the best."""
    ranked = sorted(scored, key=lambda hit: (-hit[0], -hit[1]))
    return [hit for hit in ranked if hit[0] >= MIN_SHARE_OF_BEST * ranked[0][0]]
