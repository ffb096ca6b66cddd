"""Roster CSV files (e-mail, name) to rows and line-numbered problems. No database access."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

MAX_ROWS = 2000
HEADER_WORDS = {"email", "e-mail", "mail", "courriel"}


@dataclass(frozen=True)
class RosterRow:
    line: int
    email: str
    name: str


@dataclass(frozen=True)
class RosterProblem:
    line: int
    message: str

    def __str__(self):
        return f"line {self.line}: {self.message}"


def roster_parse(text: str) -> tuple[list[RosterRow], list[RosterProblem]]:
    """Rows of "e-mail, name" (a header line is allowed; blank lines are skipped).

    Returns the good rows and, separately, a problem per bad line (1-based line numbers).
    """
    rows, problems, seen = [], [], {}
    for line, cells in enumerate(csv.reader(io.StringIO(text.lstrip("\ufeff"))), start=1):
        cells = [c.strip() for c in cells]
        if not any(cells):
            continue
        if line == 1 and cells[0].lower() in HEADER_WORDS:
            continue
        email, name = cells[0].lower(), ", ".join(c for c in cells[1:] if c)
        try:
            validate_email(email)
        except ValidationError:
            problems.append(RosterProblem(line, f"“{cells[0]}” is not an e-mail address"))
            continue
        if email in seen:
            problems.append(RosterProblem(line, f"{email} is already on line {seen[email]}"))
            continue
        seen[email] = line
        rows.append(RosterRow(line, email, name[:80]))
    if len(rows) + len(problems) > MAX_ROWS:
        problems.append(RosterProblem(MAX_ROWS + 1, f"at most {MAX_ROWS} students at once"))
    return rows, problems
