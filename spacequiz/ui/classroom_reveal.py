"""After a question: the reveal (the right tiles lit, how many teams chose each, every
team's answer and points) and the leaderboard as a screen of its own."""

from __future__ import annotations

import math

from rich.align import Align
from rich.console import RenderableType
from rich.layout import Layout
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from spacequiz.core.classroom import Standing, TeamAnswer, right_options
from spacequiz.core.engine import answer_text
from spacequiz.ui.bigtext import big, measure
from spacequiz.ui.classroom_control import Controller, labels
from spacequiz.ui.classroom_screens import (
    Tile,
    bottom_rows,
    framed,
    header,
    look,
    movement_text,
    team_colour,
    text_lines,
    tile_grid,
    tile_shape,
)
from spacequiz.ui.safe import literal

DIMMED = "grey62 on grey15"
"""A wrong choice at the reveal: still readable, clearly not the answer."""
CELL_WIDTH = 30
"""The narrowest a team's line on the reveal may be: mark, name, answer, points."""
PAGE_SECONDS = 5.0
BOARD_COLUMN = 110
"""The leaderboard's widest column: wider, the scores drift too far from the names."""
"""On a screen too small for every team at once, each page of them shows this long."""


def mark_of(record: TeamAnswer | None) -> Text:
    if record is None or record.timed_out:
        return Text("✘", style="bold red")
    if record.correct:
        return Text("✔", style="bold green")
    if record.credit > 0:
        return Text("◐", style="bold yellow")
    return Text("✘", style="bold red")


