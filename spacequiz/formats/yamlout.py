"""Imported questions -> bank YAML that the loader accepts, each refused question skipped."""

from __future__ import annotations

from collections.abc import Sequence

from spacequiz.bank import rules
from spacequiz.bank.write import bank_text, question_fields
from spacequiz.core.records import Skipped
from spacequiz.formats.common import Entry


def checked_bank(
    title: str, entries: Sequence[Entry], source: str = "<import>"
) -> tuple[str, tuple[Entry, ...], tuple[Skipped, ...]]:
    """Bank text that our loader accepts, with every question it refuses skipped.

    Readers build questions the model can hold, but only the bank's rules know every
    one (an answer among the choices, no two choices alike...), so each question's fields
    go through them, as the loader's do; the questions they find fault with are dropped
    and reported at their line in the source.
    """
    kept: list[Entry] = []
    skipped: list[Skipped] = []
    first_line: dict[str, int] = {}
    for entry in entries:
        _, issues = rules.check_question(question_fields(entry.question))
        qid = entry.question.id
        if not issues and qid in first_line:
            issues = [rules.duplicate_id(qid, f"at line {first_line[qid]}")]
        if issues:
            skipped.append(Skipped(entry.line, issues[0].message, qid))
            continue
        first_line[qid] = entry.line
        kept.append(entry)
    if not kept:  # A bank needs a question; the caller reports that nothing came across.
        return "", (), tuple(sorted(skipped, key=lambda s: s.line))
    text = bank_text(title, [e.question for e in kept])
    return text, tuple(kept), tuple(sorted(skipped, key=lambda s: s.line))
