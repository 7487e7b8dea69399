"""What a microsurvey's answers say: the score (NPS: promoters − detractors; CSAT: share satisfied; a rating: its
average), its distribution and trend, and the answers' text; per locale when asked. Each user counts once: their
latest answer in the range."""
from datetime import datetime

from sqlalchemy import select

from ..extensions import db
from ..models import App, EndUser, Event, Tour
from ..rules.periods import period_of, periods
from .analytics import percent
from .errors import ServiceError
from .tours import shown_spec

TEXTS_KEPT = 500  # the newest answers with text that the results list


def _score(kind: str, values: list[int]) -> dict:
    """The headline figure of these scores, for the question's kind."""
    answered = len(values)
    if kind == "nps":
        promoters, detractors = sum(v >= 9 for v in values), sum(v <= 6 for v in values)
        nps = round(100 * (promoters - detractors) / answered, 1) if answered else None
        return {"nps": nps, "promoters": promoters, "passives": answered - promoters - detractors,
                "detractors": detractors}
    if kind == "csat":
        satisfied = sum(v >= 4 for v in values)
        return {"csat": percent(satisfied, answered), "satisfied": satisfied}
    if kind == "rating":
        return {"average": round(sum(values) / answered, 2) if answered else None}
    return {}


def survey_results(app: App, slug: str, start: datetime | None, end: datetime | None, interval: str,
                   locale: str | None) -> dict:
    survey = db.session.scalar(select(Tour).filter_by(app_id=app.id, slug=slug, type="survey"))
    if survey is None:
        raise ServiceError(404, "not_found", "No survey has this id.")
    spec = shown_spec(survey)
    kind = spec["question"]["kind"]
    conditions = [Event.app_id == app.id, Event.type == "survey_answered", Event.tour_id == slug]
    conditions += [c for c in (Event.client_ts >= start if start else None, Event.client_ts < end if end else None)
                   if c is not None]
    rows = db.session.execute(
        select(Event.end_user_id, EndUser.external_id, Event.client_ts, Event.tour_version, Event.data)
        .join(EndUser, EndUser.id == Event.end_user_id).where(*conditions)
        .order_by(Event.client_ts, Event.id))
    latest: dict[int, tuple] = {}
    for user_id, external_id, at, version, data in rows:
        latest[user_id] = (external_id, at, version, data or {})
    locales = sorted({data.get("locale") or "unknown" for _, _, _, data in latest.values()})
    answers = [a for a in latest.values() if locale is None or (a[3].get("locale") or "unknown") == locale]
    scored = [a[3]["score"] for a in answers if isinstance(a[3].get("score"), int)]
    by_period: dict[str, list] = {}
    for _, at, _, data in answers:
        by_period.setdefault(period_of(at, interval), []).append(data)
    series = []
    for period in periods(start, end, interval, set(by_period)):
        datas = by_period.get(period, [])
        values = [d["score"] for d in datas if isinstance(d.get("score"), int)]
        series.append({"period": period, "responses": len(datas), **_score(kind, values)})
    if kind in ("nps", "csat", "rating"):
        low = 0 if kind == "nps" else 1
        high = 10 if kind == "nps" else 5
        distribution = [{"value": str(v), "responses": scored.count(v)} for v in range(low, high + 1)]
    elif kind == "choice":
        picked = [a[3].get("choice") for a in answers]
        distribution = [{"value": c["id"], "label": c["label"], "responses": picked.count(c["id"])}
                        for c in spec["question"]["choices"]]
    else:
        distribution = []
    texts = [{"at": at, "user_id": external_id, "score": data.get("score"), "choice": data.get("choice"),
              "text": data["text"], "locale": data.get("locale"), "version": version}
             for external_id, at, version, data in reversed(answers) if (data.get("text") or "").strip()]
    return {"survey_id": slug, "name": spec["name"], "kind": kind, "question": spec["question"]["text"],
            "responses": len(answers), **_score(kind, scored), "distribution": distribution, "series": series,
            "answers": texts[:TEXTS_KEPT], "locales": locales, "interval": interval}


def survey_summaries(app: App) -> list[dict]:
    """Every survey of the app with its responses and headline score, over all time."""
    return [{key: value for key, value in survey_results(app, slug, None, None, "week", None).items()
             if key not in ("distribution", "series", "answers", "locales", "interval")}
            for slug in db.session.scalars(select(Tour.slug).filter_by(app_id=app.id, type="survey")
                                           .order_by(Tour.slug))]
