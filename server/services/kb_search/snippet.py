"""Snippets: about 160 characters of the original text around the best match, HTML-escaped, matches in <mark>."""
import re
from bisect import bisect_right
from collections import Counter
from functools import lru_cache
from html import escape

from .normalize import fold, is_mark
from .segment import word_spans
from .terms import Term

WIDTH = 160
LEAD = 40          # characters shown before the first match of the window
SCANNED = 5000     # matches further into a long article are not looked for

_MARKDOWN = re.compile(r"!\[[^\]]*\]\([^)]*\)|</?[a-zA-Z][^>]*>|[#*_`|~]|^\s*>|\[([^\]]*)\]\([^)]*\)", re.M)
_SPACES = re.compile(r"\s+")


def markdown_text(markdown: str) -> str:
    """Markdown as the reader sees it: link texts stay, URLs, images, tags and emphasis marks go."""
    return _SPACES.sub(" ", _MARKDOWN.sub(lambda m: m.group(1) or " ", markdown or "")).strip()


@lru_cache(maxsize=65536)
def _fold_char(char: str) -> str:
    return fold(char)


def match_spans(text: str, terms: list[Term]) -> list[tuple[int, int, str]]:
    """(start, end, term) in `text` of every word that matches a term, found by folding `text` as documents are."""
    if text.isascii():
        folded, origin = text.lower(), None
    else:
        pieces, origin = [], []
        for i, char in enumerate(text):
            piece = _fold_char(char)
            pieces.append(piece)
            origin.extend([i] * len(piece))
        folded = "".join(pieces)
    words = word_spans(folded)
    starts = [start for start, _ in words]
    found = {}
    for term in terms:
        if term.typos:
            found.update({span: term.text for span in words if folded[span[0]:span[1]] in term.typos})
        found.update({span: term.text for span in _occurrences(folded, words, starts, term)})
    spans = []
    for (start, end), term in sorted(found.items()):
        if origin is not None:
            start, end = origin[start], origin[end - 1] + 1
            while end < len(text) and not _fold_char(text[end]):  # marks that fold away belong to the word
                end += 1
        spans.append((start, end, term))
    return spans


def _occurrences(folded: str, words: list[tuple[int, int]], starts: list[int], term: Term):
    """The words of `folded` (spans, in order, and their starts) that `term` matches, located with str.find."""
    at = folded.find(term.text)
    while at != -1:
        start, end = words[max(bisect_right(starts, at) - 1, 0)]
        if start <= at < end and (at == start and (end == at + len(term.text) or term.substring) or term.inside):
            yield start, end
        at = folded.find(term.text, at + 1)


def _best_window(spans: list[tuple[int, int, str]]) -> int:
    """Start of the earliest window that holds the most distinct terms (spans are in order, each fits a window)."""
    best, best_count, inside, j = 0, 0, Counter(), 0
    for start, _, term in spans:
        while j < len(spans) and spans[j][1] <= start + WIDTH - LEAD:
            inside[spans[j][2]] += 1
            j += 1
        if len(inside) > best_count:
            best, best_count = start, len(inside)
        inside[term] -= 1
        if not inside[term]:
            del inside[term]
    return best


def snippet_html(texts: list[str], terms: list[Term]) -> str:
    """The snippet of the first of `texts` (plain texts) that matches a term; the start of the first if none does."""
    for text in texts:
        spans = match_spans(text[:SCANNED], terms)
        if spans:
            break
    else:
        text, spans = texts[0], []
    start = max(0, _best_window(spans) - LEAD) if spans else 0
    end = min(len(text), start + WIDTH)
    if start > 0:  # begin at a word boundary when one is near
        space = text.find(" ", start, start + 15)
        start = space + 1 if space != -1 else start
    while 0 < start < end and is_mark(text[start]):
        start -= 1  # never begin on a combining mark
    if end < len(text):
        space = text.rfind(" ", end - 15, end)
        end = space if space > start else end
        while start < end < len(text) and is_mark(text[end]):
            end += 1
    parts, cursor = ["…" if start > 0 else ""], start
    for s, e, _ in spans:
        if s >= cursor and e <= end:
            parts += [escape(text[cursor:s]), "<mark>", escape(text[s:e]), "</mark>"]
            cursor = e
    parts += [escape(text[cursor:end]), "…" if end < len(text) else ""]
    return "".join(parts)
