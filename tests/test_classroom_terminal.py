"""Classroom mode as a teacher uses it: keys on a real pseudo-terminal, screens read back."""

from __future__ import annotations

import csv
import io
import os
import random
import re
import sys
from pathlib import Path

import pexpect
import pytest
from rich.console import Console

from spacequiz.bank.load import load_banks
from spacequiz.core.classroom import Classroom
from spacequiz.core.engine import Filters, Round, select
from spacequiz.core.model import ChoiceQuestion
from spacequiz.ui.classroom import screen
from spacequiz.ui.classroom_control import Clock, Controller, Pacing, labels
from spacequiz.ui.classroom_reveal import PAGE_SECONDS
from tests import pty_tools

BANK = Path(__file__).parent / "banks" / "good" / "classroom.yaml"
TIMEOUT = 60
SIZES = [(24, 80), (50, 200)]
ESCAPES = re.compile(
    r"\x1b(\[[0-9;?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|[=>])"
)
NATO = "Alpha Bravo Charlie Delta Echo Foxtrot Golf Hotel India Juliett Kilo Lima".split()


def letter_of(round_: Round, text: str) -> str:
    return labels(round_)[round_.options.index(text)]


def right_letter(round_: Round) -> str:
    return letter_of(round_, choice(round_).answer)


def wrong_letter(round_: Round) -> str:
    return next(x for x in labels(round_) if x != right_letter(round_))


def choice(round_: Round) -> ChoiceQuestion:
    """The classroom bank holds choice questions only."""
    assert isinstance(round_.question, ChoiceQuestion)
    return round_.question


def bank_rounds(count: int, seed: int) -> tuple[Round, ...]:
    return select(load_banks([BANK]), Filters(), count, random.Random(seed)).rounds


def spawn(*args: str, size: tuple[int, int] = (30, 100)) -> pexpect.spawn[str]:
    child = pexpect.spawn(
        sys.executable,
        ["-m", "spacequiz", "classroom", "-b", str(BANK), *args],
        env={**os.environ, "TERM": "xterm-256color"},
        encoding="utf-8",
        timeout=TIMEOUT,
        dimensions=size,
    )
    child.logfile_read = io.StringIO()  # the whole transcript, for what stays in the shell
    return child


def plain(text: str) -> str:
    return ESCAPES.sub("", text)


def frame_with(child: pexpect.spawn[str], text: str) -> list[str]:
    """Read on until a whole frame showing `text` has been drawn; its lines, plain.

    The projector redraws every fraction of a second, each frame from the top-left
    corner, so a frame is whole once the next one begins.
    """
    child.expect("\x1b\\[H")  # what came before may be the end of a frame: skip it
    while True:
        child.expect("\x1b\\[H")
        lines = plain(child.before or "").split("\r\n")
        if any(text in line for line in lines):
            return lines


def start(child: pexpect.spawn[str]) -> None:
    """Past the lobby (it waits for Enter) and the 3-2-1 (a second Enter, sent with the
    first so that it lands while the countdown runs, cuts it short)."""
    frame_with(child, "Press Enter to start")
    child.send("\r\r")


def after_the_game(child: pexpect.spawn[str]) -> str:
    """What stays in the shell once the full-screen view has closed."""
    child.expect(pexpect.EOF)
    child.close()
    transcript = pty_tools.transcript(child)
    return plain(transcript.rsplit("\x1b[?1049l", 1)[-1])


def finish(child: pexpect.spawn[str]) -> list[str]:
    """Wait for the podium to show every place and the standings; the last frame."""
    return frame_with(child, "any key: end the game")


