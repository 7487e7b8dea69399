"""Converting Shepherd.js, Driver.js and Intro.js step arrays into Waypost tour specs, and Intro.js hints into a set
of hotspots."""
import re
from html.parser import HTMLParser

from marshmallow import ValidationError

from ..schemas.hotspot_spec import HotspotSpecSchema
from ..schemas.tour_spec import MAX_TITLE, PLACEMENTS, TourSpecSchema, describe_path, flatten_errors

KINDS = ("shepherd", "driver", "introjs", "introjs-hints")

_INTRO_POSITIONS = {
    "top-left-aligned": "top-start", "top-middle-aligned": "top", "top-right-aligned": "top-end",
    "bottom-left-aligned": "bottom-start", "bottom-middle-aligned": "bottom", "bottom-right-aligned": "bottom-end",
    "floating": "center",
}


# Intro.js's hintPosition (default top-middle); a middle one sits on the nearer corner of the same edge
_HINT_CORNERS = {
    "top-left": "top-start", "top-middle": "top-end", "top-right": "top-end",
    "bottom-left": "bottom-start", "bottom-middle": "bottom-end", "bottom-right": "bottom-end",
    "middle-left": "top-start", "middle-middle": "top-end", "middle-right": "top-end",
}


class ImportProblem(ValueError):
    """The input can't be turned into a valid tour; the message says where and why."""


