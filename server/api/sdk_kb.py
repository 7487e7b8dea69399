"""The SDK's knowledge-base API: search, articles, feedback and support requests (contract section 2)."""
from flask_smorest import Blueprint

from .. import jobs
from ..rules.i18n import language_of
from ..schemas.kb import (
    FeedbackOutSchema,
    FeedbackSchema,
    KbArticleQuerySchema,
    KbSearchQuerySchema,
    SdkArticleSchema,
    SdkCategoriesSchema,
    SearchResultSchema,
    SupportRequestInSchema,
    SupportRequestOutSchema,
)
from ..services.end_users import get_or_create_end_user
from ..services.errors import ServiceError, not_found
from ..services.identity import verified_user_id
from ..services.kb import get_article, help_categories, published_article
from ..services.kb_activity import log_search, record_feedback
from ..services.kb_search import search
from ..services.support import create_support_request
from .sdk_guard import cacheable_json, current_app_record, protect
from .unit_of_work import after_commit

blp = Blueprint("sdk_kb", __name__, url_prefix="/api/v1/sdk", description="Help widget: knowledge base and support.")
protect(blp)


def _optional_user(app, user_id, user_token):
    """Who wrote this vote or logged search: anyone may stay anonymous, except in an app that requires identity,
    where an unproven write would let anyone poison its analytics."""
    if not user_id:
        if app.require_identity:
            raise ServiceError(401, "identity_required", "This app requires a user id and a signed user token.",
                               {"user_id": ["Missing."], "user_token": ["Missing."]})
        return None
    return get_or_create_end_user(app, verified_user_id(app, user_id, user_token))


@blp.route("/kb/search", methods=["GET"])
@blp.arguments(KbSearchQuerySchema(), location="query")
@blp.response(200, SearchResultSchema)
def kb_search(args):
    """Search published articles in the user's language (ranked, typo tolerant); when nothing there matches, in
    the app's default locale, which the help list and articles also fall back to. Every settled search is
    logged (the last query of a typing burst) with the page it was typed on; in an app that requires identity, a
    search is only taken with the user's token."""
    app = current_app_record()
    logged = bool(args["q"].strip())
    user = _optional_user(app, args["user_id"], args["user_token"]) if logged or args["user_id"] else None
    locale = args["locale"]
    result = search(app.id, args["q"], locale, args["limit"], category=args["category"])
    if not result.total and locale and language_of(locale) != language_of(app.default_locale):
        result = search(app.id, args["q"], app.default_locale, args["limit"], category=args["category"])
    if logged:
        log_search(app, user, args["q"].strip(), args["locale"], result.total, args["url"])
    return {"results": result.hits, "total": result.total}


@blp.route("/kb/categories", methods=["GET"])
@blp.arguments(KbArticleQuerySchema(), location="query")
@blp.response(200, SdkCategoriesSchema)
def kb_categories(args):
    """The categories to browse, named in the user's language, each with its published articles in that language
    (else the app's default locale)."""
    app = current_app_record()
    listing = help_categories(app, args["locale"] or app.default_locale)
    return cacheable_json(SdkCategoriesSchema().dump({"categories": listing}))


@blp.route("/kb/articles/<slug>", methods=["GET"])
@blp.arguments(KbArticleQuerySchema(), location="query")
@blp.response(200, SdkArticleSchema)
def kb_article(args, slug):
    """One published article in the asked locale, else the app's default locale."""
    app = current_app_record()
    article = published_article(app, slug, args["locale"] or app.default_locale)
    return cacheable_json(SdkArticleSchema().dump(article))


@blp.route("/kb/articles/<int:article_id>/feedback", methods=["POST"])
@blp.arguments(FeedbackSchema())
@blp.response(201, FeedbackOutSchema)
def kb_feedback(args, article_id):
    """"Was this helpful?": a vote, with an optional comment; in an app that requires identity, with the user's
    token."""
    app = current_app_record()
    article = get_article(app, article_id)
    if article.status != "published":
        raise not_found("The article")
    user = _optional_user(app, args["user_id"], args["user_token"])
    return record_feedback(app, article, user, args["helpful"], args["comment"], args["url"])


@blp.route("/support-requests", methods=["POST"])
@blp.arguments(SupportRequestInSchema())
@blp.response(201, SupportRequestOutSchema)
def support_request(args):
    """Ask a person for help; stored with the user's recent tours, articles and searches."""
    app = current_app_record()
    user = get_or_create_end_user(app, verified_user_id(app, args["user_id"], args["user_token"]))
    request = create_support_request(app, user, args["message"], args["email"], args["url"])
    after_commit(jobs.nudge)
    return request
