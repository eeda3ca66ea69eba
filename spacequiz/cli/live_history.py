"""A live game's history: one game of mode "live", every player a participant, written as
answers arrive.

The server calls `record` on its event loop for each accepted answer (and for each player who
let the time run out, at the reveal); it only puts the answer on a queue. A thread of its own
takes whatever has queued up and writes it in one transaction, so the server never waits for
the disk, an answer is on disk a moment after it is accepted, and a thousand answers at once
cost a few commits rather than a thousand.

A host resumed after a crash goes on with the same game in the history, and first writes the
accepted answers the crash kept from it (those still queued when the host died).

The writes go through cli/recording's HistoryWriter: while the history is locked past the
wait or the disk is full, the answers are kept, and saved as soon as it can be written.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from spacequiz.core.engine import Filters, Outcome, Round
    from spacequiz.core.model import Bank, Question
    from spacequiz.live.game import LiveGame, Player
    from spacequiz.storage.history import SharedAnswer, Store

BATCH = 500
"""At most this many answers in one transaction: short enough to keep other writers moving."""


class _Answer(NamedTuple):
    player: str
    """The player's secret token: names are freed by a kick and may come back as someone else."""
    name: str
    number: int
    outcome: Outcome
    answered_at: str


class _Finish(NamedTuple):
    finished: bool
    early: bool


class _Resume(NamedTuple):
    players: list[tuple[str, str]]
    """Every player of the rebuilt game, as (token, name): each keeps their participant."""
    answers: list[_Answer]
    """Every answer the game rebuilt from its journal holds, misses included."""


class LiveHistory:
    """Writes a live game to the history on a thread of its own; never stops the game.

    A failure that may mend (a lock, a full disk) keeps the answers for later; one that will
    not (a damaged database) stops the recording. Each is said through `warn`.
    """

    def __init__(
        self,
        bank: Bank,
        filters: Filters,
        seed: int,
        planned: int,
        warn: Callable[[str], None],
        *,
        stamp: Callable[[], str],
    ) -> None:
        self.bank, self.filters, self.seed, self.planned = bank, filters, seed, planned
        self.warn = warn
        self.stamp = stamp
        from spacequiz.cli.recording import HistoryWriter

        self.writer = HistoryWriter(warn)
        self.game_id: int | None = None
        self.commits = 0
        """Transactions that stored answers (for the benchmark)."""
        self.people: dict[str, int] = {}  # player token -> participant id
        self.questions: dict[str, Question] = {}  # by id, made with the first answers
        self.jobs: queue.Queue[_Answer | _Finish | _Resume | None] = queue.Queue()
        self.thread = threading.Thread(target=self._write, daemon=True, name="history")
        self.thread.start()

    def record(self, player: Player, round_: Round) -> None:
        """The server's `on_answer`: queue the player's answer to this question; O(1)."""
        if not self.broken:
            outcome = player.answers[round_.number].outcome
            self.jobs.put(_Answer(player.token, player.name, round_.number, outcome, self.stamp()))

    def resume(self, game: LiveGame) -> None:
        """Go on with this game's entry in the history (found by its setup), after a crash."""
        stamp = self.stamp()
        # Misses too: those of a reveal are queued like answers, and a crash can lose them.
        kept = [
            _Answer(p.token, p.name, number, a.outcome, stamp)
            for p in game.players.values()
            for number, a in sorted(p.answers.items())
        ]
        players = [(p.token, p.name) for p in game.players.values()]
        self.jobs.put(_Resume(players, kept))

    def close(self, *, finished: bool, early: bool = False) -> None:
        """Mark the game finished (or finished early, or not) once every answer is written."""
        self.jobs.put(_Finish(finished, early))
        self.jobs.put(None)
        self.thread.join(timeout=30)

    @property
    def broken(self) -> bool:
        """Whether recording stopped for good (the history cannot be written as it is)."""
        return self.writer.broken

    def _write(self) -> None:
        """Each batch of jobs as writes in order through the HistoryWriter. A write is safe
        to run again after a failure: the game's id and the participants' ids are kept only
        once stored, and each batch of answers is one transaction."""
        writer = self.writer
        while True:
            jobs = [self.jobs.get()]
            while len(jobs) < BATCH:  # whatever else has queued up meanwhile
                try:
                    jobs.append(self.jobs.get_nowait())
                except queue.Empty:
                    break
            for job in jobs:
                if isinstance(job, _Resume):
                    writer.write(partial(self._resume, players=job.players, answers=job.answers))
            answers = [job for job in jobs if isinstance(job, _Answer)]
            if answers:
                writer.write(partial(self._store, answers=answers))
            for job in jobs:
                if isinstance(job, _Finish):
                    writer.write(partial(self._finish, end=job))
            if None in jobs:
                writer.close()
                return

    def _finish(self, store: Store, end: _Finish) -> None:
        if self.game_id is not None:
            store.finish_session(self.game_id, finished=end.finished, early=end.early)

    def _resume(self, store: Store, players: list[tuple[str, str]], answers: list[_Answer]) -> None:
        from spacequiz.storage.history import bank_fingerprint

        found = store.unfinished_game(
            mode="live",
            bank_fingerprint=bank_fingerprint(self.bank),
            seed=self.seed,
            planned=self.planned,
        )
        if found is not None:
            self.game_id, by_name, stored = found
            # Every player already stored keeps their participant, whether or not the rebuilt
            # game holds an answer of theirs: else their next answer would add them again.
            for token, name in players:
                if name in by_name:
                    self.people[token] = by_name[name]
            answers = [a for a in answers if (self.people.get(a.player, 0), a.number) not in stored]
        if answers:
            self._store(store, answers)

    def _store(self, store: Store, answers: list[_Answer]) -> None:
        from spacequiz.core.engine import Filters
        from spacequiz.storage.history import bank_fingerprint

        people = self.people
        if self.game_id is None:  # created with the first answer: a game nobody played is not kept
            self.game_id = store.start_game(
                mode="live",
                bank_title=self.bank.title,
                bank_fingerprint=bank_fingerprint(self.bank),
                filters=self.filters.describe() if self.filters != Filters() else "",
                seed=self.seed,
                planned=self.planned,
                started_at=answers[0].answered_at,
            )
        new = {a.player: a.name for a in answers if a.player not in people}
        if new:
            ids = store.add_participants(self.game_id, [(name, "player") for name in new.values()])
            people.update(zip(new, ids, strict=True))
        rows: list[SharedAnswer] = [
            (people[a.player], a.number, a.outcome, a.answered_at) for a in answers
        ]
        if not self.questions:
            self.questions = {q.id: q for q in self.bank.questions}
        store.record_answers(self.game_id, rows, questions=self.questions)
        self.commits += 1
