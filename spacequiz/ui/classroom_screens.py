"""What the projector shows: the question filling the screen, A/B/C/D in colours and
shapes, a countdown bar, the reveal, the leaderboard with movement, and the podium."""

from __future__ import annotations

import io
from typing import assert_never

from rich import box
from rich.align import Align
from rich.console import Console, Group, RenderableType
from rich.layout import Layout
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from spacequiz.core.classroom import Classroom, Standing
from spacequiz.core.engine import answer_text
from spacequiz.core.model import (
    ChoiceQuestion,
    MultiQuestion,
    NumberQuestion,
    OrderQuestion,
    TextQuestion,
    TrueFalseQuestion,
)
from spacequiz.ui.classroom_control import KEYS_HELP, Controller, labels
from spacequiz.ui.safe import literal

# Colour AND shape, so the choices read on a monochrome projector too.
CHOICE_LOOKS = [
    ("▲", "white on red3"),
    ("◆", "white on blue3"),
    ("●", "black on yellow3"),
    ("■", "white on green4"),
    ("★", "white on purple4"),
    ("✚", "black on cyan3"),
    ("⬟", "black on dark_orange3"),
    ("♥", "white on deep_pink4"),
]
MEDALS = {1: "🥇", 2: "🥈", 3: "🥉"}


def look(index: int) -> tuple[str, str]:
    return CHOICE_LOOKS[index % len(CHOICE_LOOKS)]


def movement_text(standing: Standing) -> Text:
    if standing.movement > 0:
        return Text(f"▲{standing.movement}", style="bold green")
    if standing.movement < 0:
        return Text(f"▼{-standing.movement}", style="bold red")
    return Text("=", style="dim")


def countdown_bar(left: float | None, total: float | None, width: int, paused: bool) -> Text:
    if left is None or not total:
        return Text(" ")
    label = f" ⏸ PAUSED {left:4.0f}s " if paused else f" ⏱ {left:4.0f}s "
    room = max(width - len(label) - 2, 5)
    filled = round(room * left / total)
    style = "bold red" if left <= 5 else "bold yellow" if left <= total / 2 else "bold green"
    return Text.assemble((label, "bold"), ("█" * filled, style), ("░" * (room - filled), "dim"))


def _text_lines(text: Text, width: int) -> int:
    """How many lines `text` takes when wrapped at `width` columns."""
    return len(text.wrap(_MEASURE, max(width, 1)))


_MEASURE = Console(width=1000, file=io.StringIO(), color_system=None)


def _option_text(controller: Controller, index: int) -> tuple[Text, Text, str]:
    """Label (shape and letter), text, and style of one choice box."""
    round_ = controller.game.round
    question = round_.question
    option = round_.options[index]
    shape, style = look(index)
    mark = ""
    if controller.mode == "reveal":
        right: set[str] = set()
        match question:
            case ChoiceQuestion():
                right = {question.answer}
            case TrueFalseQuestion():
                right = {"True" if question.answer else "False"}
            case MultiQuestion():
                right = set(question.answer)
            case OrderQuestion():
                mark = f"  → {question.items.index(option) + 1}"
            case TextQuestion() | NumberQuestion():
                pass  # typed answers have no choice boxes
            case _:
                assert_never(question)
        if right:
            mark = "  ✔" if option in right else "  ✘"
            style = style if option in right else "dim"
    label = Text(f"{shape} {labels(round_)[index]}", style="bold")
    return label, Text.assemble(literal(option), (mark, "bold")), style


def _grid_shape(controller: Controller, width: int) -> tuple[int, int, list[int]]:
    """Columns, inner text width and the lines each row of choice boxes needs."""
    count = len(controller.game.round.options)
    columns = 2 if count > 1 and width >= 50 else 1
    box_width = (width - (columns - 1)) // columns
    text_width = max(box_width - 4 - 6, 5)  # borders and padding, then the label column
    rows = []
    for start in range(0, count, columns):
        needed = [
            _text_lines(_option_text(controller, i)[1], text_width)
            for i in range(start, min(start + columns, count))
        ]
        rows.append(max(needed))
    return columns, text_width, rows


def choice_grid(
    controller: Controller, row_heights: list[int], columns: int, boxed: bool = True
) -> RenderableType:
    """The choices as coloured boxes, each row as tall as `row_heights` says; without
    boxes (a coloured label before each) when the screen is too short for them."""
    round_ = controller.game.round
    if not round_.options:
        return Text(" ")
    grid = Table.grid(expand=True, padding=(0, 1))
    for _ in range(columns):
        grid.add_column(ratio=1)
    for row, start in enumerate(range(0, len(round_.options), columns)):
        cells: list[RenderableType] = []
        for index in range(start, min(start + columns, len(round_.options))):
            label, text, style = _option_text(controller, index)
            inner = Table.grid(padding=(0, 1))
            inner.add_column(width=4, no_wrap=True)
            inner.add_column(ratio=1)  # wrapped lines stay under the text, not the label
            if not boxed:
                label.stylize(style)
            inner.add_row(label, text)
            cells.append(
                Panel(Align.left(inner, vertical="middle"), style=style, height=row_heights[row])
                if boxed
                else inner
            )
        cells += [Text("")] * (columns - len(cells))
        grid.add_row(*cells)
    return grid


