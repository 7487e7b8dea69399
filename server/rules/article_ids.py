"""Article ids as events name them (decimal text), read safely."""

_MAX_ID = 2**31 - 1  # kb_articles.id is an INTEGER on PostgreSQL


def article_number(value) -> int | None:
    """The article id in `value` ("42"), or None for anything no article can have: not ASCII digits
    ("²" passes str.isdigit but int() refuses it), or beyond the column's range."""
    text = str(value) if value is not None else ""
    if not (text.isascii() and text.isdigit()) or len(text) > 10:
        return None
    number = int(text)
    return number if 0 < number <= _MAX_ID else None