def test_three_teams_four_questions_with_pass_undo_pause_and_timer(tmp_path: Path) -> None:
    rounds = bank_rounds(4, seed=1)
    right = [right_letter(r) for r in rounds]
    wrong = [wrong_letter(r) for r in rounds]
    report = tmp_path / "report.csv"
    child = spawn(
        "--players",
        "Red,Blue,Green",
        "--count",
        "4",
        "--seed",
        "1",
        "--timer",
        "12",  # room for a slow machine between keys; question 3 waits it out
        "--no-speed",
        "--preview",
        "0",
        "--report",
        str(report),
    )
    frame_with(child, "Press Enter to start")
    child.send("\r")
    frame_with(child, "Get ready!")  # 3-2-1, then the first question by itself
    # Question 1, Red's turn: wrong, passed to Blue, who gets it right for half points.
    child.expect("Red's turn")
    child.send(wrong[0])
    child.expect("n: pass to Blue")
    child.send("n")
    child.expect("Passed to Blue")
    child.send(right[0])
    child.expect("r: reveal")
    child.send("r")
    child.expect("Each team's answer")
    child.send("\r")
    child.expect("Leaderboard after question 1 of 4")
    child.send("\r")
    # Question 2, Blue's turn: a pause, a wrong answer taken back, then the right one.
    child.expect("Blue's turn")
    child.send("p")
    child.expect("PAUSED")
    child.send("p")
    child.expect("Resumed")
    child.send(wrong[1])
    child.expect("Blue has answered")
    child.send("u")
    child.expect("Undone")
    child.send(right[1])
    child.expect("r: reveal")
    child.send("r")
    child.expect("Each team's answer")
    child.send("\r")
    child.expect("Leaderboard after question 2 of 4")
    child.send("\r")
    # Question 3, Green's turn: the timer runs out.
    child.expect("Green's turn")
    child.expect("Time's up for Green", timeout=TIMEOUT)
    child.send("r")
    child.expect("Each team's answer")
    child.send("\r")
    child.expect("Leaderboard after question 3 of 4")
    child.send("\r")
    # Question 4, Red's turn again; after its answer, straight to the podium.
    child.expect("Red's turn")
    child.send(right[3])
    child.expect("r: reveal")
    child.send("r")
    child.expect("Enter podium")
    child.send("\r")
    frame_with(child, "The podium")
    child.send("q")  # the podium ends at once on q
    standings = after_the_game(child)
    assert child.exitstatus == 0
    # Blue: 50 (passed) + 100 + streak bonus 50; Red: 100; Green: 0.
    assert re.search(r"1\s+Blue\s+200", standings), standings
    assert re.search(r"2\s+Red\s+100", standings)
    assert re.search(r"3\s+Green\s+0", standings)
    rows = list(csv.DictReader(report.open(encoding="utf-8")))
    assert len(rows) == 3 * 4
    points: dict[str, int] = {}
    for row in rows:
        points[row["team"]] = points.get(row["team"], 0) + int(row["points"])
    assert points == {"Red": 100, "Blue": 200, "Green": 0}


def test_quit_asks_first_and_keeps_the_results(tmp_path: Path) -> None:
    report = tmp_path / "partial.json"
    child = spawn("--players", "Ann,Bo", "--count", "4", "--seed", "1", "--report", str(report))
    start(child)
    child.expect("Ann's turn")
    child.send("q")
    child.expect(r"Quit the game\?")
    child.send("x")  # anything but y carries on
    child.expect("Carry on")
    child.send("q")
    child.expect(r"Quit the game\?")
    child.send("y")
    assert "Final standings" in after_the_game(child)
    assert child.exitstatus == 0
    assert '"finished": false' in report.read_text(encoding="utf-8")


@pytest.mark.parametrize("size", SIZES)
def test_the_status_before_the_reveal_is_the_same_for_a_right_and_a_wrong_answer(
    size: tuple[int, int],
) -> None:
    first, second = bank_rounds(2, seed=3)
    child = spawn(
        "--players",
        "Red,Blue",
        "--count",
        "2",
        "--seed",
        "3",
        "--timer",
        "0",
        "--preview",
        "0",
        size=size,
    )
    start(child)
    frame_with(child, "Red's turn")
    child.send(right_letter(first))
    after_right = frame_with(child, "Red has answered")
    child.send("r")
    assert any("1 of 1 right" in line for line in frame_with(child, "Each team's answer"))
    child.send("\r")
    frame_with(child, "Leaderboard after")
    child.send("\r")
    frame_with(child, "Blue's turn")
    child.send(wrong_letter(second))
    after_wrong = frame_with(child, "Blue has answered")
    child.send("r")
    assert any("0 of 1 right" in line for line in frame_with(child, "Each team's answer"))
    child.sendcontrol("c")
    child.expect(pexpect.EOF)

    def bottom(lines: list[str]) -> list[str]:  # the status line and the footer
        tail = [line.strip() for line in lines if line.strip()][-2:]
        return [re.sub(r"\b(Red|Blue)\b", "TEAM", line) for line in tail]

    assert bottom(after_right) == bottom(after_wrong)
    assert (
        bottom(after_right)[0] == "TEAM has answered. n: pass to TEAM for half points · r: reveal"
    )


