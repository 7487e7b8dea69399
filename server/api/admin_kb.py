"""Admin API for the knowledge base: categories and articles (editors write, everyone reads)."""
from flask_smorest import Blueprint

from ..schemas.kb import (
    ArticleCreateSchema,
    ArticleImportSchema,
    ArticleOutSchema,
    ArticlePatchSchema,
    ArticleQuerySchema,
    CategorySchema,
    ImportResultSchema,
)
from ..services import kb
from ..services.apps import get_app
from ..services.kb_gaps import link_gap
from ..services.user_activity import link_drafted_article
from .guard import READ, WRITE_CONTENT, roles

blp = Blueprint("admin_kb", __name__, url_prefix="/api/v1/apps/<int:app_id>/kb", description="Knowledge base.")


@blp.route("/categories", methods=["GET"])
@roles(READ)
@blp.response(200, CategorySchema(many=True))
def list_categories(app_id):
    """Every category, in order."""
    return kb.list_categories(get_app(app_id))


@blp.route("/categories", methods=["PUT"])
@roles(WRITE_CONTENT)
@blp.arguments(CategorySchema)
@blp.response(200, CategorySchema)
def save_category(args, app_id):
    """Create or update a category by slug."""
    return kb.save_category(get_app(app_id), args)


@blp.route("/categories/<slug>", methods=["DELETE"])
@roles(WRITE_CONTENT)
@blp.response(204)
def delete_category(app_id, slug):
    """Delete a category; its articles stay, uncategorised."""
    kb.delete_category(kb.get_category(get_app(app_id), slug))


@blp.route("/articles", methods=["GET"])
@roles(READ)
@blp.arguments(ArticleQuerySchema, location="query")
@blp.response(200, ArticleOutSchema(many=True))
def list_articles(args, app_id):
    """Every article (filter by locale or status)."""
    return kb.list_articles(get_app(app_id), args["locale"], args["status"])


@blp.route("/articles", methods=["POST"])
@roles(WRITE_CONTENT)
@blp.arguments(ArticleCreateSchema)
@blp.response(201, ArticleOutSchema)
def create_article(args, app_id):
    """Create an article in one locale (a translation shares its slug); with `gap`, it answers that content gap;
    with `support_request_id`, it is linked to the support request it was drafted from."""
    app = get_app(app_id)
    gap, request_id = args.pop("gap"), args.pop("support_request_id")
    article = kb.save_article(app, args)
    if gap:
        link_gap(app, article, gap["query"], gap["language"], gap["page"])
    if request_id:
        link_drafted_article(app, request_id, article)
    return article


@blp.route("/import", methods=["POST"])
@roles(WRITE_CONTENT)
@blp.arguments(ArticleImportSchema)
@blp.response(200, ImportResultSchema)
def import_articles(args, app_id):
    """Create or update many articles by slug and locale (what `waypost kb import` sends)."""
    app = get_app(app_id)
    results = []
    for data in args["articles"]:
        article, action = kb.import_article(app, data)
        results.append({"slug": article.slug, "locale": article.locale, "id": article.id, "action": action})
    return {"results": results}


@blp.route("/articles/<int:article_id>", methods=["GET"])
@roles(READ)
@blp.response(200, ArticleOutSchema)
def get_article(app_id, article_id):
    """One article."""
    return kb.get_article(get_app(app_id), article_id)


@blp.route("/articles/<int:article_id>", methods=["PATCH"])
@roles(WRITE_CONTENT)
@blp.arguments(ArticlePatchSchema)
@blp.response(200, ArticleOutSchema)
def update_article(args, app_id, article_id):
    """Change an article; search and rendering follow at once."""
    app = get_app(app_id)
    return kb.save_article(app, args, kb.get_article(app, article_id))


@blp.route("/articles/<int:article_id>/publish", methods=["POST"])
@roles(WRITE_CONTENT)
@blp.response(200, ArticleOutSchema)
def publish_article(app_id, article_id):
    """Publish: the article is searchable and shown on its pages."""
    return kb.set_status(kb.get_article(get_app(app_id), article_id), "published")


@blp.route("/articles/<int:article_id>/unpublish", methods=["POST"])
@roles(WRITE_CONTENT)
@blp.response(200, ArticleOutSchema)
def unpublish_article(app_id, article_id):
    """Back to draft."""
    return kb.set_status(kb.get_article(get_app(app_id), article_id), "draft")


@blp.route("/articles/<int:article_id>", methods=["DELETE"])
@roles(WRITE_CONTENT)
@blp.response(204)
def delete_article(app_id, article_id):
    """Delete an article (its feedback goes with it)."""
    kb.delete_article(kb.get_article(get_app(app_id), article_id))
