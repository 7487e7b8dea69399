"""Word splitting: runs of letters, digits and marks, cut into words by ICU where a script writes no spaces."""
import re

from icu4py.breakers import WordBreaker

from .normalize import MARKS

MAX_WORD = 100  # longer "words" are base64, hashes or URLs: not worth indexing

_RUN = re.compile(f"[\\w{MARKS}]+")  # with "_", which word_spans turns into a space first
# Thai, Lao, Myanmar, Khmer, Tai scripts, kana and Han: written without spaces between words.
_UNSPACED = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u1950-\u19df\u1a20-\u1aaf\u3040-\u30ff"
                       "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


def is_unspaced(word: str) -> bool:
    """Whether `word` is (partly) in a script without spaces, where only whole words match."""
    return _UNSPACED.search(word) is not None


def word_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each word of `text`, in order."""
    runs = _RUN.finditer(text.replace("_", " "))
    if not is_unspaced(text):
        return [run.span() for run in runs if run.end() - run.start() <= MAX_WORD]
    spans = []
    for run in runs:
        if is_unspaced(run.group()):
            spans += [(run.start() + s, run.start() + e) for s, e in WordBreaker(run.group(), "und").segments()]
        else:
            spans.append(run.span())
    return [(start, end) for start, end in spans if end - start <= MAX_WORD]


def words(text: str) -> list[str]:
    return [text[start:end] for start, end in word_spans(text)]


COMPACT_MAX = 600  # characters of a compact run: PostgreSQL indexes words of up to 2,047 bytes (Thai: 3 per char)


def compact_runs(folded: str) -> list[str]:
    """Each run of a script without spaces that ICU cut into several words, whole again (in pieces of at most
    COMPACT_MAX characters, cut between words). Documents carry them beside their words so that a query finds part
    of a word however ICU cut it there: ICU's dictionary misses borrowed words (แชท, ฟอรัม), and cuts a word
    differently in a sentence than alone."""
    runs = []
    for run in _RUN.finditer(folded.replace("_", " ")):
        if not is_unspaced(run.group()):
            continue
        cuts = [e for _, e in WordBreaker(run.group(), "und").segments()]
        if len(cuts) < 2:
            continue
        start = 0
        for previous, cut in zip([0, *cuts], cuts):
            if cut - start > COMPACT_MAX and previous > start:
                runs.append(run.group()[start:previous])
                start = previous
        runs.append(run.group()[start:start + COMPACT_MAX])
    return runs