@pytest.mark.parametrize("size", SIZES)
def test_the_reveal_counts_the_teams_behind_each_choice(size: tuple[int, int]) -> None:
    first = bank_rounds(1, seed=2)[0]
    right, wrong = right_letter(first), wrong_letter(first)
    child = spawn(
        "--players",
        "Red,Blue,Green",
        "--count",
        "1",
        "--seed",
        "2",
        "--style",
        "buzz",
        "--timer",
        "0",
        "--preview",
        "0",
        size=size,
    )
    start(child)
    frame_with(child, "Answers as Team=answer")
    child.send(f"Red={right} Blue={right} Green={wrong}\r")
    frame_with(child, "Everyone has answered")
    child.send("\x1b")
    child.send("r")
    lines = frame_with(child, "Each team's answer")
    shown = "\n".join(lines)
    assert "2 of 3 right" in shown
    assert shown.count("2 teams") == 1 and shown.count("1 team\n") + shown.count("1 team ") == 1
    assert shown.count("0 teams") == len(first.options) - 2
    tile = next(line for line in lines if f"{right}  {choice(first).answer}" in line)
    assert "✔" in tile  # the right tile is marked
    for team, given in (("Red", right), ("Blue", right), ("Green", wrong)):
        row = next(line for line in lines if re.search(rf"[✔✘] {team}\b", line))
        assert re.search(rf"{team}\s+{given}\s+\+\d+", row), row
    child.sendcontrol("c")
    child.expect(pexpect.EOF)


@pytest.mark.parametrize("size", SIZES)
def test_twelve_teams_all_show_on_the_reveal_and_the_leaderboard(size: tuple[int, int]) -> None:
    first = bank_rounds(2, seed=4)[0]
    names = labels(first)
    child = spawn(
        "--players",
        ",".join(NATO),
        "--count",
        "2",
        "--seed",
        "4",
        "--style",
        "buzz",
        "--timer",
        "0",
        "--preview",
        "0",
        size=size,
    )
    start(child)
    frame_with(child, "Answers as Team=answer")
    answers = " ".join(f"{team}={names[i % len(names)]}" for i, team in enumerate(NATO))
    child.send(answers + "\r")
    frame_with(child, "Everyone has answered")
    child.send("\x1b")
    child.send("r")
    reveal = "\n".join(frame_with(child, "Each team's answer"))
    assert [team for team in NATO if team not in reveal] == []
    child.send("\r")
    board = "\n".join(frame_with(child, "Leaderboard after"))
    assert [team for team in NATO if team not in board] == []
    child.sendcontrol("c")
    child.expect(pexpect.EOF)


def _column_of(lines: list[str], team: str) -> int:
    """Where a team's name stands on the podium: right above the top of its step."""
    for row, line in enumerate(lines[:-1]):
        for found in re.finditer(rf"\b{team}\b", line):
            below = lines[row + 1]
            if found.start() < len(below) and below[found.start()] in "─╭":
                return found.start()
    raise AssertionError(f"{team} is not on the podium:\n" + "\n".join(lines))


