"""What the projector shows: the question filling the screen, A/B/C/D in colours and
shapes, a countdown bar, the reveal, the leaderboard with movement, and the podium."""

from __future__ import annotations

from rich import box
from rich.align import Align
from rich.console import Group, RenderableType
from rich.layout import Layout
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from spacequiz.classroom import Classroom, Standing
from spacequiz.engine import answer_text
from spacequiz.model import ChoiceQuestion, MultiQuestion, OrderQuestion, TrueFalseQuestion
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


def choice_grid(controller: Controller, height: int) -> RenderableType:
    game = controller.game
    round_ = game.round
    question = round_.question
    if not round_.options:
        return Text(" ")
    names = labels(round_)
    revealed = controller.mode == "reveal"
    right: set[str] = set()
    if revealed:
        if isinstance(question, ChoiceQuestion):
            right = {question.answer}
        elif isinstance(question, TrueFalseQuestion):
            right = {"True" if question.answer else "False"}
        elif isinstance(question, MultiQuestion):
            right = set(question.answer)
    columns = 2 if len(round_.options) > 1 else 1
    grid = Table.grid(expand=True, padding=(0, 1))
    for _ in range(columns):
        grid.add_column(ratio=1)
    rows = (len(round_.options) + columns - 1) // columns
    box_height = max(3, min(height // max(rows, 1), 7))
    cells: list[RenderableType] = []
    for index, option in enumerate(round_.options):
        shape, style = look(index)
        mark = ""
        if revealed and right:
            mark = "  ✔" if option in right else "  ✘"
            if option not in right:
                style = "dim"
        elif revealed and isinstance(question, OrderQuestion):
            mark = f"  → {question.items.index(option) + 1}"
        content = Text.assemble(
            (f"{shape} {names[index]}  ", "bold"), literal(option), (mark, "bold")
        )
        cells.append(Panel(Align.left(content, vertical="middle"), style=style, height=box_height))
    for start in range(0, len(cells), columns):
        row = cells[start : start + columns]
        row += [Text("")] * (columns - len(row))
        grid.add_row(*row)
    return grid


def leaderboard(game: Classroom, limit: int | None = None) -> Table:
    table = Table(
        expand=True, box=box.SIMPLE_HEAD, show_edge=False, header_style="bold", padding=(0, 1)
    )
    table.add_column("#", justify="right", width=2, no_wrap=True)
    table.add_column("Team", ratio=1, overflow="fold")
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


def footer(controller: Controller) -> Text:
    if controller.mode == "reveal":
        keys = "Enter next question · u undo · q quit"
    elif controller.mode == "confirm-quit":
        keys = "y quit · any other key carries on"
    else:
        answer = "A-H answer · " if controller.single_key_answers() else "Enter type an answer · "
        keys = answer + " · ".join(f"{k} {v}" for k, v in KEYS_HELP.items())
    return Text(keys, style="reverse", justify="center")


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
        mark = ("✔", "bold green") if record.correct else ("✘", "bold red")
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
    """The whole projector screen for the current moment."""
    game = controller.game
    layout = Layout()
    if controller.mode == "over" or game.finished:
        layout.update(final_standings(game, 3))
        return layout
    prompt = Panel(
        Align.center(literal(game.round.question.prompt, "bold"), vertical="middle"),
        border_style="cyan",
        padding=(1, 2),
    )
    status = Text()
    if editing is not None:
        status.append_text(literal(f"{controller.prompt_label()}: ", "bold"))
        status.append_text(literal(editing))
        status.append("▏", style="blink")
    elif controller.message:
        status = literal(controller.message, "bold yellow")
    bar = countdown_bar(controller.seconds_left(), game.time_limit, width, controller.clock.paused)
    parts = [
        Layout(header(controller), name="header", size=1),
    ]
    if controller.mode == "reveal":
        compact = Panel(literal(game.round.question.prompt, "bold"), border_style="cyan")
        prompt_rows = 2 + len(game.round.question.prompt) // max(width - 4, 10) + 1
        parts.append(Layout(compact, name="prompt", size=prompt_rows))
        if height >= 40 and game.round.options:
            parts.append(
                Layout(
                    choice_grid(controller, height // 4),
                    name="choices",
                    size=_grid_height(controller, height // 4),
                )
            )
        board = Panel(
            leaderboard(game), title=Text("Leaderboard", style="bold"), border_style="yellow"
        )
        body = Layout(name="body")
        body.split_row(Layout(round_results(controller), ratio=3), Layout(board, ratio=2))
        parts.append(body)
    else:
        parts.append(Layout(prompt, name="prompt", ratio=2, minimum_size=3))
        parts.append(
            Layout(
                choice_grid(controller, height // 2),
                name="choices",
                size=_grid_height(controller, height // 2),
            )
        )
        parts.append(Layout(bar, name="timer", size=1))
    # An empty Text is falsy, and Layout would draw its placeholder instead.
    parts.append(Layout(status if status.plain else Text(" "), name="status", size=2))
    parts.append(Layout(footer(controller), name="footer", size=1))
    layout.split_column(*parts)
    return layout


def _grid_height(controller: Controller, room: int) -> int:
    count = len(controller.game.round.options)
    if not count:
        return 0
    rows = (count + 1) // 2
    return rows * max(3, min(room // rows, 7))


def final_standings(game: Classroom, podium: int) -> RenderableType:
    """The podium for the top teams, then every team's name and score in plain text."""
    standings = game.standings()
    places = Table.grid(expand=True, padding=(0, 1))
    top = [s for s in standings if s.rank <= podium] or standings[:podium]
    for _ in top:
        places.add_column(ratio=1)
    places.add_row(
        *(
            Panel(
                Align.center(
                    Group(
                        Text(MEDALS.get(s.rank, f"#{s.rank}"), justify="center"),
                        Text(f"#{s.rank}", style="bold", justify="center"),
                        Text.assemble(literal(s.team, "bold"), justify="center"),
                        Text(f"{s.score} points", justify="center"),
                    ),
                    vertical="middle",
                ),
                height=max(5, 9 - s.rank),
                border_style="yellow" if s.rank == 1 else "white",
            )
            for s in top
        )
    )
    full = Table(title="Final standings", expand=True, header_style="bold")
    full.add_column("#", justify="right", width=3)
    full.add_column("Team")
    full.add_column("Score", justify="right")
    for s in standings:
        full.add_row(str(s.rank), literal(s.team), str(s.score))
    return Group(Text("🏆 Podium", style="bold yellow", justify="center"), places, full)


def final_lines(game: Classroom) -> list[Text]:
    """Plain lines of the final standings: every team's name and score, for any screen."""
    return [literal(f"{s.rank}. {s.team}: {s.score} points") for s in game.standings()]
