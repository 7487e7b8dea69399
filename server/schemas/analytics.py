"""Wire format of the admin analytics, end-user and support-inbox endpoints."""
from datetime import UTC, date, datetime, time, timedelta

from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

from ..models.kb import SUPPORT_STATUSES
from ..rules.help_sessions import CHANNELS
from ..rules.periods import INTERVALS
from .kb import LANGUAGE
from .tour_spec import TourAudienceSchema  # noqa: F401  (named by AudiencePreviewInSchema)

RATE = {"allow_none": True, "metadata": {"description": "Percent, one decimal; null when the total is zero."}}


class DateRangeQuerySchema(Schema):
    """`from` and `to` are UTC days, both included; either may be left out."""

    start = fields.Date(data_key="from", load_default=None, metadata={"example": "2026-11-01"})
    end = fields.Date(data_key="to", load_default=None, metadata={"example": "2026-11-30"})

    @validates_schema
    def ordered(self, data, **kwargs):
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise ValidationError("Must not be before 'from'.", field_name="to")
        if data.get("end") == date.max:  # the range ends at the next midnight, which no date holds
            raise ValidationError("Must be before 9999-12-31; leave 'to' out for no end.", field_name="to")

    @post_load
    def as_datetimes(self, data, **kwargs):
        def midnight(day):
            return datetime.combine(day, time.min, tzinfo=UTC) if day else None

        return {**data, "start": midnight(data["start"]),
                "end": midnight(data["end"] + timedelta(days=1)) if data["end"] else None}


class RebuildSchema(Schema):
    rows = fields.Integer(metadata={"description": "Rollup rows written."})
    help_sessions = fields.Integer(metadata={"description": "Help sessions written."})
    since = fields.Date(data_key="from", allow_none=True,
                        metadata={"description": "The first day recounted; null: every day."})


class FunnelStepSchema(Schema):
    step_id = fields.String()
    title = fields.String(allow_none=True, metadata={"description": "null for a step no longer in the tour."})
    viewed = fields.Integer()
    viewed_pct = fields.Float(**RATE)
    drop_off = fields.Integer(metadata={"description": "Users whose furthest step this was, not completed."})
    drop_off_pct = fields.Float(**RATE)


class FunnelSchema(Schema):
    tour_id = fields.String()
    started = fields.Integer()
    steps = fields.List(fields.Nested(FunnelStepSchema))
    completed = fields.Integer()
    dismissed = fields.Integer()
    completion_rate = fields.Float(**RATE)
    dismissal_rate = fields.Float(**RATE)
    target_missing = fields.Dict(keys=fields.String(), values=fields.Integer(),
                                 metadata={"description": "Step id → users whose page lacked the step's target."})


class TourSummarySchema(Schema):
    tour_id = fields.String()
    name = fields.String()
    status = fields.String()
    live_version = fields.Integer(allow_none=True)
    updated_at = fields.DateTime()
    started = fields.Integer()
    completed = fields.Integer()
    dismissed = fields.Integer()
    completion_rate = fields.Float(**RATE)
    dismissal_rate = fields.Float(**RATE)


class BannerSummarySchema(Schema):
    banner_id = fields.String()
    name = fields.String()
    status = fields.String()
    live_version = fields.Integer(allow_none=True)
    seen = fields.Integer(metadata={"description": "Users shown it (experience_shown)."})
    clicked = fields.Integer(metadata={"description": "Users who clicked its button."})
    dismissed = fields.Integer(metadata={"description": "Users who closed it."})
    click_rate = fields.Float(**RATE)
    dismissal_rate = fields.Float(**RATE)


class OptOutRateSchema(Schema):
    active_users = fields.Integer(metadata={"description": "Users with any event, or who opted out, in the range."})
    opted_out = fields.Integer(metadata={"description": "Users who opted out of all tours in the range."})
    rate = fields.Float(**RATE)


class ToursAnalyticsSchema(Schema):
    tours = fields.List(fields.Nested(TourSummarySchema))
    opt_out = fields.Nested(OptOutRateSchema)


