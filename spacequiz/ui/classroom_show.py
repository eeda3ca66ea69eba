"""The show around the questions: the lobby, 3-2-1, and the podium revealed place by place
with the full standings after it."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from rich import box
from rich.align import Align
from rich.console import Group, RenderableType
from rich.layout import Layout
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from spacequiz.core.classroom import Classroom, Standing
from spacequiz.core.text import ordinal
from spacequiz.ui.bigtext import big, big_or_plain, measure
from spacequiz.ui.classroom_control import Controller
from spacequiz.ui.classroom_screens import (
    badge,
    bottom_rows,
    framed,
    team_colour,
    text_lines,
)
from spacequiz.ui.safe import literal

STEP_SIDE = {2: 0, 1: 1, 3: 2}
"""Where each place stands: second on the left, first in the middle, third on the right."""


# The lobby ------------------------------------------------------------------------------


def settings_lines(controller: Controller) -> list[str]:
    game = controller.game
    pacing = controller.pacing
    count = len(game.rounds)
    first = [f"{count} question{'s' if count != 1 else ''}"]
    first.append(f"{game.time_limit:g} s to answer" if game.time_limit else "no timer")
    first.append(
        "turns: each question goes to the next team"
        if game.style == "turns"
        else "buzz: every team answers every question"
    )
    second = []
    if pacing.preview is None:
        second.append("each question shows alone for a few seconds first")
    elif pacing.preview > 0:
        second.append(f"each question shows alone for {pacing.preview:g} s first")
    if pacing.talk > 0:
        second.append(f"{pacing.talk:g} s to talk before answers open")
    second.append("faster answers score more" if game.speed else "no points for speed")
    return [" · ".join(first), " · ".join(second)]


def lobby_screen(controller: Controller, editing: str | None, width: int, height: int) -> Layout:
    """The bank's title, the teams in their colours, the settings, and how to start."""
    game = controller.game
    title = Panel(
        Align.center(literal(controller.title or "spacequiz", "bold")),
        border_style="cyan",
        padding=(1, 4),
        title=Text("spacequiz classroom", style="bold cyan"),
    )
    # Badges wrap between teams, never inside a name.
    rows: list[Text] = [Text(justify="center")]
    for team in game.teams:
        one = badge(game.teams, team)
        if rows[-1].plain and rows[-1].cell_len + 2 + one.cell_len > width - 4:
            rows.append(Text(justify="center"))
        if rows[-1].plain:
            rows[-1].append("  ")
        rows[-1].append_text(one)
    badges = Text("\n", justify="center").join(rows)
    count = Text(f"{len(game.teams)} teams", style="bold", justify="center")
    settings = [literal(line, "dim") for line in settings_lines(controller)]
    for line in settings:
        line.justify = "center"
    start = Align.center(Text("  Press Enter to start  ", style="bold black on yellow"))
    body = Group(title, Text(""), count, Text(""), badges, Text(""), *settings, Text(""), start)
    return framed(controller, editing, width, [(Align.center(body, vertical="middle"), None)])


def countdown_screen(
    controller: Controller, editing: str | None, width: int, height: int
) -> Layout:
    """3-2-1 in the largest digits that fit."""
    left = math.ceil(controller.phase_left() or 0.0)
    rows = height - 2 - bottom_rows(controller, editing, width)
    digit = big_or_plain(str(max(left, 1)), width, rows, "bold yellow")
    ready = Text("Get ready!", style="bold", justify="center")
    body = Group(ready, Text(""), Align.center(digit))
    return framed(controller, editing, width, [(Align.center(body, vertical="middle"), None)])


# The podium -----------------------------------------------------------------------------


def _block_rows(rank: int, digits: int, rise: int) -> int:
    """A step's height: its content, borders, and `rise` (twice for first place)."""
    content = (5 * digits + 1) // 2 + 2 if digits else 2
    return content + 2 + {1: 2 * rise, 2: rise}.get(rank, 0)


def _packed(place: list[Standing]) -> Text:
    """Many tied teams on one step: their names run on, wrapped to the step."""
    return literal(", ".join(s.team for s in place), "bold")


@dataclass(frozen=True)
class Podium:
    """What a podium shows, whoever runs the game (the classroom or the live host)."""

    places: list[list[Standing]]
    """Best place first; tied names share a place."""
    shown: int
    """How many places are out: the worst comes out first."""
    colour: Callable[[str], str]
    """A name's colour on its step."""


def classroom_podium(controller: Controller) -> Podium:
    teams = controller.game.teams
    return Podium(
        controller.podium(), controller.shown_places, lambda team: team_colour(teams, team)
    )


def _step(
    podium: Podium,
    place: list[Standing],
    shown: bool,
    width: int,
    digits: int,
    rise: int,
    packed: bool,
) -> list[RenderableType]:
    """One step: the teams standing on it (when shown) over a block with the place and
    the score (in block digits when `digits`); first place tallest, tied teams on one."""
    rank = place[0].rank
    names: list[RenderableType] = []
    content: RenderableType = Text("?", style="bold dim", justify="center")
    if shown and packed:
        names.append(Text.assemble(_packed(place), justify="center"))
    elif shown:
        for standing in place:
            name = literal(standing.team, f"bold {podium.colour(standing.team)}")
            name.justify = "center"
            name.overflow = "ellipsis"
            name.no_wrap = True
            names.append(name)
    if shown:
        place_text = Text(f"{ordinal(rank)} place", style="bold", justify="center")
        score = place[0].score
        if digits:
            number = Align.center(big(str(score), digits, "bold yellow" if rank == 1 else "bold"))
            content = Group(place_text, number, Text("points", justify="center"))
        else:
            content = Group(place_text, Text(f"{score} points", style="bold", justify="center"))
    block = Panel(
        Align.center(content, vertical="top"),
        height=_block_rows(rank, digits, rise),
        width=width,
        border_style="yellow" if rank == 1 else "white",
        style="on grey15",
    )
    return [*names, block]