def leaderboard(game: Classroom, limit: int | None = None) -> Table:
    table = Table(
        expand=True, box=box.SIMPLE_HEAD, show_edge=False, header_style="bold", padding=(0, 1)
    )
    table.add_column("#", justify="right", width=2, no_wrap=True)
    table.add_column("Team", ratio=1, min_width=6, overflow="ellipsis", no_wrap=True)
    table.add_column("Score", justify="right", no_wrap=True, min_width=5)
    table.add_column("", justify="left", width=3, no_wrap=True)
    for standing in game.standings()[:limit]:
        table.add_row(
            str(standing.rank),
            literal(standing.team, "bold"),
            str(standing.score),
            movement_text(standing),
        )
    return table


def header(controller: Controller) -> Text:
    game = controller.game
    round_ = game.round
    question = round_.question
    text = Text.assemble(
        (f" Question {round_.number} of {round_.of} ", "bold reverse"),
        "  ",
        (question.difficulty, "bold"),
    )
    if question.tags:
        text.append("  ·  ")
        text.append_text(literal(", ".join(question.tags), "dim"))
    waiting = game.waiting_teams()
    if controller.mode == "question" and waiting:
        text.append("   ")
        if game.style == "turns":
            text.append_text(literal(f"{waiting[0]}'s turn", "bold magenta"))
        else:
            text.append_text(literal("Waiting for: " + ", ".join(waiting), "magenta"))
    return text


def footer(controller: Controller, editing: bool = False) -> Text:
    """The keys that work right now, and only those."""
    game = controller.game
    if controller.mode == "reveal":
        last = game.round.number == len(game.rounds)
        keys = f"Enter {'final standings' if last else 'next question'} · u undo · q quit"
    elif controller.mode == "confirm-quit":
        keys = "y quit · any other key carries on"
    elif editing:
        keys = "Enter answer · Backspace erase · Esc teacher keys"
    else:
        parts = []
        if controller.single_key_answers():
            names = labels(game.round)
            parts.append(f"{names[0]}-{names[-1]} answer")
        elif game.waiting_teams():
            parts.append("Enter type an answer")
        for key, word in KEYS_HELP.items():
            if key == "n" and game.style == "buzz":
                continue
            if key == "p" and controller.clock.paused:
                word = "resume"
            parts.append(f"{key} {word}")
        keys = " · ".join(parts)
    return Text(keys, style="reverse", justify="center", overflow="fold")


def round_results(controller: Controller) -> RenderableType:
    """The answer, the explanation, and how each team did on this question."""
    game = controller.game
    question = game.round.question
    rows: list[RenderableType] = [
        Text.assemble(("Answer: ", "bold green"), literal(answer_text(question), "bold"))
    ]
    if question.explanation:
        rows.append(literal(question.explanation))
    results = Table.grid(padding=(0, 1), expand=True)
    results.add_column(width=1)
    results.add_column(no_wrap=True, max_width=20)
    results.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    results.add_column(justify="right", no_wrap=True)
    for record in game.round_answers():
        mark = (
            ("✔", "bold green")
            if record.correct
            else ("◐", "bold yellow")
            if record.credit > 0
            else ("✘", "bold red")
        )
        note = " (passed)" if record.passed else " (time's up)" if record.timed_out else ""
        results.add_row(
            Text(*mark),
            literal(record.team, "bold"),
            literal(record.given + note),
            Text(f"+{record.points}", style="bold"),
        )
    rows += [Text(""), results]
    return Panel(Group(*rows), border_style="green", title=Text("Answer", style="bold green"))


