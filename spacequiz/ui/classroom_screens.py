"""What the projector shows while a question is open: the question alone at first, then
A/B/C/D in colours and shapes and a countdown; and the parts every classroom screen
shares (header, status line, footer, tiles), sized to the screen."""

from __future__ import annotations

import functools
import io
import math
import re
from dataclasses import dataclass

from rich.align import Align
from rich.console import Console, RenderableType
from rich.layout import Layout
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from spacequiz.core.classroom import Standing
from spacequiz.core.looks import LOOKS
from spacequiz.ui.bigtext import big, fitting_size
from spacequiz.ui.classroom_control import KEYS_HELP, STARTING, Controller, Mode, labels
from spacequiz.ui.safe import literal

# Colour AND shape, so the choices read on a monochrome projector too.
COLOUR_STYLES = {
    "red": "white on red3",
    "blue": "white on blue3",
    "yellow": "black on yellow3",
    "green": "white on green4",
    "purple": "white on purple4",
    "teal": "black on cyan3",
    "orange": "black on dark_orange3",
    "pink": "white on deep_pink4",
}
# The live page draws the same table (core/looks), so a tile looks alike on both screens.
CHOICE_LOOKS = [(look.glyph, COLOUR_STYLES[look.colour]) for look in LOOKS]
# Teams get colours of their own, unlike the choices', so a team never looks like an answer.
TEAM_COLOURS = [
    "sky_blue1",
    "orange1",
    "spring_green2",
    "hot_pink",
    "gold1",
    "medium_purple1",
    "turquoise2",
    "salmon1",
    "chartreuse2",
    "orchid1",
    "light_steel_blue1",
    "wheat1",
]


def look(index: int) -> tuple[str, str]:
    return CHOICE_LOOKS[index % len(CHOICE_LOOKS)]


NAMED_COLOURS = {
    "red": "indian_red1",
    "blue": "sky_blue1",
    "green": "spring_green2",
    "yellow": "yellow1",
    "gold": "gold1",
    "orange": "orange1",
    "purple": "medium_purple1",
    "violet": "orchid1",
    "pink": "hot_pink",
    "cyan": "turquoise2",
    "teal": "turquoise2",
    "silver": "light_steel_blue1",
    "grey": "grey70",
    "gray": "grey70",
    "white": "grey93",
}
"""A team called after a colour wears it ("Red", "Blue Whales"): light shades, since the
name is written in black on them."""


def team_colour(teams: tuple[str, ...], team: str) -> str:
    return _team_colours(teams)[team]


@functools.cache
def _team_colours(teams: tuple[str, ...]) -> dict[str, str]:
    """Each team's colour: its own when its name is a colour, else the next one free."""
    colours: dict[str, str] = {}
    for team in teams:
        words = re.findall(r"[a-z]+", team.casefold())
        named = next((NAMED_COLOURS[w] for w in words if w in NAMED_COLOURS), None)
        if named is not None and named not in colours.values():
            colours[team] = named
    free = [c for c in TEAM_COLOURS if c not in colours.values()] or TEAM_COLOURS
    others = [team for team in teams if team not in colours]
    for i, team in enumerate(others):
        colours[team] = free[i % len(free)]
    return colours


def badge(teams: tuple[str, ...], team: str) -> Text:
    """A team's name on its colour, as in the lobby."""
    return literal(f"  {team}  ", f"bold black on {team_colour(teams, team)}")


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


def phase_bar(label: str, left: float, total: float, width: int, style: str) -> Text:
    """A bar for the moments before answers open: reading the question, talking it over."""
    text = f" {label} {math.ceil(left)} s "
    room = max(width - len(text) - 2, 5)
    filled = round(room * left / total) if total else 0
    return Text.assemble((text, "bold"), ("▬" * filled, style), (" " * (room - filled), ""))


def text_lines(text: Text, width: int) -> int:
    """How many lines `text` takes when wrapped at `width` columns."""
    return len(text.wrap(_MEASURE, max(width, 1)))


_MEASURE = Console(width=1000, file=io.StringIO(), color_system=None)


def shown_mode(controller: Controller) -> Mode:
    """The screen under a quit question is the one the teacher was on."""
    return controller.resume_mode if controller.mode == "confirm-quit" else controller.mode


# Big digits ---------------------------------------------------------------------------


def big_size(width: int, height: int) -> int:
    """Block digits in headers: 5 rows high on a large screen, 3 on a middling one, and
    none where rows are scarce (the plain line says the same)."""
    if width >= 120 and height >= 40:
        return 2
    if width >= 90 and height >= 30:
        return 1
    return 0


def clock_style(left: float, total: float | None) -> str:
    if left <= 5:
        return "bold red"
    if total and left <= total / 2:
        return "bold yellow"
    return "bold green"


