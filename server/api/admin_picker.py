"""Admin API for picker sessions: open the host app to pick a target or preview a draft, then poll."""
from flask import current_app, g
from flask_smorest import Blueprint

from ..schemas.picker import PickerSessionCreatedSchema, PickerSessionInSchema, PickerSessionStatusSchema
from ..services import picker
from ..services.apps import get_app
from .guard import WRITE_CONTENT, roles

blp = Blueprint("admin_picker", __name__, url_prefix="/api/v1/apps/<int:app_id>/picker-sessions",
                description="Picking targets and previewing drafts in the host app.")


@blp.route("", methods=["POST"])
@roles(WRITE_CONTENT)
@blp.arguments(PickerSessionInSchema)
@blp.response(201, PickerSessionCreatedSchema)
def create_session(args, app_id):
    """Start picking (`pick`) or previewing a draft (`preview`); open the answer's `url` in a new tab.
    The token expires after 10 minutes."""
    session, token, url = picker.create_session(get_app(app_id), args["mode"], args["page_url"], args["tour"],
                                                g.admin.id, current_app.config["SECRET_KEY"])
    return {"id": session.id, "token": token, "url": url, "expires_at": session.expires_at}


@blp.route("/<session_id>", methods=["GET"])
@roles(WRITE_CONTENT)
@blp.response(200, PickerSessionStatusSchema)
def session_status(app_id, session_id):
    """Poll a session: `waiting`, `picked` (with the selector) or `expired`."""
    return picker.session_status(picker.get_session(get_app(app_id), session_id))