class ArticleStatSchema(Schema):
    article_id = fields.Integer()
    slug = fields.String()
    locale = fields.String()
    title = fields.String()
    status = fields.String()
    views = fields.Integer(metadata={"description": "article_viewed events."})
    viewers = fields.Integer(metadata={"description": "Distinct users who viewed it."})
    helpful_yes = fields.Integer()
    helpful_no = fields.Integer()
    helpful_pct = fields.Float(**RATE)
    comments = fields.Integer(metadata={"description": "Votes that came with a 'What was missing?' comment."})
    recent_votes = fields.Integer(metadata={"description": "Its last votes (at most 20), whatever the range."})
    recent_helpful_pct = fields.Float(**RATE)
    low_helpfulness = fields.Boolean(metadata={"description": "Under 50% helpful over its last votes (5 or more)."})


class ArticleCommentSchema(Schema):
    comment = fields.String()
    helpful = fields.Boolean()
    locale = fields.String()
    url = fields.String(allow_none=True, metadata={"description": "The page the reader was on."})
    user_id = fields.String(allow_none=True)
    created_at = fields.DateTime()


class SearchQueryStatSchema(Schema):
    normalized = fields.String()
    query = fields.String(metadata={"description": "One of the texts typed for this normalized query."})
    count = fields.Integer()
    opened = fields.Integer(metadata={"description": "Searches after which the user opened an article."})


class SearchStatsSchema(Schema):
    total = fields.Integer()
    zero_results = fields.Integer()
    zero_results_pct = fields.Float(**RATE)
    top = fields.List(fields.Nested(SearchQueryStatSchema))
    no_results = fields.List(fields.Nested(SearchQueryStatSchema))


class ExportQuerySchema(DateRangeQuerySchema):
    format = fields.String(load_default="json", validate=validate.OneOf(("json", "csv")),
                           metadata={"description": "`csv`: the table as CSV (UTF-8, a header row) for a spreadsheet."})


class SearchStatsQuerySchema(ExportQuerySchema):
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=200))
    table = fields.String(load_default="top", validate=validate.OneOf(("top", "no_results")),
                          metadata={"description": "Which table `format=csv` exports."})


class KpiQuerySchema(ExportQuerySchema):
    interval = fields.String(load_default="day", validate=validate.OneOf(INTERVALS))
    language = fields.String(data_key="locale", load_default=None, validate=LANGUAGE,
                             metadata={"description": "Only help sessions, searches, votes and support requests in "
                                                      "this language (ISO 639 code, or `unknown`)."})
    channel = fields.String(load_default=None, validate=validate.OneOf(CHANNELS))
    table = fields.String(load_default="series", validate=validate.OneOf(("series", "by_language", "by_channel")),
                          metadata={"description": "Which table `format=csv` exports."})


class SurveyResultsQuerySchema(ExportQuerySchema):
    interval = fields.String(load_default="week", validate=validate.OneOf(INTERVALS))
    locale = fields.String(load_default=None, validate=validate.Regexp(
        r"^([A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}|unknown)$", error="Not a locale code like en, th or pt-BR."),
        metadata={"description": "Only answers given in this locale (or `unknown`)."})


class SurveyScoreFields(Schema):
    responses = fields.Integer(metadata={"description": "Users who answered (each once: their latest answer)."})
    nps = fields.Float(allow_none=True, metadata={"description": "NPS: % promoters (9-10) − % detractors (0-6)."})
    promoters = fields.Integer()
    passives = fields.Integer()
    detractors = fields.Integer()
    csat = fields.Float(allow_none=True, metadata={"description": "CSAT: % of answers 4 or 5."})
    satisfied = fields.Integer()
    average = fields.Float(allow_none=True, metadata={"description": "A rating's average."})


class SurveyPeriodSchema(SurveyScoreFields):
    period = fields.String()


class SurveyAnswerSchema(Schema):
    at = fields.DateTime()
    user_id = fields.String()
    score = fields.Integer(allow_none=True)
    choice = fields.String(allow_none=True)
    text = fields.String()
    locale = fields.String(allow_none=True)
    version = fields.Integer(allow_none=True)


class SurveySummarySchema(SurveyScoreFields):
    survey_id = fields.String()
    name = fields.String()
    kind = fields.String()
    question = fields.String()


class SurveyResultsSchema(SurveySummarySchema):
    distribution = fields.List(fields.Dict(), metadata={"description": "[{value, label?, responses}]"})
    series = fields.List(fields.Nested(SurveyPeriodSchema))
    answers = fields.List(fields.Nested(SurveyAnswerSchema), metadata={"description": "Answers with text, newest "
                                                                                     "first (at most 500)."})
    locales = fields.List(fields.String())
    interval = fields.String()


