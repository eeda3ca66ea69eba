"""Running a classroom game: the full-screen projector view, or plain lines on a pipe."""

from __future__ import annotations

from typing import BinaryIO

from rich.console import Console, RenderableType
from rich.live import Live

from spacequiz.core.classroom import Classroom
from spacequiz.ui.classroom_control import Controller, labels
from spacequiz.ui.classroom_reveal import board_screen, reveal_screen
from spacequiz.ui.classroom_screens import question_screen, shown_mode
from spacequiz.ui.classroom_show import (
    countdown_screen,
    final_lines,
    lobby_screen,
    podium_screen,
    standings_table,
)
from spacequiz.ui.lines import LineReader
from spacequiz.ui.plain import give_up
from spacequiz.ui.safe import literal
from spacequiz.ui.system import KeyReader, ending_signals, single_keys, suspendable

TICK = 0.2
"""Seconds between redraws: the countdown moves at least every second."""


def screen(controller: Controller, editing: str | None, width: int, height: int) -> RenderableType:
    """The whole projector screen for the moment the game is at."""
    mode = shown_mode(controller)
    if mode == "lobby":
        return lobby_screen(controller, editing, width, height)
    if mode == "countdown":
        return countdown_screen(controller, editing, width, height)
    if mode == "reveal":
        return reveal_screen(controller, editing, width, height)
    if mode == "board":
        return board_screen(controller, editing, width, height)
    if mode in ("podium", "over") or controller.game.finished:
        return podium_screen(controller, editing, width, height)
    return question_screen(controller, editing, width, height)


def run_screen(controller: Controller, console: Console, stdin: BinaryIO) -> None:
    """The projector view until the game ends or the teacher quits, keys read from `stdin`
    (the Env's); then the standings, once, for the scrollback."""
    with (
        ending_signals(),
        single_keys(stdin) as keys,
        Live(console=console, screen=True, auto_refresh=False) as live,
    ):
        was_paused = False

        def stopping() -> None:  # Ctrl-Z: the clock stops while the shell has the terminal
            nonlocal was_paused
            was_paused = controller.clock.paused
            controller.clock.pause()
            live.stop()
            keys.release()

        def continuing() -> None:
            keys.retake()
            live.start(refresh=True)
            if not was_paused:
                controller.clock.resume()

        with suspendable(stopping, continuing):
            _show(controller, console, live, keys)
    show_final(console, controller.game)


def _show(controller: Controller, console: Console, live: Live, keys: KeyReader) -> None:
    editing: str | None = None
    opened_for: int | None = None
    while True:
        controller.tick()
        if controller.mode == "over":
            return
        if controller.game.style == "buzz" and controller.mode == "question":
            number = controller.game.round.number
            if opened_for != number:  # every team answers: the line opens by itself
                editing, opened_for = "", number
        else:
            opened_for = None
        live.update(screen(controller, editing, console.width, console.height), refresh=True)
        key = keys.read(TICK)
        if key is None:
            continue
        for char in _split_keys(key):
            editing, go_on = _handle(controller, editing, char)
            if not go_on:
                return


def _over(controller: Controller) -> bool:
    return controller.mode == "over" or controller.game.finished


def _split_keys(data: str) -> list[str]:
    """Several keys can arrive in one read (typed fast, or pasted)."""
    return ["\x1b"] if data == "\x1b" else list(data.replace("\x1b", ""))


