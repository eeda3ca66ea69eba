"""The teacher's side of a classroom game: keys and lines in, actions on the game out.

Both the full-screen projector view and the plain line mode drive one Controller, so
the rules of pause, pass, reveal, undo and the clock live in one place. The clock is
injected, so tests can move time by hand.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, assert_never

from spacequiz.core.classroom import (
    Classroom,
    Standing,
    parse_buzz_entry,
    podium_places,
    preview_seconds,
)
from spacequiz.core.engine import Given, Round
from spacequiz.core.errors import ClassroomError
from spacequiz.core.model import (
    ChoiceQuestion,
    MultiQuestion,
    NumberQuestion,
    OrderQuestion,
    Question,
    TextQuestion,
    TrueFalseQuestion,
)
from spacequiz.ui.plain import read_answer

LETTERS = "ABCDEFGH"
"""Choice labels; more choices than this are labelled with numbers."""

Mode = Literal[
    "lobby",  # the teams and settings, until the teacher starts
    "countdown",  # 3-2-1 before the first question
    "preview",  # the question alone, to be read aloud
    "talk",  # the choices shown, answers locked while the teams talk
    "question",  # answers open, the clock running
    "reveal",
    "board",  # the leaderboard between questions
    "podium",  # the finale, a place at a time
    "confirm-quit",
    "over",
]
STARTING: tuple[Mode, ...] = ("preview", "talk", "question")
"""The moments of a question before its reveal."""

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
    match question:
        case ChoiceQuestion() | TrueFalseQuestion() | MultiQuestion() | OrderQuestion():
            pass
        case TextQuestion() | NumberQuestion():
            return text  # typed answers: a letter is the answer itself
        case _:
            assert_never(question)
    names = labels(round_)
    squeezed = "".join(text.replace(",", " ").split()).upper()
    if squeezed and all(ch in names for ch in squeezed) and names[0] == "A":
        return " ".join(str(names.index(ch) + 1) for ch in squeezed)
    return text


def _picks_one(question: Question) -> bool:
    """A question answered by one choice, so by one key."""
    match question:
        case ChoiceQuestion() | TrueFalseQuestion():
            return True
        case MultiQuestion() | OrderQuestion() | TextQuestion() | NumberQuestion():
            return False
        case _:
            assert_never(question)


def _quoted(team: str) -> str:
    return f'"{team}"' if " " in team else team


def to_given(round_: Round, text: str) -> tuple[Given, str | None]:
    return read_answer(round_, letters_to_numbers(round_, text.strip()))


@dataclass(frozen=True)
class Pacing:
    """The show around the questions. The projector view has all of it; plain lines have
    none, so scripts keep the same line protocol (nothing to confirm, nothing to wait for).
    """

    lobby: bool = False
    countdown: float = 3.0
    """Seconds of 3-2-1 between the lobby and the first question."""
    preview: float | None = 0.0
    """Seconds a question shows alone before its choices; None: by its length."""
    talk: float = 0.0
    """Seconds the choices show with answers locked, for teams to talk."""
    board: bool = False
    """The leaderboard as a screen of its own between questions."""
    finale: bool = False
    """The podium, place by place, until the teacher presses a key."""
    podium: int = 3
    """How many places the podium shows."""
    step: float = 3.0
    """Seconds before the podium shows its next place by itself."""

    @classmethod
    def show(cls, *, preview: float | None, talk: float, podium: int) -> Pacing:
        return cls(lobby=True, preview=preview, talk=talk, board=True, finale=True, podium=podium)


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

    def __init__(
        self,
        game: Classroom,
        clock: Clock | None = None,
        pacing: Pacing | None = None,
        title: str = "",
    ) -> None:
        self.game = game
        self.title = title
        self.clock = clock or Clock()
        self.pacing = pacing or Pacing()
        self.mode: Mode = "lobby"
        self.resume_mode: Mode = "lobby"
        """Where a quit that is not confirmed goes back to."""
        self.message = ""
        self.shown_places = 0
        """Podium places revealed so far (then one more step: the full standings)."""
        if not self.pacing.lobby:
            self._open_question()

    # Reading the state -----------------------------------------------------------------

    def phase_seconds(self) -> float | None:
        """How long the current moment lasts by itself; None: until a key or an answer."""
        if self.mode == "countdown":
            return self.pacing.countdown
        if self.mode == "preview":
            return self.preview_length()
        if self.mode == "talk":
            return self.pacing.talk
        if self.mode == "podium" and not self.finale_done():
            return self.pacing.step
        return None

    def phase_left(self) -> float | None:
        total = self.phase_seconds()
        return None if total is None else max(0.0, total - self.clock.elapsed())

    def preview_length(self) -> float:
        if self.pacing.preview is not None:
            return self.pacing.preview
        return preview_seconds(self.game.round.question.prompt)

    def podium(self) -> list[list[Standing]]:
        """The places the podium shows, best first: the top three stand on its steps,
        any further ones (--podium 5) are listed under them."""
        return podium_places(self.game.standings(), self.pacing.podium)

    def finale_done(self) -> bool:
        """Every podium place is out, and the full standings with them."""
        return self.shown_places > len(self.podium())

    def last_question(self) -> bool:
        return self.game.round.number == len(self.game.rounds)

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
        return (
            self.mode == "question"
            and not self.game.finished
            and self.game.style == "turns"
            and _picks_one(self.game.round.question)
            and labels(self.game.round)[0] == "A"
            and bool(self.game.waiting_teams())
        )

    # Actions ---------------------------------------------------------------------------

    def tick(self) -> None:
        """Called often: moves the show on, and ends a turn whose time ran out."""
        if self.clock.paused:
            return
        phase_left = self.phase_left()
        if phase_left is not None and phase_left <= 0:
            self._phase_over()
            return
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

    def _phase_over(self) -> None:
        if self.mode == "countdown":
            self._open_question()
        elif self.mode == "preview":
            self.mode = "talk" if self.pacing.talk > 0 else "question"
            self.clock.restart()
        elif self.mode == "talk":
            self.mode = "question"
            self.clock.restart()
            self.message = "Answers are open!"
        elif self.mode == "podium":
            self.shown_places += 1
            self.clock.restart()

    def _open_question(self) -> None:
        """The question alone first, then time to talk, then answers: each when it is on."""
        self.clock.restart()
        if self.preview_length() > 0:
            self.mode = "preview"
        elif self.pacing.talk > 0:
            self.mode = "talk"
        else:
            self.mode = "question"

    def enter_answer(self, text: str) -> bool:
        """An answer line: the turn team's answer, or Team=answer pairs in buzz style.

        False when nothing was taken, so the screen can keep the line for correcting.
        """
        if self.mode != "question":
            self.message = self._locked_note() or "Press Enter for the next question."
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
        go_on = key in ("", "next", "\r", "\n", " ")
        if self.mode == "confirm-quit":
            if key in ("y", "yes"):
                self.mode = "over"
                return False
            self.mode = self.resume_mode
            self.clock.resume()
            self.message = "Carry on!"
            return True
        if self.mode == "podium":
            return self._podium_key(key)
        if key == "q":
            self.clock.pause()
            self.resume_mode = self.mode
            self.mode = "confirm-quit"
            self.message = "Quit the game? The results so far are kept. (y/n)"
        elif self.mode == "lobby":
            if go_on:
                self.message = ""
                self.mode = "countdown"
                self.clock.restart()
                if self.pacing.countdown <= 0:
                    self._open_question()
            else:
                self.message = "Press Enter to start, or q to quit."
        elif self.mode == "countdown":
            if go_on:
                self._open_question()
        elif self.mode == "board":
            if go_on or key == "n":
                return self._next()
            if key == "u":
                self.mode = "reveal"
                self.message = ""
        elif self.mode in ("preview", "talk") and go_on:
            self._phase_over()
        elif key == "p":
            self._toggle_pause()
        elif key == "r":
            self._reveal()
        elif key == "n":
            if self.mode == "reveal":
                return self._after_reveal()
            self._pass()
        elif key == "s":
            self.game.skip()
            return self._after_advance("Skipped.")
        elif key == "u":
            self._undo()
        elif go_on:
            if self.mode == "reveal":
                return self._after_reveal()
        else:
            locked = self._locked_note()
            self.message = locked or (
                "Keys: " + " · ".join(f"{k} {v}" for k, v in KEYS_HELP.items())
            )
        return True

    def _locked_note(self) -> str:
        if self.mode == "preview":
            return "The choices come in a moment: Enter shows them now."
        if self.mode == "talk":
            return "Answers are locked while the teams talk: Enter opens them now."
        return ""

    def _after_reveal(self) -> bool:
        """From the answer to the leaderboard, or on (the podium follows the last answer:
        a leaderboard there would name the winner first)."""
        if self.pacing.board and not self.last_question():
            self.mode = "board"
            self.message = ""
            return True
        return self._next()

    def _podium_key(self, key: str) -> bool:
        if key == "u" and self.game.undo():  # back to the last answer
            self.mode = "reveal"
            self.message = "Undone."
            return True
        if key == "q" or self.finale_done():
            self.mode = "over"
            return False
        self.shown_places += 1
        self.clock.restart()
        return True

    def _toggle_pause(self) -> None:
        if self.mode not in (*STARTING, "countdown"):
            return
        if self.clock.paused:
            self.clock.resume()
            self.message = "Resumed."
        else:
            self.clock.pause()
            self.message = "Paused: p to resume."

    def _reveal(self) -> None:
        if self.mode not in STARTING:
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
        self.message = message
        if self.game.finished:
            if not self.pacing.finale:
                self.mode = "over"
                return False
            self.mode = "podium"
            self.message = ""  # the finale speaks for itself
            self.shown_places = 0
            self.clock.restart()
            return True
        self._open_question()
        return True

    def _undo(self) -> None:
        if not self.game.undo():
            self.message = "Nothing to undo."
            return
        self.mode = "reveal" if self.game.revealed else "question"
        if self.mode == "question":
            self.clock.restart()
        self.message = "Undone."