class ChecklistTaskStatSchema(Schema):
    task_id = fields.String()
    title = fields.String()
    done = fields.Integer(metadata={"description": "Users who have done it."})
    rate = fields.Float(**RATE)


class ChecklistResultsSchema(Schema):
    checklist_id = fields.String()
    name = fields.String()
    opened = fields.Integer(metadata={"description": "Users who opened it (experience_shown)."})
    users = fields.Integer(metadata={"description": "Users with progress in it (opened it, or did one of its tasks)."})
    completed = fields.Integer(metadata={"description": "Users who have done every task."})
    completion_rate = fields.Float(**RATE)
    median_hours_to_complete = fields.Float(allow_none=True, metadata={
        "description": "From the first progress to the last task, median over those who completed it."})
    dismissed = fields.Integer()
    tasks = fields.List(fields.Nested(ChecklistTaskStatSchema))
    drop_off = fields.List(fields.Dict(), metadata={"description": "[{tasks_done, users}]: where users stop."})


class GoalGroupSchema(Schema):
    users = fields.Integer()
    converted = fields.Integer(metadata={"description": "Users who reached the goal within its days."})
    rate = fields.Float(**RATE)


class GoalVariantsSchema(Schema):
    percent_b = fields.Integer(metadata={"description": "The share of users who see version B."})
    a = fields.Nested(GoalGroupSchema, metadata={"description": "Users shown version A (the experience's own)."})
    b = fields.Nested(GoalGroupSchema, metadata={"description": "Users shown version B (its variant)."})
    difference = fields.Float(allow_none=True, metadata={"description": "B − A, percentage points."})
    ci_low = fields.Float(allow_none=True, metadata={"description": "95% confidence interval (Wald)."})
    ci_high = fields.Float(allow_none=True)
    significant = fields.Boolean(metadata={"description": "The interval leaves out 0."})


class GoalResultsSchema(Schema):
    experience_id = fields.String()
    goal = fields.Dict(metadata={"description": "{event or page, within_days}"})
    holdout_percent = fields.Integer()
    shown = fields.Nested(GoalGroupSchema, metadata={"description": "Users it was shown to (from their first show)."})
    holdout = fields.Nested(GoalGroupSchema, metadata={"description": "Users held back (from when first held)."})
    difference = fields.Float(allow_none=True, metadata={"description": "shown − holdout, percentage points."})
    ci_low = fields.Float(allow_none=True, metadata={"description": "95% confidence interval of the difference "
                                                                    "(Wald), percentage points."})
    ci_high = fields.Float(allow_none=True)
    significant = fields.Boolean(metadata={"description": "The interval leaves out 0."})
    variants = fields.Nested(GoalVariantsSchema, metadata={"description": "With an A/B variant: the goal by version."})


class TrendQuerySchema(ExportQuerySchema):
    interval = fields.String(load_default="week", validate=validate.OneOf(INTERVALS))


class KpiFiguresSchema(Schema):
    help_sessions = fields.Integer()
    resolved_sessions = fields.Integer(metadata={"description": "Sessions with an article opened and no support "
                                                                "request within 24 hours."})
    resolution_rate = fields.Float(**RATE)
    escalated_sessions = fields.Integer(metadata={"description": "Sessions followed by a support request."})
    support_requests = fields.Integer()
    support_per_100_sessions = fields.Float(allow_none=True)
    active_users = fields.Integer(allow_none=True, metadata={"description": "End users who sent any event; "
                                                                            "null when filtered."})
    support_per_1000_users = fields.Float(allow_none=True)
    support_after_article = fields.Integer()
    support_after_article_pct = fields.Float(**RATE)
    searches = fields.Integer()
    searches_with_article = fields.Integer()
    search_success_rate = fields.Float(**RATE)
    zero_result_searches = fields.Integer()
    zero_result_rate = fields.Float(**RATE)
    votes = fields.Integer()
    helpful_votes = fields.Integer()
    helpfulness = fields.Float(**RATE)


class KpiPeriodSchema(KpiFiguresSchema):
    period = fields.String(metadata={"description": "The UTC day, or the Monday of the ISO week."})


class KpiLanguageSchema(KpiFiguresSchema):
    language = fields.String()


class KpiChannelSchema(KpiFiguresSchema):
    channel = fields.String()


