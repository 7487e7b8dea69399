"""The `waypost` command: serve, migrate, accounts, apps, tokens, tours as code and event export."""
import json
import os
import sys
from contextlib import contextmanager

import click
from flask_migrate import upgrade as alembic_upgrade
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from . import create_app
from .config import ConfigError
from .extensions import db
from .models import AdminUser, App
from .remote import RemoteClient, RemoteError


def _app():
    return create_app()


@contextmanager
def local_db():
    """An app context on the local database, migrated first: the command's one transaction, committed on success."""
    with _app().app_context():
        alembic_upgrade()
        try:
            yield
            db.session.commit()
        except IntegrityError as exc:
            db.session.rollback()
            reason = str(exc.orig).splitlines()[0]
            raise click.ClickException(f"the database refused a write ({reason}); nothing was changed")
        except BaseException:
            db.session.rollback()
            raise
        finally:
            db.session.remove()
            db.engine.dispose()  # the command's connections end with it, even when it runs inside another process


def _local_app_record(key: str) -> App:
    app = db.session.scalar(select(App).filter_by(key=key))
    if app is None:
        raise click.ClickException(f"no app has the key {key}")
    return app


def _remote() -> RemoteClient | None:
    server = os.environ.get("WAYPOST_SERVER")
    return RemoteClient(server, os.environ.get("WAYPOST_TOKEN")) if server else None


def _json_default(value):
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


class WaypostGroup(click.Group):
    """Turns remote failures and refused settings into one clear line and a non-zero exit, never a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (RemoteError, ConfigError) as exc:
            raise click.ClickException(str(exc)) from None


@click.group(cls=WaypostGroup)
def main():
    """Waypost: self-hosted product tours, contextual help and a multilingual knowledge base."""


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--demo", is_flag=True, help="Load the demo app, example tours and an owner account.")
@click.option("--workers", default=lambda: int(os.environ.get("WAYPOST_WORKERS", "2")), type=int,
              show_default="2 or WAYPOST_WORKERS")
def serve(host, port, demo, workers):
    """Migrate the database, then serve Waypost (granian, WAYPOST_WORKERS processes)."""
    from .serving import run_server

    flask_app = create_app({**_server_counters(), "WAYPOST_DEMO": demo})
    with flask_app.app_context():
        alembic_upgrade()
        if demo:
            from .services.demo import seed_demo

            shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
            origins = [f"http://{shown}:{port}", f"http://localhost:{port}", f"http://127.0.0.1:{port}"]
            info = seed_demo(origins)
            click.echo(f"Demo host app:  http://{shown}:{port}/demo/")
            click.echo(f"Admin UI:       http://{shown}:{port}/admin/")
            click.echo(f"API docs:       http://{shown}:{port}/api/docs")
            click.echo(f"Demo app key:   {info['app'].key}")
            if info["owner_password"]:
                click.echo(f"Owner account:  {info['owner_email']} / {info['owner_password']}  (shown once)")
            else:
                click.echo(f"Owner account:  {info['owner_email']} (password shown when it was created)")
    run_server(flask_app, host, port, workers)


def _server_counters() -> dict:
    """Unless WAYPOST_RATELIMIT_STORAGE_URI says otherwise, the workers share their rate-limit counters through
    a file of their own, removed when the server stops."""
    if os.environ.get("WAYPOST_RATELIMIT_STORAGE_URI"):
        return {}
    import atexit
    import shutil

    from .rate_limit_storage import shared_storage_uri

    uri = shared_storage_uri()
    atexit.register(shutil.rmtree, os.path.dirname(uri.removeprefix("waypost-shared://")), ignore_errors=True)
    return {"RATELIMIT_STORAGE_URI": uri}


@main.group("db")
def db_group():
    """Database migrations."""


@db_group.command("upgrade")
def db_upgrade():
    """Apply every pending migration (Alembic)."""
    with local_db():
        click.echo("database is up to date")


@main.group()
def users():
    """Admin accounts."""


@users.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(["owner", "editor", "viewer"]), required=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def users_create(email, role, password_stdin):
    """Create an admin account."""
    from .services.accounts import create_user
    from .services.errors import ServiceError

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    with local_db():
        try:
            user = create_user(email, role, password)
        except ServiceError as exc:
            raise click.ClickException(exc.message + "".join(f" {k}: {' '.join(v)}" for k, v in exc.fields.items()))
        click.echo(f"created {user.role} {user.email}")


def _account(email: str) -> AdminUser:
    from .services.accounts import find_user_by_email

    user = find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"no admin account {email}")
    return user


@contextmanager
def _account_change():
    """The local database, with a service's refusal (the last active owner…) as one line and exit 1."""
    from .services.errors import ServiceError

    with local_db():
        try:
            yield
        except ServiceError as exc:
            raise click.ClickException(exc.message)


@users.command("disable")
@click.argument("email")
def users_disable(email):
    """Disable an account: it cannot log in, and its access and API tokens stop working."""
    from .services.accounts import set_disabled

    with _account_change():
        user = set_disabled(None, _account(email), True)
        click.echo(f"disabled {user.email}")


@users.command("enable")
@click.argument("email")
def users_enable(email):
    """Enable a disabled account again (it logs in anew; its API tokens work again)."""
    from .services.accounts import set_disabled

    with _account_change():
        user = set_disabled(None, _account(email), False)
        click.echo(f"enabled {user.email}")


@users.command("delete")
@click.argument("email")
@click.confirmation_option(prompt="Delete this account and its API tokens?")
def users_delete(email):
    """Delete an account and its API tokens (never the last active owner)."""
    from .services.accounts import delete_user

    with _account_change():
        user = _account(email)
        address = user.email
        delete_user(None, user)
        click.echo(f"deleted {address}")


@main.group()
def apps():
    """Host apps."""


@apps.command("create")
@click.argument("name")
@click.option("--origin", "origins", multiple=True, required=True, help="An allowed origin (repeatable).")
@click.option("--require-identity", is_flag=True, help="Require a signed user token from the host's backend.")
def apps_create(name, origins, require_identity):
    """Register a host app; prints its public key and secret as JSON."""
    from .services.apps import create_app_record
    from .services.errors import ServiceError

    with local_db():
        try:
            app = create_app_record(name, list(origins), require_identity)
        except ServiceError as exc:
            raise click.ClickException(f"{exc.message} {json.dumps(exc.fields)}")
        click.echo(json.dumps({"key": app.key, "secret": app.secret}))


@main.group()
def tokens():
    """API tokens for WAYPOST_TOKEN."""


@tokens.command("create")
@click.argument("email")
@click.option("--name", required=True)
def tokens_create(email, name):
    """Create an API token for an admin account; the token is the last line."""
    from .services.accounts import create_api_token

    with local_db():
        user = db.session.scalar(select(AdminUser).filter_by(email=email.strip().lower()))
        if user is None:
            raise click.ClickException(f"no admin account {email}")
        _, plaintext = create_api_token(user, name)
        click.echo(f"API token {name!r} for {user.email} ({user.role}); it is shown only now:")
        click.echo(plaintext)


from .cli_tours import tours  # noqa: E402  (registered below, kept in its own module)
from .cli_events import events  # noqa: E402
from .cli_kb import kb  # noqa: E402

main.add_command(tours)
main.add_command(events)
main.add_command(kb)
