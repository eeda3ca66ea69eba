"""A spreadsheet-friendly CSV: one question per row, the bank's keys as column names.

Lists (choices, answer for multi, accept, items, tags) are written in one cell, separated by
" | ". A header row is required; columns may come in any order, and a BOM or semicolons
(as some spreadsheets save) are fine; with semicolons, number cells may use a decimal comma.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Iterator
from typing import Any, assert_never

from spacequiz.bank.write import KEY_ORDER, question_fields
from spacequiz.core.ids import Ids
from spacequiz.core.model import (
    DIFFICULTIES,
    QUESTION_TYPES,
    ChoiceQuestion,
    MultiQuestion,
    NumberQuestion,
    OrderQuestion,
    Question,
    TextQuestion,
    TrueFalseQuestion,
)
from spacequiz.core.records import Skipped
from spacequiz.formats.common import (
    Entry,
    Exported,
    FormatError,
    Imported,
    unguard_formula,
    unsafe_text,
)
from spacequiz.formats.table import Cell, Guarded, cell, csv_text

SEPARATOR = "|"
COLUMNS = KEY_ORDER
_LIST_COLUMNS = {"choices", "accept", "items", "tags"}
_TRUE = {"true", "yes", "t", "y", "1"}
_FALSE = {"false", "no", "f", "n", "0"}


def read(text: str) -> Imported:
    """Parse CSV with a header row; rows that do not make a question are skipped."""
    text = text.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _rows(reader, decimal_comma=delimiter == ";")
    except csv.Error as error:
        # The csv module stops at a cell over its size limit (131,072 characters), a NUL...
        line = max(reader.line_num, 1)
        if "field limit" in str(error):
            limit = csv.field_size_limit()
            raise FormatError(line, f"a cell holds more than {limit:,} characters") from None
        raise FormatError(line, f"not readable as CSV: {error}") from None


def _rows(reader: Iterator[list[str]], *, decimal_comma: bool) -> Imported:
    header = [_text(h).casefold() for h in next(reader, [])]
    unknown = [h for h in header if h and h not in COLUMNS]
    entries: list[Entry] = []
    skipped: list[Skipped] = []
    if "prompt" not in header:
        return Imported((), (Skipped(1, "the header row has no 'prompt' column"),))
    if unknown:
        skipped.append(Skipped(1, f"unknown columns ignored: {', '.join(unknown)}"))
    ids = Ids()
    line = _line(reader) + 1
    for row in reader:
        start, line = line, _line(reader) + 1
        if not any(cell.strip() for cell in row):
            continue
        cells = {h: row[i] for i, h in enumerate(header) if h in COLUMNS and i < len(row)}
        result = _question(cells, ids, decimal_comma=decimal_comma)
        if isinstance(result, str):
            skipped.append(Skipped(start, result, _one(cells, "prompt")[:40]))
        else:
            entries.append(Entry(result, start))
    return Imported(tuple(entries), tuple(skipped))


def _line(reader: Iterator[list[str]]) -> int:
    return int(getattr(reader, "line_num", 0))


def _text(cell: str) -> str:
    """A cell's text as written: a CSV cell is exact, so its line breaks (and carriage
    returns) are the author's own; only a BOM and spaces around it go."""
    return cell.replace("\ufeff", "").strip(" \t")


def _one(cells: dict[str, str], column: str) -> str:
    """One text cell, its formula guard taken off (a list's entries are guarded one by one)."""
    return _text(unguard_formula(cells.get(column, "")))


def _list(cell: str) -> tuple[str, ...]:
    return tuple(p for p in (_text(unguard_formula(x.strip())) for x in cell.split(SEPARATOR)) if p)


def _number(cells: dict[str, str], column: str, decimal_comma: bool) -> float | str:
    """A number cell's value, or what is wrong with it (naming the cell and its column)."""
    cell = _one(cells, column)
    if not cell:
        return 0.0 if column == "tolerance" else f"the {column} cell is empty"
    text = cell.replace(",", ".") if decimal_comma and cell.count(",") == 1 else cell
    try:
        value = float(text)
    except ValueError:
        return f"'{cell}' in the {column} column is not a number"
    return value if math.isfinite(value) else f"'{cell}' in the {column} column is not finite"


