"""The live host's projector finale: the podium place by place, then the standings."""

from __future__ import annotations

from typing import Any

from rich.console import Console, RenderableType

from spacequiz.core.classroom import Standing
from spacequiz.core.text import ordinal
from spacequiz.live.views import ScreenView


class Screen:
    """Stands in for rich's Live: keeps the last picture and renders it as text."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.shown = ""

    def update(self, renderable: RenderableType, **_: Any) -> None:
        with self.console.capture() as captured:
            self.console.print(renderable)
        self.shown = captured.get()


def standings(*scores: tuple[str, int]) -> list[Standing]:
    ranked, rank = [], 0
    for i, (name, score) in enumerate(scores):
        if i == 0 or score != scores[i - 1][1]:
            rank = i + 1
        ranked.append(Standing(rank, name, score, 0))
    return ranked


def finale(width: int, height: int, *scores: tuple[str, int]) -> tuple[ScreenView, Screen]:
    console = Console(width=width, height=height, color_system=None, legacy_windows=False)
    screen = Screen(console)
    view = ScreenView(console, screen, time_limit=20.0)  # type: ignore[arg-type]
    view.final(standings(*scores))
    return view, screen


def test_the_places_come_out_worst_first_then_the_standings() -> None:
    view, screen = finale(120, 40, ("Ann", 900), ("Bob", 700), ("Cyd", 500), ("Dee", 10))
    assert "The podium" in screen.shown
    assert "1st place" not in screen.shown and "Ann" not in screen.shown
    assert view.next_place()
    assert "3rd place" in screen.shown and "Cyd" in screen.shown
    assert "Bob" not in screen.shown and "Ann" not in screen.shown
    assert view.next_place()
    assert "2nd place" in screen.shown and "Bob" in screen.shown and "Ann" not in screen.shown
    assert view.next_place()
    assert "1st place" in screen.shown and "Ann" in screen.shown
    assert "Final standings" not in screen.shown
    assert not view.next_place()  # the last step: the full table, Dee included
    assert "Final standings" in screen.shown and "Dee" in screen.shown
    assert not view.next_place()


def test_players_tied_first_share_the_top_step() -> None:
    view, screen = finale(120, 40, ("Ann", 500), ("Bob", 500), ("Cyd", 100))
    view.next_place()
    assert "2nd place" not in screen.shown  # ranks go 1, 1, 3: nobody is second
    assert "3rd place" in screen.shown and "Cyd" in screen.shown
    view.next_place()
    assert "1st place" in screen.shown and "Ann" in screen.shown and "Bob" in screen.shown


def test_a_small_screen_keeps_the_standings_whole() -> None:
    view, screen = finale(60, 16, *((f"P{i}", 100 - i) for i in range(8)))
    while view.next_place():
        pass
    assert "Final standings" in screen.shown
    assert all(f"P{i}" in screen.shown for i in range(8))


def test_nobody_played_shows_the_empty_table_at_once() -> None:
    view, screen = finale(120, 40)
    assert not view.next_place()
    assert "Final standings" in screen.shown


def test_ordinals_past_the_podium() -> None:
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "101st",
        "111th",
    ]  # fmt: skip


def _lobby_screen(width: int, height: int) -> str:
    from spacequiz.live.host import Lobby

    console = Console(width=width, height=height, color_system=None, legacy_windows=False)
    screen = Screen(console)
    view = ScreenView(console, screen, time_limit=20.0)  # type: ignore[arg-type]
    url = "http://192.168.1.20:8765/?code=482913"
    view.lobby(Lobby("Space", [url], "482913", url, 10, names=["Ann", "Bo"]))
    return screen.shown


def test_the_lobby_shows_the_code_in_block_digits_on_a_projector() -> None:
    shown = _lobby_screen(120, 40)
    assert "4 8 2 9 1 3" not in shown  # the digits are drawn, not spelled out
    # Right of the QR code, rows of block digits: the tops and feet of 2, 9 and 3.
    code_rows = [line for line in shown.splitlines() if line.find("██████", 30) > 30]
    assert len(code_rows) >= 3
    assert "2 players joined" in shown and "Ann" in shown


def test_a_small_terminal_spells_the_code_out() -> None:
    shown = _lobby_screen(80, 24)
    assert "Game code  4 8 2 9 1 3" in shown


def _board_screen(number: int, *rows: Standing) -> str:
    console = Console(width=80, height=24, color_system=None, legacy_windows=False)
    screen = Screen(console)
    view = ScreenView(console, screen, time_limit=20.0)  # type: ignore[arg-type]
    view.board(rows, number, 5)
    return screen.shown


def test_the_first_leaderboard_shows_no_movement_and_later_ones_do() -> None:
    first = _board_screen(1, Standing(1, "Ann", 200, 0), Standing(2, "Bob", 0, 0))
    assert "Ann" in first and "Bob" in first
    assert "=" not in first, "no earlier standing: nothing moved, nothing to show"
    later = _board_screen(2, Standing(1, "Bob", 300, 1), Standing(2, "Ann", 200, -1))
    assert "▲1" in later and "▼1" in later
    still = _board_screen(3, Standing(1, "Bob", 400, 0))
    assert "=" in still, "a rank that held since the last board"
