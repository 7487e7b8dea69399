"""Admin API for the event log."""
from flask_smorest import Blueprint

from ..schemas.admin import EventPageSchema, EventQuerySchema
from ..services.apps import get_app
from ..services.events import export_events
from .guard import READ, roles

blp = Blueprint("admin_events", __name__, url_prefix="/api/v1/apps/<int:app_id>/events", description="Events.")


@blp.route("", methods=["GET"])
@roles(READ)
@blp.arguments(EventQuerySchema, location="query")
@blp.response(200, EventPageSchema)
def list_events(args, app_id):
    """A page of the app's events, oldest first; pass `next_after` back as `after` for the next page."""
    events = list(export_events(get_app(app_id), args["since"], args["after"], args["limit"]))
    return {"events": events, "next_after": events[-1]["seq"] if len(events) == args["limit"] else None}
