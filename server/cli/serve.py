"""`waypost serve` and `waypost db upgrade`: the server and its database."""
import os
import time

import click
from flask_migrate import upgrade as alembic_upgrade
from sqlalchemy import text

from .. import create_app
from ..bundles import missing_parts
from ..extensions import db
from .local import local_db


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--demo", is_flag=True, help="Load the demo app, example tours and an owner account.")
@click.option("--workers", default=lambda: int(os.environ.get("WAYPOST_WORKERS", "2")), type=int,
              show_default="2 or WAYPOST_WORKERS")
def serve(host, port, demo, workers):
    """Migrate the database, then serve Waypost (granian, WAYPOST_WORKERS processes)."""
    from ..serving import run_server

    flask_app = create_app({**_server_counters(), "WAYPOST_DEMO": demo})
    missing = missing_parts(flask_app.config, demo)
    if missing:
        raise click.ClickException("cannot serve yet:\n  " + "\n  ".join(missing))
    with flask_app.app_context():
        upgrade_once()
        if demo:
            from ..services.demo import seed_demo

            shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
            origins = [f"http://{shown}:{port}", f"http://localhost:{port}", f"http://127.0.0.1:{port}"]
            info = seed_demo(origins)
            db.session.commit()  # the demo, before the workers start
            click.echo(f"Demo host app:  http://{shown}:{port}/demo/")
            click.echo(f"Admin UI:       http://{shown}:{port}/admin/")
            click.echo(f"API docs:       http://{shown}:{port}/api/docs")
            click.echo(f"Demo app key:   {info['app'].key}")
            if info["owner_password"]:
                click.echo(f"Owner account:  {info['owner_email']} / {info['owner_password']}  (shown once)")
            else:
                click.echo(f"Owner account:  {info['owner_email']} (password shown when it was created)")
    run_server(flask_app, host, port, workers)


MIGRATION_LOCK = 0x7761_7970  # "wayp": the PostgreSQL advisory lock instances migrate under


def upgrade_once() -> None:
    """Alembic's upgrade, one instance at a time: on PostgreSQL, instances that start together wait for the first
    (an advisory lock), then find nothing left to do. (SQLite serves one machine, whose starts are not concurrent.)"""
    if db.engine.dialect.name != "postgresql":
        return alembic_upgrade()
    # Tried, not waited for, in autocommit: a statement or transaction left open here would keep a migration's
    # CREATE INDEX CONCURRENTLY in the other instance waiting for it, for ever
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as lock:
        while not lock.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": MIGRATION_LOCK}).scalar():
            time.sleep(0.5)
        try:
            alembic_upgrade()
        finally:
            lock.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK})


def _server_counters() -> dict:
    """Unless WAYPOST_RATELIMIT_STORAGE_URI says otherwise, the workers share their rate-limit counters through
    a file of their own, removed when the server stops."""
    if os.environ.get("WAYPOST_RATELIMIT_STORAGE_URI"):
        return {}
    import atexit
    import shutil

    from ..rate_limit_storage import shared_storage_uri

    uri = shared_storage_uri()
    atexit.register(shutil.rmtree, os.path.dirname(uri.removeprefix("waypost-shared://")), ignore_errors=True)
    return {"RATELIMIT_STORAGE_URI": uri}


@click.group("db")
def db_group():
    """Database migrations."""


@db_group.command("upgrade")
def db_upgrade():
    """Apply every pending migration (Alembic)."""
    with local_db():
        click.echo("database is up to date")
