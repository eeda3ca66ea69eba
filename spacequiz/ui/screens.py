"""What the game shows: title, question, feedback and summary, rich or plain.

Plain mode (pipes, screen readers, --plain) prints simple lines: no boxes, no cursor moves.
Every piece of bank or player text goes through `literal`.
"""

from __future__ import annotations

from typing import assert_never

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from spacequiz.core.engine import Given, Outcome, Points, Result, Round, Selection, given_text
from spacequiz.core.ghost import BEST, LAST, GhostStep
from spacequiz.core.model import (
    ChoiceQuestion,
    MultiQuestion,
    NumberQuestion,
    OrderQuestion,
    TextQuestion,
    TrueFalseQuestion,
)
from spacequiz.core.moments import Standing, streak_milestone
from spacequiz.core.text import ordinal
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
    if outcome.timed_out and outcome.given != "(no answer)":  # what was ticked or typed counts
        if outcome.correct:
            return RIGHT_MARK, "Time's up, and what you had was right!", "right"
        if outcome.credit > 0:
            return PARTIAL_MARK, "Time's up: what you had was partly right.", "warn"
        return WRONG_MARK, "Time's up: what you had was wrong.", "wrong"
    if outcome.timed_out:
        return WRONG_MARK, "Time's up!", "wrong"
    if outcome.correct:
        return RIGHT_MARK, "Right!", "right"
    if outcome.credit > 0:
        return PARTIAL_MARK, "Partly right.", "warn"
    return WRONG_MARK, "Wrong.", "wrong"


def show_echo(console: Console, round_: Round, given: Given) -> None:
    """What the player answered, under the question (the prompt erases itself); a long
    answer wraps between words. Multi and order answers are shown by the result itself,
    choice by choice and place by place."""
    match round_.question:
        case MultiQuestion() | OrderQuestion():
            return
        case ChoiceQuestion() | TrueFalseQuestion() | TextQuestion() | NumberQuestion():
            pass
        case _:
            assert_never(round_.question)
    if given is None:
        shown = Text("no answer", style="muted")
    else:
        shown = literal(given_text(given), "bold")
    line = Table.grid()
    line.add_column(no_wrap=True)
    line.add_column(ratio=1)  # wrapped lines stay indented under the answer
    line.add_row(Text.assemble(("› ", "accent"), ("Your answer: ", "muted")), shown)
    console.print(line)


def show_feedback(
    console: Console,
    round_: Round,
    outcome: Outcome,
    score: int,
    plain: bool,
    *,
    given: Given = None,
    ghost: GhostStep | None = None,
) -> None:
    """The result of an answer: right or wrong, the right answer (choice by choice for a
    multi, place by place for an order), the explanation, how the points add up, a streak
    milestone, and what the ghost did."""
    mark, word, style = verdict(outcome)
    question = round_.question
    lines: list[RenderableType] = [Text(f"{mark} {word}", style=style)]
    match question:
        case MultiQuestion():
            lines.append(_ticks(round_.options, question.answer, given, plain))
        case OrderQuestion():
            lines.append(_places(question.items, given, plain))
        case ChoiceQuestion() | TrueFalseQuestion() | TextQuestion() | NumberQuestion():
            if not outcome.correct:
                if plain:  # on a terminal, the answer was just echoed above
                    lines.append(Text.assemble("Your answer: ", literal(outcome.given)))
                lines.append(Text.assemble("Answer: ", literal(outcome.answer, "bold")))
        case _:
            assert_never(question)
    if question.explanation:
        lines.append(literal(question.explanation))
    lines.append(_stats(points_text(outcome.points, outcome.breakdown), score, outcome, plain))
    milestone = streak_milestone(outcome.streak)
    if milestone:
        lines.append(_streak_moment(milestone, plain))
    if ghost is not None:
        lines.append(_ghost_line(ghost, plain))
    if plain:
        for line in lines:
            console.print(line)
        return
    console.print(Panel(Group(*lines), border_style=style, padding=(0, 1)))


def _stats(points: str, score: int, outcome: Outcome, plain: bool) -> RenderableType:
    """How the points add up, and the running score and streak: one line when it fits;
    on a narrow screen the points wrap on the left, the score stays whole on the right."""
    running = f"score {score} · streak {outcome.streak}"
    if plain:
        return Text(f"{points} · {running}")
    return _SideBySide(Text(points, style="muted"), Text(running, style="muted"))


class _SideBySide:
    """Two texts on one line, the second flush right; on two lines when they do not fit."""

    def __init__(self, left: Text, right: Text) -> None:
        self.left, self.right = left, right

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if self.left.cell_len + 2 + self.right.cell_len > options.max_width:
            yield self.left
            yield self.right
            return
        row = Table.grid(padding=(0, 2), expand=True)
        row.add_column(ratio=1)
        row.add_column(justify="right", no_wrap=True)
        row.add_row(self.left, self.right)
        yield row