def reveal_tiles(controller: Controller, width: int, boxed: bool = True) -> list[Tile]:
    """Every choice with how many teams chose it as a bar: right ones lit, others dimmed.
    For an order question each item shows its right place and how many teams put it there.
    Without boxes the text itself is lit or dimmed."""
    game = controller.game
    round_ = game.round
    right = right_options(round_)
    ordered = round_.question.type == "order"
    counts = game.tally()
    teams = max(len(game.teams), 1)
    columns = 2 if len(round_.options) > 1 and width >= 50 else 1
    room = max((width - (columns - 1)) // columns - 4 - 6 - 10, 3)  # borders, label, count
    names = labels(round_)
    tiles = []
    for index, option in enumerate(round_.options):
        shape, style = look(index)
        lit = ordered or index in right
        if ordered:
            mark = f"  → {right.index(index) + 1}"
        else:
            mark = "  ✔" if lit else ""
            style = style if lit else DIMMED
        count = counts[index]
        bar = "█" * round(room * count / teams)
        chose = "in place" if ordered else "team" if count == 1 else "teams"
        ink = "bold" if boxed else "bold green" if lit else "grey50"
        under = Text.assemble((bar, ink), f" {count} {chose}")
        text = Text.assemble(literal(option, "" if boxed else "bold" if lit else "grey62"))
        text.append(mark, "bold")
        tiles.append(Tile(Text(f"{shape} {names[index]}", style="bold"), text, style, under))
    return tiles


def given_letters(controller: Controller, record: TeamAnswer | None, team: str) -> Text:
    """A team's answer as the letters on the tiles, or as typed for a text question."""
    game = controller.game
    if record is None:
        return Text("no answer", style="dim")
    if record.timed_out:
        return Text("time's up", style="dim")
    picks = game.picks(team)
    names = labels(game.round)
    if picks:
        joiner = " → " if game.round.question.type == "order" else " "
        text = Text(joiner.join(names[i] for i in picks), style="bold")
    else:
        text = literal(record.given)
    if record.passed:
        text.append(" (passed)", style="dim")
    return text


def _team_cell(controller: Controller, team: str, record: TeamAnswer | None) -> Table:
    cell = Table.grid(padding=(0, 1), expand=True)
    cell.add_column(width=1, no_wrap=True)
    cell.add_column(ratio=2, no_wrap=True, overflow="ellipsis")
    cell.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    cell.add_column(justify="right", no_wrap=True, width=5)
    points = f"+{record.points}" if record is not None else ""
    cell.add_row(
        mark_of(record),
        literal(team, f"bold {team_colour(controller.game.teams, team)}"),
        given_letters(controller, record, team),
        Text(points, style="bold"),
    )
    return cell


def _reveal_entries(controller: Controller) -> list[tuple[str, TeamAnswer | None]]:
    """Who answered, in team order: every team in buzz style (a team that gave nothing
    says so), the teams that had a go in turns style."""
    game = controller.game
    by_team = {a.team: a for a in game.round_answers()}
    if game.style == "buzz":
        return [(team, by_team.get(team)) for team in game.teams]
    return [(a.team, a) for a in game.round_answers()]


def columns_of(
    count: int, rows: int, width: int, narrowest: int, widest: int
) -> tuple[int, int, int]:
    """Columns, rows and pages to show `count` entries in `rows` x `width`: never fewer
    than fit, never wider than `widest` each, paged only when even the narrowest
    columns cannot hold them all."""
    most = max(1, min(width // narrowest, count))
    rows = max(rows, 1)
    columns = max(math.ceil(count / rows), min(math.ceil(width / widest), count), 1)
    if columns <= most:
        return columns, math.ceil(count / columns), 1
    per_page = most * rows
    return most, rows, math.ceil(count / per_page)


def _page(controller: Controller, pages: int) -> int:
    return int(controller.clock.now() // PAGE_SECONDS) % pages if pages > 1 else 0


def entry_grid(cells: list[RenderableType], columns: int, rows: int, page: int) -> RenderableType:
    """`cells` down then across `columns`, `rows` high; page `page` of them."""
    grid = Table.grid(expand=True, padding=(0, 3))
    for _ in range(columns):
        grid.add_column(ratio=1)
    shown = cells[page * columns * rows : (page + 1) * columns * rows]
    for row in range(rows):
        line = [
            shown[c * rows + row] if c * rows + row < len(shown) else Text("")
            for c in range(columns)
        ]
        grid.add_row(*line)
    return grid


def _summary(entries: list[tuple[str, TeamAnswer | None]]) -> Text:
    if not entries:
        return Text("nobody answered", style="bold")
    right = sum(1 for _, r in entries if r is not None and r.correct)
    partly = sum(1 for _, r in entries if r is not None and not r.correct and r.credit > 0)
    text = f"{right} of {len(entries)} right" + (f", {partly} partly" if partly else "")
    return Text(text, style="bold")


def reveal_screen(controller: Controller, editing: str | None, width: int, height: int) -> Layout:
    """The right answer lit among the choices, counts under each, every team's answer.

    Rows are shared out in order: every team first (in columns), then the tiles, the
    question and the explanation; spare rows make the tiles taller and the lists roomier.
    """
    game = controller.game
    round_ = game.round
    question = round_.question
    entries = _reveal_entries(controller)
    top, top_rows = header(controller, width, height, note=_summary(entries))
    room = height - top_rows - bottom_rows(controller, editing, width)
    prompt_text = literal(question.prompt, "bold")
    prompt_rows = text_lines(prompt_text, width - 4) + 2
    columns, row_lines = tile_shape(reveal_tiles(controller, width), width)
    answer: Text | None = None
    if not round_.options:
        answer = Text.assemble(("Answer: ", "bold green"), literal(answer_text(question), "bold"))
    answer_rows = text_lines(answer, width - 4) + 2 if answer is not None else 0
    explanation = literal(question.explanation, "italic") if question.explanation else None
    explanation_rows = text_lines(explanation, width) if explanation is not None else 0
    most_columns = max(1, min(width // CELL_WIDTH, len(entries) or 1))
    results = (1 + math.ceil(len(entries) / most_columns)) if entries else 0
    fixed = prompt_rows + answer_rows + explanation_rows + results
    boxed = fixed + sum(n + 2 for n in row_lines) <= room
    if not boxed:  # without borders the text has more room: fewer lines
        columns, row_lines = tile_shape(reveal_tiles(controller, width, False), width, False)
    heights = [n + 2 if boxed else n for n in row_lines]
    spare = room - fixed - sum(heights)
    explanation_size, prompt_size = explanation_rows, prompt_rows
    if spare < 0:  # the explanation, then the question, give up rows before any team
        explanation_size = max(0, explanation_rows + spare)
        spare += explanation_rows - explanation_size
        prompt_size = max(3, prompt_rows + min(spare, 0))
        spare += prompt_rows - prompt_size
    for i in range(len(heights) if boxed else 0):  # taller tiles, up to 6 rows
        grow = min(max(0, 6 - heights[i]), max(spare, 0))
        heights[i] += grow
        spare -= grow
    gap = 1 if spare >= 2 else 0
    parts: list[tuple[RenderableType, int | None]] = [(top, top_rows)]
    parts.append((Panel(prompt_text, border_style="cyan"), prompt_size))
    if round_.options:
        tiles = reveal_tiles(controller, width, boxed)
        parts.append((tile_grid(tiles, heights, columns, boxed), sum(heights)))
    if answer is not None:
        parts.append((Panel(answer, border_style="green"), answer_rows))
    if explanation is not None and explanation_size:
        if gap:
            parts.append((Text(" "), 1))
        parts.append((explanation, explanation_size))
    if entries:
        if gap:
            parts.append((Text(" "), 1))
        used = sum(size or 0 for _, size in parts) - top_rows
        rows = room - used - 1
        cells: list[RenderableType] = [_team_cell(controller, t, r) for t, r in entries]
        cols, rows, pages = columns_of(len(cells), rows, width, CELL_WIDTH, 90)
        page = _page(controller, pages)
        note = f"  (page {page + 1} of {pages})" if pages > 1 else ""
        parts.append((Text(f"Each team's answer{note}", style="bold underline"), 1))
        parts.append((entry_grid(cells, cols, rows, page), None))
    else:
        parts.append((Text(" "), None))
    return framed(controller, editing, width, parts)


# The leaderboard -----------------------------------------------------------------------


def gaps(standings: list[Standing]) -> dict[str, str]:
    """How far each team is behind the team just above it in score."""
    said: dict[str, str] = {}
    for i, s in enumerate(standings):
        ahead = next((a for a in reversed(standings[:i]) if a.score > s.score), None)
        tied = (i > 0 and standings[i - 1].score == s.score) or (
            i + 1 < len(standings) and standings[i + 1].score == s.score
        )
        if ahead is None:
            said[s.team] = "tied for the lead" if tied else "in the lead"
        else:
            said[s.team] = f"{ahead.score - s.score} behind {ahead.team}"
            if tied:
                said[s.team] += " (tied)"
    return said


def _board_row(controller: Controller, standing: Standing, gap: str, size: int) -> list[Text]:
    game = controller.game
    streak = game.streak(standing.team)
    streak_text = Text(f"{streak} in a row", style="bold yellow") if streak >= 2 else Text("")
    colour = team_colour(game.teams, standing.team)
    name = Text.assemble(("▌", colour), " ", literal(standing.team, "bold"))
    if size:
        rank = big(str(standing.rank), size, "bold")
        score = big(str(standing.score), size, f"bold {colour}")
    else:
        rank = Text(str(standing.rank), style="bold")
        score = Text(str(standing.score), style=f"bold {colour}")
    about = (
        Text("\n").join([literal(gap, "dim"), streak_text])
        if size
        else Text.assemble(literal(gap, "dim"), "  ", streak_text)
    )
    return [rank, movement_text(standing), name, score, about]


def board_screen(controller: Controller, editing: str | None, width: int, height: int) -> Layout:
    """Every team by score: places moved, the gap to the team ahead, streaks; the scores in
    block digits when every team still fits."""
    game = controller.game
    standings = game.standings()
    said = gaps(standings)
    round_ = game.round
    title = Text.assemble(
        (f" Leaderboard after question {round_.number} of {round_.of} ", "bold reverse")
    )
    room = height - 2 - bottom_rows(controller, editing, width)
    count = len(standings)
    size, columns, gap = _board_shape(standings, width, room)
    row_height = (5 * size + 1) // 2 if size else 1
    per_column = max((room + gap) // (row_height + gap), 1)
    per_page = per_column * columns
    pages = math.ceil(count / per_page)
    page = _page(controller, pages)
    shown = standings[page * per_page : (page + 1) * per_page]
    tables = []
    for c in range(columns):
        part = shown[c * per_column : (c + 1) * per_column]
        if not part:
            continue
        table = Table.grid(padding=(0, 2), expand=True)
        table.add_column(justify="right", no_wrap=True)
        table.add_column(width=3, no_wrap=True, vertical="middle")
        table.add_column(ratio=1, no_wrap=True, overflow="ellipsis", vertical="middle")
        table.add_column(justify="right", no_wrap=True)
        # Beside block digits the note may wrap; on a one-line row it must not.
        table.add_column(
            ratio=1, no_wrap=not size, overflow="fold" if size else "ellipsis", vertical="middle"
        )
        for i, standing in enumerate(part):
            if gap and i:
                table.add_row(*([Text("")] * 5))
            table.add_row(*_board_row(controller, standing, said[standing.team], size))
        tables.append(table)
    # As wide as the screen up to a readable width, centred: scores near their names.
    body = Table.grid(padding=(0, 4))
    body.width = min(width, (BOARD_COLUMN + 4) * len(tables))
    for _ in tables:
        body.add_column(ratio=1)
    body.add_row(*tables)
    # An empty Text is falsy, and Layout would draw its placeholder instead.
    note = Text(f"page {page + 1} of {pages}", style="dim") if pages > 1 else Text(" ")
    centred = Align.center(body)
    parts: list[tuple[RenderableType, int | None]] = [(title, 1), (note, 1), (centred, None)]
    return framed(controller, editing, width, parts)


def _board_shape(standings: list[Standing], width: int, rows: int) -> tuple[int, int, int]:
    """Digit size, columns and the blank rows between teams for the leaderboard: the
    largest digits that show every team, in one column if they can, else two; plain
    numbers (and pages, on a tiny screen) when nothing larger fits."""
    count = len(standings)
    widest = str(max(s.score for s in standings))
    for size in (2, 1):
        digits = measure(widest, size)[0] + measure(str(count), size)[0]
        height = (5 * size + 1) // 2
        for columns in (1, 2):
            per_column = math.ceil(count / columns)
            if digits + 44 > min(width // columns, BOARD_COLUMN):
                continue
            for gap in (1, 0):
                if per_column * height + (per_column - 1) * gap <= rows:
                    return size, columns, gap
    columns = 1 if count <= rows or width < 90 else 2
    return 0, columns, 0
