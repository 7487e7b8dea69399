"""Page rules of tours: a path glob or a regex, checked once and matched against URL paths."""
import fnmatch
import re
from functools import lru_cache
from typing import Callable

MAX_PATTERN_LENGTH = 500

# The SDK runs the same regex in the browser (`new RegExp(src).test(path)`), so Python-only
# syntax would silently behave differently there.
_PYTHON_ONLY = [
    (re.compile(r"\(\?P[<=>]"), "named groups are written (?<name>…) in JavaScript; use a plain group"),
    (re.compile(r"\(\?#"), "(?#…) comments are not supported in JavaScript"),
    (re.compile(r"\(\?>"), "atomic groups (?>…) are not supported in JavaScript"),
    (re.compile(r"\(\?[aiLmsux-]+[:)]"), "inline flags like (?i) are not supported in JavaScript"),
    (re.compile(r"(?<!\\)(?:\\\\)*\\[AZ]"), r"\A and \Z are Python-only; use ^ and $"),
]


def glob_problem(glob) -> str | None:
    """Why a path glob can't be used, or None."""
    if not isinstance(glob, str):
        return "Not a valid string."
    if not glob:
        return "A path glob must not be empty."
    if len(glob) > MAX_PATTERN_LENGTH:
        return f"Longer than {MAX_PATTERN_LENGTH} characters."
    if "://" in glob:
        return "Match the path (like /app/*), not the full URL."
    if glob[0] not in "/*":
        return "A path glob starts with / or * (it is matched against the URL path)."
    return None


def regex_problem(pattern) -> str | None:
    """Why a path regex can't be used, or None."""
    if not isinstance(pattern, str):
        return "Not a valid string."
    if not pattern:
        return "A regex must not be empty (leave out match to show the tour on every page)."
    if len(pattern) > MAX_PATTERN_LENGTH:
        return f"Longer than {MAX_PATTERN_LENGTH} characters."
    try:
        re.compile(pattern)
    except re.error as exc:
        return f"Not a valid regex: {exc}."
    for syntax, why in _PYTHON_ONLY:
        if syntax.search(pattern):
            return f"Not portable to the browser: {why}."
    return None


def rule_problem(match) -> str | None:
    """Why a tour's `match` rule ({url: glob} | {regex: str} | None) is unusable, or None."""
    if match is None:
        return None
    if not isinstance(match, dict) or len(match) != 1 or not match.keys() <= {"url", "regex"}:
        return "Give exactly one of url (a path glob) or regex."
    if "url" in match:
        return glob_problem(match["url"])
    return regex_problem(match["regex"])


@lru_cache(maxsize=1024)
def _compiled(kind: str, pattern: str) -> Callable[[str], bool]:
    source = fnmatch.translate(pattern) if kind == "url" else pattern
    search = re.compile(source).match if kind == "url" else re.compile(source).search
    return lambda path: search(path) is not None


def compile_rule(match) -> Callable[[str], bool]:
    """A predicate on URL paths: globs match the whole path (fnmatchcase), regexes anywhere in it (re.search).

    None matches every page. Raises ValueError for a rule that `rule_problem` rejects.
    """
    if match is None:
        return lambda path: True
    problem = rule_problem(match)
    if problem:
        raise ValueError(problem)
    kind = "url" if "url" in match else "regex"
    return _compiled(kind, match[kind])