def _handle(controller: Controller, editing: str | None, key: str) -> tuple[str | None, bool]:
    """One key press; returns the entry line (None when closed) and whether to go on."""
    if controller.mode == "confirm-quit":
        return None, controller.command(key)
    if editing is not None:
        if key in ("\r", "\n"):
            if not editing.strip():
                return editing, True
            if not controller.enter_answer(editing):
                return editing, True  # kept, to be corrected
            return ("" if controller.game.style == "buzz" else None), True
        if key == "\x1b":
            return None, True
        if key in ("\x7f", "\x08"):
            return editing[:-1], True
        if key == "\x15":  # Ctrl-U clears the line, as in a shell
            return "", True
        if key.isprintable():
            return editing + key, True
        return editing, True
    upper = key.upper()
    if controller.single_key_answers() and (
        upper in labels(controller.game.round) or key in "123456789"
    ):
        controller.enter_answer(upper)
        return None, True
    if key in ("\r", "\n"):
        if controller.mode == "question" and controller.game.waiting_teams():
            controller.message = ""
            return "", True
        return None, controller.command("")
    return None, controller.command(key)


def run_plain(
    controller: Controller,
    console: Console,
    reader: LineReader,
    retries: int | None = None,
) -> None:
    """Line by line: an answer, or a word: pass, reveal, next, skip, undo, pause, quit.

    Args:
        retries: lines in a row that change nothing (no answer, no word) before giving up
            with UnreadableInput; None for no limit, as when a person types.
    """
    words = {
        "pass": "n",
        "reveal": "r",
        "skip": "s",
        "undo": "u",
        "pause": "p",
        "resume": "p",
        "quit": "q",
        "next": "",
        "": "",
    }
    shown: tuple[int, str] | None = None
    game = controller.game
    unreadable = 0
    while not _over(controller):
        controller.tick()
        if _over(controller):
            break
        where = (game.round.number, controller.mode)
        if where != shown:
            _plain_screen(console, controller)
            shown = where
        if controller.message:
            console.print(literal(controller.message))
            controller.message = ""
        label = {"question": controller.prompt_label(), "confirm-quit": "Quit? y/n"}.get(
            controller.mode, "Enter for next"
        )
        console.print(literal(f"{label or 'Command'}> "), end="")
        console.file.flush()
        line = reader.readline(controller.wait_limit())
        if line is None:
            console.print()
            continue
        text = line.strip()
        word = text.casefold()
        if controller.mode == "confirm-quit":
            if not controller.command(word[:1] or "n"):
                break
        elif word in words:
            unreadable = 0
            if not controller.command(words[word]):
                break
        elif controller.enter_answer(text):
            unreadable = 0
        else:
            unreadable += 1
            if retries is not None and unreadable >= retries:
                console.print(literal(controller.message))
                raise give_up(unreadable)
    show_final(console, game, plain=True)


def _plain_screen(console: Console, controller: Controller) -> None:
    game = controller.game
    round_ = game.round
    if controller.mode == "reveal":
        from spacequiz.core.engine import answer_text

        console.print(literal(f"Answer: {answer_text(round_.question)}"))
        if round_.question.explanation:
            console.print(literal(round_.question.explanation))
        for record in game.round_answers():
            mark = "✔" if record.correct else "◐" if record.credit > 0 else "✘"
            console.print(literal(f"  {mark} {record.team}: {record.given} (+{record.points})"))
        console.print("Leaderboard:")
        for standing in game.standings():
            move = (
                f" (up {standing.movement})"
                if standing.movement > 0
                else (f" (down {-standing.movement})" if standing.movement < 0 else "")
            )
            console.print(literal(f"  {standing.rank}. {standing.team}: {standing.score}{move}"))
        return
    if controller.mode != "question":
        return
    console.print()
    console.print(
        literal(f"Question {round_.number} of {round_.of} ({round_.question.difficulty})")
    )
    console.print(literal(round_.question.prompt))
    for label, option in zip(labels(round_), round_.options, strict=True):
        console.print(literal(f"  {label}) {option}"))
    if game.style == "turns":
        console.print(literal(f"{game.turn_team()}'s turn."))


def show_final(console: Console, game: Classroom, plain: bool = False) -> None:
    """Every team's name and score, once: what stays in the shell after the game."""
    console.print()
    if console.is_terminal and not plain:
        console.print(standings_table(game))
    else:
        console.print("Final standings:")
        for line in final_lines(game):
            console.print(line)
