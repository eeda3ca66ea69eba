"""The game loop: put each round to the player, score it, show how it went."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from rich.console import Console

from spacequiz.core.engine import Given, Outcome, Result, Round, Selection, Session
from spacequiz.core.ghost import Ghost
from spacequiz.ui import screens
from spacequiz.ui.clock import QuestionClock, TimeUp
from spacequiz.ui.plain import HINT, UnreadableInput


class Asker(Protocol):
    plain: bool

    def ask(self, round_: Round, *, hint_available: bool, clock: QuestionClock) -> object:
        """An answer (see `engine.Given`), HINT, or TimeUp; starts `clock` once the question
        and its answers are on screen."""
        ...

    def wait_for_next(self, *, last: bool) -> None:
        """Between a result and what comes next (the next question, or the score)."""
        ...


class DeferredAsker:
    """An asker made on first use, so the first question is on screen before the prompt
    library loads (it loads while the player reads)."""

    def __init__(self, make: Callable[[], Asker], *, plain: bool) -> None:
        self.make = make
        self.plain = plain
        self.asker: Asker | None = None

    def _real(self) -> Asker:
        if self.asker is None:
            self.asker = self.make()
        return self.asker

    def ask(self, round_: Round, *, hint_available: bool, clock: QuestionClock) -> object:
        return self._real().ask(round_, hint_available=hint_available, clock=clock)

    def wait_for_next(self, *, last: bool) -> None:
        self._real().wait_for_next(last=last)


class GameInterrupted(Exception):
    """Ctrl-C or end of input mid-game; carries the result of what was played, and why,
    when the input itself was the problem (`reason`: an error, not an interruption)."""

    def __init__(self, result: Result, reason: str = "") -> None:
        self.result = result
        self.reason = reason
        super().__init__(reason or "interrupted")


def play_game(
    console: Console,
    selection: Selection,
    session: Session,
    asker: Asker,
    *,
    title: str,
    seed: int,
    note: str = "",
    on_outcome: Callable[[Outcome], None] | None = None,
    ghost: Ghost | None = None,
    now: Callable[[], float],
) -> Result:
    """Play every round; raise GameInterrupted (with the partial result) on Ctrl-C or EOF.
    `now` is the Env's clock, which times each answer."""
    plain = asker.plain
    planned = len(selection.rounds)
    screens.show_title(console, title, selection, plain, note)
    try:
        for round_ in selection.rounds:
            question = round_.question
            screens.show_question(console, round_, plain)
            clock = QuestionClock(session.time_limit, now)
            given, hint_used, timed_out = _answer(console, asker, round_, clock)
            outcome = session.answer(
                question, given, seconds=clock.elapsed(), hint_used=hint_used, timed_out=timed_out
            )
            if on_outcome is not None:
                on_outcome(outcome)
            if not plain:  # the prompt has erased itself: say what was answered
                screens.show_echo(console, round_, given)
            step = ghost.step(round_.number, session.score) if ghost else None
            screens.show_feedback(
                console, round_, outcome, session.score, plain, given=given, ghost=step
            )
            asker.wait_for_next(last=round_.number == planned)
    except (KeyboardInterrupt, EOFError) as stop:
        result = session.result(title=title, seed=seed, planned=planned, finished=False)
        reason = str(stop) if isinstance(stop, UnreadableInput) else ""
        raise GameInterrupted(result, reason) from None
    return session.result(title=title, seed=seed, planned=planned, finished=True)


def _answer(
    console: Console, asker: Asker, round_: Round, clock: QuestionClock
) -> tuple[Given, bool, bool]:
    """Ask until there is an answer (showing the hint when asked for): what was given,
    whether the hint was used, and whether the time ran out."""
    question = round_.question
    hint_used = False
    while True:
        reply = asker.ask(round_, hint_available=bool(question.hint) and not hint_used, clock=clock)
        if reply is not HINT:
            break
        hint_used = True
        screens.show_hint(console, question.hint or "", asker.plain)
    if isinstance(reply, TimeUp):
        return reply.given, hint_used, True
    given: Given = reply  # type: ignore[assignment]
    return given, hint_used, False
