"""A question's clock: it starts when the question and its answers are on screen, not when
the program gets round to asking, so reading the last result never costs the next answer;
and it stops while the program is suspended (Ctrl-Z), so the shell's time is not the player's.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from spacequiz.core.engine import Given


@dataclass
class QuestionClock:
    """The time limit of one question (None: untimed), when it started, and since when it
    is paused (None: running)."""

    limit: float | None = None
    now: Callable[[], float] = time.monotonic
    started: float | None = None
    paused_at: float | None = None

    def start(self) -> None:
        """Start the clock, once: the question and its answers are fully drawn."""
        if self.started is None:
            self.started = self.now()

    def elapsed(self) -> float:
        """Seconds since the start (0 before it), never more than the limit."""
        if self.started is None:
            return 0.0
        end = self.paused_at if self.paused_at is not None else self.now()
        spent = end - self.started
        return min(spent, self.limit) if self.limit else spent

    def pause(self) -> None:
        """Stop counting (the program is being suspended); a no-op before the start."""
        if self.started is not None and self.paused_at is None:
            self.paused_at = self.now()

    def resume(self) -> None:
        """Count again from where `pause` stopped: the time in between is not spent."""
        if self.started is not None and self.paused_at is not None:
            self.started += self.now() - self.paused_at
            self.paused_at = None

    def left(self) -> float | None:
        """Seconds left (the whole limit before the start); None when untimed."""
        if self.limit is None:
            return None
        return max(0.0, self.limit - self.elapsed())

    def expired(self) -> bool:
        left = self.left()
        return left is not None and left <= 0


@dataclass(frozen=True)
class TimeUp:
    """The time ran out. `given` is what was ticked or typed by then (None: nothing), and
    it is scored: partial credit applies."""

    given: Given = None
