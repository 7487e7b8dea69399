"""Snippets: about 160 characters of the original text around the best match, HTML-escaped, matches in <mark>."""
import re
from collections import Counter
from functools import lru_cache
from html import escape

from .normalize import MARKS, fold, is_mark
from .segment import MAX_WORD, is_unspaced, word_spans
from .terms import Term, as_typed, find_near

WIDTH = 160
LEAD = 40          # characters shown before the first match of the window

_MARKDOWN = re.compile(r"!\[[^\]]*\]\([^)]*\)|</?[a-zA-Z][^>]*>|[#|]|^\s*>|\[([^\]]*)\]\([^)]*\)", re.M)
_EMPHASIS = re.compile(r"[*_`~]+")
_SPACES = re.compile(r"\s+")


def _without_emphasis(match: re.Match) -> str:
    """Emphasis marks go without a trace ("**Share**," reads "Share,"); between two letters, as in
    snake_case, they part the words."""
    text, start, end = match.string, match.start(), match.end()
    inside_a_word = 0 < start and end < len(text) and text[start - 1].isalnum() and text[end].isalnum()
    return " " if inside_a_word else ""


def markdown_text(markdown: str) -> str:
    """Markdown as the reader sees it: link texts stay, URLs, images, tags and emphasis marks go."""
    text = _MARKDOWN.sub(lambda m: m.group(1) or " ", markdown or "")
    return _SPACES.sub(" ", _EMPHASIS.sub(_without_emphasis, text)).strip()


class _Folds(dict):
    """Code point -> its fold, filled on first use; a str.translate table (chars are folded one by one, so that each
    folded char can be traced back to the char it came from)."""

    def __missing__(self, code: int) -> str:
        piece = self[code] = fold(chr(code))
        if len(piece) != 1:
            _UNEVEN.add(chr(code))
        return piece


_FOLDS = _Folds()
_UNEVEN: set[str] = set()  # chars that fold to no char or to several (then positions shift)
_IN_WORD = re.compile(f"[\\w{MARKS}]")  # as segment.word_spans reads a text, once "_" is a space
_WORD_TAIL = re.compile(f"[\\w{MARKS}]*")


def match_spans(text: str, terms: list[Term]) -> list[tuple[int, int, str]]:
    """(start, end, term) in `text` of every word that matches a term, found by folding `text` as documents are."""
    folded = text.translate(_FOLDS)
    origin = None if _UNEVEN.isdisjoint(text) else _origin(text)
    words = _Words(folded)
    found = {}
    for term in terms:
        if term.near and (span := find_near(folded, term.text)):
            found[span] = term.text
        if term.typos:
            found.update({span: term.text for span in words.all() if folded[span[0]:span[1]] in term.typos})
        found.update({span: term.text for span in _occurrences(folded, words, term)})
    accented = {t.text: t.accented for t in terms if t.accented}
    spans = []
    for (start, end), term in sorted(found.items(), key=lambda item: (item[0][0], -item[0][1])):  # longest first
        if origin is not None:
            start, end = origin[start], origin[end - 1] + 1
            while end < len(text) and not _FOLDS[ord(text[end])]:  # marks that fold away belong to the word
                end += 1
        if term in accented:  # typed with accents: a word with other accents is another word ("thường")
            shown = as_typed(text[start:end])
            if accented[term] not in shown and fold(shown) != shown:
                continue
        spans.append((start, end, term))
    return spans


@lru_cache(maxsize=1)
def _uneven_pattern(count: int) -> re.Pattern:
    """A pattern that matches the chars in _UNEVEN, which has `count` of them (it only grows)."""
    return re.compile("[" + "".join(map(re.escape, sorted(_UNEVEN))) + "]")


def _origin(text: str) -> list[int]:
    """For each char of the fold of `text`, the index in `text` of the char it comes from."""
    origin, done = [], 0
    for uneven in _uneven_pattern(len(_UNEVEN)).finditer(text):
        i = uneven.start()
        origin.extend(range(done, i))
        origin.extend([i] * len(_FOLDS[ord(text[i])]))
        done = i + 1
    origin.extend(range(done, len(text)))
    return origin


class _Words:
    """The words of a folded text exactly as segment.word_spans cuts them, but only where they are asked for:
    a snippet needs the few words that hold a match, not every word of the article."""

    def __init__(self, folded: str):
        self.text = folded.replace("_", " ")
        self.reversed = self.text[::-1]
        self.unspaced = is_unspaced(folded)
        self.segments: dict[int, list[tuple[int, int]]] = {}

    def at(self, i: int) -> tuple[int, int] | None:
        """The word that holds position i, if any."""
        if not _IN_WORD.match(self.text, i):
            return None
        start = len(self.text) - _WORD_TAIL.match(self.reversed, len(self.text) - i).end()
        end = _WORD_TAIL.match(self.text, i).end()
        if self.unspaced and is_unspaced(self.text[start:end]):  # a run of Thai, Khmer, CJK…: ICU cuts it
            if start not in self.segments:
                self.segments[start] = [(start + s, start + e) for s, e in word_spans(self.text[start:end])]
            start, end = next(((s, e) for s, e in self.segments[start] if s <= i < e), (i, i + MAX_WORD + 1))
        return (start, end) if end - start <= MAX_WORD else None

    def all(self) -> list[tuple[int, int]]:
        return word_spans(self.text)


def _occurrences(folded: str, words: _Words, term: Term):
    """The words of `folded` that `term` matches, located with str.find."""
    at = folded.find(term.text)
    unspaced = is_unspaced(term.text)
    while at != -1:
        if unspaced and term.inside:  # wherever it is: ICU may have cut the document's words elsewhere
            yield at, at + len(term.text)
            at = folded.find(term.text, at + 1)
            continue
        word = words.at(at)
        if word:
            start, end = word
            if at == start and (end == at + len(term.text) or term.substring) or term.inside:
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
        spans = match_spans(text, terms)  # the whole text: the best passage may be anywhere
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
