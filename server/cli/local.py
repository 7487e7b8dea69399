"""The local database, for commands run on the server's machine (WAYPOST_DATABASE_URL)."""
from contextlib import contextmanager

import click
from flask_migrate import upgrade as alembic_upgrade
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .. import create_app
from ..extensions import db
from ..models import App
from ..services.errors import ServiceError


@contextmanager
def local_db():
    """An app context on the local database, migrated first: the command's one transaction, committed on success.
    A service's refusal is one line and exit 1."""
    with create_app().app_context():
        alembic_upgrade()
        try:
            yield
            db.session.commit()
        except IntegrityError as exc:
            db.session.rollback()
            reason = str(exc.orig).splitlines()[0]
            raise click.ClickException(f"the database refused a write ({reason}); nothing was changed") from None
        except ServiceError as exc:
            db.session.rollback()
            fields = "".join(f" {name}: {' '.join(problems)}" for name, problems in exc.fields.items())
            raise click.ClickException(exc.message + fields) from None
        except BaseException:
            db.session.rollback()
            raise
        finally:
            db.session.remove()
            db.engine.dispose()  # the command's connections end with it, even when it runs inside another process


def app_record(key: str) -> App:
    app = db.session.scalar(select(App).filter_by(key=key))
    if app is None:
        raise click.ClickException(f"no app has the key {key}")
    return app