def _question(cells: dict[str, str], ids: Ids, *, decimal_comma: bool = False) -> Question | str:
    """One row as a question, or why it cannot be one.

    Args:
        decimal_comma: the file is ';'-separated, as spreadsheets save it where 1,5 is a
            number, so a comma in a number cell is its decimal point.
    """
    prompt = _one(cells, "prompt")
    if not prompt:
        return "the prompt is empty"
    named = _one(cells, "type").lower() or (
        "choice" if cells.get("choices", "").strip() else "text"
    )
    qtype = next((t for t in QUESTION_TYPES if t == named), None)
    if qtype is None:
        return f"unknown type '{named}'"
    difficulty = _one(cells, "difficulty").lower() or "medium"
    if difficulty not in DIFFICULTIES:
        return f"unknown difficulty '{difficulty}'"
    given_id = _one(cells, "id")
    if given_id and given_id.casefold() in ids.taken:
        return f"the id '{given_id}' is used by an earlier row"
    if given_id:
        ids.taken.add(given_id.casefold())
    common: dict[str, Any] = {
        "id": given_id or ids.propose(prompt),
        "prompt": prompt,
        "difficulty": difficulty,
        "tags": _list(cells.get("tags", "")),
        "explanation": _one(cells, "explanation"),
    }
    hint = _one(cells, "hint")
    if hint:
        common["hint"] = hint
    answer = _one(cells, "answer")
    match qtype:
        case "choice":
            return ChoiceQuestion(choices=_list(cells.get("choices", "")), answer=answer, **common)
        case "multi":
            return MultiQuestion(
                choices=_list(cells.get("choices", "")),
                answer=_list(cells.get("answer", "")),
                **common,
            )
        case "truefalse":
            if answer.lower() not in _TRUE | _FALSE:
                return f"a truefalse answer must be true or false, not '{answer}'"
            return TrueFalseQuestion(answer=answer.lower() in _TRUE, **common)
        case "text":
            return TextQuestion(answer=answer, accept=_list(cells.get("accept", "")), **common)
        case "number":
            value = _number(cells, "answer", decimal_comma)
            tolerance = _number(cells, "tolerance", decimal_comma)
            for problem in (value, tolerance):
                if isinstance(problem, str):
                    return problem
            assert isinstance(value, float) and isinstance(tolerance, float)
            unit = _one(cells, "unit") or None
            return NumberQuestion(answer=value, tolerance=tolerance, unit=unit, **common)
        case "order":
            return OrderQuestion(items=_list(cells.get("items", "")), **common)
        case _:
            assert_never(qtype)


def write(questions: Iterable[Question], title: str = "") -> Exported:
    """Every question type as a row; a list entry holding '|' cannot be written and is skipped."""
    rows: list[list[Cell]] = []
    skipped: list[Skipped] = []
    for question in questions:
        fields = question_fields(question)
        row: list[Cell] = []
        broken = False
        for column in COLUMNS:
            value = fields.get(column)
            if isinstance(value, list):
                broken = broken or any(SEPARATOR in str(v) for v in value)
                entries = (str(cell(str(v), keep_cr=True)) for v in value)
                row.append(Guarded(f" {SEPARATOR} ".join(entries)))
            elif isinstance(value, bool):
                row.append("true" if value else "false")
            elif isinstance(value, float) and value.is_integer():
                row.append(int(value))
            elif isinstance(value, str | int | float):
                row.append(value)
            else:
                row.append("")
        if broken:
            skipped.append(Skipped(0, f"a list entry holds '{SEPARATOR}'", question.id))
            continue
        unsafe = unsafe_text(question, "\n\t\r")
        if unsafe is not None:
            skipped.append(Skipped(0, unsafe, question.id))
            continue
        rows.append(row)
    return Exported(csv_text(COLUMNS, rows, keep_cr=True), len(rows), tuple(skipped))
