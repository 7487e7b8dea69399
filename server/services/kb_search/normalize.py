"""Character folding shared by documents and queries: Unicode form, case, digits, Latin accents, Arabic variants."""
import re
import unicodedata

# Combining accents of Latin, Greek and Cyrillic letters (Vietnamese tones, é, ü…); Thai and Arabic marks are elsewhere.
_LATIN_ACCENTS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_LETTERS = str.maketrans({"đ": "d", "ð": "d", "ł": "l", "ø": "o", "ı": "i", "æ": "ae", "œ": "oe"})

# Harakat, superscript alef, Quranic marks and tatweel go; hamza-carrying alefs, alef maksura, teh marbuta and
# the Persian forms of kaf and yeh become their plain letters.
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u0640]")
_ARABIC_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ی": "ي", "ة": "ه", "ک": "ك"})

# Every decimal digit (Arabic-Indic ٣, Thai ๓…) becomes its ASCII digit.
_DIGITS = str.maketrans({chr(c): str(unicodedata.digit(chr(c))) for c in range(0x20000)
                         if unicodedata.category(chr(c)) == "Nd" and c > 0x7f})

# NFKC splits Thai SARA AM (and its Lao twin) into two code points that ICU's dictionary no longer recognizes.
_SARA_AM = re.compile("\u0e4d\u0e32|\u0ecd\u0eb2")


def fold(text: str) -> str:
    """The folded form of `text`: compare two strings by comparing their folds."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _LATIN_ACCENTS.sub("", unicodedata.normalize("NFD", text))
    text = unicodedata.normalize("NFC", text).translate(_LETTERS).translate(_DIGITS)
    text = _ARABIC_MARKS.sub("", text).translate(_ARABIC_LETTERS)
    return _SARA_AM.sub(lambda m: "\u0e33" if m.group() < "\u0e80" else "\u0eb3", text)


def is_mark(char: str) -> bool:
    return unicodedata.category(char)[0] == "M"


def _ranges(codes: list[int]) -> str:
    """A regex character-class body for these code points, as ranges."""
    starts = [c for i, c in enumerate(codes) if i == 0 or codes[i - 1] != c - 1]
    ends = [c for i, c in enumerate(codes) if i == len(codes) - 1 or codes[i + 1] != c + 1]
    return "".join(f"{chr(a)}-{chr(b)}" for a, b in zip(starts, ends))


MARKS = _ranges([c for c in (*range(0x20000), *range(0xE0100, 0xE01F0)) if is_mark(chr(c))])  # for regexes
