"""What a microsurvey's answer (a `survey_answered` event's `data`) may hold, by the kind of question asked."""

KINDS = ("nps", "csat", "rating", "choice", "text")
SCALES = {"nps": (0, 10), "csat": (1, 5), "rating": (1, 5)}
MAX_TEXT, MAX_CHOICE, MAX_LOCALE = 2000, 100, 35
ANSWER_KEYS = {"question", "score", "choice", "text", "version", "locale"}


def answer_problem(data) -> str | None:
    """Why `data` is not an answer: {question (its kind), score? (on its scale), choice?, text?, version?,
    locale?}; None when it is one. A score is what nps, csat and rating ask; a choice what choice asks."""
    if not isinstance(data, dict):
        return "A survey answer's data is {question, score?, choice?, text?, version?, locale?}."
    if extra := sorted(set(data) - ANSWER_KEYS):
        return f"Unknown key {extra[0]!r} in a survey answer."
    kind = data.get("question")
    if kind not in KINDS:
        return f"question is the kind of question answered: one of {', '.join(KINDS)}."
    score = data.get("score")
    if kind in SCALES:
        low, high = SCALES[kind]
        if isinstance(score, bool) or not isinstance(score, int) or not low <= score <= high:
            return f"A {kind} answer has a whole-number score from {low} to {high}."
    elif score is not None:
        return f"A {kind} answer has no score."
    choice = data.get("choice")
    if kind == "choice" and (not isinstance(choice, str) or not 1 <= len(choice) <= MAX_CHOICE):
        return f"A choice answer names the option chosen (1 to {MAX_CHOICE} characters)."
    if kind != "choice" and choice is not None:
        return f"A {kind} answer has no choice."
    text = data.get("text")
    if text is not None and (not isinstance(text, str) or len(text) > MAX_TEXT):
        return f"text is at most {MAX_TEXT:,} characters."
    if kind == "text" and not (isinstance(text, str) and text.strip()):
        return "A text answer has text."
    version = data.get("version")
    if version is not None and (isinstance(version, bool) or not isinstance(version, int) or version < 1):
        return "version is the survey's version, a whole number from 1."
    locale = data.get("locale")
    if locale is not None and (not isinstance(locale, str) or not 1 <= len(locale) <= MAX_LOCALE):
        return f"locale is a language code (at most {MAX_LOCALE} characters)."
    return None
