"""Admin API for end users and their support requests: lookup, timelines, the inbox."""
from flask_smorest import Blueprint

from ..schemas.analytics import (
    AudiencePreviewInSchema,
    AudiencePreviewSchema,
    EndUserQuerySchema,
    EndUserSchema,
    ExperienceWhyQuerySchema,
    SupportPatchSchema,
    SupportQuerySchema,
    SupportRequestAdminSchema,
    TimelineSchema,
    TourDecisionQuerySchema,
    TourDecisionSchema,
)
from ..services import targeting, user_activity
from ..services.apps import get_app
from .guard import READ, WRITE_CONTENT, roles

blp = Blueprint("admin_end_users", __name__, url_prefix="/api/v1/apps/<int:app_id>",
                description="End users of the app: lookup, timelines, support requests.")


@blp.route("/end-users", methods=["GET"])
@roles(READ)
@blp.arguments(EndUserQuerySchema, location="query")
@blp.response(200, EndUserSchema(many=True))
def find_end_users(args, app_id):
    """End users whose id starts with `q`, most recently seen first."""
    return user_activity.find_end_users(get_app(app_id), args["q"], args["limit"])


@blp.route("/audience/preview", methods=["POST"])
@roles(READ)
@blp.arguments(AudiencePreviewInSchema)
@blp.response(200, AudiencePreviewSchema)
def audience_preview(args, app_id):
    """How many known end users an audience (as a tour file writes it) takes now: the rule builder's count."""
    return targeting.preview_audience(get_app(app_id), args["audience"])


@blp.route("/end-users/<path:user_id>/tours", methods=["GET"])
@roles(READ)
@blp.arguments(TourDecisionQuerySchema, location="query")
@blp.response(200, TourDecisionSchema(many=True))
def tour_decisions(args, app_id, user_id):
    """Each published tour: would this user get it on this page, would it start by itself, and why (not); the
    decision bootstrap makes, on the same rules."""
    return targeting.explain_tours(get_app(app_id), user_id, args["url"])


@blp.route("/experiences/<slug>/why", methods=["GET"])
@roles(READ)
@blp.arguments(ExperienceWhyQuerySchema, location="query")
@blp.response(200, TourDecisionSchema)
def experience_why(args, app_id, slug):
    """Why one published experience does or does not show to an end user on a page: the decision bootstrap makes."""
    return targeting.explain_tours(get_app(app_id), args["user_id"], args["url"], slug)[0]


@blp.route("/end-users/<path:user_id>/timeline", methods=["GET"])
@roles(READ)
@blp.response(200, TimelineSchema)
def timeline(app_id, user_id):
    """Everything one end user did, oldest first: events, searches, votes, support requests, opt-out."""
    return user_activity.user_timeline(get_app(app_id), user_id)


@blp.route("/support-requests", methods=["GET"])
@roles(READ)
@blp.arguments(SupportQuerySchema, location="query")
@blp.response(200, SupportRequestAdminSchema(many=True))
def support_requests(args, app_id):
    """The support inbox, newest first (filter by `status`)."""
    return user_activity.support_inbox(get_app(app_id), args["status"])


@blp.route("/support-requests/<int:request_id>", methods=["GET"])
@roles(READ)
@blp.response(200, SupportRequestAdminSchema)
def support_request(app_id, request_id):
    """One support request, with the article drafted from it."""
    return user_activity.support_request_view(get_app(app_id), request_id)


@blp.route("/support-requests/<int:request_id>", methods=["PATCH"])
@roles(WRITE_CONTENT)
@blp.arguments(SupportPatchSchema)
@blp.response(200, SupportRequestAdminSchema)
def update_support_request(args, app_id, request_id):
    """Close or reopen a support request."""
    return user_activity.set_support_status(get_app(app_id), request_id, args["status"])
