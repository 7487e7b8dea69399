"""Non-API pages: health check, the SDK bundle, the browsable API docs and the demo host app."""
from pathlib import Path

from flask import Blueprint, abort, current_app, render_template, request, send_file, send_from_directory
from sqlalchemy import select, text

from ..bundles import sdk_dist
from ..extensions import db
from ..models import App
from ..services.apps import origin_allowed
from ..services.media import media_file

blp = Blueprint("web", __name__, template_folder="../demo/templates")

DEMO_PAGES = {"": "index.html", "projects": "projects.html", "settings": "settings.html"}


@blp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any database failure means "not ready", which is the answer
        return {"status": "unavailable"}, 503
    return {"status": "ok"}


@blp.get("/sdk/<path:filename>")
def sdk_file(filename):
    """The built snippet, cached for an hour and revalidated by ETag since its URL has no version; and the chunks it
    imports (m/), named by their content, so cached for good. Chunks are ES modules, fetched with CORS."""
    chunk = filename.startswith("m/")
    response = send_from_directory(sdk_dist(current_app.config), filename, max_age=31536000 if chunk else 3600)
    if chunk:
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


@blp.get("/media/<filename>")
def media(filename):
    """An uploaded image, video or audio file, by the content-derived name it never changes under: cached for a
    year, Range requests for video (206), and never anything the browser would run."""
    path, mime = media_file(filename)
    response = send_file(path, mimetype=mime, conditional=True, max_age=31536000, etag=filename.split(".")[0])
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"  # host pages on other origins embed it
    return response


@blp.get("/favicon.ico")
def favicon():
    """Waypost's icon, for every page of ours that names none (browsers ask for /favicon.ico)."""
    return send_from_directory(current_app.static_folder, "favicon.svg", mimetype="image/svg+xml", max_age=86400)


@blp.get("/api/docs")
def api_docs():
    return render_template("api_docs.html")


@blp.get("/api/docs/assets/<path:filename>")
def api_docs_asset(filename):
    import flask_swagger_ui

    return send_from_directory(Path(flask_swagger_ui.__file__).parent / "dist", filename, max_age=86400)


@blp.get("/demo/", defaults={"page": ""})
@blp.get("/demo/<page>")
def demo_page(page):
    """The demo host app, with the snippet pointing at this server and the demo app's key."""
    if page not in DEMO_PAGES:
        abort(404)
    demo_key = current_app.config.get("WAYPOST_DEMO_KEY")
    query = select(App).filter_by(key=demo_key) if demo_key else select(App).filter_by(name="Demo app")
    demo_app = db.session.scalar(query.order_by(App.id).limit(1))
    if demo_app is None:
        abort(404, description="Run `waypost serve --demo` to load the demo app.")
    return render_template(DEMO_PAGES[page], waypost_key=demo_app.key, waypost_server=_demo_server(demo_app))


def _demo_server(demo_app: App) -> str:
    """Where the demo page loads the snippet from: this server as the browser reached it when that is one of the
    demo app's origins, else its first origin. Never the Host header as sent: anyone can send any Host."""
    here = f"{request.scheme}://{request.host}"
    origins = demo_app.origin_list
    return here if origin_allowed(demo_app, here) else (origins[0] if origins else "")
