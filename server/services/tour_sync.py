"""Pushing tour files into an app: create or update by id, publish, and never version an unchanged file."""
from ..extensions import db
from ..models import App, Tour
from .tours import check_kept_type, create_tour, latest_version, publish, update_draft


def push_tours(app: App, specs: list[dict], draft: bool = False, dry_run: bool = False,
               author: str | None = None) -> list[dict]:
    """Apply validated tour specs; each result says {id, action, version, published}.

    action is 'created', 'updated' or 'unchanged' (the draft); version is the live version
    after the push, or the one a real push would make when dry_run.
    """
    existing = {t.slug: t for t in db.session.query(Tour).filter_by(app_id=app.id)}
    results = []
    for spec in specs:
        tour = existing.get(spec["id"])
        if tour is not None:
            check_kept_type(tour, spec)
        action = "created" if tour is None else ("unchanged" if tour.draft == spec else "updated")
        latest = latest_version(tour) if tour else None
        new_version = latest is None or latest.spec != spec
        if dry_run:
            live = tour.live_version if tour else None
            version = live if draft else ((latest.version + 1 if latest else 1) if new_version else latest.version)
            results.append({"id": spec["id"], "action": action, "version": version,
                            "published": not draft, "new_version": not draft and new_version})
            continue
        if tour is None:
            tour = create_tour(app, spec)
        else:
            update_draft(tour, spec)
        version = None
        if not draft:
            published, created = publish(tour, author)
            version, new_version = published.version, created
        results.append({"id": spec["id"], "action": action, "version": version or tour.live_version,
                        "published": not draft, "new_version": not draft and new_version})
    return results
