"""What the database can hold, checked before storing: a bad value is a field error, not a 500."""
from datetime import UTC, datetime

from marshmallow import ValidationError, fields

DB_INT_MAX = 2**31 - 1  # an INTEGER column on PostgreSQL
NOT_A_DATETIME = "Not a valid datetime."


def in_utc(value: datetime) -> datetime:
    """The same instant in UTC, as the columns store it; OverflowError when it has none (9999-12-31 at -14:00)."""
    return value.astimezone(UTC)


class UTCDateTime(fields.AwareDateTime):
    """An aware datetime (naive ones read in `default_timezone`) that exists in UTC, returned in UTC."""

    def _deserialize(self, value, attr, data, **kwargs) -> datetime:
        try:
            return in_utc(super()._deserialize(value, attr, data, **kwargs))
        except OverflowError:
            raise ValidationError(NOT_A_DATETIME) from None
