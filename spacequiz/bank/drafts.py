"""Draft questions -> a bank file whose comments cite the article, line and sentence.

The text is checked with the project's loader before it is returned, so a drafted bank
always passes `spacequiz validate`.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence

from spacequiz.bank.load import parse_bank
from spacequiz.bank.write import SCHEMA_LINE, entry_lines, question_fields, scalar
from spacequiz.core.draft.questions import Draft
from spacequiz.core.draft.sentences import Sentence
from spacequiz.core.errors import DraftError

COMMENT_WIDTH = 96
# What may not stand in a YAML comment: line breaks and the characters YAML forbids raw.
_NOT_IN_COMMENT = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def source_comments(source: str, sentences: Sequence[Sentence]) -> list[str]:
    """Comment lines (without '#') citing each sentence: 'article.txt:4: “...”'."""
    lines: list[str] = []
    for sentence in sentences:
        text = _NOT_IN_COMMENT.sub(" ", f"{source}:{sentence.line}: “{sentence.text}”")
        lines += textwrap.wrap(text, COMMENT_WIDTH, subsequent_indent="  ")
    return lines


def drafts_text(title: str, source: str, drafts: Sequence[Draft]) -> str:
    """A whole bank of drafts: a header saying what to do, then each draft under its source."""
    types = ", ".join(sorted({d.question.type for d in drafts}))
    header = [
        f"Draft questions from {source} by 'spacequiz draft': {len(drafts)} drafts ({types}).",
        "Each is tagged 'draft' and cites its sentence. Check every fact and wording against",
        "the article, edit or delete what does not hold, then take the 'draft' tag off.",
        "Questions from one sentence share a family, so a game asks one of them.",
    ]
    lines = [SCHEMA_LINE, *(_comment(h) for h in header)]
    lines += ["version: 1", f"title: {scalar(title)}", "questions:"]
    for draft in drafts:
        lines.append("")
        lines += [f"  # {c}" for c in source_comments(source, draft.sources)]
        lines += entry_lines(question_fields(draft.question))
    text = "\n".join(lines) + "\n"
    try:
        parse_bank(text, "<draft>")
    except Exception as error:  # pragma: no cover - a bug here must not reach the disk
        raise DraftError(f"the drafted bank would not load ({error})") from None
    return text


def _comment(text: str) -> str:
    return f"# {_NOT_IN_COMMENT.sub(' ', text)}"
