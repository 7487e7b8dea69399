"""The SDK side of picker sessions: the draft a preview plays, and the element a pick chose."""
from flask import current_app
from flask_smorest import Blueprint

from ..schemas.picker import PickerTokenQuerySchema, PreviewTourSchema, SelectionSchema
from ..services import picker
from .sdk_guard import current_app_record, protect

blp = Blueprint("sdk_picker", __name__, url_prefix="/api/v1/sdk/picker",
                description="Called by the SDK's picker script in the author's tab.")

protect(blp)


def _session(session_id: str, token: str, mode: str):
    return picker.session_for_token(current_app_record(), session_id, token, mode, current_app.config["SECRET_KEY"])


@blp.route("/<session_id>", methods=["GET"])
@blp.arguments(PickerTokenQuerySchema, location="query")
@blp.response(200, PreviewTourSchema)
def preview(args, session_id):
    """The draft tour of a preview session, rendered like bootstrap's tours."""
    return picker.preview_tour(_session(session_id, args["token"], "preview"), args["locale"])


@blp.route("/<session_id>/selection", methods=["POST"])
@blp.arguments(PickerTokenQuerySchema, location="query")
@blp.arguments(SelectionSchema)
@blp.response(204)
def selection(args, body, session_id):
    """The element the author picked; the editor's poll then reports it."""
    session = _session(session_id, args["token"], "pick")
    picker.record_selection(session, body["selector"], body["text"], body["tag"])
