"""Admin API for previews: Markdown rendered exactly as end users will get it (sanitized)."""
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from ..services.apps import get_app
from ..services.sanitize import article_to_html, dropped_markup, markdown_to_html
from .guard import READ, roles

blp = Blueprint("admin_preview", __name__, url_prefix="/api/v1/apps/<int:app_id>/preview",
                description="Previews of authored content.")


class MarkdownPreviewSchema(Schema):
    markdown = fields.String(required=True, validate=validate.Length(max=200_000))
    kind = fields.String(load_default="tour", validate=validate.OneOf(["tour", "article"]),
                         metadata={"description": "tour step bodies allow no raw HTML; articles allow media"})


class HtmlSchema(Schema):
    html = fields.String()
    dropped = fields.List(fields.String(), metadata={
        "description": "Articles: each kind of element or attribute the sanitizer removes, with a count."})


@blp.route("/markdown", methods=["POST"])
@roles(READ)
@blp.arguments(MarkdownPreviewSchema)
@blp.response(200, HtmlSchema)
def markdown(args, app_id):
    """The sanitized HTML that a tour step body or an article body becomes."""
    app = get_app(app_id)
    if args["kind"] == "article":
        hosts = tuple(app.iframe_hosts or ())
        return {"html": article_to_html(args["markdown"], hosts), "dropped": dropped_markup(args["markdown"], hosts)}
    return {"html": markdown_to_html(args["markdown"])}
