"""Admin API for analytics: tour funnels and rates, article views and votes, searches (every role reads)."""
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from ..schemas.analytics import (
    AlertSchema,
    AnsweredGapSchema,
    ArticleCommentSchema,
    ArticleStatSchema,
    BannerSummarySchema,
    ChecklistResultsSchema,
    ChecklistTaskStatSchema,
    ContentGapSchema,
    ContentGapsSchema,
    DateRangeQuerySchema,
    ExportQuerySchema,
    FunnelSchema,
    GapQuerySchema,
    GoalResultsSchema,
    HelpfulnessPeriodSchema,
    HelpfulnessTrendsSchema,
    KpiChannelSchema,
    KpiLanguageSchema,
    KpiPeriodSchema,
    KpiQuerySchema,
    MissingTargetSchema,
    RebuildSchema,
    SearchQueryStatSchema,
    SearchStatsQuerySchema,
    SearchStatsSchema,
    SelfServiceSchema,
    SurveyAnswerSchema,
    SurveyResultsQuerySchema,
    SurveyResultsSchema,
    SurveySummarySchema,
    TourPeriodSchema,
    ToursAnalyticsSchema,
    TourSummarySchema,
    TourTrendsSchema,
    TrendQuerySchema,
)
from ..services import analytics
from ..services.alerts import recent_alerts
from ..services.apps import get_app
from ..services.checklist_results import checklist_results
from ..services.goal_results import goal_results
from ..services.kb_gaps import content_gaps
from ..services.rollups import rebuild_app_rollups
from ..services.self_service import self_service_kpis
from ..services.survey_results import survey_results, survey_summaries
from ..services.tours import get_tour
from .csv_export import csv_response
from .guard import OWN, READ, roles

blp = Blueprint("admin_analytics", __name__, url_prefix="/api/v1/apps/<int:app_id>/analytics",
                description="Analytics over events, KB feedback and searches; `from`/`to` are UTC days, inclusive. "
                            "Every table is also a CSV file with `format=csv`.")


def _csv(rows: list[dict], schema: Schema, name: str, lead: tuple[str, ...] = ()):
    """The rows as the schema dumps them, in its flat fields' order (after `lead`, columns of their own)."""
    columns = [*lead, *(n for n, f in schema.fields.items() if not isinstance(f, (fields.Nested, fields.List,
                                                                                  fields.Dict)) and n not in lead)]
    return csv_response(({**row, **schema.dump(row)} for row in rows), columns, name)


def _series_csv(items: list[dict], keys: tuple[str, ...], schema: Schema, name: str):
    """A row per item and period: the item's `keys`, then the period's figures."""
    rows = [{**{k: item[k] for k in keys}, **period} for item in items for period in item["series"]]
    return _csv(rows, schema, name, (*keys, "period"))


@blp.route("/tours", methods=["GET"])
@roles(READ)
@blp.arguments(ExportQuerySchema, location="query")
@blp.response(200, ToursAnalyticsSchema)
def tours(args, app_id):
    """Every tour with users started, completed and dismissed, and the opt-out rate."""
    app = get_app(app_id)
    if args["format"] == "csv":
        return _csv(analytics.tour_summaries(app, args["start"], args["end"]), TourSummarySchema(), "tours")
    return {"tours": analytics.tour_summaries(app, args["start"], args["end"]),
            "opt_out": analytics.opt_out_rate(app, args["start"], args["end"])}


@blp.route("/banners", methods=["GET"])
@roles(READ)
@blp.arguments(ExportQuerySchema, location="query")
@blp.response(200, BannerSummarySchema(many=True))
def banners(args, app_id):
    """Every banner with the users who saw it, clicked its button and closed it."""
    summaries = analytics.banner_summaries(get_app(app_id), args["start"], args["end"])
    return _csv(summaries, BannerSummarySchema(), "banners") if args["format"] == "csv" else summaries


@blp.route("/surveys", methods=["GET"])
@roles(READ)
@blp.response(200, SurveySummarySchema(many=True))
def surveys(app_id):
    """Every survey with its responses and score (NPS, CSAT or average), over all time."""
    return survey_summaries(get_app(app_id))


