"""`waypost analytics rebuild`: the daily rollups recounted from raw events, locally or on a server."""
import click

from .backends import backend


@click.group()
def analytics():
    """Analytics rollups."""


@analytics.command("rebuild")
@click.option("--app", "app_key", required=True, help="The app's public key.")
def rebuild(app_key):
    """Recount the app's daily rollups from its raw events (with retention on, the days whose raw events are all
    kept; older days keep their rollups)."""
    result = backend().rebuild_rollups(app_key)
    days = f"from {result['from']}" if result["from"] else "every day"
    click.echo(f"rebuilt {result['rows']} rollup rows and {result['help_sessions']} help sessions ({days})")
