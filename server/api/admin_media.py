"""Admin API: an app's media library (upload, list, delete) for its articles."""
from flask import current_app, request
from flask_smorest import Blueprint

from ..schemas.media import MediaSchema
from ..services import media as media_service
from ..services.apps import get_app
from ..services.errors import ServiceError
from .guard import READ, WRITE_CONTENT, roles
from .unit_of_work import after_commit

blp = Blueprint("admin_media", __name__, url_prefix="/api/v1/apps/<int:app_id>/media", description="Media.")


@blp.route("", methods=["GET"])
@roles(READ)
@blp.response(200, MediaSchema(many=True))
def list_media(app_id):
    """The app's media, newest first; each `url` is what an article embeds."""
    return media_service.list_media(get_app(app_id))


@blp.route("", methods=["POST"])
@roles(WRITE_CONTENT)
@blp.response(201, MediaSchema)
def upload(app_id):
    """Upload one file (multipart/form-data, field `file`): PNG, JPEG, GIF, WebP, MP4, WebM, MP3, Ogg or WAV,
    as its bytes say, up to WAYPOST_MEDIA_MAX_BYTES. The same file twice is the same media."""
    app = get_app(app_id)
    request.max_content_length = current_app.config["WAYPOST_MEDIA_MAX_BYTES"]
    if request.mimetype != "multipart/form-data":
        raise ServiceError(415, "unsupported_media_type", "Send the file as multipart/form-data.")
    upload = request.files.get("file")
    if upload is None:
        raise ServiceError(422, "validation_error", "Send the file in the field 'file'.", {"file": ["Missing."]})
    media, _ = media_service.save_media(app, upload.filename or "", upload.read())
    return media


@blp.route("/<int:media_id>", methods=["DELETE"])
@roles(WRITE_CONTENT)
@blp.response(204)
def delete(app_id, media_id):
    """Delete media (articles that embed it show nothing there any more)."""
    unused = media_service.delete_media(get_app(app_id), media_id)
    if unused is not None:
        after_commit(lambda: unused.unlink(missing_ok=True))
