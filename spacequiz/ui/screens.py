"""What the game shows: title, question, feedback and summary, rich or plain.

Plain mode (pipes, screen readers, --plain) prints simple lines: no boxes, no cursor moves.
Every piece of bank or player text goes through `literal`.
"""

from __future__ import annotations

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from spacequiz.core.engine import Outcome, Result, Round, Selection
from spacequiz.ui.safe import literal

RIGHT_MARK = "✔"
WRONG_MARK = "✘"
PARTIAL_MARK = "◐"
DIFFICULTY_STYLE = {"easy": "green", "medium": "yellow", "hard": "red"}


def show_title(console: Console, title: str, selection: Selection, plain: bool, note: str) -> None:
    count = len(selection.rounds)
    if plain:
        console.print(literal(f"spacequiz: {title}"))
        console.print(f"{count} question{'' if count == 1 else 's'}.")
        if note:
            console.print(literal(note))
        return
    body = Group(
        Text("🚀 spacequiz", style="bold magenta", justify="center"),
        Text.assemble(literal(title, "bold"), justify="center"),
        Text(f"{count} question{'' if count == 1 else 's'}", style="muted", justify="center"),
        *([Text.assemble(literal(note, "warn"), justify="center")] if note else []),
    )
    console.print(Panel(body, border_style="magenta", padding=(1, 2)))


def show_question(console: Console, round_: Round, plain: bool) -> None:
    question = round_.question
    heading = f"Question {round_.number} of {round_.of}"
    tags = ", ".join(question.tags)
    if plain:
        console.print()
        meta = f"{heading} ({question.difficulty}{'; ' + tags if tags else ''})"
        console.print(literal(meta))
        console.print(literal(question.prompt))
        for i, option in enumerate(round_.options, start=1):
            console.print(literal(f"  {i}) {option}"))
        return
    subtitle = Text(question.difficulty, style=DIFFICULTY_STYLE[question.difficulty])
    if tags:
        subtitle.append("  ·  ", style="muted")
        subtitle.append_text(literal(tags, "muted"))
    parts: list[RenderableType] = [literal(question.prompt, "bold")]
    console.print()
    console.print(
        Panel(
            Group(*parts),
            title=Text(heading, style="accent"),
            title_align="left",
            subtitle=subtitle,
            subtitle_align="right",
            border_style="cyan",
            padding=(0, 1),
        )
    )


def show_hint(console: Console, hint: str, plain: bool) -> None:
    label = "Hint: " if plain else "💡 Hint: "
    console.print(Text.assemble((label, "warn"), literal(hint, "hint")))


def verdict(outcome: Outcome) -> tuple[str, str, str]:
    """Symbol, word and style, so the verdict reads without colour."""
    if outcome.correct:
        return RIGHT_MARK, "Right!", "right"
    if outcome.timed_out:
        return WRONG_MARK, "Time's up!", "wrong"
    if outcome.credit > 0:
        return PARTIAL_MARK, "Partly right.", "warn"
    return WRONG_MARK, "Wrong.", "wrong"


def show_feedback(
    console: Console, round_: Round, outcome: Outcome, score: int, plain: bool
) -> None:
    mark, word, style = verdict(outcome)
    question = round_.question
    lines: list[RenderableType] = [Text(f"{mark} {word}", style=style)]
    if not outcome.correct:
        lines.append(Text.assemble("Your answer: ", literal(outcome.given)))
        lines.append(Text.assemble("Answer: ", literal(outcome.answer, "bold")))
    if question.explanation:
        lines.append(literal(question.explanation))
    stats = f"+{outcome.points} points · score {score} · streak {outcome.streak}"
    if outcome.hint_used:
        stats += " · hint used"
    lines.append(Text(stats, style="muted"))
    if plain:
        for line in lines:
            console.print(line)
        return
    console.print(Panel(Group(*lines), border_style=style, padding=(0, 1)))


def _bar(fraction: float, width: int = 20) -> str:
    filled = round(fraction * width)
    return "█" * filled + "░" * (width - filled)


def show_summary(console: Console, result: Result, plain: bool) -> None:
    status = "" if result.finished else " (stopped early)"
    percent = f"{result.accuracy:.0%}"
    headline = (
        f"Score: {result.score} · {result.correct}/{result.answered} right ({percent})"
        f" · longest streak {result.longest_streak}{status}"
    )
    console.print()
    if plain:
        console.print("Game over.")
        console.print(headline)
        for tag, tally in result.by_tag.items():
            console.print(literal(f"  {tag}: {tally.right}/{tally.total} ({tally.accuracy:.0%})"))
        if result.missed:
            console.print("Missed:")
            for outcome in result.missed:
                prompt = " ".join(outcome.prompt.split())  # one line per missed question
                console.print(literal(f"  {prompt} Answer: {outcome.answer}"))
        console.print(f"Seed: {result.seed}")
        return
    table = Table(box=None, show_header=False, padding=(0, 1))
    table.add_column("tag")
    table.add_column("bar")
    table.add_column("n", justify="right")
    for tag, tally in result.by_tag.items():
        table.add_row(
            literal(tag),
            Text(_bar(tally.accuracy), style="right" if tally.accuracy >= 0.5 else "wrong"),
            f"{tally.right}/{tally.total}",
        )
    parts: list[RenderableType] = [Text(headline, style="bold")]
    if result.by_tag:
        parts += [Text(""), Text("Accuracy by tag", style="accent"), table]
    if result.missed:
        parts += [Text(""), Text("Missed", style="accent")]
        missed = Table.grid(padding=(0, 1))
        missed.add_column(width=1)
        missed.add_column(ratio=1)  # wrapped lines stay indented under the question
        for outcome in result.missed:
            mark = PARTIAL_MARK if outcome.credit > 0 else WRONG_MARK
            missed.add_row(
                Text(mark, style="wrong"),
                Text.assemble(literal(outcome.prompt), "\n→ ", literal(outcome.answer, "bold")),
            )
        parts.append(missed)
    parts.append(Text(f"seed {result.seed}", style="muted"))
    console.print(
        Panel(Group(*parts), title=Text("Game over", style="bold magenta"), border_style="magenta")
    )
