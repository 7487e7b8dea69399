"""The load-test app: 50 published tours (varied page rules, some with audiences and translations),
30 help articles bound to pages, 10,000 known end users (3,000 of them part-way through or done with
some tours), all written in bulk. Deterministic: the same seed gives the same data."""
import random
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert

ORIGIN = "https://app.bench.test"
USERS = 10_000
TOURS = 50
ARTICLES = 30
PLANS, ROLES = ("trial", "pro", "free"), ("admin", "member")
# The pages the load generator asks for; every one is matched by several tours.
PAGES = ["/app/dashboard", "/app/projects", "/app/projects/1234", "/app/settings/billing",
         "/app/reports/42", "/app/team", "/app/inbox/thread/9"]
LOCALES = ["en", "th", "ar", "vi", "id"]

_RULES = [
    {"url": "/app/projects*"}, {"url": "/app/settings/*"}, {"url": "/app/*"}, {"url": "/app/dashboard"},
    {"regex": r"^/app/reports/\d+$"}, {"regex": r"^/app/(team|inbox)(/.*)?$"}, {"url": "*/billing"},
    {"url": "/app/projects/*/files"}, {"regex": r"^/app/settings/(profile|security)$"}, None,
]
_TARGETS = ["#main-nav", "#search", "#new-project", "#stats", "#user-menu", ".sidebar a[href$='/team']",
            "[data-projects] tbody tr:first-child", None]
_TRANSLATIONS = {
    "th": ("ทัวร์แนะนำ", "ขั้นตอน", "คลิก **ที่นี่** เพื่อดูรายละเอียดเพิ่มเติมเกี่ยวกับโครงการของคุณ"),
    "ar": ("جولة تعريفية", "الخطوة", "انقر **هنا** لمعرفة المزيد عن مشروعك."),
    "vi": ("Hướng dẫn", "Bước", "Nhấp **vào đây** để xem thêm về dự án của bạn."),
}


def user_id(i: int) -> str:
    return f"user-{i:05d}"


def user_traits(i: int) -> dict:
    """Also computed by lua/waypost.lua, which sends the same traits (so a bootstrap writes nothing)."""
    return {"plan": PLANS[i % 3], "role": ROLES[i % 2]}


def tour_specs(rng: random.Random) -> list[dict]:
    specs = []
    for n in range(TOURS):
        steps = []
        for s in range(rng.randint(3, 8)):
            target = rng.choice(_TARGETS)
            steps.append({"id": f"s{s}", "target": target, "title": f"Step {s + 1} of tour {n}",
                          "body": f"Use **this** to get work done faster. See [the guide](https://docs.example.com/{n}/{s}) "
                                  f"for more.\n\n- one\n- two `code`",
                          **({"advance_on": "click"} if target and s % 3 == 2 else {})})
        spec = {"id": f"tour-{n:02d}", "name": f"Bench tour {n}", "auto": n % 4 != 3,
                "match": _RULES[n % len(_RULES)], "locale": "en", "steps": steps}
        if n % 3 == 0:
            spec["audience"] = {"traits": {"plan": ["trial"]} if n % 2 else {"role": ["admin"], "plan": ["pro", "trial"]}}
        if n % 2 == 0:
            spec["translations"] = {
                code: {"name": f"{name} {n}", "steps": {st["id"]: {"title": f"{word} {i + 1}", "body": body}
                                                        for i, st in enumerate(steps)}}
                for code, (name, word, body) in _TRANSLATIONS.items() if (n // 2 + len(code)) % 2 == 0 or code == "th"}
        specs.append(spec)
    return specs


def seed(app) -> dict:
    """Seed the load-test app inside `app` (a migrated Flask app); returns its key and what was made."""
    from server.extensions import db
    from server.models import EndUser, TourProgress
    from server.schemas.tour_spec import TourSpecSchema
    from server.services import tours as tour_service
    from server.services.apps import create_app_record
    from server.services.kb import save_article

    rng = random.Random(7)
    with app.app_context():
        record = create_app_record("Bench app", [ORIGIN])
        tour_ids = []
        for raw in tour_specs(rng):
            tour = tour_service.create_tour(record, TourSpecSchema().load(raw))
            tour_service.publish(tour, "bench")
            tour_ids.append(tour.id)
        for n in range(ARTICLES):
            locale = ("en", "th")[n % 2]
            save_article(record, {"slug": f"help-{n}", "locale": locale, "title": f"Help article {n}",
                                  "body": "How to **use** this page.\n\nMore text here.", "status": "published",
                                  "pages": [_RULES[n % 9]] if _RULES[n % 9] else [{"url": "/app/*"}],
                                  "priority": n % 5})
        now = datetime.now(UTC)
        users = [{"app_id": record.id, "external_id": user_id(i), "traits": user_traits(i),
                  "first_seen_at": now - timedelta(days=i % 90), "last_seen_at": now} for i in range(1, USERS + 1)]
        ids = list(db.session.scalars(insert(EndUser).returning(EndUser.id, sort_by_parameter_order=True), users))
        progress = []
        for uid in ids[:3000]:
            for tid in rng.sample(tour_ids, rng.randint(1, 3)):
                status = rng.choice(("in_progress", "completed", "dismissed"))
                progress.append({"end_user_id": uid, "tour_id": tid, "version": 1, "status": status, "step_id": "s1",
                                 "started_at": now, "updated_at": now,
                                 "completed_at": now if status == "completed" else None,
                                 "dismissed_at": now if status == "dismissed" else None})
        db.session.execute(insert(TourProgress), progress)
        db.session.commit()
        key = record.key
        db.session.remove()
        db.engine.dispose()
    return {"key": key, "origin": ORIGIN, "users": USERS, "tours": TOURS, "articles": ARTICLES,
            "tour_slugs": [f"tour-{n:02d}" for n in range(TOURS)]}
