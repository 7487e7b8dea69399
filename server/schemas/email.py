"""An email address that end users type (support requests): a plain mailbox, safe to put in a mailto: link.

Marshmallow's Email takes quoted local parts and `%`, `?` and `&` in them, which RFC 5322 allows; such an address
turns `mailto:` into `mailto:"?cc=...&body=..."@host`. A help widget needs none of that.
"""
import re2
from marshmallow import ValidationError, fields, validate

_ATOM = r"[\pL\pM\pN_!#$'*+/=^`{|}~-]+"  # RFC 5322 atext without % & ?, and letters of any script
_LABEL = r"[\pL\pM\pN](?:[\pL\pM\pN-]*[\pL\pM\pN])?"
PLAIN_EMAIL = re2.compile(rf"{_ATOM}(?:\.{_ATOM})*@{_LABEL}(?:\.{_LABEL})+")
MESSAGE = "Not a plain email address (name@example.com: no quotes, spaces, %, ? or &)."


def _plain(value: str) -> None:
    if not PLAIN_EMAIL.fullmatch(value) or not value.isprintable():
        raise ValidationError(MESSAGE)


class PlainEmail(fields.String):
    def __init__(self, **kwargs):
        super().__init__(validate=[validate.Length(max=254), _plain], **kwargs)
