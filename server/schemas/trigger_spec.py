"""When an experience starts by itself: with the page (its rules hold), or later on that page when the user does an
event, an element appears or is clicked, or after a delay. Surveys take the first two, tours all of them."""
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from .tour_spec import StrictFloat, _checked, _slug, selector_problem

# What the help widget signals to the page without storing it as an event (the vote and the request are stored)
WIDGET_SIGNALS = ("article_voted", "support_requested")
MAX_DELAY = 3600


def _event_problem(data: dict) -> str | None:
    from .sdk import known_event_type  # sdk imports tour_spec, which imports this module

    event = data.get("event")
    if not (isinstance(event, str) and (known_event_type(event) or event in WIDGET_SIGNALS)):
        return "An event trigger names a known event type or custom:NAME."
    return None


class SurveyTriggerSchema(Schema):
    on = fields.String(load_default="page", validate=validate.OneOf(("page", "event")), metadata={
        "description": "page: as soon as its rules hold; event: when the user does `event` on such a page."})
    event = fields.String(validate=validate.Length(max=64), metadata={
        "description": "An event type (tour_completed, article_viewed, custom:NAME…), or article_voted or "
                       "support_requested (the help widget's)."})
    tour = fields.String(validate=_slug, metadata={"description": "With a tour_… event: only that tour's."})

    # Which fields each kind of trigger takes (besides `on`), and which it needs
    TAKES = {"page": ((), ()), "event": (("event", "tour"), ("event",))}

    @validates_schema(skip_on_field_errors=True)
    def fits_its_kind(self, data, **kwargs):
        on = data["on"]
        takes, needs = self.TAKES[on]
        if "event" in needs and (problem := _event_problem(data)):
            raise ValidationError(problem, field_name="event")
        for key in set(data) - {"on", *takes}:
            raise ValidationError(f"The {on} trigger takes no {key}.", field_name=key)
        for key in set(needs) - set(data):
            raise ValidationError(f"The {on} trigger needs {key}.", field_name=key)
        if "tour" in data and not data["event"].startswith("tour_"):
            raise ValidationError("tour goes with a tour_… event.", field_name="tour")


class TourTriggerSchema(SurveyTriggerSchema):
    on = fields.String(required=True, validate=validate.OneOf(("page", "event", "element", "click", "delay")), metadata={
        "description": "page: as soon as the page and audience match (the default); event: when the user does "
                       "`event` on such a page; element: once `selector` is visible there; click: when the user "
                       "clicks an element matching `selector`; delay: after `seconds` on the page."})
    selector = fields.String(validate=validate.And(validate.Length(max=1000), _checked(selector_problem)), metadata={
        "description": "element and click: a CSS selector."})
    seconds = StrictFloat(validate=validate.Range(min=0.1, max=MAX_DELAY), metadata={
        "description": f"delay: 0.1 to {MAX_DELAY}."})

    TAKES = {**SurveyTriggerSchema.TAKES, "element": (("selector",),) * 2, "click": (("selector",),) * 2,
             "delay": (("seconds",),) * 2}
