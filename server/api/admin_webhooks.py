"""Admin API for outbound webhooks: an app's events POSTed to URLs of its owners' choosing (owners only: where
data goes is theirs to say), and each delivery's outcome."""
from flask import g
from flask_smorest import Blueprint

from ..schemas.webhooks import WebhookBatchSchema, WebhookSubscriptionInSchema, WebhookSubscriptionSchema
from ..services import outbound_webhooks as webhooks
from ..services.apps import get_app
from .guard import OWN, roles

blp = Blueprint("admin_webhooks", __name__, url_prefix="/api/v1/apps/<int:app_id>/webhooks",
                description="Outbound webhooks: events out, in signed batches.")


@blp.route("", methods=["GET"])
@roles(OWN)
@blp.response(200, WebhookSubscriptionSchema(many=True))
def list_webhooks(app_id):
    """The app's webhooks."""
    return webhooks.subscriptions(get_app(app_id))


@blp.route("", methods=["POST"])
@roles(OWN)
@blp.arguments(WebhookSubscriptionInSchema)
@blp.response(201, WebhookSubscriptionSchema)
def create_webhook(args, app_id):
    """Send the app's events of these types, from now on, in batches of up to 100 (within about 15 seconds of
    their arrival), signed (X-Waypost-Signature) and retried with backoff. Public addresses only, unless
    WAYPOST_WEBHOOK_ALLOW_PRIVATE=1."""
    return webhooks.create_subscription(get_app(app_id), args["url"], args["events"], g.admin, args["format"],
                                        args["write_key"])


@blp.route("/<int:webhook_id>", methods=["DELETE"])
@roles(OWN)
@blp.response(204)
def delete_webhook(app_id, webhook_id):
    """Stop sending; what was not delivered yet is dropped."""
    webhooks.delete_subscription(get_app(app_id), webhook_id)


@blp.route("/<int:webhook_id>/deliveries", methods=["GET"])
@roles(OWN)
@blp.response(200, WebhookBatchSchema(many=True))
def webhook_deliveries(app_id, webhook_id):
    """The latest 50 batches, newest first, with how their delivery went."""
    return webhooks.deliveries(get_app(app_id), webhook_id)
