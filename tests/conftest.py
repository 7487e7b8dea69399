"""Shared fixtures: an app per database for the session, a fresh database per test on SQLite and on PostgreSQL,
clients and factories."""
import os
import shutil
import uuid

import pytest
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import create_engine, text

from server import create_app
from server.extensions import db, limiter

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


TEST_CONFIG = {"TESTING": True, "SECRET_KEY": "test-secret-key-that-is-long-enough-for-hs256"}


@pytest.fixture(scope="session")
def sqlite_files(tmp_path_factory):
    """A SQLite database migrated once (the template) and the file each test gets a fresh copy of."""
    folder = tmp_path_factory.mktemp("sqlite")
    template, live = folder / "template.sqlite3", folder / "waypost.sqlite3"
    migrator = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{template}"})
    with migrator.app_context():
        upgrade()
        db.engine.dispose()
    return template, live


@pytest.fixture(scope="session")
def shared_apps():
    """One app per database for the whole session (building one costs more than most tests): each test gets it
    with a fresh database, its configuration as built and empty rate-limit counters."""
    apps: dict[str, object] = {}
    yield apps
    for app in apps.values():
        with app.app_context():
            db.engine.dispose()


def _dispose(shared_apps, url: str) -> None:
    if url in shared_apps:
        with shared_apps[url].app_context():
            db.engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, shared_apps):
    """A migrated database with nothing in it."""
    if request.param == "sqlite":
        template, live = request.getfixturevalue("sqlite_files")
        url = f"sqlite:///{live}"
        _dispose(shared_apps, url)
        for leftover in (live.with_name(live.name + "-wal"), live.with_name(live.name + "-shm")):
            leftover.unlink(missing_ok=True)
        shutil.copyfile(template, live)
        return url
    return request.getfixturevalue("postgres_url")


def _empty_postgres() -> None:
    with db.engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(table.delete())
        for sequence in conn.execute(text("SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'")).scalars():
            conn.execute(text(f'ALTER SEQUENCE "{sequence}" RESTART'))


@pytest.fixture
def app(db_url, shared_apps, tmp_path):
    app = shared_apps.get(db_url)
    if app is None:
        app = shared_apps[db_url] = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": db_url})
    built = dict(app.config)
    app.config["WAYPOST_SDK_DIST"] = str(tmp_path / "sdk-dist")
    app.config["WAYPOST_MEDIA_DIR"] = str(tmp_path / "media")
    limiter.reset()
    try:
        with app.app_context():
            yield app
            db.session.remove()
            if db_url.startswith("postgresql"):
                _empty_postgres()
    finally:
        app.config.clear()
        app.config.update(built)


@pytest.fixture
def own_app(db_url):
    """A newly built app of this test's own, for tests that add routes or handlers to it."""
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": db_url})
    with app.app_context():
        yield app
        db.session.remove()
        if db_url.startswith("postgresql"):
            _empty_postgres()
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
