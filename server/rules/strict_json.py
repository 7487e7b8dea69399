"""JSON as the standard spells it: no NaN or Infinity read in, none written out.

Python's json module reads `NaN`, `Infinity` and `-Infinity` (and turns `1e999` into infinity), and
writes them back; browsers' JSON.parse refuses all of them, so one stored value would break every
page that shows it.
"""
import json
import math
import re

NON_STANDARD = "NaN, Infinity and numbers beyond ±1.8e308 are not JSON."

# Text that may hold such a number: the constants, a number with an exponent of two digits or more,
# or a run of 300 digits. Loose on purpose (a match only costs a strict parse), but never misses one.
_SUSPECT = re.compile(rb"NaN|Infinity|(?:^|[:,\[\s])-?[0-9]+(?:\.[0-9]+)?[eE]\+?[0-9]{2}|[0-9]{300}")


class NonStandardNumber(ValueError):
    pass


def _refuse_constant(name: str):
    raise NonStandardNumber(NON_STANDARD)


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise NonStandardNumber(NON_STANDARD)
    return value


def loads(text: str | bytes):
    """json.loads that raises NonStandardNumber (a ValueError) on NaN, ±Infinity or an overflowing number."""
    return json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)


def has_non_standard_number(body: bytes) -> bool:
    """Whether a JSON body holds a number browsers can't read; False for text that is not JSON at all."""
    if not _SUSPECT.search(body):
        return False
    try:
        loads(body)
    except NonStandardNumber:
        return True
    except (ValueError, UnicodeDecodeError):
        return False
    return False


def finite(value):
    """A copy with every NaN or infinite float replaced by None (what JSON.stringify writes for them)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: finite(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(item) for item in value]
    return value


def dumps(value, **kwargs) -> str:
    """json.dumps that never writes NaN or Infinity: values stored before they were refused become null."""
    try:
        return json.dumps(value, allow_nan=False, **kwargs)
    except ValueError:
        return json.dumps(finite(value), allow_nan=False, **kwargs)
