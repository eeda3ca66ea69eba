"""Imported questions -> bank YAML that the loader accepts, each refused question skipped."""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from spacequiz.bank.write import bank_text_with_lines
from spacequiz.core.records import Skipped
from spacequiz.formats.common import Entry


def checked_bank(
    title: str, entries: Sequence[Entry], source: str = "<import>"
) -> tuple[str, tuple[Entry, ...], tuple[Skipped, ...]]:
    """Bank text that our loader accepts, with every question it refuses skipped.

    Readers build questions the model can hold, but only the loader knows every rule (an
    answer among the choices, no two choices alike...), so the text goes through it; the
    questions it finds fault with are dropped and reported at their line in the source.
    """
    from spacequiz.bank.load import parse_bank
    from spacequiz.core.errors import BankError

    kept = list(entries)
    skipped: list[Skipped] = []
    while True:
        if not kept:  # A bank needs a question; the caller reports that nothing came across.
            return "", (), tuple(sorted(skipped, key=lambda s: s.line))
        text, starts = bank_text_with_lines(title, [e.question for e in kept])
        try:
            parse_bank(text, source)
        except BankError as error:
            faulty: dict[int, str] = {}
            for problem in error.problems:
                index = bisect.bisect_right(starts, problem.line) - 1
                if index < 0:
                    raise  # The header is ours: a fault there is a bug, not the input's.
                faulty.setdefault(index, problem.message)
            for index, message in sorted(faulty.items()):
                entry = kept[index]
                skipped.append(Skipped(entry.line, message, entry.question.id))
            kept = [e for i, e in enumerate(kept) if i not in faulty]
            continue
        return text, tuple(kept), tuple(sorted(skipped, key=lambda s: s.line))
