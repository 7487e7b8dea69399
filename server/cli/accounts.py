"""`waypost users …` and `waypost tokens create`: admin accounts and their API tokens."""
import sys

import click

from ..models import ROLES, AdminUser
from .local import local_db


@click.group()
def users():
    """Admin accounts."""


@users.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def users_create(email, role, password_stdin):
    """Create an admin account."""
    from ..services.accounts import create_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    with local_db():
        user = create_user(email, role, password)
        click.echo(f"created {user.role} {user.email}")


def _account(email: str) -> AdminUser:
    from ..services.accounts import find_user_by_email

    user = find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"no admin account {email}")
    return user


@users.command("disable")
@click.argument("email")
def users_disable(email):
    """Disable an account: it cannot log in, and its access and API tokens stop working."""
    from ..services.accounts import set_disabled

    with local_db():
        user = set_disabled(None, _account(email), True)
        click.echo(f"disabled {user.email}")


@users.command("enable")
@click.argument("email")
def users_enable(email):
    """Enable a disabled account again (it logs in anew; its API tokens work again)."""
    from ..services.accounts import set_disabled

    with local_db():
        user = set_disabled(None, _account(email), False)
        click.echo(f"enabled {user.email}")


@users.command("delete")
@click.argument("email")
@click.confirmation_option(prompt="Delete this account and its API tokens?")
def users_delete(email):
    """Delete an account and its API tokens (never the last active owner)."""
    from ..services.accounts import delete_user

    with local_db():
        user = _account(email)
        address = user.email
        delete_user(None, user)
        click.echo(f"deleted {address}")


@click.group()
def tokens():
    """API tokens for WAYPOST_TOKEN."""


@tokens.command("create")
@click.argument("email")
@click.option("--name", required=True)
def tokens_create(email, name):
    """Create an API token for an admin account; the token is the last line."""
    from ..services.accounts import create_api_token

    with local_db():
        user = _account(email)
        _, plaintext = create_api_token(user, name)
        click.echo(f"API token {name!r} for {user.email} ({user.role}); it is shown only now:")
        click.echo(plaintext)
