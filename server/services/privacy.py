"""Data protection: export everything about one end user, or erase it (keeping an opt-out as a hash)."""
from sqlalchemy import delete, select

from ..extensions import db
from ..models import (
    App,
    AuditEntry,
    Company,
    CompanyMember,
    Event,
    EventDay,
    KbFeedback,
    KbSearch,
    SupportRequest,
    Suppression,
    Tour,
    TourProgress,
)
from .active_users import forget_active_user
from .end_users import find_end_user, is_suppressed, user_hash
from .help_sessions import forget_user_sessions
from .identity import normalize_user_id
from .kb_activity import forget_user_searches

ERASED = "[erased]"  # stands for an erased end user's id in the audit log


def export_user(app: App, external_id: str) -> dict:
    """Every record Waypost holds about the end user, as plain JSON-ready data."""
    user = find_end_user(app, external_id)
    progress = db.session.execute(select(Tour.slug, TourProgress).join(Tour, Tour.id == TourProgress.tour_id)
                                  .where(TourProgress.end_user_id == user.id)).all()
    events = db.session.scalars(select(Event).filter_by(end_user_id=user.id).order_by(Event.id))
    searches = db.session.scalars(select(KbSearch).filter_by(end_user_id=user.id).order_by(KbSearch.id))
    feedback = db.session.scalars(select(KbFeedback).filter_by(end_user_id=user.id).order_by(KbFeedback.id))
    requests = db.session.scalars(select(SupportRequest).filter_by(end_user_id=user.id).order_by(SupportRequest.id))
    company = db.session.execute(select(Company.external_id, Company.traits).join(
        CompanyMember, CompanyMember.company_id == Company.id).where(CompanyMember.end_user_id == user.id)).first()
    iso = lambda value: value.isoformat() if value else None  # noqa: E731
    return {
        "user": {"id": user.external_id, "traits": user.traits, "opted_out_at": iso(user.opted_out_at),
                 "first_seen_at": iso(user.first_seen_at), "last_seen_at": iso(user.last_seen_at),
                 "company": {"id": company.external_id, "traits": company.traits} if company else None},

        "tour_progress": [{"tour_id": slug, "status": p.status, "step_id": p.step_id, "version": p.version,
                           "started_at": iso(p.started_at), "completed_at": iso(p.completed_at),
                           "dismissed_at": iso(p.dismissed_at)} for slug, p in progress],
        "events": [{"id": e.client_id, "type": e.type, "tour_id": e.tour_id, "tour_version": e.tour_version,
                    "step_id": e.step_id, "article_id": e.article_id, "query": e.query, "url": e.url,
                    "ts": iso(e.client_ts), "received_at": iso(e.received_at), "data": e.data} for e in events],
        "searches": [{"query": s.query, "locale": s.locale, "results": s.result_count, "url": s.url,
                      "at": iso(s.created_at)} for s in searches],
        "feedback": [{"article_id": f.article_id, "helpful": f.helpful, "comment": f.comment, "url": f.url,
                      "at": iso(f.created_at)} for f in feedback],
        "support_requests": [{"id": r.id, "message": r.message, "email": r.email, "status": r.status,
                              "context": r.context, "at": iso(r.created_at)} for r in requests],
    }


def erase_user(app: App, external_id: str) -> dict:
    """Delete the user and everything recorded about them, in one transaction.

    If they had opted out, a suppression record (a hash of the id, nothing else) keeps them
    opted out should the host app send the same id again.
    """
    user = find_end_user(app, external_id)
    counts = {}
    forget_user_searches(app.id, user.id)
    forget_user_sessions(app.id, user.id)
    for name, model in (("events", Event), ("tour_progress", TourProgress), ("searches", KbSearch),
                        ("feedback", KbFeedback), ("support_requests", SupportRequest)):
        counts[name] = db.session.execute(delete(model).where(model.end_user_id == user.id)).rowcount
    db.session.execute(delete(EventDay).where(EventDay.end_user_id == user.id))  # the events' rollups
    forget_active_user(app.id, user.id)
    suppressed = user.opted_out_at is not None
    if suppressed and not is_suppressed(app, external_id):
        db.session.add(Suppression(app_id=app.id, user_hash=user_hash(app, external_id)))
    scrub_audit_log(app, user.external_id)
    db.session.delete(user)
    db.session.flush()
    return {"erased": counts, "suppressed": suppressed}


def erased_path(path: str, external_id: str) -> str:
    """An admin API path naming the end user, with their id replaced by ERASED."""
    return path.replace(f"/end-users/{external_id}", f"/end-users/{ERASED}", 1)


def scrub_audit_log(app: App, external_id: str) -> int:
    """Keep the audit entries about this end user, without their id (in the path and in the target)."""
    scrubbed = 0
    for entry in db.session.scalars(select(AuditEntry).where(AuditEntry.app_id == app.id,
                                                             AuditEntry.path.contains("/end-users/"))):
        named = (entry.target or {}).get("user_id")
        if named is None or normalize_user_id(named) != external_id:
            continue
        entry.path = erased_path(entry.path, named)
        entry.target = {**entry.target, "user_id": ERASED}
        scrubbed += 1
    return scrubbed

