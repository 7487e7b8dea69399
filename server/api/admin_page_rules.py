"""Admin API: a page rule as the server runs it, for the editor's "Does this URL match?" tester."""
from flask_smorest import Blueprint

from ..rules.url_rules import glob_regex
from ..schemas.tour_spec import PageRuleOutSchema, TourMatchSchema
from .guard import READ, roles

blp = Blueprint("admin_page_rules", __name__, url_prefix="/api/v1/page-rules", description="Page rules.")


@blp.route("", methods=["GET"])
@roles(READ)
@blp.arguments(TourMatchSchema, location="query")
@blp.response(200, PageRuleOutSchema)
def compiled_rule(match):
    """The regular expression the server matches a page rule with (give `url` or `regex`): a glob's must match
    the whole path, a regex's anywhere in it. JavaScript's RegExp reads it as the server does."""
    if "url" in match:
        return {"source": glob_regex(match["url"]), "whole_path": True}
    return {"source": match["regex"], "whole_path": False}
