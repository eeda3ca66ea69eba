"""Writing to the history while a game goes on: in order, never stopping the game, and
losing nothing to a moment's lock or a full disk.

Storage and the engine are imported inside, so the commands start fast.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from spacequiz.core.engine import Filters, Outcome
    from spacequiz.core.model import Bank, Question
    from spacequiz.core.moments import Standing
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


DEFAULT_PLAYER = "player"


# Recording a game ----------------------------------------------------------------------------


def player_name(name: str | None) -> str:
    """The name given, else the login name; kept as the one name rule shows it (core/names)."""
    from spacequiz.core.names import clean_name

    if name is not None:
        name = clean_name(name)
        if not name:
            raise typer.BadParameter("a player name cannot be empty", param_hint="--name")
        return name
    import getpass

    try:
        return clean_name(getpass.getuser()) or DEFAULT_PLAYER
    except (OSError, KeyError, ImportError):  # no login name in some containers
        return DEFAULT_PLAYER


class Recorder:
    """Writes games to the history as they are played; never stops a game.

    A game's session is written with its first answer (or when it ends unanswered), so
    the database is not even opened before the first question is on screen. The writes go
    through a HistoryWriter (above): kept, in order, while the history is locked
    past the wait or the disk is full, and saved as soon as it can be written; a failure
    that will not mend is reported through `warn`, once, and recording stops.
    """

    def __init__(self, player: str, warn: Callable[[str], None], *, mode: str = "play") -> None:
        self.player = player
        self.warn = warn
        self.mode = mode
        self.writer = HistoryWriter(warn)
        self.game = _Game()
        self.pending: dict[str, Any] | None = None
        self.finished_id: int | None = None
        self.position = 0
        self.bank: Bank | None = None
        self.questions: dict[str, Question] = {}  # by id, made at the first answer

    @property
    def broken(self) -> bool:
        return self.writer.broken

    @property
    def store(self) -> Store | None:
        return self.writer.store

    @property
    def session_id(self) -> int | None:
        return self.game.id

    def start(self, bank: Bank, filters: Filters | None, seed: int | None, planned: int) -> None:
        """A new game: its session is written when it is first needed (see the class)."""
        from spacequiz.core.engine import Filters
        from spacequiz.storage.history import bank_fingerprint, now_iso

        self.game = _Game()
        self.finished_id = None
        self.position = 0
        self.bank = bank
        self.questions = {}
        self.pending = {
            "player": self.player,
            "bank_title": bank.title,
            "bank_fingerprint": bank_fingerprint(bank),
            "filters": filters.describe() if filters and filters != Filters() else "",
            "seed": seed,
            "planned": planned,
            "mode": self.mode,
            "started_at": now_iso(),
        }

    def _begin(self) -> None:
        """Queue the writing of the game's session, once."""
        pending, game = self.pending, self.game
        if pending is None or self.broken:
            return
        self.pending = None

        def start(store: Store) -> None:
            if game.id is None:
                game.id = store.start_session(**pending)

        self.writer.write(start)

    def on_outcome(self, outcome: Outcome) -> None:
        """The `on_outcome` hook of the game loop: one committed row per answer (kept, in
        order, while the history cannot be written)."""
        self._begin()
        if self.broken:
            return
        self.position += 1
        position, game = self.position, self.game
        if not self.questions and self.bank is not None:
            self.questions = {q.id: q for q in self.bank.questions}
        question = self.questions.get(outcome.question_id)

        def record(store: Store) -> None:
            if game.id is not None:
                store.record_answer(game.id, position, outcome, question=question)

        self.writer.write(record)

    def finish(self, *, finished: bool) -> None:
        """The game's end; what could not be written yet gets one last patient try."""
        self._begin()
        if self.broken:
            return
        game = self.game

        def finish(store: Store) -> None:
            if game.id is not None:
                store.finish_session(game.id, finished=finished)
                self.finished_id = game.id

        self.writer.write(finish)
        self.writer.settle()

    def standing(self) -> Standing | None:
        """Where the game just finished stands among the player's games like it (a `play`
        game, saved), or None."""
        store = self.writer.store
        if self.finished_id is None or store is None or self.mode != "play":
            return None
        from spacequiz.core.errors import StorageError
        from spacequiz.core.moments import comparable, standing

        try:
            rows = store.sessions(player=self.player)
        except StorageError:
            return None
        game = next((r for r in rows if r.id == self.finished_id), None)
        return standing(game.score, comparable(rows, game)) if game else None

    def close(self) -> None:
        self.writer.close()


class _Game:
    """One game's session id, once written: what its queued writes refer to."""

    def __init__(self) -> None:
        self.id: int | None = None
