"""Page rules of tours and articles: a path glob or a regex, checked once and matched against URL paths.

Authored regexes run on RE2 (linear time): with backtracking, `^/(a+)+$` and a crafted 30-character
path would hold a worker for seconds on every anonymous bootstrap.
"""
import logging
import re
from collections.abc import Callable
from functools import lru_cache

import re2

log = logging.getLogger(__name__)
MAX_PATTERN_LENGTH = 500
_RE2_OPTIONS = re2.Options()
_RE2_OPTIONS.log_errors = False  # a refused pattern is the author's field error, not a log line
# JavaScript's \uXXXX (which Python also reads) is \x{XXXX} in RE2; an escaped backslash before it is no escape
_JS_CODE_UNIT = re.compile(r"(?<!\\)((?:\\\\)*)\\u([0-9a-fA-F]{4})")

_LEAVES_THE_ORIGIN = re.compile(r"[\\\s\x00-\x1f\x7f-\x9f]|%5c", re.IGNORECASE)

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


def step_url_problem(url) -> str | None:
    """Why a step's url can't be used, or None. "Next" sends the browser there when it is a plain path, so it
    must stay on the app's origin: browsers read a backslash as a slash and drop tabs and newlines, which
    turns /\\evil.example or /<TAB>/evil.example into //evil.example, another site."""
    if problem := glob_problem(url):
        return problem
    if url.startswith("//") or _LEAVES_THE_ORIGIN.search(url):
        return ("A step url is a path on this site: one leading /, without backslashes (or %5C), "
                "spaces or control characters.")
    return None


def link_problem(url) -> str | None:
    """Why a link a button opens can't be used, or None: an https or http URL, or a path on the host's own site
    (never javascript:, data: or a path a browser reads as another site)."""
    if not isinstance(url, str) or not url or len(url) > 2000:
        return "A link is an https:// URL or a path like /billing (at most 2,000 characters)."
    if _LEAVES_THE_ORIGIN.search(url):
        return "A link has no spaces, backslashes (or %5C) or control characters."
    if url.startswith("/") and not url.startswith("//"):
        return None
    scheme, _, rest = url.partition("://")
    if scheme.lower() not in ("https", "http") or not rest or rest[0] in "/@":
        return "A link is an https:// URL or a path like /billing."
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
    try:
        _re2(pattern)
    except re2.error as exc:
        detail = exc.args[0].decode(errors="replace") if exc.args and isinstance(exc.args[0], bytes) else str(exc)
        return ("Not supported: page rules run in linear time, without backreferences, lookahead or lookbehind, "
                f"or repeats over 1000 ({detail}).")
    return None


def _re2(pattern: str):
    return re2.compile(_JS_CODE_UNIT.sub(r"\1\\x{\2}", pattern), _RE2_OPTIONS)


def rule_problem(match) -> str | None:
    """Why a tour's `match` rule ({url: glob} | {regex: str} | None) is unusable, or None."""
    if match is None:
        return None
    if not isinstance(match, dict) or len(match) != 1 or not match.keys() <= {"url", "regex"}:
        return "Give exactly one of url (a path glob) or regex."
    if "url" in match:
        return glob_problem(match["url"])
    return regex_problem(match["regex"])


_LITERAL_SPECIAL = set("\\^$.|?*+()[]{}/")
_SET_SPECIAL = set("\\]-[^")


def _literal(char: str) -> str:
    return "\\" + char if char in _LITERAL_SPECIAL else char


def _set_char(char: str) -> str:
    return "\\" + char if char in _SET_SPECIAL else char


def _glob_set(body: str) -> str:
    """A glob's [set] body (between the brackets) as a regex: [!..] negates, a-z ranges, a range running
    backwards holds nothing, a leading ] or - is itself."""
    negated = body.startswith("!")
    if negated:
        body = body[1:]
    items, i = [], 0
    while i < len(body):
        if i > 0 and body[i] == "-" and i + 1 < len(body) and items and len(items[-1]) == 1:
            low, high = items.pop(), body[i + 1]
            if low <= high:
                items.append(low + high)
            i += 2
        else:
            items.append(body[i])
            i += 1
    if not items:
        return "[\\s\\S]" if negated else "(?!)"
    parts = "".join(_set_char(item) if len(item) == 1 else f"{_set_char(item[0])}-{_set_char(item[1])}"
                    for item in items)
    return f"[{'^' if negated else ''}{parts}]"


def glob_regex(glob: str) -> str:
    """fnmatch's meaning of a path glob (* anything, / included; ? one character; [a-z], [!a] sets) as a regular
    expression that Python's re and JavaScript's RegExp read alike, anchored at both ends: the server matches
    with it and hands the SDK and the admin UI the same source, so there is one matcher."""
    out, i, n = [], 0, len(glob)
    while i < n:
        char = glob[i]
        i += 1
        if char == "*":
            if not out or out[-1] != "[\\s\\S]*":
                out.append("[\\s\\S]*")
        elif char == "?":
            out.append("[\\s\\S]")
        elif char == "[":
            j = i + (glob[i:i + 1] == "!")
            j += glob[j:j + 1] == "]"
            j = glob.find("]", j)
            if j < 0:
                out.append("\\[")
            else:
                out.append(_glob_set(glob[i:j]))
                i = j + 1
        else:
            out.append(_literal(char))
    return f"^(?:{''.join(out)})$"


@lru_cache(maxsize=1024)
def _compiled(kind: str, pattern: str) -> Callable[[str], bool]:
    if kind == "url":
        whole = re.compile(glob_regex(pattern)).fullmatch
        return lambda path: whole(path) is not None
    search = _re2(pattern).search
    return lambda path: search(path) is not None


def compile_rule(match) -> Callable[[str], bool]:
    """A predicate on URL paths: globs match the whole path (fnmatchcase), regexes anywhere in it (RE2's search).

    None matches every page. Raises ValueError for a rule that `rule_problem` rejects.
    """
    if match is None:
        return lambda path: True
    problem = rule_problem(match)
    if problem:
        raise ValueError(problem)
    kind = "url" if "url" in match else "regex"
    return _compiled(kind, match[kind])


def compile_stored_rule(match) -> Callable[[str], bool]:
    """compile_rule for a rule already stored: one that today's checks refuse (a lookahead saved before
    regexes ran on RE2) matches no page, rather than failing every bootstrap of the app."""
    try:
        return compile_rule(match)
    except ValueError as exc:
        log.warning("page rule %r matches nothing: %s", match, exc)
        return lambda path: False
