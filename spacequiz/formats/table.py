"""The one CSV writer: every CSV spacequiz prints or saves is built here.

Cells come from outside (player and team names, bank text), so each text cell loses its
escape sequences and control characters (a terminal showing the CSV would run them) and a
cell a spreadsheet would run as a formula gets a leading '.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from spacequiz.core.text import strip_controls
from spacequiz.formats.common import guard_formula

Cell = str | int | float


class Guarded(str):
    """A cell already guarded piece by piece (a list of entries, each guarded): only its
    controls are stripped, so no second ' is added in front."""


def cell(value: Cell, *, numbers_are_data: bool = False, keep_cr: bool = False) -> Cell:
    """A text value made inert; a number we computed goes out as it is."""
    if isinstance(value, str):
        text = strip_controls(value, keep_cr=keep_cr)
        if isinstance(value, Guarded):
            return text
        return guard_formula(text, numbers_are_data=numbers_are_data)
    return value


def csv_text(
    header: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    *,
    line_end: str = "\n",
    numbers_are_data: bool = False,
    keep_cr: bool = False,
) -> str:
    """A header row, then the rows, as CSV text.

    Args:
        line_end: "\\n" for a terminal, "\\r\\n" for a file a spreadsheet opens (RFC 4180).
        numbers_are_data: leave text such as "-12" (a typed number) unguarded.
        keep_cr: keep carriage returns inside cells (quoted): a bank's text, exactly.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=line_end)
    writer.writerow([cell(h) for h in header])
    for row in rows:
        writer.writerow([cell(v, numbers_are_data=numbers_are_data, keep_cr=keep_cr) for v in row])
    return buffer.getvalue()
