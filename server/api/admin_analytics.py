"""Admin API for analytics: tour funnels and rates, article views and votes, searches (every role reads)."""
from flask_smorest import Blueprint

from ..schemas.analytics import (
    ArticleCommentSchema,
    ArticleStatSchema,
    DateRangeQuerySchema,
    FunnelSchema,
    SearchStatsQuerySchema,
    SearchStatsSchema,
    ToursAnalyticsSchema,
)
from ..services import analytics
from ..services.apps import get_app
from ..services.tours import get_tour
from .guard import READ, roles

blp = Blueprint("admin_analytics", __name__, url_prefix="/api/v1/apps/<int:app_id>/analytics",
                description="Analytics over events, KB feedback and searches; `from`/`to` are UTC days, inclusive.")


@blp.route("/tours", methods=["GET"])
@roles(READ)
@blp.arguments(DateRangeQuerySchema, location="query")
@blp.response(200, ToursAnalyticsSchema)
def tours(args, app_id):
    """Every tour with users started, completed and dismissed, and the opt-out rate."""
    app = get_app(app_id)
    return {"tours": analytics.tour_summaries(app, args["start"], args["end"]),
            "opt_out": analytics.opt_out_rate(app, args["start"], args["end"])}


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
@blp.arguments(DateRangeQuerySchema, location="query")
@blp.response(200, ArticleStatSchema(many=True))
def articles(args, app_id):
    """Every article with its views and "was this helpful?" votes, most viewed first."""
    return analytics.article_stats(get_app(app_id), args["start"], args["end"])


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
    return analytics.search_stats(get_app(app_id), args["start"], args["end"], args["limit"])