def stage_rows(places: list[list[Standing]], digits: int, rise: int, packed: int = 0) -> int:
    """Rows the podium needs once every place is out: the tallest step and its names
    (one a line, or run on in a step `packed` columns wide)."""
    return max(
        (
            (text_lines(_packed(p), packed) if packed else len(p))
            + _block_rows(p[0].rank, digits, rise)
            for p in places
        ),
        default=0,
    )


def podium_stage(podium: Podium, width: int, rows: int) -> tuple[RenderableType, int]:
    """The top three places on steps, second left, first in the middle, third right; a
    place not yet revealed is an empty step with a question mark. Scores in block digits
    as large as the rows and the steps' width allow."""
    places = [p for p in podium.places if p[0].rank <= 3]
    revealed = podium.shown - (len(podium.places) - len(places))
    alone = all(p[0].rank == 1 for p in places)  # everyone on the podium is tied first
    step_width = max(min((width - 4) // (1 if alone else 3), 36), 12)
    widest = str(max((p[0].score for p in places), default=0))
    digits = next(
        (
            d
            for d in (2, 1)
            if stage_rows(places, d, 3) <= rows and measure(widest, d)[0] <= step_width - 4
        ),
        0,
    )
    # The steps rise as high as the screen allows: a podium, not three boxes in a row.
    rise = next((r for r in (8, 6, 4, 3, 2) if stage_rows(places, digits, r) <= rows), 1)
    # Too many tied names to stand one a line: they run on, wrapped to the step.
    packed = stage_rows(places, digits, rise) > rows
    columns: list[list[RenderableType] | None] = [None, None, None]
    for i, place in enumerate(places):
        shown = i >= len(places) - revealed  # the worst place comes out first
        columns[STEP_SIDE.get(place[0].rank, 2)] = _step(
            podium, place, shown, step_width, digits, rise, packed
        )
    if alone:
        columns = columns[1:2]
    stage = Table.grid(padding=(0, 1))
    for _ in columns:
        stage.add_column(width=step_width, vertical="bottom")
    stage.add_row(*(Group(*cell) if cell else Text("") for cell in columns))
    return Align.center(stage), stage_rows(places, digits, rise, step_width if packed else 0)


def more_places(podium: Podium) -> list[Text]:
    """Places past the third, when the podium holds more (--podium 5), as lines."""
    places = podium.places
    revealed = podium.shown
    lines = []
    for i, place in enumerate(places):
        if place[0].rank <= 3 or i < len(places) - revealed:
            continue
        names = ", ".join(s.team for s in place)
        line = literal(f"{ordinal(place[0].rank)}: {names} · {place[0].score} points", "bold")
        line.justify = "center"
        lines.append(line)
    return lines


def standings_table(game: Classroom, title: str = "Final standings") -> Table:
    """Every team's place, name and score: the last screen, and what stays in the shell."""
    table = Table(title=title, box=box.SIMPLE_HEAD, header_style="bold", title_style="bold")
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Team", overflow="fold")
    table.add_column("Score", justify="right", no_wrap=True)
    for s in game.standings():
        table.add_row(str(s.rank), literal(s.team), str(s.score))
    return table


def podium_screen(controller: Controller, editing: str | None, width: int, height: int) -> Layout:
    """The finale: places revealed worst first, then the full standings beside or under
    the podium, or in its place on a screen too small for both."""
    game = controller.game
    done = controller.finale_done()
    title = Text("★  The podium  ★", style="bold yellow", justify="center")
    room = height - 1 - bottom_rows(controller, editing, width)
    standings = standings_table(game)
    standings_rows = len(game.teams) + 4  # title, header, rule, a spare row
    podium = classroom_podium(controller)
    lines = more_places(podium)
    parts: list[tuple[RenderableType, int | None]] = [(title, 1)]
    if not done:
        stage, _ = podium_stage(podium, width, room - len(lines))
        parts.append((Align.center(Group(stage, *lines), vertical="bottom"), None))
        return framed(controller, editing, width, parts)
    if width >= 150:
        stage, _ = podium_stage(podium, width - 50, room - len(lines))
        both = Table.grid(padding=(0, 4))
        both.add_column(vertical="bottom")
        both.add_column(vertical="middle")
        both.add_row(Group(stage, *lines), standings)
        parts.append((Align.center(both, vertical="middle"), None))
        return framed(controller, editing, width, parts)
    stage, rows = podium_stage(podium, width, room - len(lines) - standings_rows)
    if rows + len(lines) + standings_rows <= room:
        parts.append((Group(stage, *lines), rows + len(lines)))
        parts.append((Align.center(standings), None))
    else:  # a small screen: the standings, with the winners on one line above them
        winners = Text(justify="center")
        for place in controller.podium()[:3]:
            names = ", ".join(s.team for s in place)
            winners.append_text(literal(f"{ordinal(place[0].rank)}: {names}   ", "bold"))
        parts.append((winners, text_lines(winners, width)))
        parts.append((Align.center(standings), None))
    return framed(controller, editing, width, parts)


def final_lines(game: Classroom) -> list[Text]:
    """Plain lines of the final standings: every team's name and score, for any screen."""
    return [literal(f"{s.rank}. {s.team}: {s.score} points") for s in game.standings()]
