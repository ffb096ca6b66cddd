"""Letters read for digits in numeric slots: `I S November` -> 15, `no. I ,` -> `no. 1,`.

Only slots where a number is certain are touched: before a month name, after `no.`, `p.`,
`pp.`, and a letter glued to digits (`5o` -> 50, `\\0` -> 10).
"""

from __future__ import annotations

import re

from edition.ingest.ocr.digits import MONTHS
from edition.ingest.ocr.draft import Change

STAGE = "letter-digit"
LOOKALIKES = str.maketrans({"I": "1", "l": "1", "S": "5", "O": "0", "o": "0", "J": "3"})
DAY = re.compile(rf"(?<![\w.])([IlS\d](?: ?[IlSO\d])?)(?= (?:{MONTHS})\b)")
CITED = re.compile(r"\b(?:no|pp|p)\. ([IlS\d](?: ?[IlSO\d]){0,3})(?=[,;.)]|\s|$)")
GLUED = re.compile(r"(?<=\d)[oO]{1,2}\b|\b[lI](?=\d)|(?<=\d)[lI](?=\d)|(?<![\w\\])\\(?=\d)")


def numeric_slots(text: str) -> list[Change]:
    found = []
    for pattern, rule in ((DAY, "day-of-month"), (CITED, "citation-number")):
        for m in pattern.finditer(text):
            value = m.group(1).replace(" ", "").translate(LOOKALIKES)
            if value != m.group(1) and value.isdigit() and _plausible(rule, value):
                found.append(Change(m.start(1), m.end(1), value, STAGE, rule, 0.9))
    return found


def _plausible(rule: str, value: str) -> bool:
    return 1 <= int(value) <= 31 if rule == "day-of-month" else not value.startswith("0")


def glued_letters(text: str) -> list[Change]:
    return [
        Change(
            m.start(),
            m.end(),
            m.group().translate(LOOKALIKES).replace("\\", "1"),
            STAGE,
            "glued-letter",
            0.85,
        )
        for m in GLUED.finditer(text)
    ]


RULES = (numeric_slots, glued_letters)
