"""Admin API for tours: drafts, publishing, versions, rollback."""
from flask import g
from flask_smorest import Blueprint

from ..schemas.admin import (
    ExperienceListQuerySchema,
    PublishResultSchema,
    RollbackSchema,
    TourAdminSchema,
    TourPushResultSchema,
    TourPushSchema,
    TourVersionSchema,
)
from ..schemas.experience_spec import ExperienceSpecSchema
from ..services import tours as tour_service
from ..services.apps import get_app
from ..services.tour_sync import push_tours
from .guard import READ, WRITE_CONTENT, roles

blp = Blueprint("admin_tours", __name__, url_prefix="/api/v1/apps/<int:app_id>/tours",
                description="Experiences: tours and banners.")


def _tour(app_id: int, slug: str):
    return tour_service.get_tour(get_app(app_id), slug)


@blp.route("", methods=["GET"])
@roles(READ)
@blp.arguments(ExperienceListQuerySchema, location="query")
@blp.response(200, TourAdminSchema(many=True))
def list_tours(args, app_id):
    """Every experience of the app (or those of one `type`) with its draft and publishing state."""
    return tour_service.list_tours(get_app(app_id), args["type"])


@blp.route("", methods=["POST"])
@roles(WRITE_CONTENT)
@blp.arguments(ExperienceSpecSchema)
@blp.response(201, TourAdminSchema)
def create_tour(spec, app_id):
    """Create a tour or another experience (by its `type`) as a draft (the body is a tour file's content, as JSON)."""
    return tour_service.create_tour(get_app(app_id), spec)


@blp.route("/push", methods=["POST"])
@roles(WRITE_CONTENT)
@blp.arguments(TourPushSchema)
@blp.response(200, TourPushResultSchema)
def push(args, app_id):
    """Create or update many tours by id and publish them (what `waypost tours push` sends)."""
    results = push_tours(get_app(app_id), args["tours"], args["draft"], args["dry_run"], g.admin.email)
    return {"results": results}


@blp.route("/<slug>", methods=["GET"])
@roles(READ)
@blp.response(200, TourAdminSchema)
def get_tour(app_id, slug):
    """One tour."""
    return _tour(app_id, slug)


@blp.route("/<slug>", methods=["PUT"])
@roles(WRITE_CONTENT)
@blp.arguments(ExperienceSpecSchema)
@blp.response(200, TourAdminSchema)
def update_tour(spec, app_id, slug):
    """Replace the tour's draft; what is published stays until the next publish."""
    return tour_service.update_draft(_tour(app_id, slug), spec)


@blp.route("/<slug>", methods=["DELETE"])
@roles(WRITE_CONTENT)
@blp.response(204)
def delete_tour(app_id, slug):
    """Delete the tour and its versions (its events stay in the log)."""
    tour_service.delete_tour(_tour(app_id, slug))


@blp.route("/<slug>/publish", methods=["POST"])
@roles(WRITE_CONTENT)
@blp.response(200, PublishResultSchema)
def publish(app_id, slug):
    """Publish the draft as a new version (or re-publish the newest if unchanged)."""
    tour = _tour(app_id, slug)
    version, created = tour_service.publish(tour, g.admin.email)
    return {"version": version.version, "created": created, "tour": tour}


@blp.route("/<slug>/unpublish", methods=["POST"])
@roles(WRITE_CONTENT)
@blp.response(200, TourAdminSchema)
def unpublish(app_id, slug):
    """Stop serving the tour; its versions are kept."""
    return tour_service.unpublish(_tour(app_id, slug))


@blp.route("/<slug>/versions", methods=["GET"])
@roles(READ)
@blp.response(200, TourVersionSchema(many=True))
def versions(app_id, slug):
    """Every published version, oldest first."""
    return _tour(app_id, slug).versions


@blp.route("/<slug>/rollback", methods=["POST"])
@roles(WRITE_CONTENT)
@blp.arguments(RollbackSchema)
@blp.response(200, PublishResultSchema)
def rollback(args, app_id, slug):
    """Publish an earlier version's content again."""
    tour = _tour(app_id, slug)
    version, created = tour_service.rollback(tour, args["version"], g.admin.email)
    return {"version": version.version, "created": created, "tour": tour}
