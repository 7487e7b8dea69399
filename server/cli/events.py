"""`waypost events export`: the event log as JSON lines, locally or from a server."""
from datetime import UTC, datetime

import click

from ..rules import strict_json
from .backends import backend


@click.group()
def events():
    """The event log."""


@events.command("export")
@click.option("--app", "app_key", required=True, help="The app's public key.")
@click.option("--since", help="Only events received at or after this ISO 8601 date or time (UTC unless it names a zone).")
def export(app_key, since):
    """Every stored event of the app as JSON lines, oldest first."""
    try:
        since_dt = datetime.fromisoformat(since.replace("Z", "+00:00")) if since else None
        if since_dt is not None:
            since_dt = (since_dt if since_dt.tzinfo else since_dt.replace(tzinfo=UTC)).astimezone(UTC)
    except (ValueError, OverflowError):
        raise click.BadParameter("use an ISO 8601 time such as 2026-01-31T00:00:00Z", param_hint="--since") from None
    for event in backend().events(app_key, since_dt):
        click.echo(strict_json.dumps(event, ensure_ascii=False))