@pytest.mark.parametrize("size", SIZES)
def test_the_podium_puts_first_in_the_middle_and_waits_for_a_key(size: tuple[int, int]) -> None:
    first, second = bank_rounds(2, seed=5)
    child = spawn(
        "--players",
        "Red,Blue,Green",
        "--count",
        "2",
        "--seed",
        "5",
        "--style",
        "buzz",
        "--timer",
        "0",
        "--preview",
        "0",
        size=size,
    )
    start(child)
    frame_with(child, "Answers as Team=answer")
    child.send(f"Red={right_letter(first)} Blue={right_letter(first)} ")
    child.send(f"Green={wrong_letter(first)}\r")
    frame_with(child, "Everyone has answered")
    child.send("\x1b")
    child.send("r")
    frame_with(child, "Each team's answer")
    child.send("\r")
    frame_with(child, "Leaderboard after")
    child.send("\r")
    frame_with(child, "Answers as Team=answer")
    child.send(f"Red={right_letter(second)} Blue={wrong_letter(second)} ")
    child.send(f"Green={wrong_letter(second)}\r")
    frame_with(child, "Everyone has answered")
    child.send("\x1b")
    child.send("r")
    frame_with(child, "Enter podium")
    child.send("\r")
    # Places come out worst first: while third is out, first is still a question mark.
    early = frame_with(child, "3rd place")
    assert not any("1st place" in line for line in early)
    lines = finish(child)
    # Red 250 (with a streak), Blue 100, Green 0: second left, first middle, third right.
    assert _column_of(lines, "Blue") < _column_of(lines, "Red") < _column_of(lines, "Green")
    if size == SIZES[0]:  # it stays until a key, longer than the podium's own pauses
        assert child.expect([pexpect.EOF, pexpect.TIMEOUT], timeout=4) == 1
    child.send(" ")
    shell = after_the_game(child)
    assert child.exitstatus == 0
    assert shell.count("Final standings") == 1
    assert re.search(r"1\s+Red\s+250.*2\s+Blue\s+100.*3\s+Green\s+0", shell, re.S), shell


def test_seven_teams_tied_share_first_place() -> None:
    teams = NATO[:7]
    child = spawn(
        "--players",
        ",".join(teams),
        "--count",
        "1",
        "--seed",
        "1",
        "--style",
        "buzz",
        "--timer",
        "0",
        "--preview",
        "0",
        size=(24, 80),
    )
    start(child)
    frame_with(child, "Answers as Team=answer")
    child.send("\x1b")
    child.send("r")  # nobody answered: all seven on 0 points
    frame_with(child, "Enter podium")
    child.send("\r")
    shown = "\n".join(finish(child))
    assert "1st place" in shown and "2nd place" not in shown and "3rd place" not in shown
    assert [team for team in teams if team not in shown] == []
    child.send("\r")
    shell = after_the_game(child)
    ranks = re.findall(r"^\s*(\d+)\s+([A-Z][a-z]+)\s+0\s*$", shell, re.M)
    assert sorted(team for _, team in ranks) == sorted(teams)
    assert {rank for rank, _ in ranks} == {"1"}


LONG = Path(__file__).parent / "banks" / "good" / "long.yaml"


def _controller_at(
    mode: str, teams: list[str], rounds: tuple[Round, ...], now: list[float] | None = None
) -> Controller:
    """A game moved on to `mode` with every team's answer in, as the projector shows it."""
    now = now if now is not None else [0.0]
    game = Classroom(teams, rounds, style="buzz")
    controller = Controller(
        game, Clock(now=lambda: now[0]), Pacing.show(preview=None, talk=5, podium=3), "T"
    )
    steps = {
        "lobby": [],
        "countdown": ["\r"],
        "preview": ["\r", "\r"],
        "talk": ["\r", "\r", "\r"],
        "question": ["\r", "\r", "\r", "\r"],
        "reveal": ["\r", "\r", "\r", "\r", "r"],
        "board": ["\r", "\r", "\r", "\r", "r", "\r"],
    }
    for key in steps.get(mode, []):
        if key == "r":
            for i, team in enumerate(teams):
                controller.enter_answer(f"{team}={labels(game.round)[i % 2]}")
        controller.command(key)
    if mode == "podium":
        controller.command("\r")
        while not game.finished:
            controller.command("\r")
            controller.command("\r")
            controller.command("r")
            controller.command("\r")
        while not controller.finale_done():
            controller.command("\r")
    assert controller.mode == mode, (controller.mode, mode)
    return controller


MODES = ["lobby", "countdown", "preview", "talk", "question", "reveal", "board", "podium"]


