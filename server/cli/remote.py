"""A small client of the admin API, for CLI commands run against a remote server."""
import json
import urllib.error
import urllib.parse
import urllib.request


class RemoteError(Exception):
    """One line for people: what went wrong talking to the server."""


class RemoteClient:
    def __init__(self, server: str, token: str | None, timeout: float = 30):
        if not token:
            raise RemoteError("WAYPOST_TOKEN is not set; create one with `waypost tokens create EMAIL --name NAME`.")
        self.server, self.token, self.timeout = server.rstrip("/"), token, timeout

    def request(self, method: str, path: str, body=None, query: dict | None = None):
        url = self.server + path + ("?" + urllib.parse.urlencode(query) if query else "")
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(url, data=data, method=method, headers={
            "Authorization": f"Bearer {self.token}", "Content-Type": "application/json", "Accept": "application/json",
        })
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as exc:
            raise RemoteError(f"{self.server} answered {exc.code}: {_error_message(exc.read())}") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise RemoteError(f"cannot reach {self.server}: {reason}") from None
        return json.loads(raw) if raw else None

    def app_id(self, key: str) -> int:
        apps = self.request("GET", "/api/v1/apps", query={"key": key})
        if not apps:
            raise RemoteError(f"no app has the key {key} on {self.server}")
        return apps[0]["id"]


def _error_message(raw: bytes) -> str:
    try:
        error = json.loads(raw)["error"]
        fields = "; ".join(f"{k}: {v}" for k, v in (error.get("fields") or {}).items())
        return error["message"] + (f" ({fields})" if fields else "")
    except (ValueError, KeyError, TypeError):
        return raw[:200].decode(errors="replace")