@blp.route("/surveys/<slug>", methods=["GET"])
@roles(READ)
@blp.arguments(SurveyResultsQuerySchema, location="query")
@blp.response(200, SurveyResultsSchema)
def survey(args, app_id, slug):
    """One survey's results: score, distribution, trend per day or week, and the answers' text (CSV: the
    answers), for every locale or one."""
    results = survey_results(get_app(app_id), slug, args["start"], args["end"], args["interval"], args["locale"])
    if args["format"] == "csv":
        return _csv(results["answers"], SurveyAnswerSchema(), f"survey-{slug}")
    return results


@blp.route("/checklists/<slug>", methods=["GET"])
@roles(READ)
@blp.arguments(ExportQuerySchema, location="query")
@blp.response(200, ChecklistResultsSchema)
def checklist(args, app_id, slug):
    """One checklist: users, completion per task and of the whole list, median time to complete, and drop-off
    (CSV: the tasks)."""
    results = checklist_results(get_app(app_id), slug)
    return _csv(results["tasks"], ChecklistTaskStatSchema(), f"checklist-{slug}") if args["format"] == "csv" \
        else results


@blp.route("/hotspots/<slug>", methods=["GET"])
@roles(READ)
@blp.arguments(ExportQuerySchema, location="query")
@blp.response(200, ChecklistResultsSchema)
def hotspots(args, app_id, slug):
    """One set of hotspots, as a checklist's results: `tasks` are its hotspots and `done` the users who opened
    each; `completed` those who opened them all (CSV: the hotspots)."""
    results = checklist_results(get_app(app_id), slug, "hotspot")
    return _csv(results["tasks"], ChecklistTaskStatSchema(), f"hotspots-{slug}") if args["format"] == "csv" \
        else results


@blp.route("/experiences/<slug>/goal", methods=["GET"])
@roles(READ)
@blp.response(200, GoalResultsSchema)
def goal(app_id, slug):
    """Did it work: the goal's rate among users shown the experience and among its holdout, the difference and its
    95% confidence interval (how it is worked out: README)."""
    return goal_results(get_app(app_id), slug)


@blp.route("/tours/<slug>", methods=["GET"])
@roles(READ)
@blp.arguments(DateRangeQuerySchema, location="query")
@blp.response(200, FunnelSchema)
def tour_funnel(args, app_id, slug):
    """One tour's funnel: started, each step viewed and dropped, completed, dismissed, targets missing."""
    app = get_app(app_id)
    get_tour(app, slug)
    return analytics.tour_funnel(app, slug, args["start"], args["end"])


@blp.route("/articles", methods=["GET"])
@roles(READ)
@blp.arguments(ExportQuerySchema, location="query")
@blp.response(200, ArticleStatSchema(many=True))
def articles(args, app_id):
    """Every article with its views and "was this helpful?" votes, most viewed first."""
    stats = analytics.article_stats(get_app(app_id), args["start"], args["end"])
    return _csv(stats, ArticleStatSchema(), "articles") if args["format"] == "csv" else stats


@blp.route("/articles/<int:article_id>/comments", methods=["GET"])
@roles(READ)
@blp.arguments(DateRangeQuerySchema, location="query")
@blp.response(200, ArticleCommentSchema(many=True))
def article_comments(args, app_id, article_id):
    """What readers said was missing from one article, newest first, with their vote, locale and page."""
    return analytics.article_comments(get_app(app_id), article_id, args["start"], args["end"])


@blp.route("/searches", methods=["GET"])
@roles(READ)
@blp.arguments(SearchStatsQuerySchema, location="query")
@blp.response(200, SearchStatsSchema)
def searches(args, app_id):
    """Top searches and searches that found nothing, grouped by normalized text."""
    stats = analytics.search_stats(get_app(app_id), args["start"], args["end"], args["limit"])
    if args["format"] == "csv":
        return _csv(stats[args["table"]], SearchQueryStatSchema(), f"searches-{args['table']}")
    return stats


