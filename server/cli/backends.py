"""What `tours`, `kb` and `events` commands do, on the local database or, with WAYPOST_SERVER set, through a
server's admin API: the same operations with the same answers either way."""
import os
from collections.abc import Iterator
from datetime import datetime

from .local import app_record, local_db
from .remote import RemoteClient


class LocalBackend:
    """The local database; each operation is one transaction."""

    def push_tours(self, app_key: str, specs: list[dict], draft: bool, dry_run: bool) -> list[dict]:
        from ..services.tour_sync import push_tours

        with local_db():
            return push_tours(app_record(app_key), specs, draft, dry_run, author="cli")

    def tour_drafts(self, app_key: str) -> list[dict]:
        from ..services.tours import list_tours

        with local_db():
            return [tour.draft for tour in list_tours(app_record(app_key))]

    def import_articles(self, app_key: str, articles: list[dict]) -> list[dict]:
        from ..services.kb import import_article

        with local_db():
            app, results = app_record(app_key), []
            for data in articles:
                article, action = import_article(app, data)
                results.append({"slug": article.slug, "locale": article.locale, "action": action})
            return results

    def events(self, app_key: str, since: datetime | None) -> Iterator[dict]:
        from ..services.events import export_events

        with local_db():
            for event in export_events(app_record(app_key), since):
                yield {name: value.isoformat() if isinstance(value, datetime) else value
                       for name, value in event.items()}

    def rebuild_rollups(self, app_key: str) -> dict:
        from ..services.rollups import rebuild_app_rollups

        with local_db():
            result = rebuild_app_rollups(app_record(app_key))
            return {"rows": result["rows"], "help_sessions": result["help_sessions"],
                    "from": result["since"] and result["since"].isoformat()}


class RemoteBackend:
    """A Waypost server's admin API, as the account of WAYPOST_TOKEN."""

    def __init__(self, client: RemoteClient):
        self.client = client

    def push_tours(self, app_key: str, specs: list[dict], draft: bool, dry_run: bool) -> list[dict]:
        body = {"tours": specs, "draft": draft, "dry_run": dry_run}
        return self.client.request("POST", f"/api/v1/apps/{self.client.app_id(app_key)}/tours/push", body)["results"]

    def tour_drafts(self, app_key: str) -> list[dict]:
        tours = self.client.request("GET", f"/api/v1/apps/{self.client.app_id(app_key)}/tours")
        return [tour["draft"] for tour in tours]

    def import_articles(self, app_key: str, articles: list[dict]) -> list[dict]:
        path = f"/api/v1/apps/{self.client.app_id(app_key)}/kb/import"
        return self.client.request("POST", path, {"articles": articles})["results"]

    def events(self, app_key: str, since: datetime | None) -> Iterator[dict]:
        app_id, after = self.client.app_id(app_key), 0
        while after is not None:
            query = {"after": after, "limit": 1000, **({"since": since.isoformat()} if since else {})}
            page = self.client.request("GET", f"/api/v1/apps/{app_id}/events", query=query)
            yield from page["events"]
            after = page["next_after"]

    def rebuild_rollups(self, app_key: str) -> dict:
        return self.client.request("POST", f"/api/v1/apps/{self.client.app_id(app_key)}/analytics/rebuild")


def backend() -> LocalBackend | RemoteBackend:
    server = os.environ.get("WAYPOST_SERVER")
    return RemoteBackend(RemoteClient(server, os.environ.get("WAYPOST_TOKEN"))) if server else LocalBackend()
