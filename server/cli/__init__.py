"""The `waypost` command: serve, migrate, accounts, apps, tokens, tours as code, the knowledge base and events.
Commands that read or change an app's content run on the local database, or through a server's admin API when
WAYPOST_SERVER is set (backends.py)."""
import click

from ..config import ConfigError
from .accounts import tokens, users
from .analytics import analytics
from .apps import apps
from .events import events
from .kb import kb
from .remote import RemoteError
from .serve import db_group, serve
from .tours import tours


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


for command in (serve, db_group, users, apps, tokens, tours, events, kb, analytics):
    main.add_command(command)
