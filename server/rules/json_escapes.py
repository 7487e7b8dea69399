"""Escapes in JSON text that decode to something no text can hold."""
import re

UNPAIRED_SURROGATE = "Half a UTF-16 surrogate pair (\\ud800-\\udfff without its other half) is not text."

# A JSON escape: an escaped backslash (consumed whole, so `\\ud800` is no escape of a surrogate) or a
# UTF-16 surrogate half, \ud800-\udfff.
_ESCAPE = re.compile(rb"\\(?:\\|u[dD][89a-fA-F][0-9a-fA-F]{2})")


def has_unpaired_surrogate(text: bytes) -> bool:
    r"""Whether JSON text escapes half a surrogate pair without the other half right after it.

    JSON may spell a character beyond U+FFFF as a pair (`\ud83d\ude00`); half of one is not text, and
    neither the databases nor the JSON encoders can store or send it.
    """
    if b"\\ud" not in text and b"\\uD" not in text:
        return False
    high_ends_at = None
    for escape in _ESCAPE.finditer(text):
        is_surrogate = escape.group() != b"\\\\"
        is_high = is_surrogate and escape.group()[3] in b"89abAB"
        if high_ends_at is not None:
            if not is_surrogate or is_high or escape.start() != high_ends_at:
                return True
            high_ends_at = None
        elif is_high:
            high_ends_at = escape.end()
        elif is_surrogate:
            return True
    return high_ends_at is not None