class SelfServiceSchema(Schema):
    interval = fields.String()
    totals = fields.Nested(KpiFiguresSchema)
    series = fields.List(fields.Nested(KpiPeriodSchema))
    by_language = fields.List(fields.Nested(KpiLanguageSchema))
    by_channel = fields.List(fields.Nested(KpiChannelSchema))


class EndUserSchema(Schema):
    id = fields.String(attribute="external_id")
    traits = fields.Dict()
    first_seen_at = fields.DateTime()
    last_seen_at = fields.DateTime()
    opted_out_at = fields.DateTime(allow_none=True)


class EndUserQuerySchema(Schema):
    q = fields.String(load_default="", validate=validate.Length(max=255),
                      metadata={"description": "The start of the user id (case-sensitive)."})
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


class TimelineItemSchema(Schema):
    kind = fields.String(metadata={"description": "event, search, feedback, support_request or opt_out."})
    at = fields.DateTime(metadata={"description": "Events: the client's time; others: the server's."})
    type = fields.String()
    tour_id = fields.String(allow_none=True)
    tour_name = fields.String(allow_none=True, metadata={"description": "The tour's current name, if it still exists."})
    step_id = fields.String(allow_none=True)
    article_id = fields.String(allow_none=True)
    article_title = fields.String(allow_none=True)
    query = fields.String(allow_none=True)
    url = fields.String(allow_none=True)
    data = fields.Dict(allow_none=True)
    result_count = fields.Integer()
    locale = fields.String(allow_none=True)
    helpful = fields.Boolean()
    comment = fields.String(allow_none=True)
    request_id = fields.Integer()
    message = fields.String()
    email = fields.String(allow_none=True)
    status = fields.String()


class TourProgressSchema(Schema):
    tour_id = fields.String()
    tour_name = fields.String(allow_none=True)
    status = fields.String()
    step_id = fields.String(allow_none=True)
    version = fields.Integer(allow_none=True)
    updated_at = fields.DateTime()


class TimelineSchema(Schema):
    user = fields.Nested(EndUserSchema)
    tours = fields.List(fields.Nested(TourProgressSchema))
    items = fields.List(fields.Nested(TimelineItemSchema))


class SupportRequestAdminSchema(Schema):
    id = fields.Integer(attribute="request.id")
    user_id = fields.String()
    status = fields.String(attribute="request.status")
    message = fields.String(attribute="request.message")
    email = fields.String(attribute="request.email", allow_none=True)
    context = fields.Dict(attribute="request.context")
    created_at = fields.DateTime(attribute="request.created_at")
    webhook_attempts = fields.Integer(attribute="request.webhook_attempts")
    webhook_delivered_at = fields.DateTime(attribute="request.webhook_delivered_at", allow_none=True)
    webhook_last_error = fields.String(attribute="request.webhook_last_error", allow_none=True)
    article = fields.Dict(allow_none=True, metadata={"description": "{id, title} of the article drafted from it."})


class SupportQuerySchema(Schema):
    status = fields.String(load_default=None, validate=validate.OneOf(SUPPORT_STATUSES))


class SupportPatchSchema(Schema):
    status = fields.String(required=True, validate=validate.OneOf(SUPPORT_STATUSES))


class TourPeriodSchema(Schema):
    period = fields.String()
    started = fields.Integer()
    completed = fields.Integer()
    dismissed = fields.Integer()
    completion_rate = fields.Float(**RATE)


class TourTrendSchema(Schema):
    tour_id = fields.String()
    name = fields.String()
    series = fields.List(fields.Nested(TourPeriodSchema))


class OptOutPeriodSchema(Schema):
    period = fields.String()
    opted_out = fields.Integer()


class TourTrendsSchema(Schema):
    interval = fields.String()
    tours = fields.List(fields.Nested(TourTrendSchema))
    opt_outs = fields.List(fields.Nested(OptOutPeriodSchema))


class HelpfulnessPeriodSchema(Schema):
    period = fields.String()
    votes = fields.Integer()
    helpful = fields.Integer()
    helpfulness = fields.Float(**RATE)


class HelpfulnessTrendSchema(Schema):
    article_id = fields.Integer()
    slug = fields.String()
    locale = fields.String()
    title = fields.String()
    votes = fields.Integer()
    helpfulness = fields.Float(**RATE)
    series = fields.List(fields.Nested(HelpfulnessPeriodSchema))


