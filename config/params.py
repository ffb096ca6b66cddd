"""Parsing of ids and numbers that arrive in query strings and form fields.

`int()` accepts Unicode digits ("٣"), `str.isdigit()` accepts superscripts that `int()`
then refuses ("²"), and a number past the database's 64-bit range fails in the query.
These helpers accept ASCII digits within range only.
"""

import re

from django.http import Http404

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


def id_or_404(raw: str | None, *, what: str = "item") -> int:
    """The id `raw` spells; 404 (with a message) when it is not one."""
    value = id_parse(raw)
    if value is None:
        raise Http404(f"No such {what}.")
    return value
