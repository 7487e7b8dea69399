"""The admin single-page app at /admin/: the built bundle from admin/dist, under a strict CSP."""
from pathlib import Path

from flask import Blueprint, abort, current_app, redirect, send_from_directory

from ..bundles import admin_dist

blp = Blueprint("admin_ui", __name__)

# Previews show articles as readers get them: https images, and iframes the sanitizer let through (from the
# app's allowed hosts, over https). Scripts stay this origin's only.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; media-src 'self'; "
       "frame-src https:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
ONE_YEAR = 365 * 24 * 3600


def _dist() -> Path:
    return admin_dist(current_app.config)


@blp.after_request
def security_headers(response):
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    return response


@blp.get("/admin")
def admin_root():
    return redirect("/admin/", code=308)


@blp.get("/admin/", defaults={"path": ""})
@blp.get("/admin/<path:path>")
def admin_page(path):
    """Index for every client route; always revalidated, so a new build shows up at once."""
    if not (_dist() / "index.html").is_file():
        abort(404, description="The admin UI is not built: run `npm ci && npm run build` in admin/.")
    response = send_from_directory(_dist(), "index.html", max_age=0)
    response.headers["Cache-Control"] = "no-cache"
    return response


@blp.get("/admin/assets/<path:filename>")
def admin_asset(filename):
    """Bundles named by their content hash: cached for good."""
    response = send_from_directory(_dist() / "assets", filename, max_age=ONE_YEAR)
    response.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
    return response
