"""The teacher's side of a classroom game: keys and lines in, actions on the game out.

Both the full-screen projector view and the plain line mode drive one Controller, so
the rules of pause, pass, reveal, undo and the clock live in one place. The clock is
injected, so tests can move time by hand.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from spacequiz.core.classroom import Classroom, parse_buzz_entry
from spacequiz.core.engine import Given, Round
from spacequiz.core.errors import ClassroomError
from spacequiz.core.model import ChoiceQuestion, MultiQuestion, OrderQuestion, TrueFalseQuestion
from spacequiz.ui.plain import read_answer

LETTERS = "ABCDEFGH"
"""Choice labels; more choices than this are labelled with numbers."""

Mode = Literal["question", "reveal", "confirm-quit", "over"]

KEYS_HELP = {
    "p": "pause",
    "r": "reveal",
    "n": "pass",
    "s": "skip",
    "u": "undo",
    "q": "quit",
}


def labels(round_: Round) -> list[str]:
    """A, B, C... for up to eight options, then 1, 2, 3..."""
    count = len(round_.options)
    return list(LETTERS[:count]) if count <= len(LETTERS) else [str(i + 1) for i in range(count)]


def letters_to_numbers(round_: Round, text: str) -> str:
    """'B' -> '2', 'AC' -> '1 3', 'C A B' -> '3 1 2' for questions answered by label."""
    question = round_.question
    if not isinstance(question, ChoiceQuestion | TrueFalseQuestion | MultiQuestion | OrderQuestion):
        return text
    names = labels(round_)
    squeezed = "".join(text.replace(",", " ").split()).upper()
    if squeezed and all(ch in names for ch in squeezed) and names[0] == "A":
        return " ".join(str(names.index(ch) + 1) for ch in squeezed)
    return text


def _quoted(team: str) -> str:
    return f'"{team}"' if " " in team else team


def to_given(round_: Round, text: str) -> tuple[Given, str | None]:
    return read_answer(round_, letters_to_numbers(round_, text.strip()))


@dataclass
class Clock:
    """Seconds used on the current turn, stoppable for a pause."""

    now: Callable[[], float] = time.monotonic
    started: float = 0.0
    paused_at: float | None = None

    def restart(self) -> None:
        self.started = self.now()
        self.paused_at = None

    def elapsed(self) -> float:
        end = self.paused_at if self.paused_at is not None else self.now()
        return max(0.0, end - self.started)

    def pause(self) -> None:
        if self.paused_at is None:
            self.paused_at = self.now()

    def resume(self) -> None:
        if self.paused_at is not None:
            self.started += self.now() - self.paused_at
            self.paused_at = None

    @property
    def paused(self) -> bool:
        return self.paused_at is not None


class Controller:
    """What the teacher can do, and what the screen should say about it."""

    def __init__(self, game: Classroom, clock: Clock | None = None) -> None:
        self.game = game
        self.clock = clock or Clock()
        self.mode: Mode = "question"
        self.message = ""
        self.clock.restart()

    # Reading the state -----------------------------------------------------------------

    def seconds_left(self) -> float | None:
        if self.game.time_limit is None or self.mode != "question":
            return None
        return max(0.0, self.game.time_limit - self.clock.elapsed())

    def wait_limit(self) -> float | None:
        """How long input may be awaited before the clock needs us: None when it cannot
        run out (no timer, paused, or nobody left to answer)."""
        if self.clock.paused or not self.game.waiting_teams():
            return None
        return self.seconds_left()

    def prompt_label(self) -> str:
        """What the entry line is for, right now."""
        if self.mode != "question":
            return ""
        waiting = self.game.waiting_teams()
        if self.game.style == "turns":
            if not waiting:
                return ""
            return f"{waiting[0]}'s answer"
        return "Answers as Team=answer, e.g. " + " ".join(
            f"{_quoted(team)}={label}"
            for team, label in zip(self.game.teams[:2], "BC", strict=False)
        )

    def single_key_answers(self) -> bool:
        """Turns style on a one-pick question: a team answers with one key press."""
        question = self.game.round.question if not self.game.finished else None
        return (
            self.mode == "question"
            and self.game.style == "turns"
            and isinstance(question, ChoiceQuestion | TrueFalseQuestion)
            and labels(self.game.round)[0] == "A"
            and bool(self.game.waiting_teams())
        )

    # Actions ---------------------------------------------------------------------------

    def tick(self) -> None:
        """Called often: ends a turn whose time ran out."""
        left = self.seconds_left()
        if left is None or left > 0 or self.clock.paused:
            return
        waiting = self.game.waiting_teams()
        if not waiting:
            return
        limit = self.game.time_limit or 0.0
        for team in waiting:
            self.game.answer(team, None, limit)
        if self.game.style == "buzz":
            self.game.reveal()
            self.mode = "reveal"
            self.message = "Time's up!"
        else:
            self.message = f"Time's up for {waiting[0]}. {self._turn_keys()}"

    def enter_answer(self, text: str) -> bool:
        """An answer line: the turn team's answer, or Team=answer pairs in buzz style.

        False when nothing was taken, so the screen can keep the line for correcting.
        """
        if self.mode != "question":
            self.message = "Press Enter for the next question."
            return False
        round_ = self.game.round
        try:
            if self.game.style == "turns":
                waiting = self.game.waiting_teams()
                if not waiting:
                    self.message = "This turn is over: r to reveal" + (
                        ", n to pass." if self.game.can_pass() else "."
                    )
                    return False
                self._record(waiting[0], round_, text)
            else:
                entries = parse_buzz_entry(text, self.game.teams)
                if not entries:
                    self.message = self.prompt_label()
                    return False
                checked = []
                for team, answer in entries:  # check them all before taking any
                    given, problem = to_given(round_, answer)
                    if problem is not None:
                        raise ClassroomError(f"{team}: {problem}")
                    checked.append((team, given))
                for team, given in checked:
                    self._take(team, given)
        except ClassroomError as error:
            self.message = str(error)
            return False
        return True

    def _record(self, team: str, round_: Round, text: str) -> None:
        given, problem = to_given(round_, text)
        if problem is not None:
            raise ClassroomError(f"{team}: {problem}")
        self._take(team, given)

    def _take(self, team: str, given: Given) -> None:
        self.game.answer(team, given, self.clock.elapsed())
        if self.game.style == "buzz":
            still = self.game.waiting_teams()
            self.message = f"{team} has answered." + (
                f" Waiting for {', '.join(still)}."
                if still
                else " Everyone has answered: r to reveal."
            )
        else:
            self.message = f"{team} has answered. {self._turn_keys()}"

    def _turn_keys(self) -> str:
        """What the teacher can do once a team's turn is over: the same words whether its
        answer was right or wrong, so the screen gives nothing away before the reveal."""
        if self.game.can_pass():
            return f"n: pass to {self.game.pass_target()} for half points · r: reveal"
        return "r: reveal"

    def command(self, key: str) -> bool:
        """A teacher's key; False when the game is over and the screen should close."""
        key = key.lower()
        if self.mode == "confirm-quit":
            if key in ("y", "yes"):
                self.mode = "over"
                return False
            self.mode = "reveal" if self.game.revealed else "question"
            self.clock.resume()
            self.message = "Carry on!"
            return True
        if key == "q":
            self.clock.pause()
            self.mode = "confirm-quit"
            self.message = "Quit the game? The results so far are kept. (y/n)"
        elif key == "p":
            self._toggle_pause()
        elif key == "r":
            self._reveal()
        elif key == "n":
            if self.mode == "reveal":
                return self._next()
            self._pass()
        elif key == "s":
            self.game.skip()
            return self._after_advance("Skipped.")
        elif key == "u":
            self._undo()
        elif key in ("", "next", "\r", "\n", " "):
            if self.mode == "reveal":
                return self._next()
        else:
            self.message = "Keys: " + " · ".join(f"{k} {v}" for k, v in KEYS_HELP.items())
        return True

    def _toggle_pause(self) -> None:
        if self.mode != "question":
            return
        if self.clock.paused:
            self.clock.resume()
            self.message = "Resumed."
        else:
            self.clock.pause()
            self.message = "Paused: p to resume."

    def _reveal(self) -> None:
        if self.mode != "question":
            return
        self.game.reveal()
        self.mode = "reveal"
        self.clock.pause()
        self.message = ""

    def _pass(self) -> None:
        try:
            team = self.game.pass_on()
        except ClassroomError as error:
            self.message = str(error)
            return
        self.clock.restart()
        self.message = f"Passed to {team}, for half points."

    def _next(self) -> bool:
        self.game.next()
        return self._after_advance("")

    def _after_advance(self, message: str) -> bool:
        if self.game.finished:
            self.mode = "over"
            return False
        self.mode = "question"
        self.clock.restart()
        self.message = message
        return True

    def _undo(self) -> None:
        if not self.game.undo():
            self.message = "Nothing to undo."
            return
        self.mode = "reveal" if self.game.revealed else "question"
        if self.mode == "question":
            self.clock.restart()
        self.message = "Undone."