def render(controller: Controller, editing: str | None, width: int, height: int) -> Layout:
    """The whole projector screen for the current moment, sized to what it holds."""
    game = controller.game
    layout = Layout()
    if controller.mode == "over" or game.finished:
        layout.update(final_standings(game, 3))
        return layout
    question = game.round.question
    # The last message (an answer taken, a mistake to correct) stays above the answer line.
    status = literal(controller.message, "bold yellow") if controller.message else Text()
    if editing is not None:
        if status.plain:
            status.append("\n")
        status.append_text(literal(f"{controller.prompt_label()}: ", "bold"))
        status.append_text(literal(editing))
        status.append("▏", style="blink")
    foot = footer(controller, editing is not None)
    status_rows = min(max(_text_lines(status, width), 1), 4)
    foot_rows = _text_lines(foot, width)
    prompt_text = literal(question.prompt, "bold")
    prompt_rows = _text_lines(prompt_text, width - 6) + 2
    columns, _, row_lines = _grid_shape(controller, width)
    parts = [Layout(header(controller), name="header", size=1)]
    if controller.mode == "reveal":
        parts.append(
            Layout(Panel(prompt_text, border_style="cyan"), name="prompt", size=prompt_rows)
        )
        if game.round.options and height >= 40:
            heights = [lines + 2 for lines in row_lines]
            parts.append(
                Layout(choice_grid(controller, heights, columns), name="choices", size=sum(heights))
            )
        board = Panel(
            leaderboard(game), title=Text("Leaderboard", style="bold"), border_style="yellow"
        )
        body = Layout(name="body")
        # The leaderboard needs room for names: half the width on narrow screens.
        body.split_row(
            Layout(round_results(controller), ratio=3 if width >= 100 else 1),
            Layout(board, ratio=2 if width >= 100 else 1),
        )
        parts.append(body)
    else:
        room = height - 1 - 1 - status_rows - foot_rows  # header, timer, status, footer
        boxed = prompt_rows + sum(lines + 2 for lines in row_lines) <= room
        heights = [lines + 2 if boxed else lines for lines in row_lines]
        spare = room - prompt_rows - sum(heights)
        # Spare rows go first to the boxes (up to 7 high), the rest to the question.
        for i in range(len(heights) if boxed else 0):
            grow = min(max(0, 7 - heights[i]), max(spare, 0))
            heights[i] += grow
            spare -= grow
        prompt = Panel(
            Align.center(prompt_text, vertical="middle"), border_style="cyan", padding=(0, 2)
        )
        # On a screen too small even for that, the question keeps what rows are left.
        prompt_size = max(3, prompt_rows + spare) if spare < 0 else prompt_rows + spare
        parts.append(Layout(prompt, name="prompt", size=prompt_size))
        if game.round.options:
            grid = choice_grid(controller, heights, columns, boxed)
            parts.append(Layout(grid, name="choices", size=sum(heights)))
        bar = countdown_bar(
            controller.seconds_left(), game.time_limit, width, controller.clock.paused
        )
        parts.append(Layout(bar, name="timer", size=1))
    # An empty Text is falsy, and Layout would draw its placeholder instead.
    parts.append(Layout(status if status.plain else Text(" "), name="status", size=status_rows))
    parts.append(Layout(foot, name="footer", size=foot_rows))
    layout.split_column(*parts)
    return layout


def final_standings(game: Classroom, podium: int) -> RenderableType:
    """Every team's name and score, then the podium last, so it is what stays on screen.

    The top three stand on steps (first in the middle); further podium places, up to
    `podium`, are listed under them.
    """
    standings = game.standings()
    full = Table(title="Final standings", box=box.SIMPLE_HEAD, header_style="bold")
    full.add_column("#", justify="right", no_wrap=True)
    full.add_column("Team", overflow="fold")
    full.add_column("Score", justify="right", no_wrap=True)
    for s in standings:
        full.add_row(str(s.rank), literal(s.team), str(s.score))
    top = [s for s in standings if s.rank <= min(podium, 3)][:3]
    steps = {1: 2, 2: 1, 3: 0}  # extra height: first place stands tallest
    box_width = 28
    boxes = []
    for s in top:
        name = literal(s.team, "bold")
        name.overflow = "fold"
        lines = len(name.wrap(_MEASURE, box_width - 4))
        boxes.append(
            (
                s,
                Panel(
                    Align.center(
                        Group(
                            Text(MEDALS.get(s.rank, f"#{s.rank}"), justify="center"),
                            Text(f"#{s.rank}", style="bold", justify="center"),
                            Text.assemble(name, justify="center"),
                            Text(f"{s.score} points", justify="center"),
                        ),
                        vertical="bottom",
                    ),
                    width=box_width,
                    height=5 + lines + steps.get(s.rank, 0),
                    border_style="yellow" if s.rank == 1 else "white",
                ),
            )
        )
    order = sorted(boxes, key=lambda b: {2: 0, 1: 1, 3: 2}.get(b[0].rank, 3))
    stage = Table.grid(padding=(0, 1))
    for _ in order:
        stage.add_column(vertical="bottom")
    stage.add_row(*(panel for _, panel in order))
    rest = [s for s in standings if min(podium, 3) < s.rank <= podium]
    more = [literal(f"#{s.rank}  {s.team}  {s.score} points", "bold") for s in rest]
    return Group(
        full,
        Text("🏆 Podium", style="bold yellow", justify="center"),
        Align.center(stage),
        *(Align.center(line) for line in more),
    )


def final_lines(game: Classroom) -> list[Text]:
    """Plain lines of the final standings: every team's name and score, for any screen."""
    return [literal(f"{s.rank}. {s.team}: {s.score} points") for s in game.standings()]
