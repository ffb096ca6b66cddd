"""Parsing of ids and numbers that arrive in query strings and form fields.

`int()` accepts Unicode digits ("٣"), `str.isdigit()` accepts superscripts that `int()`
then refuses ("²"), and a number past the database's 64-bit range fails in the query.
These helpers accept ASCII digits within range only.
"""

import re

_DIGITS = re.compile(r"[0-9]{1,19}")
MAX_ID = 2**63 - 1


def id_parse(raw: str | None) -> int | None:
    """The positive integer `raw` spells in ASCII digits, or None for anything else."""
    if raw is None or not _DIGITS.fullmatch(raw):
        return None
    value = int(raw)
    return value if 0 < value <= MAX_ID else None


def ids_parse(raws: list[str]) -> list[int]:
    """The valid ids among `raws`, in order; the others are dropped."""
    return [value for value in map(id_parse, raws) if value is not None]
