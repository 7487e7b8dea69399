"""Shared fixtures: a fresh app per test on SQLite and on PostgreSQL, clients and factories."""
import os
import uuid

import pytest
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import create_engine, text

from server import create_app
from server.extensions import db

PG_ADMIN_URL = os.environ.get("WAYPOST_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
PG_TEST_DB = f"waypost_pytest_{os.getpid()}"


def _postgres_reachable() -> bool:
    try:
        engine = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
        with engine.connect():
            pass
        engine.dispose()
        return True
    except Exception:
        return False


@pytest.fixture(scope="session")
def postgres_url():
    """A throwaway PostgreSQL database for this test run, migrated once."""
    if not _postgres_reachable():
        if os.environ.get("WAYPOST_REQUIRE_POSTGRES") or os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required here but unreachable at {PG_ADMIN_URL}")
        pytest.skip(f"PostgreSQL unreachable at {PG_ADMIN_URL}: PostgreSQL variants skipped")
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{PG_TEST_DB}"'))
        conn.execute(text(f'CREATE DATABASE "{PG_TEST_DB}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + PG_TEST_DB
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
        db.engine.dispose()
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{PG_TEST_DB}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'waypost.sqlite3'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def app(db_url, tmp_path):
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-for-hs256",
        "SQLALCHEMY_DATABASE_URI": db_url,
        "WAYPOST_SDK_DIST": str(tmp_path / "sdk-dist"),
    })
    with app.app_context():
        if db_url.startswith("sqlite"):
            upgrade()
        yield app
        db.session.remove()
        if db_url.startswith("postgresql"):
            tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
            with db.engine.begin() as conn:
                conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        db.engine.dispose()


class CommittingClient(FlaskClient):
    """Services only flush: what a test set up by calling them is committed before each request, as its own unit
    of work, so a request that rolls back its own writes does not take the test's setup with it."""

    def open(self, *args, **kwargs):
        db.session.commit()
        return super().open(*args, **kwargs)


@pytest.fixture
def client(app):
    app.test_client_class = CommittingClient
    return app.test_client()


def new_uuid() -> str:
    return str(uuid.uuid4())
