"""Analytics over the event log and KB activity: tour funnels, rates, article and search stats.

Every count of people is of distinct end users; percentages are of the users who started
(or of the relevant total), rounded to one decimal, and None when that total is zero.
`start` is inclusive and `end` exclusive; either may be None for an open range. Counts of events come from the daily
rollups (event_days), so ranges are whole UTC days: a time inside a day counts from that day's start.
"""
from datetime import UTC, datetime

from sqlalchemy import case, func, literal_column, select

from ..extensions import db
from ..models import ActiveMonth, App, EndUser, Event, EventDay, KbArticle, KbFeedback, KbSearch, Tour
from ..models.rollups import NONE
from ..rules.periods import period_of, periods
from .active_users import active_user_ids, active_users
from .errors import not_found
from .sql import day_text, period_column
from .tours import shown_spec

FUNNEL_TYPES = ("tour_started", "step_viewed", "tour_completed", "tour_dismissed", "step_target_missing")


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _in_range(column, start: datetime | None, end: datetime | None) -> list:
    return [c for c in (column >= start if start else None, column < end if end else None) if c is not None]


def _events(app: App, start, end, *conditions):
    return [Event.app_id == app.id, *_in_range(Event.client_ts, start, end), *conditions]


def _day(moment: datetime | None):
    return moment.astimezone(UTC).date() if moment else None


def _rolled(app: App, start, end, *conditions):
    """The app's rollup rows in the range of days, with these conditions."""
    return [EventDay.app_id == app.id, *_in_range(EventDay.day, _day(start), _day(end)), *conditions]


def _tour_steps(app: App, slug: str) -> list[dict]:
    """The steps users see now: the live version's, else the draft's; [] for a deleted tour."""
    tour = db.session.scalar(select(Tour).filter_by(app_id=app.id, slug=slug))
    if tour is None:
        return []
    return shown_spec(tour).get("steps", [])


def tour_funnel(app: App, tour_slug: str, start: datetime | None = None, end: datetime | None = None) -> dict:
    """Started → each step viewed → completed, with where users stopped.

    A step's drop-off is the users whose furthest step it was and who did not complete;
    steps seen in events but no longer in the tour follow the current ones.
    """
    scope = _rolled(app, start, end, EventDay.subject == tour_slug)
    per_step = case((EventDay.type.in_(("step_viewed", "step_target_missing")), EventDay.step_id),
                    else_=literal_column(f"'{NONE}'"))
    users = {(kind, step or None): n for kind, step, n in db.session.execute(
        select(EventDay.type, per_step, func.count(EventDay.end_user_id.distinct()))
        .where(*scope, EventDay.type.in_(FUNNEL_TYPES)).group_by(EventDay.type, per_step))}
    started, completed, dismissed = (users.get((kind, None), 0)
                                     for kind in ("tour_started", "tour_completed", "tour_dismissed"))

    titles = {s["id"]: s.get("title") for s in _tour_steps(app, tour_slug)}
    seen = sorted({step for kind, step in users if kind == "step_viewed" and step and step not in titles})
    order = list(titles) + seen
    drop_offs = _furthest_steps(scope, order)
    steps = []
    for index, step_id in enumerate(order):
        viewed, drop_off = users.get(("step_viewed", step_id), 0), drop_offs.get(index, 0)
        steps.append({"step_id": step_id, "title": titles.get(step_id), "viewed": viewed,
                      "viewed_pct": percent(viewed, started),
                      "drop_off": drop_off, "drop_off_pct": percent(drop_off, started)})
    missing = {step: n for (kind, step), n in users.items() if kind == "step_target_missing" and step}
    return {
        "tour_id": tour_slug, "started": started, "steps": steps,
        "completed": completed, "dismissed": dismissed,
        "completion_rate": percent(completed, started),
        "dismissal_rate": percent(dismissed, started),
        "target_missing": dict(sorted(missing.items())),
    }


def _furthest_steps(scope: list, order: list[str]) -> dict[int, int]:
    """Step index → users whose furthest step viewed (in `order`) it is, and who did not complete."""
    if not order:
        return {}
    index = case({step: i for i, step in enumerate(order)}, value=EventDay.step_id)
    per_user = (select(func.max(case((EventDay.type == "step_viewed", index))).label("furthest"),
                       func.max(case((EventDay.type == "tour_completed", 1), else_=0)).label("completed"))
                .where(*scope, EventDay.type.in_(("step_viewed", "tour_completed")))
                .group_by(EventDay.end_user_id).subquery())
    return dict(db.session.execute(
        select(per_user.c.furthest, func.count()).where(per_user.c.completed == 0, per_user.c.furthest.is_not(None))
        .group_by(per_user.c.furthest)).all())


