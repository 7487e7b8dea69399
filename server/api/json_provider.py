"""The JSON every answer is written with: Flask's, reading and writing standard JSON only."""
from flask.json.provider import DefaultJSONProvider

from ..rules import strict_json


class StrictJSONProvider(DefaultJSONProvider):
    """Never writes NaN or Infinity (a value stored before they were refused is written as null), so browsers
    can parse every answer; reading refuses them too (request.get_json gives a 400)."""

    def dumps(self, obj, **kwargs) -> str:
        kwargs.setdefault("default", self.default)
        kwargs.setdefault("ensure_ascii", self.ensure_ascii)
        kwargs.setdefault("sort_keys", self.sort_keys)
        return strict_json.dumps(obj, **kwargs)

    def loads(self, s, **kwargs):
        return strict_json.loads(s)
