"""The host's two views of a live game: the projector screen and plain lines.

Every name and question text passes through ui.safe, the one door to the terminal, so a
player called `[bold]` or one with escape sequences in their name shows literally.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.align import Align
from rich.console import Console, Group, RenderableType
from rich.live import Live
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from spacequiz.core.classroom import Standing, podium_places
from spacequiz.core.engine import Round
from spacequiz.live.game import Reveal, options_of
from spacequiz.live.host import COMMANDS, Lobby
from spacequiz.live.server import Event
from spacequiz.ui.bigtext import big, fitting_size
from spacequiz.ui.classroom_screens import (
    big_clock,
    big_size,
    clock_style,
    countdown_bar,
    look,
    movement_text,
)
from spacequiz.ui.classroom_show import Podium, more_places, podium_stage
from spacequiz.ui.safe import literal

TOP = 5
MEDALS = {1: "🥇", 2: "🥈", 3: "🥉"}


def qr_text(data: str) -> Text:
    """A QR code in half blocks, dark on light whatever the terminal's colours."""
    import segno  # only the lobby needs it

    matrix = [list(row) for row in segno.make(data, error="m").matrix]
    size, quiet = len(matrix), 2
    blank = [0] * (size + 2 * quiet)
    rows = [blank] * quiet + [[0] * quiet + r + [0] * quiet for r in matrix] + [blank] * quiet
    if len(rows) % 2:
        rows.append(blank)
    text = Text(style="black on white", no_wrap=True)
    for top, bottom in zip(rows[::2], rows[1::2], strict=True):
        text.append(
            "".join(" ▄▀█"[2 * bool(a) + bool(b)] for a, b in zip(top, bottom, strict=True))
        )
        text.append("\n")
    text.rstrip()
    return text


def letter(index: int) -> str:
    return chr(ord("A") + index) if index < 26 else str(index + 1)