def opt_out_rate(app: App, start: datetime | None = None, end: datetime | None = None) -> dict:
    """Users who opted out of all tours in the range, of the users active in it (any event, or the opt-out)."""
    first, last = _day(start), _day(end)
    opted_out_count, idle = db.session.execute(select(func.count(), func.count().filter(
        ~active_user_ids(app.id, first, last).where(ActiveMonth.end_user_id == EndUser.id).exists()))
        .where(EndUser.app_id == app.id, EndUser.opted_out_at.is_not(None),
               *_in_range(EndUser.opted_out_at, start, end))).one()
    active_count = active_users(app.id, first, last) + idle
    return {"active_users": active_count, "opted_out": opted_out_count, "rate": percent(opted_out_count, active_count)}


def tour_summaries(app: App, start: datetime | None = None, end: datetime | None = None) -> list[dict]:
    """Every tour of the app with how many users started, completed and dismissed it."""
    counts = {
        (tour_id, kind): n for tour_id, kind, n in db.session.execute(
            select(EventDay.subject, EventDay.type, func.count(EventDay.end_user_id.distinct()))
            .where(*_rolled(app, start, end, EventDay.type.in_(("tour_started", "tour_completed", "tour_dismissed"))))
            .group_by(EventDay.subject, EventDay.type))
    }
    summaries = []
    for tour in db.session.scalars(select(Tour).filter_by(app_id=app.id, type="tour").order_by(Tour.slug)):
        started, completed, dismissed = (counts.get((tour.slug, kind), 0)
                                         for kind in ("tour_started", "tour_completed", "tour_dismissed"))
        summaries.append({
            "tour_id": tour.slug, "name": tour.draft.get("name", tour.slug), "status": tour.status,
            "live_version": tour.live_version, "updated_at": tour.updated_at,
            "started": started, "completed": completed, "dismissed": dismissed,
            "completion_rate": percent(completed, started), "dismissal_rate": percent(dismissed, started),
        })
    return summaries


BANNER_EVENTS = ("experience_shown", "banner_clicked", "banner_dismissed")


def banner_summaries(app: App, start: datetime | None = None, end: datetime | None = None) -> list[dict]:
    """Every banner of the app with how many users saw it, clicked its button and closed it."""
    counts = {
        (banner_id, kind): n for banner_id, kind, n in db.session.execute(
            select(EventDay.subject, EventDay.type, func.count(EventDay.end_user_id.distinct()))
            .where(*_rolled(app, start, end, EventDay.type.in_(BANNER_EVENTS)))
            .group_by(EventDay.subject, EventDay.type))
    }
    summaries = []
    for banner in db.session.scalars(select(Tour).filter_by(app_id=app.id, type="banner").order_by(Tour.slug)):
        seen, clicked, dismissed = (counts.get((banner.slug, kind), 0) for kind in BANNER_EVENTS)
        summaries.append({
            "banner_id": banner.slug, "name": banner.draft.get("name", banner.slug), "status": banner.status,
            "live_version": banner.live_version, "seen": seen, "clicked": clicked, "dismissed": dismissed,
            "click_rate": percent(clicked, seen), "dismissal_rate": percent(dismissed, seen),
        })
    return summaries


RECENT_VOTES = 20      # an article's helpfulness of late is that of its last RECENT_VOTES votes…
MIN_RECENT_VOTES = 5   # …once it has this many,
LOW_HELPFULNESS = 50.0  # and it is flagged below this percentage


def _recent_helpfulness(app: App) -> dict[int, tuple[int, float | None]]:
    """Article id → (its last votes counted, the percentage of them that said yes), whatever the date range."""
    recent: dict[int, list[bool]] = {}
    for article_id, helpful in db.session.execute(
            select(KbFeedback.article_id, KbFeedback.helpful).where(KbFeedback.app_id == app.id)
            .order_by(KbFeedback.id.desc())):
        votes = recent.setdefault(article_id, [])
        if len(votes) < RECENT_VOTES:
            votes.append(bool(helpful))
    return {article_id: (len(v), percent(sum(v), len(v))) for article_id, v in recent.items()}


