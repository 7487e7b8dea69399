"""URL converters: ids that fit our INTEGER primary keys on every database, so huge ids are a 404, not a 500."""
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1


class DatabaseId(IntegerConverter):
    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def id_schema(converter) -> dict:
    return {"type": "integer", "minimum": 0, "maximum": MAX_ID}
