"""A published experience's spec as the SDK receives it: one locale applied, Markdown rendered and sanitized."""
from ..rules import i18n
from ..rules.url_rules import glob_regex
from .sanitize import markdown_to_html


def tour_locale(spec: dict, requested: str | None) -> str:
    return i18n.negotiate(requested, [spec.get("locale", "en"), *spec.get("translations", {})],
                          spec.get("locale", "en"))


def _in_locale(spec: dict, requested_locale: str | None) -> tuple[str, dict]:
    """The locale an experience is shown in, and its translation into it ({} for its own locale)."""
    locale = tour_locale(spec, requested_locale)
    return locale, spec.get("translations", {}).get(locale, {}) if locale != spec.get("locale", "en") else {}


def _envelope(spec: dict, version: int, locale: str, translation: dict) -> dict:
    """What the SDK gets of every type besides the tour: id, type, version, name, locale and direction."""
    return {"id": spec["id"], "type": spec["type"], "version": version, "name": translation.get("name") or spec["name"],
            "locale": locale, "dir": i18n.direction(locale)}


def render_tour(spec: dict, version: int, requested_locale: str | None) -> dict:
    locale, translation = _in_locale(spec, requested_locale)
    step_texts = translation.get("steps", {})
    steps = []
    for step in spec["steps"]:
        texts = step_texts.get(step["id"], {})
        rendered = {
            "id": step["id"],
            "target": step.get("target"),
            "title": texts.get("title") or step["title"],
            "body_html": markdown_to_html(texts.get("body") or step.get("body", "")),
            "placement": step.get("placement") or ("bottom" if step.get("target") else "center"),
            "advance_on": step.get("advance_on", "next"),
        }
        if step.get("url"):
            rendered["url"] = step["url"]
            rendered["url_pattern"] = glob_regex(step["url"])
        steps.append(rendered)
    return {
        "id": spec["id"],
        "version": version,
        "name": translation.get("name") or spec["name"],
        "auto": bool(spec.get("auto", False)),
        "locale": locale,
        "dir": i18n.direction(locale),
        "steps": steps,
    }


def render_banner(spec: dict, version: int, requested_locale: str | None) -> dict:
    locale, translation = _in_locale(spec, requested_locale)
    button = spec.get("button")
    if button:
        button = {**button, "label": translation.get("button_label") or button["label"]}
    return {
        **_envelope(spec, version, locale, translation),
        "html": markdown_to_html(translation.get("text") or spec["text"]),
        "position": spec.get("position", "top"),
        "style": spec.get("style", "inline"),
        "button": button,
        "dismissible": spec.get("dismissible", True),
    }


def render_survey(spec: dict, version: int, requested_locale: str | None) -> dict:
    locale, translation = _in_locale(spec, requested_locale)
    question = spec["question"]
    rendered = {"kind": question["kind"], "text": translation.get("question") or question["text"]}
    for key in ("low_label", "high_label", "follow_up"):
        if key in question:
            rendered[key] = translation.get(key) or question[key]
    if "choices" in question:
        labels = translation.get("choices", {})
        rendered["choices"] = [{"id": c["id"], "label": labels.get(c["id"]) or c["label"]} for c in question["choices"]]
    return {
        **_envelope(spec, version, locale, translation),
        "question": rendered,
        "thanks": translation.get("thanks") or spec.get("thanks"),
        "trigger": spec.get("trigger") or {"on": "page"},
    }


def render_checklist(spec: dict, version: int, requested_locale: str | None) -> dict:
    locale, translation = _in_locale(spec, requested_locale)
    texts = translation.get("tasks", {})
    tasks = []
    for task in spec["tasks"]:
        own = texts.get(task["id"], {})
        tasks.append({"id": task["id"], "title": own.get("title") or task["title"],
                      "description_html": markdown_to_html(own.get("description") or task.get("description", "")),
                      "action": task.get("action"), "done_on": task.get("done_on")})
    return {
        **_envelope(spec, version, locale, translation),
        "position": spec.get("position", "bottom-start"),
        "tasks": tasks,
    }


def render_hotspots(spec: dict, version: int, requested_locale: str | None) -> dict:
    locale, translation = _in_locale(spec, requested_locale)
    texts = translation.get("hotspots", {})
    spots = []
    for spot in spec["hotspots"]:
        own = texts.get(spot["id"], {})
        rendered = {"id": spot["id"], "target": spot["target"], "corner": spot.get("corner", "top-end"),
                    "title": own.get("title") or spot["title"],
                    "body_html": markdown_to_html(own.get("body") or spot.get("body", ""))}
        if spot.get("tour"):
            rendered["tour"] = spot["tour"]
        spots.append(rendered)
    return {
        **_envelope(spec, version, locale, translation),
        "hotspots": spots,
    }