@blp.route("/kpis", methods=["GET"])
@roles(READ)
@blp.arguments(KpiQuerySchema, location="query")
@blp.response(200, SelfServiceSchema)
def self_service(args, app_id):
    """Is self-service working: help sessions, resolution rate, deflection, search success, helpfulness and
    support requests, in total, per day or week, per language and per channel (how each is counted: README)."""
    kpis = self_service_kpis(get_app(app_id), args["start"], args["end"], args["interval"], args["language"],
                             args["channel"])
    if args["format"] == "csv":
        schema, lead = {"series": (KpiPeriodSchema(), ("period",)), "by_language": (KpiLanguageSchema(), ("language",)),
                        "by_channel": (KpiChannelSchema(), ("channel",))}[args["table"]]
        return _csv(kpis[args["table"]], schema, f"self-service-{args['table'].replace('_', '-')}", lead)
    return kpis


@blp.route("/tours/trends", methods=["GET"])
@roles(READ)
@blp.arguments(TrendQuerySchema, location="query")
@blp.response(200, TourTrendsSchema)
def tour_trends(args, app_id):
    """Per tour and day or week: users started, completed, dismissed, completion rate; opt-outs per period."""
    trends = analytics.tour_trends(get_app(app_id), args["start"], args["end"], args["interval"])
    if args["format"] == "csv":
        return _series_csv(trends["tours"], ("tour_id", "name"), TourPeriodSchema(), "tour-trends")
    return trends


@blp.route("/articles/helpfulness", methods=["GET"])
@roles(READ)
@blp.arguments(TrendQuerySchema, location="query")
@blp.response(200, HelpfulnessTrendsSchema)
def helpfulness_trends(args, app_id):
    """Per article translation with votes: votes and helpfulness (yes ÷ votes) per day or week."""
    trends = analytics.helpfulness_trends(get_app(app_id), args["start"], args["end"], args["interval"])
    if args["format"] == "csv":
        return _series_csv(trends["articles"], ("article_id", "slug", "locale", "title"), HelpfulnessPeriodSchema(),
                           "article-helpfulness")
    return trends


@blp.route("/gaps", methods=["GET"])
@roles(READ)
@blp.arguments(GapQuerySchema, location="query")
@blp.response(200, ContentGapsSchema)
def gaps(args, app_id):
    """The content-gap inbox: searches that found nothing or after which nothing was opened, by normalized query,
    language and page, most users first; and the gaps an article answers, with how their searches went since."""
    found = content_gaps(get_app(app_id), args["start"], args["end"], args["limit"])
    if args["format"] == "csv":
        schema = ContentGapSchema() if args["table"] == "open" else AnsweredGapSchema()
        return _csv(found[args["table"]], schema, f"content-gaps-{args['table']}")
    return found


@blp.route("/alerts", methods=["GET"])
@roles(READ)
@blp.response(200, AlertSchema(many=True))
def alerts(app_id):
    """The latest alerts (a published step whose target many users could not find in an hour), newest first, with
    their delivery to the app's webhook."""
    return recent_alerts(get_app(app_id))


@blp.route("/missing-targets", methods=["GET"])
@roles(READ)
@blp.arguments(ExportQuerySchema, location="query")
@blp.response(200, MissingTargetSchema(many=True))
def missing_targets(args, app_id):
    """Tour steps whose target was not on the page: per step, users, selector, pages and when last; the broken
    steps a tour's authors should look at."""
    rows = analytics.missing_targets(get_app(app_id), args["start"], args["end"])
    return _csv(rows, MissingTargetSchema(), "missing-targets") if args["format"] == "csv" else rows


@blp.route("/rebuild", methods=["POST"])
@roles(OWN)
@blp.response(200, RebuildSchema)
def rebuild(app_id):
    """Recount the daily rollups every chart reads from the raw events (owners only); with retention on, only the
    days whose raw events are all kept. What `waypost analytics rebuild` does."""
    return rebuild_app_rollups(get_app(app_id))
