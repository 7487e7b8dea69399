"""`waypost apps create`: host apps."""
import json

import click

from .local import local_db


@click.group()
def apps():
    """Host apps."""


@apps.command("create")
@click.argument("name")
@click.option("--origin", "origins", multiple=True, required=True, help="An allowed origin (repeatable).")
@click.option("--require-identity", is_flag=True, help="Require a signed user token from the host's backend.")
def apps_create(name, origins, require_identity):
    """Register a host app; prints its public key and secret as JSON."""
    from ..services.apps import create_app_record

    with local_db():
        app = create_app_record(name, list(origins), require_identity)
        click.echo(json.dumps({"key": app.key, "secret": app.secret}))
