"""Authored Markdown to HTML that is safe to insert into any page."""
import re
from collections import Counter
from functools import lru_cache
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3
from markdown_it import MarkdownIt

_tour_markdown = MarkdownIt("commonmark", {"html": False}).enable("table").enable("strikethrough")
_article_markdown = MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")

ALLOWED_TAGS = {
    "a", "p", "br", "strong", "em", "b", "i", "u", "s", "del", "code", "pre", "blockquote",
    "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "img", "table", "thead",
    "tbody", "tr", "th", "td", "kbd", "mark", "span",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
}
ARTICLE_TAGS = ALLOWED_TAGS | {"video", "audio", "source", "iframe", "figure", "figcaption", "details", "summary"}
ARTICLE_ATTRIBUTES = {
    **ALLOWED_ATTRIBUTES,
    "video": {"src", "controls", "width", "height", "poster", "preload", "muted", "loop", "playsinline"},
    "audio": {"src", "controls", "preload", "muted", "loop"},
    "source": {"src", "type"},
    "iframe": {"src", "width", "height", "title", "allowfullscreen"},
}


def _clean(html: str, tags, attributes, attribute_filter=None) -> str:
    return nh3.clean(
        html, tags=tags, attributes=attributes, attribute_filter=attribute_filter,
        url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer nofollow",
    )


@lru_cache(maxsize=4096)
def markdown_to_html(text: str) -> str:
    """Tour step bodies: Markdown with raw HTML disabled, sanitized with nh3."""
    return _clean(_tour_markdown.render(text or ""), ALLOWED_TAGS, ALLOWED_ATTRIBUTES).strip()


def _as_browsers_read(url: str) -> str:
    """Browsers drop tabs and newlines anywhere in a URL: `/\t/evil.example` is `//evil.example`."""
    return url.translate({9: None, 10: None, 13: None})


def _same_origin_path(value: str) -> bool:
    value = _as_browsers_read(value)
    return value.startswith("/") and not value.startswith("//") and "\\" not in value


def _allowed_iframe(value: str, hosts: set[str]) -> bool:
    """https from an allowed host, read as a browser does: a backslash ends the host there
    (`https://evil.example\\@allowed/` is evil.example) and user info is not a host."""
    value = _as_browsers_read(value)
    parts = urlsplit(value)
    return (parts.scheme == "https" and "\\" not in value and "@" not in parts.netloc
            and (parts.hostname or "") in hosts)


class _Markup(HTMLParser):
    """Each element and attribute of some HTML, as (tag, attribute or None, its value), in order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str | None, str | None]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, None, None))
        self.found.extend((tag, name, value) for name, value in attrs)


def _markup(html: str) -> Counter:
    parser = _Markup()
    parser.feed(html)
    parser.close()
    return Counter((tag, name) for tag, name, _ in parser.found)


def dropped_markup(text: str, iframe_hosts: tuple[str, ...] = ()) -> list[str]:
    """What the sanitizer takes out of an article body, for the author: one line per kind of element or attribute
    ('<script> (1)', '<iframe src> (2)'); elements it keeps but empties of a refused attribute count as that."""
    before = _markup(_article_markdown.render(text or ""))
    after = _markup(article_to_html(text, iframe_hosts))
    lost = before - after
    return [f"<{tag}{' ' + name if name else ''}> ({count})"
            for (tag, name), count in sorted(lost.items(), key=lambda item: (item[0][0], item[0][1] or ""))]


def article_to_html(text: str, iframe_hosts: tuple[str, ...] = ()) -> str:
    """KB article bodies: Markdown with HTML allowed, then sanitized.

    Videos play only same-origin files (a path on this server); iframes only over https from a
    host the app allows. Everything else nh3 strips.
    """
    allowed_hosts = {h.lower() for h in iframe_hosts}

    def attribute_filter(tag: str, attribute: str, value: str):
        if attribute != "src":
            return value
        if tag in ("video", "audio", "source"):
            return value if _same_origin_path(value) else None
        if tag == "iframe":
            return value if _allowed_iframe(value, allowed_hosts) else None
        return value

    html = _clean(_article_markdown.render(text or ""), ARTICLE_TAGS, ARTICLE_ATTRIBUTES, attribute_filter)
    return _EMPTY_FRAME.sub("", html).strip()


# An iframe whose src was refused would be an empty, nameless box: it goes whole (nh3's output is regular).
_EMPTY_FRAME = re.compile(r"<iframe(?![^>]*\ssrc=)[^>]*>\s*</iframe>")