class HelpfulnessTrendsSchema(Schema):
    interval = fields.String()
    articles = fields.List(fields.Nested(HelpfulnessTrendSchema))


class GapQuerySchema(ExportQuerySchema):
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=500))
    table = fields.String(load_default="open", validate=validate.OneOf(("open", "answered")),
                          metadata={"description": "Which table `format=csv` exports."})


class ContentGapSchema(Schema):
    key = fields.String()
    query = fields.String(metadata={"description": "The latest wording of the query."})
    normalized = fields.String()
    language = fields.String()
    page = fields.String(metadata={"description": "The path it was searched on; empty when not known."})
    users = fields.Integer(metadata={"description": "End users it failed (each anonymous search counts as one)."})
    searches = fields.Integer()
    zero_results = fields.Integer()
    last_searched_at = fields.DateTime()


class AnsweredGapSchema(Schema):
    key = fields.String()
    query = fields.String()
    normalized = fields.String()
    language = fields.String()
    page = fields.String()
    article_id = fields.Integer(allow_none=True, metadata={"description": "null once the article was deleted."})
    article_title = fields.String(allow_none=True)
    answered_at = fields.DateTime()
    failed_before = fields.Integer(metadata={"description": "Failed searches in the range before it was answered."})
    searches_since = fields.Integer()
    succeeded_since = fields.Integer(metadata={"description": "Searches since after which an article was opened."})
    success_rate_since = fields.Float(**RATE)


class ContentGapsSchema(Schema):
    open = fields.List(fields.Nested(ContentGapSchema))
    answered = fields.List(fields.Nested(AnsweredGapSchema))


class TourDecisionQuerySchema(Schema):
    url = fields.String(load_default="/", validate=validate.Length(min=1, max=2048),
                        metadata={"description": "The page (path, or a whole URL) to decide for."})


class ExperienceWhyQuerySchema(TourDecisionQuerySchema):
    user_id = fields.String(required=True, validate=validate.Length(min=1, max=255),
                            metadata={"description": "The end user's id, as the host app gives it."})


class TourDecisionSchema(Schema):
    tour_id = fields.String(metadata={"description": "The experience's id."})
    type = fields.String(metadata={"description": "tour or banner"})
    name = fields.String()
    version = fields.Integer()
    sent = fields.Boolean(metadata={"description": "Bootstrap would send it to this user on this page."})
    auto = fields.Boolean(metadata={"description": "It would start by itself."})
    reason = fields.Dict(metadata={"description": "What settles it: `code` is starts, manual, in_progress, page, "
                                                  "audience (with the rule's `leaf` and the user's `value`), "
                                                  "opted_out, completed or dismissed (with `at`)."})


class AudiencePreviewInSchema(Schema):
    audience = fields.Nested("TourAudienceSchema", required=True, allow_none=True)


class AudiencePreviewSchema(Schema):
    matched = fields.Integer(metadata={"description": "Of the users checked, those the audience takes now."})
    checked = fields.Integer(metadata={"description": "The most recently seen users looked at (at most 20,000; "
                                                      "2,000 when rules count events)."})
    known = fields.Integer(metadata={"description": "All the app's known end users."})


class AlertSchema(Schema):
    id = fields.Integer()
    type = fields.String(metadata={"description": "tour.step_target_missing"})
    created_at = fields.DateTime()
    tour_id = fields.String()
    tour_version = fields.Integer()
    step_id = fields.String(allow_none=True)
    selector = fields.String(allow_none=True)
    users = fields.Integer(metadata={"description": "Users who could not find the target in the window before it."})
    window_minutes = fields.Integer()
    delivered_at = fields.DateTime(allow_none=True, metadata={"description": "When the app's webhook took it."})
    attempts = fields.Integer()
    last_error = fields.String(allow_none=True)


class MissingTargetSchema(Schema):
    tour_id = fields.String()
    tour_name = fields.String(allow_none=True, metadata={"description": "null once the tour was deleted."})
    step_id = fields.String(allow_none=True)
    selector = fields.String(allow_none=True, metadata={"description": "The selector the SDK looked for, lately."})
    pages = fields.List(fields.String(), metadata={"description": "Up to 5 pages it happened on, latest first."})
    users = fields.Integer()
    last_seen_at = fields.DateTime()