@pytest.mark.parametrize(
    ("bank", "width", "height"),
    [(None, 80, 24), (None, 200, 50), (None, 60, 20), (LONG, 80, 24), (LONG, 200, 50)],
)
def test_every_screen_fits_and_drops_no_team(bank: Path | None, width: int, height: int) -> None:
    banks = [bank] if bank else []
    pick = Filters() if bank else Filters(types=("choice", "multi"))
    rounds = select(load_banks(banks), pick, 2, random.Random(3)).rounds
    for mode in MODES:
        now = [0.0]
        controller = _controller_at(mode, NATO, rounds, now)
        pages, words = 1, set()
        while pages:  # a screen too small for every team shows them a page at a time
            console = Console(width=width, height=height, record=True, file=open(os.devnull, "w"))
            console.print(screen(controller, None, width, height), height=height)
            shown = console.export_text()
            lines = shown.splitlines()
            assert len(lines) <= height and max(len(line) for line in lines) <= width, mode
            assert "quit" in lines[-1] or "end" in lines[-1]  # the footer is on screen
            words |= set(re.findall(r"[\w']+", shown))
            paged = re.search(r"page (\d+) of (\d+)", shown)
            assert not paged or (width, height) == (60, 20), "paged on a usual screen"
            pages = int(paged.group(2)) - int(paged.group(1)) if paged else 0
            now[0] += PAGE_SECONDS
        if mode in ("talk", "question"):
            # Boxes side by side interleave their lines, so check word by word: a box
            # cut short would lose the last words of its choice.
            for text in (*controller.game.round.options, controller.game.round.question.prompt):
                assert set(re.findall(r"[\w']+", text)) <= words, (mode, text)
        if mode in ("lobby", "reveal", "board", "podium"):
            assert [team for team in NATO if team not in words] == [], (mode, shown)


def test_buzz_answers_typed_on_the_open_line() -> None:
    first = bank_rounds(1, seed=2)[0]
    right, wrong = right_letter(first), wrong_letter(first)
    child = spawn(
        "--players",
        "Red,Blue",
        "--count",
        "1",
        "--seed",
        "2",
        "--style",
        "buzz",
        "--timer",
        "0",
        "--no-speed",
        "--preview",
        "0",
    )
    start(child)
    child.expect("Answers as Team=answer")  # the line opens by itself in buzz style
    child.send("Red=A Pink=B\r")
    child.expect("no team called 'Pink'")
    child.send("\x15" + f"Red={wrong} Blue={right}\r")
    child.expect("Everyone has answered")
    child.send(f"Red={right}\r")  # a team may change its answer until the reveal
    child.expect("Red has answered")
    child.send("\x1b")  # Esc: teacher keys
    child.send("r")
    child.expect("Each team's answer")
    child.send("\r")
    frame_with(child, "The podium")
    child.send("q")
    standings = after_the_game(child)
    assert child.exitstatus == 0
    # Both right in the end: Red changed its answer before the reveal.
    assert re.search(r"1\s+Red\s+100", standings) and re.search(r"1\s+Blue\s+100", standings)


HOSTILE = Path(__file__).parent / "banks" / "good" / "hostile.yaml"


def test_every_screen_shows_bank_and_team_text_literally() -> None:
    """Markup stays text and escape sequences never reach the terminal, on every screen."""
    teams = ["[bold]Mars[/]", "Evil\x1b]52;c;SGVsbG8=\x07Clip", "Plain"]
    rounds = select(load_banks([HOSTILE]), Filters(), 2, random.Random(1)).rounds
    for mode in MODES:
        controller = _controller_at(mode, teams, rounds)
        console = Console(width=100, height=30, record=True, file=open(os.devnull, "w"))
        console.print(screen(controller, None, 100, 30), height=30)
        shown = console.export_text(styles=True)
        assert "\x1b]" not in shown and "\x9b" not in shown and "\x1b[2J" not in shown, mode
        if mode in ("lobby", "reveal", "board", "podium"):
            assert "[bold]Mars[/]" in shown, mode


def test_the_lobby_wraps_between_team_badges_never_inside_a_name() -> None:
    teams = [f"{word} Team" for word in NATO]
    controller = _controller_at("lobby", teams, bank_rounds(1, seed=1))
    console = Console(width=80, height=24, record=True, file=open(os.devnull, "w"))
    console.print(screen(controller, None, 80, 24), height=24)
    lines = console.export_text().splitlines()
    assert [team for team in teams if not any(team in line for line in lines)] == []