def points_text(points: int, parts: Points) -> str:
    """'+230 points (200 base − 20 speed + 50 streak)': the parts only when there are some."""
    pieces = [f"{parts.base} base"]
    for amount, name in ((parts.speed, "speed"), (parts.hint, "hint"), (parts.streak, "streak")):
        if amount:
            pieces.append(f"{'−' if amount < 0 else '+'} {abs(amount)} {name}")
    detail = f" ({' '.join(pieces)})" if len(pieces) > 1 else ""
    return f"+{points} point{'' if points == 1 else 's'}{detail}"


def _ticks(
    options: tuple[str, ...], answer: tuple[str, ...], given: Given, plain: bool
) -> RenderableType:
    """Every choice, in the order shown: ✔ ticked and right, ✘ ticked and wrong, 'missed'
    right but not ticked."""
    right = set(answer)
    ticked = set(given) if isinstance(given, tuple) else set()
    rows: list[tuple[Text, Text]] = []
    for option in options:
        if option in ticked:
            mark = Text(RIGHT_MARK, style="right") if option in right else Text(WRONG_MARK, "wrong")
        else:
            mark = Text("missed", style="warn") if option in right else Text("")
        rows.append((mark, literal(option)))
    return _marked_rows(rows, plain)


def _places(items: tuple[str, ...], given: Given, plain: bool) -> RenderableType:
    """Each place in the right order, ✔ where the player put that item there, ✘ and what
    they put there otherwise."""
    placed = list(given) if isinstance(given, tuple) else []
    theirs = [placed[i] if i < len(placed) else None for i in range(len(items))]
    if plain:
        lines = []
        for place, (item, put) in enumerate(zip(items, theirs, strict=True), start=1):
            sign = RIGHT_MARK if put == item else WRONG_MARK
            said = "" if put == item or put is None else f" (you: {put})"
            lines.append(literal(f"  {place}. {sign} {item}{said}"))
        return Text("\n").join(lines)
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(ratio=1)  # long items wrap between words, indented
    grid.add_column(ratio=1)
    grid.add_row(Text(""), Text("Right order", style="muted"), Text("Yours", style="muted"))
    for place, (item, put) in enumerate(zip(items, theirs, strict=True), start=1):
        right = put == item
        mark = Text(f"{place} {RIGHT_MARK if right else WRONG_MARK}", "right" if right else "wrong")
        yours = Text(RIGHT_MARK, style="right") if right else literal(put or "", "muted")
        grid.add_row(mark, literal(item, "bold"), yours)
    return grid


def _marked_rows(rows: list[tuple[Text, Text]], plain: bool) -> RenderableType:
    if plain:  # one line each, with a word where a terminal would show only a blank
        return Text("\n").join(
            Text.assemble("  ", mark if mark.plain != "missed" else "missed:", " ", text)
            if mark.plain
            else Text.assemble("  · ", text)
            for mark, text in rows
        )
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(ratio=1)  # long choices wrap between words, indented
    for mark, text in rows:
        grid.add_row(mark, text)
    return grid


STREAK_WORDS = {3: "3 in a row!", 5: "5 in a row! On fire.", 10: "10 in a row! Unstoppable."}


def _streak_moment(milestone: int, plain: bool) -> Text:
    words = STREAK_WORDS.get(milestone, f"{milestone} in a row!")
    if plain:
        return Text(f"Streak: {words}")
    return Text(f"{'🔥' * min(3, 1 + milestone // 4)} {words}", style="bold magenta")


def ghost_name(player: str, which: str) -> str:
    """'your best game', 'your last game', or "Bob's best game"."""
    if which in (BEST, LAST):
        return f"your {which} game"
    return f"{player}'s best game"


def _ghost_line(step: GhostStep, plain: bool) -> Text:
    race = f"you {step.your_score} vs ghost {step.ghost_score}"
    name = ghost_name(step.player, step.which)
    if step.answer is None:
        did = "no answer there"
    else:
        mark = RIGHT_MARK if step.answer.correct else WRONG_MARK
        given = " ".join(step.answer.given.split())
        did = f"{given} {mark} in {step.answer.seconds:.1f} s"
    if plain:
        return literal(f"Ghost ({name}): {did}. Score: {race}.")
    return Text.assemble(("👻 ", ""), (f"{name}: ", "muted"), literal(did), (f" · {race}", "bold"))


def _bar(fraction: float, width: int = 20) -> str:
    filled = round(fraction * width)
    return "█" * filled + "░" * (width - filled)


def duration(seconds: float) -> str:
    """'42 s', '3 min 5 s', '1 h 2 min': the time a game took, to read at a glance."""
    whole = round(seconds)
    if whole < 60:
        return f"{seconds:.1f} s" if seconds < 10 else f"{whole} s"
    minutes, secs = divmod(whole, 60)
    if minutes < 60:
        return f"{minutes} min {secs} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min"


