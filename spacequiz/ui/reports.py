"""Screens that describe banks: validation problems and the bank at a glance."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from spacequiz.bank.lint import Finding
from spacequiz.core.model import DIFFICULTIES, QUESTION_TYPES, Bank, Problem
from spacequiz.ui.safe import literal


def show_problems(console: Console, problems: list[Problem]) -> None:
    """Each problem as `path:line:column: message`, then its hint, indented."""
    for problem in problems:
        line = Text.assemble(
            literal(problem.location(), "bold"), ": ", literal(problem.message, "error")
        )
        console.print(line, soft_wrap=True)
        if problem.hint:
            console.print(Text.assemble("  hint: ", literal(problem.hint, "hint")), soft_wrap=True)
    files = len({p.path for p in problems})
    noun = "problem" if len(problems) == 1 else "problems"
    where = "file" if files == 1 else "files"
    console.print(Text(f"{len(problems)} {noun} in {files} {where}", style="error"))


def show_findings(console: Console, findings: Sequence[Finding]) -> None:
    """Each finding as `path:line:column: CODE message`, its hint indented; then a count."""
    for finding in findings:
        line = Text.assemble(
            literal(finding.location(), "bold"),
            ": ",
            literal(finding.code, "warn"),
            " ",
            literal(finding.message, "error"),
        )
        console.print(line, soft_wrap=True)
        if finding.hint:
            console.print(Text.assemble("  hint: ", literal(finding.hint, "hint")), soft_wrap=True)
    if not findings:
        console.print(Text("No findings: the bank passes every check.", style="right"))
        return
    noun = "finding" if len(findings) == 1 else "findings"
    drafts = sum(f.draft for f in findings)
    expected = f", {drafts} of them expected in drafts" if drafts else ""
    console.print(Text(f"{len(findings)} {noun}{expected}", style="error"))


def bank_counts(bank: Bank) -> dict[str, object]:
    """The numbers `spacequiz bank` shows, as plain data."""
    types = Counter(q.type for q in bank.questions)
    difficulties = Counter(q.difficulty for q in bank.questions)
    tags = Counter(tag for q in bank.questions for tag in q.tags)
    return {
        "title": bank.title,
        "sources": list(bank.sources),
        "questions": len(bank.questions),
        "types": {t: types.get(t, 0) for t in QUESTION_TYPES},
        "difficulties": {d: difficulties.get(d, 0) for d in DIFFICULTIES},
        "tags": dict(sorted(tags.items(), key=lambda kv: (-kv[1], kv[0]))),
        "with_hint": sum(1 for q in bank.questions if q.hint),
        "with_explanation": sum(1 for q in bank.questions if q.explanation),
    }


def show_bank(console: Console, bank: Bank) -> None:
    """Counts by type, difficulty and tag, side by side where the terminal is wide enough."""
    counts = bank_counts(bank)
    total = len(bank.questions)
    console.print(Text.assemble(literal(bank.title, "accent"), f"  ({total} questions)"))
    tables = []
    for heading, key in (("Type", "types"), ("Difficulty", "difficulties"), ("Tag", "tags")):
        table = Table(title=heading, title_style="bold", show_header=False, box=None)
        table.add_column(heading)
        table.add_column("n", justify="right")
        values = counts[key]
        assert isinstance(values, dict)
        for name, count in values.items():
            table.add_row(literal(str(name)), str(count))
        tables.append(table)
    from rich.columns import Columns

    console.print(Columns(tables, padding=(1, 4)))
    console.print(
        Text(
            f"{counts['with_hint']} with a hint, {counts['with_explanation']} with an explanation",
            style="muted",
        )
    )
