"""Writing to the history while a game goes on: in order, never stopping the game, and
losing nothing to a moment's lock or a full disk.

Storage and the engine are imported inside, so the commands start fast.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacequiz.storage.history import Store


class HistoryWriter:
    """Writes to the history in order, and never stops a game.

    A write that fails for now (the database locked past the wait, the disk full) is kept
    and tried again before the next one, so later answers are saved as soon as the history
    can be written, the kept ones first. The first failure of each outage and the recovery
    are said through `say`, and so is a long wait for another program's lock. A failure
    that will not mend by itself (not a spacequiz database, damaged) stops the writing.
    """

    def __init__(self, say: Callable[[str], None]) -> None:
        from collections import deque

        self.say = say
        self.store: Store | None = None
        self.pending: deque[Callable[[Store], None]] = deque()
        self.broken = False
        self.failing = False

    def write(self, action: Callable[[Store], None]) -> None:
        if not self.broken:
            self.pending.append(action)
            self.flush()

    def flush(self, *, patient: bool = False) -> bool:
        """Write what is pending; whether all of it is written.

        Args:
            patient: wait the whole busy time-out even during an outage (the last try).
        """
        from spacequiz.core.errors import StorageError
        from spacequiz.storage.history import Store

        try:
            if self.store is None:
                self.store = Store.open(on_wait=self._waiting)
            # Once a wait has timed out, the game does not stand still for each answer:
            # one short try, and the answer joins the kept ones.
            self.store.patience = 0 if self.failing and not patient else None
            while self.pending:
                self.pending[0](self.store)
                self.pending.popleft()
        except StorageError as error:
            reason = str(error).rstrip(".")
            if not error.transient:
                self.broken = True
                self.pending.clear()
                self.say(f"warning: {reason}. Results of this game are not saved.")
            elif not self.failing:
                self.failing = True
                self.say(
                    f"warning: {reason}. The answers are kept, and saved as soon as the "
                    "history can be written."
                )
            return False
        if self.failing:
            self.failing = False
            self.say("The history can be written again: every answer so far is saved.")
        return True

    def _waiting(self) -> None:
        if not self.failing:  # said once; while it lasts, answers are kept without a wait note
            self.say("Waiting for the history database: another program is writing to it...")

    def settle(self) -> None:
        """A last, patient try for what is pending; what still cannot be written is said
        and let go, so nothing is carried into another game."""
        if self.pending and not self.flush(patient=True):
            count_ = len(self.pending)
            self.say(f"warning: {count_} change(s) to the history could not be saved.")
            self.pending.clear()

    def close(self) -> None:
        """A last try for what is pending, then the database is let go."""
        self.settle()
        if self.store is not None:
            self.store.close()
            self.store = None
