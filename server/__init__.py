"""Waypost server: create_app builds the Flask app from config, extensions and blueprints."""
import os

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from .config import check_secret_key, create_private_sqlite_file, load_config, make_private_dir
from .extensions import db, limiter, migrate, openapi
from .proxy_headers import trust_proxies


def _tune_sqlite(dbapi_connection, _record):
    """WAL for concurrent readers beside a writer, a wait instead of 'database is locked', and FKs on."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


def create_app(config: dict | None = None) -> Flask:
    from .api.json_provider import StrictJSONProvider

    app = Flask(__name__, instance_relative_config=True)
    app.json = StrictJSONProvider(app)
    make_private_dir(app.instance_path)
    app.config.from_mapping(load_config(app.instance_path))
    if config:
        app.config.from_mapping(config)

    if not app.config.get("TESTING") and not app.config.get("WAYPOST_DEMO"):
        check_secret_key(app.config["SECRET_KEY"])
    create_private_sqlite_file(app.config["SQLALCHEMY_DATABASE_URI"])
    app.wsgi_app = trust_proxies(app.wsgi_app, app.config["WAYPOST_PROXY_HOPS"])

    from .api.converters import DatabaseId, id_schema

    app.url_map.converters["int"] = DatabaseId
    db.init_app(app)
    limiter.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(__file__), "migrations"),
                     render_as_batch=True, compare_type=True)
    openapi.init_app(app, spec_kwargs={"components": {"securitySchemes": {
        "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT or API token"}}},
        "security": [{"bearer": []}]})
    openapi.register_converter(DatabaseId, id_schema)

    from .api import (
        admin_analytics,
        admin_apps,
        admin_end_users,
        admin_events,
        admin_kb,
        admin_media,
        admin_page_rules,
        admin_picker,
        admin_preview,
        admin_privacy,
        admin_tours,
        admin_ui,
        admin_users,
        admin_webhooks,
        auth,
        sdk,
        sdk_kb,
        sdk_picker,
        web,
    )
    from .api.errors import register_error_handlers
    from .api.input_guard import register_input_guard
    from .api.unit_of_work import register_unit_of_work
    from .schemas.sdk import EXPERIENCE_OUT_SCHEMAS

    for blueprint in (sdk.blp, sdk_kb.blp, auth.blp, admin_apps.blp, admin_tours.blp, admin_kb.blp,
                      admin_events.blp, admin_users.blp, admin_analytics.blp, admin_end_users.blp,
                      admin_privacy.blp, admin_preview.blp, sdk_picker.blp, admin_picker.blp, admin_page_rules.blp,
                      admin_media.blp, admin_webhooks.blp):
        openapi.register_blueprint(blueprint)
    for name, schema in EXPERIENCE_OUT_SCHEMAS.items():  # named by the bootstrap's `experiences` items
        openapi.spec.components.schema(name, schema=schema)
    app.register_blueprint(web.blp)
    app.register_blueprint(admin_ui.blp)
    register_error_handlers(app)
    register_input_guard(app)
    register_unit_of_work(app)
    return app


event.listen(Engine, "connect", _tune_sqlite)