class _MarkdownWriter(HTMLParser):
    """Just enough HTML to Markdown for tour texts: emphasis, links, code, paragraphs and lists.
    Other tags are dropped with their text kept; script and style lose their content too."""

    _INLINE = {"b": "**", "strong": "**", "i": "*", "em": "*", "code": "`"}
    _DROP = {"script", "style", "template"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out, self.links, self.dropping = [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag in self._DROP:
            self.dropping += 1
        elif tag in self._INLINE:
            self.out.append(self._INLINE[tag])
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            self.links.append(href if re.match(r"^(https?:|mailto:|/|#)", href) else None)
            self.out.append("[" if self.links[-1] else "")
        elif tag == "br":
            self.out.append("\n")
        elif tag in ("p", "div", "ul", "ol"):
            self.out.append("\n\n")
        elif tag == "li":
            self.out.append("\n- ")

    def handle_endtag(self, tag):
        if tag in self._DROP:
            self.dropping = max(0, self.dropping - 1)
        elif tag in self._INLINE:
            self.out.append(self._INLINE[tag])
        elif tag == "a" and self.links:
            href = self.links.pop()
            self.out.append(f"]({href})" if href else "")
        elif tag in ("p", "div", "ul", "ol"):
            self.out.append("\n\n")

    def handle_data(self, data):
        if not self.dropping:
            self.out.append(re.sub(r"\s+", " ", data))

    def markdown(self) -> str:
        text = "".join(self.out)
        text = re.sub(r"[ \t]*\n[ \t]*", "\n", text)
        return re.sub(r"\n{3,}", "\n\n", text).strip()


def html_to_markdown(html: str) -> str:
    writer = _MarkdownWriter()
    writer.feed(html)
    writer.close()
    return writer.markdown()


def slugify(text: str) -> str:
    """'Create a Project!' -> 'create-a-project' (a valid tour or step id, or '')."""
    return re.sub(r"[^a-z0-9_]+", "-", str(text).lower()).strip("-_")[:100].rstrip("-_")


def _steps_of(data) -> list:
    steps = data.get("steps") if isinstance(data, dict) else data
    if not isinstance(steps, list) or not steps:
        raise ImportProblem("Expected a non-empty list of steps, or an object with a 'steps' list.")
    for index, step in enumerate(steps):
        if not isinstance(step, dict):
            raise ImportProblem(f"Step {index + 1} is not an object.")
    return steps


def _text(value) -> str:
    """Shepherd allows a list of paragraphs; functions and elements can't be in JSON."""
    if isinstance(value, list):
        return "\n\n".join(html_to_markdown(str(part)) for part in value)
    return html_to_markdown(value) if isinstance(value, str) else ""


def _title(value, number: int) -> str:
    title = html_to_markdown(value).replace("\n", " ") if isinstance(value, str) else ""
    if len(title) > MAX_TITLE:
        title = title[: MAX_TITLE - 1].rstrip() + "…"
    return title or f"Step {number}"


def _placement(value) -> str | None:
    return value if value in PLACEMENTS else None


def _selector(value) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _shepherd(step: dict) -> dict:
    attach = step.get("attachTo") if isinstance(step.get("attachTo"), dict) else {}
    target = _selector(attach.get("element"))
    advance = step.get("advanceOn") if isinstance(step.get("advanceOn"), dict) else {}
    advance_selector = _selector(advance.get("selector"))
    click = advance.get("event") == "click" and advance_selector is not None and target in (advance_selector, None)
    if click:
        target = advance_selector
    return {
        "id": step.get("id"), "target": target, "title": step.get("title"), "body": _text(step.get("text")),
        "placement": _placement(attach.get("on")), "advance_on": "click" if click else "next",
    }


def _driver(step: dict) -> dict:
    popover = step.get("popover") if isinstance(step.get("popover"), dict) else {}
    side, align = popover.get("side"), popover.get("align")
    placement = "center" if side == "over" else _placement(side)
    if placement and placement != "center" and align in ("start", "end"):
        placement = f"{placement}-{align}"
    return {
        "id": step.get("id"), "target": _selector(step.get("element")), "title": popover.get("title"),
        "body": _text(popover.get("description")), "placement": placement, "advance_on": "next",
    }


def _introjs(step: dict) -> dict:
    position = step.get("position")
    return {
        "id": step.get("id"), "target": _selector(step.get("element")), "title": step.get("title"),
        "body": _text(step.get("intro")), "placement": _INTRO_POSITIONS.get(position) or _placement(position),
        "advance_on": "next",
    }


_CONVERTERS = {"shepherd": _shepherd, "driver": _driver, "introjs": _introjs}


def _unique(base: str, fallback: str, used: set) -> str:
    candidate, suffix = base or fallback, 2
    while candidate in used:
        candidate, suffix = f"{base or fallback}-{suffix}", suffix + 1
    used.add(candidate)
    return candidate


def import_hints(data, set_id: str, name: str) -> dict:
    """A valid set of hotspots from Intro.js hints ({hints: [{element, hint, hintPosition}]}, as its docs write
    them): each hint's first sentence becomes the title (the beacon's name), the whole text the tip."""
    hints = data.get("hints") if isinstance(data, dict) else data
    if not isinstance(hints, list) or not hints:
        raise ImportProblem("Expected a non-empty list of hints, or an object with a 'hints' list.")
    spots, used = [], set()
    for number, hint in enumerate(hints, start=1):
        if not isinstance(hint, dict):
            raise ImportProblem(f"Hint {number} is not an object.")
        body = _text(hint.get("hint"))
        first = re.split(r"(?<=[.!?。])\s|\n", body, maxsplit=1)[0].replace("*", "").strip()
        target = _selector(hint.get("element")) or ""
        spots.append({"id": _unique(slugify(hint.get("id") or target.lstrip("#.")), f"hint-{number}", used),
                      "target": target, "corner": _HINT_CORNERS.get(hint.get("hintPosition"), "top-end"),
                      "title": _title(first, number) if first else f"Hint {number}",
                      "body": body})
    try:
        return HotspotSpecSchema().load({"id": set_id, "type": "hotspot", "name": name, "hotspots": spots})
    except ValidationError as exc:
        raise ImportProblem("The converted hotspots are not valid:\n" + "\n".join(
            f"{describe_path(path)}: {message}" for path, message in flatten_errors(exc.messages)
        )) from exc


def import_steps(kind: str, data, tour_id: str, name: str) -> dict:
    """A valid, normalized tour spec from another library's steps (as their docs write them).

    Raises ImportProblem when the input or the resulting tour isn't valid.
    """
    if kind == "introjs-hints":
        return import_hints(data, tour_id, name)
    if kind not in _CONVERTERS:
        raise ImportProblem(f"Unknown format {kind!r}: use one of {', '.join(KINDS)}.")
    steps, used = [], set()
    for number, source in enumerate(_steps_of(data), start=1):
        step = _CONVERTERS[kind](source)
        base = slugify(step["id"]) if isinstance(step["id"], (str, int)) else ""
        step_id, suffix = base or f"step-{number}", 2
        while step_id in used:
            step_id, suffix = f"{base or f'step-{number}'}-{suffix}", suffix + 1
        used.add(step_id)
        step.update(id=step_id, title=_title(step["title"], number))
        if step["target"] is None and step["placement"] not in (None, "center"):
            step["placement"] = None
        steps.append({key: value for key, value in step.items() if value is not None})
    try:
        return TourSpecSchema().load({"id": tour_id, "name": name, "steps": steps})
    except ValidationError as exc:
        raise ImportProblem("The converted tour is not valid:\n" + "\n".join(
            f"{describe_path(path)}: {message}" for path, message in flatten_errors(exc.messages)
        )) from exc