def article_stats(app: App, start: datetime | None = None, end: datetime | None = None) -> list[dict]:
    """Per article: views (events and distinct viewers) and "was this helpful?" votes, most viewed first; and
    its helpfulness over its last votes, flagged when low."""
    views = {
        article_id: (n, viewers) for article_id, n, viewers in db.session.execute(
            select(EventDay.subject, func.sum(EventDay.events), func.count(EventDay.end_user_id.distinct()))
            .where(*_rolled(app, start, end, EventDay.type == "article_viewed", EventDay.subject != NONE))
            .group_by(EventDay.subject))
    }
    votes = {
        article_id: (yes or 0, no or 0, comments or 0) for article_id, yes, no, comments in db.session.execute(
            select(KbFeedback.article_id, func.sum(case((KbFeedback.helpful, 1), else_=0)),
                   func.sum(case((KbFeedback.helpful, 0), else_=1)),
                   func.sum(case((KbFeedback.comment.is_not(None), 1), else_=0)))
            .where(KbFeedback.app_id == app.id, *_in_range(KbFeedback.created_at, start, end))
            .group_by(KbFeedback.article_id))
    }
    recent = _recent_helpfulness(app)
    stats = []
    for article in db.session.scalars(select(KbArticle).filter_by(app_id=app.id)):
        n, viewers = views.get(str(article.id), (0, 0))
        yes, no, comments = votes.get(article.id, (0, 0, 0))
        recent_votes, recent_pct = recent.get(article.id, (0, None))
        stats.append({"recent_votes": recent_votes, "recent_helpful_pct": recent_pct,
                      "low_helpfulness": recent_votes >= MIN_RECENT_VOTES and recent_pct < LOW_HELPFULNESS,
                      "article_id": article.id, "slug": article.slug, "locale": article.locale,
                      "title": article.title, "status": article.status, "views": n, "viewers": viewers,
                      "helpful_yes": yes, "helpful_no": no, "helpful_pct": percent(yes, yes + no),
                      "comments": comments})
    stats.sort(key=lambda s: (-s["views"], -(s["helpful_yes"] + s["helpful_no"]), s["slug"], s["locale"]))
    return stats


def article_comments(app: App, article_id: int, start: datetime | None = None, end: datetime | None = None,
                     limit: int = 200) -> list[dict]:
    """What readers said was missing from one article, newest first: the comment, the vote, the article's
    locale and the page the reader was on."""
    article = db.session.get(KbArticle, article_id)
    if article is None or article.app_id != app.id:
        raise not_found("The article")
    rows = db.session.execute(
        select(KbFeedback, EndUser.external_id).outerjoin(EndUser, EndUser.id == KbFeedback.end_user_id)
        .where(KbFeedback.article_id == article.id, KbFeedback.comment.is_not(None),
               *_in_range(KbFeedback.created_at, start, end))
        .order_by(KbFeedback.created_at.desc(), KbFeedback.id.desc()).limit(limit))
    return [{"comment": f.comment, "helpful": f.helpful, "locale": f.locale, "url": f.url, "user_id": user_id,
             "created_at": f.created_at} for f, user_id in rows]


def search_stats(app: App, start: datetime | None = None, end: datetime | None = None, limit: int = 20) -> dict:
    """The most frequent searches and those that found nothing, grouped by their normalized text."""
    scope = [KbSearch.app_id == app.id, *_in_range(KbSearch.created_at, start, end)]

    def grouped(*extra):
        count = func.count().label("n")
        rows = db.session.execute(
            select(KbSearch.normalized, func.min(KbSearch.query), count, func.count(KbSearch.opened_article_id))
            .where(*scope, *extra).group_by(KbSearch.normalized).order_by(count.desc(), KbSearch.normalized)
            .limit(limit)).all()
        return [{"normalized": normalized, "query": query, "count": n, "opened": opened}
                for normalized, query, n, opened in rows]

    total, zero = db.session.execute(
        select(func.count(), func.coalesce(func.sum(case((KbSearch.result_count == 0, 1), else_=0)), 0))
        .where(*scope)).one()
    return {"total": total, "zero_results": zero, "zero_results_pct": percent(zero, total),
            "top": grouped(), "no_results": grouped(KbSearch.result_count == 0)}


