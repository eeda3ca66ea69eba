"""The game loop: put each round to the player, score it, show how it went."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol

from rich.console import Console

from spacequiz.core.engine import Given, Outcome, Result, Round, Selection, Session
from spacequiz.ui import screens
from spacequiz.ui.plain import HINT, UnreadableInput


class Asker(Protocol):
    plain: bool

    def ask(self, round_: Round, *, hint_available: bool, deadline: float | None) -> object: ...


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
) -> Result:
    """Play every round; raise GameInterrupted (with the partial result) on Ctrl-C or EOF."""
    plain = asker.plain
    planned = len(selection.rounds)
    screens.show_title(console, title, selection, plain, note)
    try:
        for round_ in selection.rounds:
            question = round_.question
            screens.show_question(console, round_, plain)
            hint_used = False
            started = time.monotonic()
            deadline = started + session.time_limit if session.time_limit else None
            while True:
                reply = asker.ask(
                    round_,
                    hint_available=bool(question.hint) and not hint_used,
                    deadline=deadline,
                )
                if reply is not HINT:
                    break
                hint_used = True
                screens.show_hint(console, question.hint or "", plain)
            seconds = time.monotonic() - started
            if session.time_limit:
                seconds = min(seconds, session.time_limit)
            given: Given = reply  # type: ignore[assignment]
            outcome = session.answer(question, given, seconds=seconds, hint_used=hint_used)
            if on_outcome is not None:
                on_outcome(outcome)
            screens.show_feedback(console, round_, outcome, session.score, plain)
    except (KeyboardInterrupt, EOFError) as stop:
        result = session.result(title=title, seed=seed, planned=planned, finished=False)
        reason = str(stop) if isinstance(stop, UnreadableInput) else ""
        raise GameInterrupted(result, reason) from None
    return session.result(title=title, seed=seed, planned=planned, finished=True)
