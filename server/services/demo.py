"""The demo: an app whose allowed origin is the server itself, the example tours and an owner."""
import secrets
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from ..bundles import demo_tours
from ..extensions import db
from ..models import AdminUser, App
from ..schemas.kb import ArticleInSchema
from .accounts import create_user
from .apps import create_app_record, update_app_record
from .kb import import_article, parse_markdown_file
from .tour_files import load_tour_file
from .tour_sync import push_tours

DEMO_APP_NAME = "Demo app"
DEMO_OWNER = "owner@demo.waypost.local"
KB_DIR = Path(__file__).resolve().parents[1] / "demo" / "kb"


def seed_demo(origins: list[str], tours_dir: Path | None = None) -> dict:
    """Create or refresh the demo app and its tours (one transaction); an owner password is returned only when new."""
    app = db.session.scalar(select(App).filter_by(name=DEMO_APP_NAME).order_by(App.id).limit(1))
    if app is None:
        app = create_app_record(DEMO_APP_NAME, origins)
    else:
        update_app_record(app, {"origins": sorted(set(app.origin_list) | set(origins))})
    specs = []
    for path in sorted((tours_dir or demo_tours(current_app.config)).glob("*.yaml")):
        spec, problems = load_tour_file(path)
        if problems:
            raise ValueError(f"{path}: example tour does not validate: {problems[0]}")
        specs.append(spec)
    push_tours(app, specs, author="demo")
    for path in sorted(KB_DIR.glob("*.md")):
        import_article(app, ArticleInSchema().load(parse_markdown_file(path)))
    password = None
    if db.session.scalar(select(AdminUser.id).filter_by(email=DEMO_OWNER)) is None:
        password = secrets.token_urlsafe(12)
        create_user(DEMO_OWNER, "owner", password)
    db.session.flush()
    return {"app": app, "owner_email": DEMO_OWNER, "owner_password": password}