# Tiles ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tile:
    """One choice on screen: its shape and letter, its text, its colours, and maybe a
    line under the text (the reveal's count)."""

    label: Text
    text: Text
    style: str
    under: Text | None = None


def question_tiles(controller: Controller) -> list[Tile]:
    round_ = controller.game.round
    names = labels(round_)
    tiles = []
    for index, option in enumerate(round_.options):
        shape, style = look(index)
        tiles.append(Tile(Text(f"{shape} {names[index]}", style="bold"), literal(option), style))
    return tiles


def tile_shape(tiles: list[Tile], width: int, boxed: bool = True) -> tuple[int, list[int]]:
    """Columns, and the text lines each row of tiles needs at this width."""
    count = len(tiles)
    columns = 2 if count > 1 and width >= 50 else 1
    box_width = (width - (columns - 1)) // columns
    # The label column, then the box's borders and padding.
    text_width = max(box_width - 6 - (4 if boxed else 0), 5)
    rows = []
    for start in range(0, count, columns):
        needed = [
            text_lines(tile.text, text_width) + (tile.under is not None)
            for tile in tiles[start : start + columns]
        ]
        rows.append(max(needed))
    return columns, rows


def tile_grid(
    tiles: list[Tile], row_heights: list[int], columns: int, boxed: bool = True
) -> RenderableType:
    """The choices as coloured boxes, each row as tall as `row_heights` says; without
    boxes (a coloured label before each) when the screen is too short for them."""
    if not tiles:
        return Text(" ")
    grid = Table.grid(expand=True, padding=(0, 1))
    for _ in range(columns):
        grid.add_column(ratio=1)
    for row, start in enumerate(range(0, len(tiles), columns)):
        cells: list[RenderableType] = []
        for tile in tiles[start : start + columns]:
            inner = Table.grid(padding=(0, 1))
            inner.add_column(width=4, no_wrap=True)
            inner.add_column(ratio=1)  # wrapped lines stay under the text, not the label
            label = tile.label.copy()
            if not boxed:
                label.stylize(tile.style)
            body = tile.text if tile.under is None else Text("\n").join([tile.text, tile.under])
            inner.add_row(label, body)
            cells.append(
                Panel(
                    Align.left(inner, vertical="middle"), style=tile.style, height=row_heights[row]
                )
                if boxed
                else inner
            )
        cells += [Text("")] * (columns - len(cells))
        grid.add_row(*cells)
    return grid


# Header, status and footer -------------------------------------------------------------


def header_line(controller: Controller) -> Text:
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
    return text


def turn_line(controller: Controller) -> Text:
    """Whose answer the screen waits for."""
    game = controller.game
    waiting = game.waiting_teams()
    if shown_mode(controller) not in STARTING or not waiting:
        return Text("")
    if game.style == "turns":
        colour = team_colour(game.teams, waiting[0])
        return literal(f" {waiting[0]}'s turn ", f"bold black on {colour}")
    return literal("Waiting for: " + ", ".join(waiting), "magenta")


