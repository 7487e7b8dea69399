"""A query as terms, each knowing how it may match: as a word, inside a word, or one typo away from a word."""
import unicodedata
from dataclasses import dataclass, field

from .normalize import fold
from .segment import compact_runs, is_unspaced, words

MAX_QUERY = 200     # characters of the query that are read
MAX_TERMS = 10
MIN_SUBSTRING = 3   # the trigram index needs three characters; shorter terms match whole words only
MIN_INSIDE = 4      # three letters match at a word's start ("pas…"): inside words they match mostly noise
MIN_INSIDE_UNSPACED = 3  # in Thai and other scripts without spaces, three characters are about a syllable
MIN_TYPO = 5        # shorter words are one edit away from too many others ("data": "kata", "date")
MAX_TYPO = 24

_ASCII = "abcdefghijklmnopqrstuvwxyz0123456789"
_ARABIC = "ءابتثجحخدذرزسشصضطظعغفقكلمنهويؤئ"


# Thai function words: a query's "ของ" (of) or "การ" (the -ing of a verb) says nothing about which article is
# meant, yet it is in most titles. They are still searched for when a query has nothing else.
THAI_STOPWORDS = frozenset(
    "ของ การ ความ ใน ที่ และ หรือ กับ แก่ แต่ ได้ ให้ เป็น มี จะ ไม่ ว่า แล้ว จาก ไป มา นี้ นั้น อยู่ ด้วย โดย ซึ่ง เพื่อ"
    " ต่อ ก็ ถ้า เมื่อ คือ ยัง อย่าง ทุก บาง ทาง ถึง ตาม เรา คุณ".split())


@dataclass
class Term:
    text: str
    substring: bool                                       # may match the start of a longer word…
    typos: frozenset[str] = field(default=frozenset())    # words one edit away, once known to be needed
    df: int = 0                                           # matching articles, capped by the retrieval limit
    run: bool = False                                     # a run of words without spaces, whole
    accented: str | None = None                           # as typed, when its accents were folded away (tiếng)
    near: bool = False                                    # found nowhere: matches text one edit away (no spaces)

    @property
    def inside(self) -> bool:
        """…or anywhere inside it."""
        return self.substring and len(self.text) >= (MIN_INSIDE_UNSPACED if is_unspaced(self.text) else MIN_INSIDE)

    @property
    def stop(self) -> bool:
        return self.text in THAI_STOPWORDS

    @property
    def typo_eligible(self) -> bool:
        if is_unspaced(self.text):  # Thai vowels and tone marks are marks, not alphanumerics
            return MIN_TYPO <= len(self.text) <= MAX_TYPO
        return MIN_TYPO <= len(self.text) <= MAX_TYPO and self.text.isalnum()


def query_terms(query: str) -> list[Term]:
    """The distinct words of `query` (folded and segmented like documents), in order; then each of its runs of a
    script without spaces that ICU cut into words, whole, to be found inside the documents' own (whatever ICU made
    of it there: part of a word, or a borrowed word cut elsewhere)."""
    folded = fold(query[:MAX_QUERY])
    seen: dict[str, Term] = {}
    for word in words(folded):
        if word not in seen and len(seen) < MAX_TERMS:
            seen[word] = Term(word, substring=len(word) >= MIN_SUBSTRING)
    for typed in words(as_typed(query[:MAX_QUERY])):
        term = seen.get(fold(typed))
        # Latin accents only (Vietnamese tones tell words apart); Arabic harakat are mostly left unwritten.
        if term is not None and typed != term.text and term.text.isascii():
            term.accented = typed
    for run in compact_runs(folded):
        if run not in seen and len(seen) < MAX_TERMS:
            seen[run] = Term(run, substring=True, run=True)
    return list(seen.values())


def as_typed(text: str) -> str:
    """`text` compared with its accents: composed and case-folded only."""
    return unicodedata.normalize("NFC", text).casefold()


def content_terms(terms: list[Term]) -> list[Term]:
    """The terms that decide what matches: all but the stopwords, unless the query holds nothing else."""
    return [t for t in terms if not t.stop] or terms


def typo_variants(word: str) -> frozenset[str]:
    """Every string one deletion, transposition, substitution or insertion away from `word` (Damerau)."""
    alphabet = set(word)
    if all(c in _ASCII for c in word):
        alphabet.update(_ASCII if any(c.isdigit() for c in word) else _ASCII[:26])
    elif all(c in _ARABIC for c in word):
        alphabet.update(_ARABIC)
    variants = set()
    for i in range(len(word) + 1):
        head, tail = word[:i], word[i:]
        if tail:
            variants.add(head + tail[1:])
        if len(tail) > 1:
            variants.add(head + tail[1] + tail[0] + tail[2:])
        for c in alphabet:
            variants.add(head + c + tail)
            if tail:
                variants.add(head + c + tail[1:])
    variants.discard(word)
    return frozenset(v for v in variants if len(v) >= MIN_TYPO - 1)


def within_one_edit(a: str, b: str) -> bool:
    """Whether `a` and `b` are at most one deletion, insertion, substitution or transposition apart."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        swapped = i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i]
        return a[i + 1:] == b[i + 1:] or (swapped and a[i + 2:] == b[i + 2:])
    return a[i + 1:] == b[i:] if len(a) > len(b) else a[i:] == b[i + 1:]


def find_near(text: str, word: str) -> tuple[int, int] | None:
    """(start, end) of a stretch of `text` at most one edit from `word`, wherever it is (inside longer words too):
    how a typo is matched in scripts without spaces, where words are not told apart. Found through whichever half
    of `word` the edit left intact."""
    n, half = len(word), len(word) // 2
    for part, at_start in ((word[:half], True), (word[half:], False)):
        at = text.find(part)
        while at != -1:
            for length in (n, n - 1, n + 1):
                start = at if at_start else at + len(part) - length
                if start >= 0 and within_one_edit(text[start:start + length], word):
                    return start, start + length
            at = text.find(part, at + 1)
    return None