class PlainView:
    """A line per event on stdout: for scripts, screen readers and tests."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.banner_shown = False

    def _line(self, *parts: str | Text) -> None:
        self.console.print(Text.assemble(*(literal(p) if isinstance(p, str) else p for p in parts)))

    def lobby(self, lobby: Lobby) -> None:
        if self.banner_shown:  # a line stream says it once; `lock` has its own line
            return
        self.banner_shown = True
        self._line(f"spacequiz live: {lobby.title}")
        for url in lobby.urls:
            self._line(f"join: {url}")
        self._line(f"code: {lobby.code}")
        self._line(f"commands: {', '.join(COMMANDS)}")

    def event(self, event: Event, lobby: Lobby) -> None:
        count = f"{event.players} player{'s' if event.players != 1 else ''}"
        if event.kind == "joined":
            self._line("joined: ", event.name, f" ({count})")
        elif event.kind == "left":
            self._line("left: ", event.name, f" ({count})")
        elif event.kind == "answered":
            self._line("answered: ", event.name, f" ({event.answered} of {event.players})")

    def question(self, round_: Round, answered: int, players: int, left: float | None) -> None:
        if answered:  # the plain view prints a question once, as it opens
            return
        self._line(f"question {round_.number} of {round_.of}: ", round_.question.prompt)
        for i, option in enumerate(options_of(round_)):
            self._line(f"  {letter(i)}) ", option)

    def reveal(self, round_: Round, shown: Reveal, standings: Sequence[Standing]) -> None:
        self._line(
            f"reveal {shown.number}: ",
            shown.answer,
            f" ({shown.right} of {shown.players} right)",
        )
        for i, (option, count) in enumerate(zip(options_of(round_), shown.counts, strict=True)):
            mark = "✔" if i in shown.correct and round_.question.type != "order" else " "
            self._line(f"  {mark} {letter(i)}) ", option, f": {count}")

    def board(self, standings: Sequence[Standing], number: int, total: int) -> None:
        self._line(f"leaderboard after {number} of {total}:")
        for s in standings[:TOP]:
            self._line(f"  {s.rank}. ", s.team, f" {s.score}")

    def final(self, standings: Sequence[Standing]) -> None:
        self._line("standings:")
        for s in standings:
            self._line(f"  {s.rank}. ", s.team, f" {s.score}")

    def say(self, text: str) -> None:
        self._line(text)


class ScreenView:
    """The projector: one full-screen picture, redrawn as the game moves."""

    def __init__(
        self, console: Console, live: Live, time_limit: float | None, podium: int = 3
    ) -> None:
        self.console = console
        self.live = live
        self.note = Text("")
        self.body: RenderableType = Text("")
        self.in_lobby = False
        self.keys = ""
        self.time_limit = time_limit
        self.podium = podium
        self.names: list[str] = []
        """Players in the order they joined: their colour on the podium, as in the lobby."""
        self.standings: Sequence[Standing] = ()
        self.places_shown = 0

    def _show(self, body: RenderableType, keys: str) -> None:
        self.body, self.keys = body, keys
        footer = Text.assemble((keys, "dim"), "  ", self.note)
        self.live.update(Group(body, Text(""), footer), refresh=True)

    def lobby(self, lobby: Lobby) -> None:
        self.in_lobby = True
        heading = Text.assemble(("spacequiz live · ", "bold cyan"), literal(lobby.title, "bold"))
        where = Table.grid(padding=(0, 2))
        where.add_row(Text("Join at", style="dim"), literal(lobby.urls[0], "bold"))
        for url in lobby.urls[1:]:
            where.add_row(Text("or", style="dim"), literal(url))
        qr = qr_text(lobby.qr_url)
        room = self.console.width - max(map(len, qr.plain.splitlines()), default=0) - 4
        # The code in block digits when the screen has the room: read from the back row.
        size = fitting_size(lobby.code, room, 8, largest=2) if self.console.height >= 30 else 0
        spaced = Text(" ".join(lobby.code), style="bold yellow")
        where.add_row(Text("Game code", style="dim"), Text("") if size else spaced)
        code: list[RenderableType] = [big(lobby.code, size, "bold yellow")] if size else []
        self.names = list(lobby.names)
        names = Text()
        for i, name in enumerate(lobby.names):
            names.append_text(literal(f" {name} ", look(i)[1]))
            names.append(" ")
        count = len(lobby.names)
        joined = Text(f"{count} player{'s' if count != 1 else ''} joined", style="bold")
        if lobby.locked:
            joined.append("  · locked: no new players", style="yellow")
        table = Table.grid(padding=(0, 4))
        table.add_row(qr, Group(where, *code, Text(""), joined, Text(""), names))
        body = Group(heading, Text(""), table)
        self._show(body, "Enter start · l lock/unlock · k kick · e extra time · q quit")

    def event(self, event: Event, lobby: Lobby) -> None:
        if self.in_lobby and event.kind in ("joined", "left", "kicked"):
            self.lobby(lobby)

    def question(self, round_: Round, answered: int, players: int, left: float | None) -> None:
        width = self.console.width
        top = Text.assemble(
            (f"Question {round_.number} of {round_.of}", "bold cyan"),
            "   ",
            (f"{answered} of {players} answered", "bold"),
        )
        prompt = Panel(literal(round_.question.prompt, "bold"), padding=(1, 2))
        tiles = self._tiles(round_, None)
        self.in_lobby = False
        heading: RenderableType = top
        size = big_size(width, self.console.height)
        if left is not None and size:  # seconds in block digits, readable from the back row
            heading = Table.grid(expand=True)
            heading.add_column(vertical="middle")
            heading.add_column(justify="right")
            heading.add_row(top, big_clock(left, size, clock_style(left, self.time_limit)))
        bar = countdown_bar(left, self.time_limit, width, paused=False)
        self._show(Group(heading, prompt, tiles, bar), "r reveal now · q quit")

    def _tiles(self, round_: Round, shown: Reveal | None) -> RenderableType:
        options = options_of(round_)
        if not options:
            kind = "a number" if round_.question.type == "number" else "an answer"
            return Text(f"Type {kind} on your device", style="dim")
        grid = Table.grid(padding=(0, 1), expand=True)
        columns = 2 if len(options) > 1 else 1
        for _ in range(columns):
            grid.add_column(ratio=1)
        cells: list[RenderableType] = []
        most = max(shown.counts, default=0) if shown else 0
        for i, option in enumerate(options):
            shape, style = look(i)
            label = Text.assemble((f" {shape} {letter(i)} ", "bold"), literal(option))
            if shown is not None:
                right = i in shown.correct and round_.question.type != "order"
                style = style if right or round_.question.type == "order" else "dim"
                count = shown.counts[i]
                bar = "█" * (round(12 * count / most) if most else 0)
                label.append(f"\n {'✔ ' if right else ''}{bar} {count}")
            cells.append(Panel(label, style=style))
        for start in range(0, len(cells), columns):
            row = cells[start : start + columns]
            grid.add_row(*row, *([Text("")] * (columns - len(row))))
        return grid

    def reveal(self, round_: Round, shown: Reveal, standings: Sequence[Standing]) -> None:
        top = Text.assemble(
            (f"Question {round_.number} of {round_.of}", "bold cyan"),
            "   ",
            (f"{shown.right} of {shown.players} right", "bold"),
        )
        answer = Text.assemble(("Answer: ", "bold green"), literal(shown.answer, "bold"))
        parts: list[RenderableType] = [top, Panel(literal(round_.question.prompt, "bold"))]
        parts += [self._tiles(round_, shown), answer]
        if shown.explanation:
            parts.append(literal(shown.explanation, "italic"))
        self._show(Group(*parts), "Enter leaderboard · q quit")

    def board(self, standings: Sequence[Standing], number: int, total: int) -> None:
        table = Table(title=f"Leaderboard after {number} of {total}", expand=False)
        table.add_column("#", justify="right")
        table.add_column("Player")
        table.add_column("Score", justify="right")
        table.add_column("")
        for s in standings[:TOP]:
            # After the first question there is no earlier standing to move from.
            moved = movement_text(s) if number > 1 else Text("")
            table.add_row(str(s.rank), literal(s.team, "bold"), str(s.score), moved)
        self._show(Align.center(table), "Enter next question · q quit")

    def final(self, standings: Sequence[Standing]) -> None:
        """The podium, its places still hidden: `next_place` brings them out."""
        self.standings, self.places_shown = standings, 0
        self.note = Text("")  # a question asked before the end is answered now
        self._draw_final()

    def next_place(self) -> bool:
        """One more place out, the worst first; False once every place and the table are."""
        places = podium_places(self.standings, self.podium)
        if self.places_shown > len(places):
            return False
        self.places_shown += 1
        self._draw_final()
        return self.places_shown <= len(places)

    def _draw_final(self) -> None:
        places = podium_places(self.standings, self.podium)
        order = {name: i for i, name in enumerate(self.names)}
        podium = Podium(places, self.places_shown, lambda name: look(order.get(name, 0))[1])
        title = Text("★  The podium  ★", style="bold yellow", justify="center")
        lines = more_places(podium)
        table = Table(title="Final standings", expand=False)
        table.add_column("#", justify="right")
        table.add_column("Player")
        table.add_column("Score", justify="right")
        for s in self.standings[:10]:
            medal = MEDALS.get(s.rank, "")
            table.add_row(f"{medal}{s.rank}", literal(s.team, "bold"), str(s.score))
        done = self.places_shown > len(places)
        width, height = self.console.width, self.console.height
        room = height - 4  # the title, a gap and the footer
        table_rows = min(len(self.standings), 10) + 4
        if not places:
            self._show(Align.center(table), "the game is over")
            return
        if done and width >= 150:
            stage, _ = podium_stage(podium, width - 50, room - len(lines))
            both = Table.grid(padding=(0, 4))
            both.add_column(vertical="bottom")
            both.add_column(vertical="middle")
            both.add_row(Group(stage, *lines), table)
            body: RenderableType = Group(title, Text(""), Align.center(both))
        elif done:
            stage, rows = podium_stage(podium, width, room - len(lines) - table_rows)
            if rows + len(lines) + table_rows <= room:
                body = Group(title, Text(""), stage, *lines, Align.center(table))
            else:  # a small screen: the table holds the winners too
                body = Group(title, Text(""), Align.center(table))
        else:
            stage, _ = podium_stage(podium, width, room - len(lines))
            body = Group(title, Text(""), stage, *lines)
        self._show(body, "the game is over" if done else "Enter next place · q quit")

    def say(self, text: str) -> None:
        self.note = literal(text, "yellow")
        self.live.update(
            Group(self.body, Text(""), Text.assemble((self.keys, "dim"), "  ", self.note)),
            refresh=True,  # the screen is drawn only when asked: a note must not wait
        )
