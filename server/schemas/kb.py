"""Wire format of the knowledge base, for the admin API, the SDK and `waypost kb import`."""
from marshmallow import Schema, fields, validate

from ..rules.i18n import direction
from .email import PlainEmail
from .limits import DB_INT_MAX
from .tour_spec import SLUG, ClientLocale, Locale, TourMatchSchema


class CategorySchema(Schema):
    id = fields.Integer(dump_only=True)
    slug = fields.String(required=True, validate=[validate.Length(max=100), validate.Regexp(SLUG)])
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    names = fields.Dict(keys=Locale(), values=fields.String(validate=validate.Length(min=1, max=200)),
                        load_default=dict)
    position = fields.Integer(load_default=0, validate=validate.Range(min=0, max=100000))


class ArticleInSchema(Schema):
    slug = fields.String(required=True, validate=[validate.Length(max=100), validate.Regexp(SLUG)])
    locale = Locale(required=True)
    title = fields.String(required=True, validate=validate.Length(min=1, max=300))
    body = fields.String(load_default="", validate=validate.Length(max=200_000))
    faq_answer = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500))
    category = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=100))
    pages = fields.List(fields.Nested(TourMatchSchema), load_default=list, validate=validate.Length(max=50))
    priority = fields.Integer(load_default=0, validate=validate.Range(min=-1000, max=1000))
    status = fields.String(load_default="draft", validate=validate.OneOf(["draft", "published"]))
    review_by = fields.Date(load_default=None, allow_none=True,
                            metadata={"description": "Check the article again by this day (it is flagged after)."})


LANGUAGE = validate.Regexp(r"^([a-z]{2,3}|unknown)$", error="An ISO 639 language code (such as th), or unknown.")


class GapLinkSchema(Schema):
    """The content gap (from the gap inbox) a new article answers."""

    query = fields.String(required=True, validate=validate.Length(min=1, max=500))
    language = fields.String(required=True, validate=LANGUAGE)
    page = fields.String(load_default="", validate=validate.Length(max=2048))


class ArticleCreateSchema(ArticleInSchema):
    gap = fields.Nested(GapLinkSchema, load_default=None,
                        metadata={"description": "Written for this gap of the gap inbox: it is marked answered."})
    support_request_id = fields.Integer(load_default=None, validate=validate.Range(min=1, max=DB_INT_MAX),
                                        metadata={"description": "Drafted from this support request: linked to it."})


class ArticlePatchSchema(ArticleInSchema):
    """Only the fields given change; no defaults are filled in."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, partial=True, **kwargs)


class ArticleOutSchema(Schema):
    id = fields.Integer()
    slug = fields.String()
    locale = fields.String()
    title = fields.String()
    body = fields.String()
    body_html = fields.String()
    faq_answer = fields.String(allow_none=True)
    category = fields.Function(lambda a: a.category.slug if a.category else None)
    pages = fields.List(fields.Dict())
    priority = fields.Integer()
    status = fields.String()
    translations = fields.Function(lambda a: [t.locale for t in a.translations])
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    published_at = fields.DateTime(allow_none=True)
    review_by = fields.Date(allow_none=True)
    content_updated_at = fields.DateTime(allow_none=True)
    freshness = fields.Dict(metadata={"description": "review_overdue, behind_source (a translation older than "
                                                     "its source), source_locale."})


class ArticleQuerySchema(Schema):
    locale = Locale(load_default=None)
    status = fields.String(load_default=None, validate=validate.OneOf(["draft", "published"]))


# SDK

class SdkArticleSummarySchema(Schema):
    id = fields.Integer()
    slug = fields.String()
    title = fields.String()
    locale = fields.String()
    faq_answer = fields.String(allow_none=True)


class SdkCategorySchema(Schema):
    slug = fields.String()
    name = fields.String(metadata={"description": "In the user's language when the category has that name."})
    articles = fields.List(fields.Nested(SdkArticleSummarySchema))


class SdkCategoriesSchema(Schema):
    categories = fields.List(fields.Nested(SdkCategorySchema))


class SdkArticleSchema(SdkArticleSummarySchema):
    body_html = fields.String()
    category = fields.Function(lambda a: a.category.slug if a.category else None)
    updated_at = fields.Function(lambda a: (a.content_updated_at or a.updated_at).isoformat(),
                                 metadata={"description": "When its title, body or short answer last changed."})
    dir = fields.Function(lambda a: direction(a.locale))


class KbSearchQuerySchema(Schema):
    q = fields.String(required=True, validate=validate.Length(max=200))
    locale = ClientLocale(load_default=None)
    limit = fields.Integer(load_default=10, validate=validate.Range(min=1, max=50))
    user_id = fields.String(load_default=None, validate=validate.Length(min=1, max=255))
    user_token = fields.String(load_default=None, validate=validate.Length(max=4096))
    url = fields.String(load_default=None, validate=validate.Length(max=2048),
                        metadata={"description": "The page the search is typed on (path and query)."})
    category = fields.String(load_default=None, validate=[validate.Length(max=100), validate.Regexp(SLUG)],
                             metadata={"description": "Only articles of this category (its slug)."})
    key = fields.String(load_default=None)


class KbArticleQuerySchema(Schema):
    locale = ClientLocale(load_default=None)
    key = fields.String(load_default=None)


class SearchHitSchema(Schema):
    id = fields.Integer(attribute="article_id")
    slug = fields.String()
    title = fields.String()
    locale = fields.String()
    snippet_html = fields.String()
    score = fields.Float()


class SearchResultSchema(Schema):
    results = fields.List(fields.Nested(SearchHitSchema))
    total = fields.Integer()


class FeedbackSchema(Schema):
    user_id = fields.String(load_default=None, validate=validate.Length(min=1, max=255))
    user_token = fields.String(load_default=None, validate=validate.Length(max=4096))
    helpful = fields.Boolean(required=True)
    comment = fields.String(load_default=None, validate=validate.Length(max=2000))
    url = fields.String(load_default=None, validate=validate.Length(max=2048),
                        metadata={"description": "The page the reader was on."})


class SupportRequestInSchema(Schema):
    user_id = fields.String(required=True, validate=validate.Length(min=1, max=255))
    user_token = fields.String(load_default=None, validate=validate.Length(max=4096))
    message = fields.String(required=True, validate=validate.Length(min=1, max=10_000))
    email = PlainEmail(load_default=None)
    url = fields.String(load_default=None, validate=validate.Length(max=2048))


class SupportRequestOutSchema(Schema):
    id = fields.Integer()
    status = fields.String()
    created_at = fields.DateTime()


class ArticleImportSchema(Schema):
    articles = fields.List(fields.Nested(ArticleInSchema), required=True, validate=validate.Length(min=1, max=1000))


class ImportResultSchema(Schema):
    results = fields.List(fields.Dict())


class FeedbackOutSchema(Schema):
    id = fields.Integer()
    created_at = fields.DateTime()