def tour_trends(app: App, start: datetime | None, end: datetime | None, interval: str = "week") -> dict:
    """Per tour and period: users who started, completed and dismissed it, and its completion rate; and the
    users who opted out of all tours, per period."""
    period = period_column(EventDay.day, interval)
    users = {(tour_id, day_text(at), kind): n for tour_id, at, kind, n in db.session.execute(
        select(EventDay.subject, period, EventDay.type, func.count(EventDay.end_user_id.distinct()))
        .where(*_rolled(app, start, end, EventDay.type.in_(("tour_started", "tour_completed", "tour_dismissed"))))
        .group_by(EventDay.subject, period, EventDay.type))}
    opted_out: dict[str, int] = {}
    for (at,) in db.session.execute(select(EndUser.opted_out_at).where(
            EndUser.app_id == app.id, EndUser.opted_out_at.is_not(None), *_in_range(EndUser.opted_out_at, start, end))):
        opted_out[period_of(at, interval)] = opted_out.get(period_of(at, interval), 0) + 1
    seen = {period for _, period, _ in users} | set(opted_out)
    span = periods(start, end, interval, seen)
    tours = []
    for tour in db.session.scalars(select(Tour).filter_by(app_id=app.id, type="tour").order_by(Tour.slug)):
        series = []
        for name in span:
            started, completed, dismissed = (users.get((tour.slug, name, kind), 0)
                                             for kind in ("tour_started", "tour_completed", "tour_dismissed"))
            series.append({"period": name, "started": started, "completed": completed, "dismissed": dismissed,
                           "completion_rate": percent(completed, started)})
        tours.append({"tour_id": tour.slug, "name": tour.draft.get("name", tour.slug), "series": series})
    return {"interval": interval, "tours": tours,
            "opt_outs": [{"period": name, "opted_out": opted_out.get(name, 0)} for name in span]}


def helpfulness_trends(app: App, start: datetime | None, end: datetime | None, interval: str = "week") -> dict:
    """Per article translation with votes in the range: its votes, helpful votes and helpfulness per period."""
    votes: dict[tuple, list[int]] = {}
    for article_id, helpful, at in db.session.execute(
            select(KbFeedback.article_id, KbFeedback.helpful, KbFeedback.created_at)
            .where(KbFeedback.app_id == app.id, *_in_range(KbFeedback.created_at, start, end))):
        tally = votes.setdefault((article_id, period_of(at, interval)), [0, 0])
        tally[0] += 1
        tally[1] += bool(helpful)
    span = periods(start, end, interval, {period for _, period in votes})
    voted = {article_id for article_id, _ in votes}
    articles = []
    for article in db.session.scalars(select(KbArticle).where(KbArticle.id.in_(voted))
                                      .order_by(KbArticle.slug, KbArticle.locale)):
        series = [{"period": period, "votes": n, "helpful": yes, "helpfulness": percent(yes, n)}
                  for period in span for n, yes in [votes.get((article.id, period), (0, 0))]]
        total, yes = sum(p["votes"] for p in series), sum(p["helpful"] for p in series)
        articles.append({"article_id": article.id, "slug": article.slug, "locale": article.locale,
                         "title": article.title, "votes": total, "helpfulness": percent(yes, total), "series": series})
    return {"interval": interval, "articles": articles}


def missing_targets(app: App, start: datetime | None = None, end: datetime | None = None) -> list[dict]:
    """Steps whose target was not on the page, per tour and step: how many users met it, the selector and pages
    (the latest few), and when it last happened; most users first."""
    rows = db.session.execute(
        select(Event.tour_id, Event.step_id, Event.end_user_id, Event.url, Event.data, Event.client_ts)
        .where(*_events(app, start, end, Event.type == "step_target_missing", Event.tour_id.is_not(None)))
        .order_by(Event.client_ts.desc())).all()
    names = {slug: (draft or {}).get("name") or slug for slug, draft in
             db.session.execute(select(Tour.slug, Tour.draft).where(Tour.app_id == app.id))}
    steps: dict[tuple, dict] = {}
    for tour_id, step_id, user, url, data, at in rows:
        step = steps.setdefault((tour_id, step_id), {
            "tour_id": tour_id, "tour_name": names.get(tour_id), "step_id": step_id, "users": set(), "pages": [],
            "selector": (data or {}).get("selector") if isinstance(data, dict) else None, "last_seen_at": at})
        step["users"].add(user)
        page = (url or "").split("?", 1)[0]
        if page and page not in step["pages"] and len(step["pages"]) < 5:
            step["pages"].append(page)
    listed = [{**s, "users": len(s["users"])} for s in steps.values()]
    return sorted(listed, key=lambda s: (-s["users"], s["tour_id"], s["step_id"] or ""))