def header(
    controller: Controller,
    width: int,
    height: int,
    clock: Text | None = None,
    note: Text | None = None,
) -> tuple[RenderableType, int]:
    """The question's number (in block digits where there is room), its level and tags,
    whose turn it is (or `note`), and `clock` at the right; and the rows it takes."""
    line = header_line(controller)
    turn = note or turn_line(controller)
    size = big_size(width, height)
    round_ = controller.game.round
    number = f"{round_.number}/{round_.of}"
    if not size or fitting_size(number, width // 3, 5, size) == 0:
        if turn.plain:
            line.append("   ")
            line.append_text(turn)
        return line, 1
    grid = Table.grid(expand=True, padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_column(no_wrap=True, justify="right")
    rows = (5 * size + 1) // 2
    middle = Text("\n").join([line, turn])
    grid.add_row(big(number, size, "bold cyan"), middle, clock or Text(""))
    return grid, rows


def big_clock(seconds: float, size: int, style: str, paused: bool = False) -> Text:
    """Seconds left in block digits; a pause shows its sign beside them."""
    digits = big(str(math.ceil(seconds)), size, "dim" if paused else style)
    if paused:
        digits = Text.assemble(("⏸ PAUSED ", "bold"), digits)
    return digits


def status_text(controller: Controller, editing: str | None) -> Text:
    """The last message (an answer taken, a mistake to correct), then the answer line."""
    status = literal(controller.message, "bold yellow") if controller.message else Text()
    if editing is not None:
        if status.plain:
            status.append("\n")
        status.append_text(literal(f"{controller.prompt_label()}: ", "bold"))
        status.append_text(literal(editing))
        status.append("▏", style="blink")
    return status


def footer(controller: Controller, editing: bool = False) -> Text:
    """The keys that work right now, and only those."""
    game = controller.game
    mode = controller.mode
    if mode == "confirm-quit":
        keys = "y quit · any other key carries on"
    elif mode == "lobby":
        keys = "Enter start · q quit"
    elif mode == "countdown":
        keys = "Enter go now · q quit"
    elif mode == "reveal":
        if controller.last_question():
            upcoming = "podium" if controller.pacing.finale else "final standings"
        else:
            upcoming = "leaderboard" if controller.pacing.board else "next question"
        keys = f"Enter {upcoming} · u undo · q quit"
    elif mode == "board":
        keys = "Enter next question · u back to the answer · q quit"
    elif mode == "podium":
        keys = "any key: end the game" if controller.finale_done() else "Enter next place · q end"
    elif mode in ("preview", "talk"):
        opens = "show the choices" if mode == "preview" else "open the answers"
        pause = "resume" if controller.clock.paused else "pause"
        keys = f"Enter {opens} · p {pause} · r reveal · s skip · u undo · q quit"
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


def framed(
    controller: Controller,
    editing: str | None,
    width: int,
    parts: list[tuple[RenderableType, int | None]],
) -> Layout:
    """A whole screen: `parts` from the top (a size of None takes the rows left over),
    then the status line and the footer at the bottom."""
    status = status_text(controller, editing)
    foot = footer(controller, editing is not None)
    layout = Layout()
    children = [
        Layout(part, size=size) if size is not None else Layout(part, ratio=1)
        for part, size in parts
    ]
    # An empty Text is falsy, and Layout would draw its placeholder instead.
    children.append(
        Layout(
            status if status.plain else Text(" "),
            name="status",
            size=min(max(text_lines(status, width), 1), 4),
        )
    )
    # Centred on a bar as wide as the screen, so the keys read as one strip.
    bar = Align.center(foot, style="reverse", pad=True)
    children.append(Layout(bar, name="footer", size=text_lines(foot, width)))
    layout.split_column(*children)
    return layout


def bottom_rows(controller: Controller, editing: str | None, width: int) -> int:
    status = status_text(controller, editing)
    foot = footer(controller, editing is not None)
    return min(max(text_lines(status, width), 1), 4) + text_lines(foot, width)


# The question -------------------------------------------------------------------------


def question_screen(controller: Controller, editing: str | None, width: int, height: int) -> Layout:
    """The question filling the screen: alone while it is read, then with its choices and
    the clock (or the time left to talk), sized to what it holds."""
    game = controller.game
    mode = shown_mode(controller)
    question = game.round.question
    size = big_size(width, height)
    clock: Text | None = None
    if mode == "question" and controller.seconds_left() is not None:
        left = controller.seconds_left() or 0.0
        if size:
            clock = big_clock(
                left, size, clock_style(left, game.time_limit), controller.clock.paused
            )
    elif mode == "talk" and size:
        clock = big_clock(
            controller.phase_left() or 0.0, size, "bold cyan", controller.clock.paused
        )
    top, top_rows = header(controller, width, height, clock)
    parts: list[tuple[RenderableType, int | None]] = [(top, top_rows)]
    prompt_text = literal(question.prompt, "bold")
    prompt_rows = text_lines(prompt_text, width - 6) + 2
    room = height - top_rows - 1 - bottom_rows(controller, editing, width)  # 1: the bar
    if mode == "preview":
        prompt = Panel(
            Align.center(prompt_text, vertical="middle"), border_style="cyan", padding=(0, 2)
        )
        total = controller.preview_length()
        parts.append((prompt, max(room, 3)))
        bar = phase_bar(
            "Read the question · choices in", controller.phase_left() or 0.0, total, width, "cyan"
        )
        parts.append((bar, 1))
        return framed(controller, editing, width, parts)
    tiles = question_tiles(controller)
    columns, row_lines = tile_shape(tiles, width)
    boxed = prompt_rows + sum(lines + 2 for lines in row_lines) <= room
    if not boxed:  # without borders the text has more room: fewer lines
        columns, row_lines = tile_shape(tiles, width, boxed=False)
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
    parts.append((prompt, prompt_size))
    if tiles:
        parts.append((tile_grid(tiles, heights, columns, boxed), sum(heights)))
    if mode == "talk":
        bar = phase_bar(
            "Talk it over · answers open in",
            controller.phase_left() or 0.0,
            controller.pacing.talk,
            width,
            "cyan",
        )
    else:
        bar = countdown_bar(
            controller.seconds_left(), game.time_limit, width, controller.clock.paused
        )
    parts.append((bar, 1))
    return framed(controller, editing, width, parts)