def standing_text(standing: Standing) -> str:
    """'New personal best!', or '2nd best of your 14 games'."""
    if standing.first_game:
        return "Your first game like this one: now there is a best to beat."
    if standing.new_best:
        return f"New personal best! (before: {standing.previous_best})"
    if standing.equals_best:
        return "Equals your personal best."
    return f"{ordinal(standing.rank)} best of your {standing.games} games"


def race_text(race: GhostStep, finished: bool) -> str:
    """Who won the race against the ghost (or who leads, in a game cut short)."""
    name = ghost_name(race.player, race.which)
    scores = f"you {race.your_score}, ghost {race.ghost_score}"
    if not finished:
        return f"Against {name}, so far: {scores}."
    if race.lead > 0:
        return f"You beat {name} by {race.lead} points! ({scores})"
    if race.lead < 0:
        return f"The ghost of {name} wins by {-race.lead} points. ({scores})"
    return f"A tie with the ghost of {name}! ({scores})"


def show_summary(
    console: Console,
    result: Result,
    plain: bool,
    *,
    standing: Standing | None = None,
    race: GhostStep | None = None,
) -> None:
    """The final screen: score, accuracy and time first, then how it compares (personal
    best, the ghost), then the details. On a terminal it fits the screen, score first; when
    the details would push the score off the top, they are printed above it instead."""
    status = "" if result.finished else " (stopped early)"
    percent = f"{result.accuracy:.0%}"
    headline = (
        f"Score: {result.score} · {result.correct}/{result.answered} right ({percent})"
        f" · {duration(result.seconds)}{status}"
    )
    notes = [standing_text(standing)] if standing is not None else []
    if race is not None:
        notes.append(race_text(race, result.finished))
    notes.append(f"Longest streak {result.longest_streak}")
    console.print()
    if plain:
        console.print("Game over.")
        console.print(headline)
        for note in notes:
            console.print(literal(note))
        for tag, tally in result.by_tag.items():
            console.print(literal(f"  {tag}: {tally.right}/{tally.total} ({tally.accuracy:.0%})"))
        if result.missed:
            console.print("Missed:")
            for outcome in result.missed:
                prompt = " ".join(outcome.prompt.split())  # one line per missed question
                console.print(literal(f"  {prompt} Answer: {outcome.answer}"))
        console.print(f"Seed: {result.seed}")
        return
    top: list[RenderableType] = [Text(headline, style="bold")]
    if standing is not None:
        style = "bold magenta" if standing.new_best else "accent"
        top.append(Text.assemble(("🏆 " if standing.new_best else "", ""), (notes[0], style)))
    if race is not None:
        top.append(Text.assemble("👻 ", literal(race_text(race, result.finished), "accent")))
    top.append(Text(notes[-1], style="muted"))
    tags, missed = _by_tag(result), _missed(result)
    gap = [Text("")] if tags and missed else []
    seed = Text(f"seed {result.seed}", style="muted")
    whole = [*top, Text(""), *tags, *gap, *missed, seed]
    if _fits(console, whole):
        console.print(_final_panel(whole))
        return
    # The misses above, the rest on the last screen; else every detail above.
    above = "The questions you missed are above: scroll up."
    last = [*top, Text(""), *tags, Text(above, style="muted"), seed]
    if not (tags and missed and _fits(console, last)):
        missed = [*tags, *gap, *missed, seed]
        last = [*top, Text("The details are above: scroll up.", style="muted")]
    console.print(Panel(Group(*missed), title=Text("Details", style="accent"), border_style="dim"))
    console.print(_final_panel(last))


def _fits(console: Console, parts: list[RenderableType]) -> bool:
    """The final panel, the blank line above it and "Play again?" fit on one screen."""
    lines = console.render_lines(_final_panel(parts), console.options, pad=False)
    return len(lines) + 3 <= console.height


def _final_panel(parts: list[RenderableType]) -> Panel:
    return Panel(
        Group(*parts), title=Text("Game over", style="bold magenta"), border_style="magenta"
    )


def _by_tag(result: Result) -> list[RenderableType]:
    """Accuracy by tag, as bars."""
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
    return [Text("Accuracy by tag", style="accent"), table] if result.by_tag else []


def _missed(result: Result) -> list[RenderableType]:
    """The questions missed, each with its answer."""
    if not result.missed:
        return []
    missed = Table.grid(padding=(0, 1))
    missed.add_column(width=1)
    missed.add_column(ratio=1)  # wrapped lines stay indented under the question
    for outcome in result.missed:
        mark = PARTIAL_MARK if outcome.credit > 0 else WRONG_MARK
        missed.add_row(
            Text(mark, style="wrong"),
            Text.assemble(literal(outcome.prompt), "\n→ ", literal(outcome.answer, "bold")),
        )
    return [Text("Missed", style="accent"), missed]
