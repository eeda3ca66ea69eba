"""Game history on disk: one SQLite database in the player's data folder.

The one module that writes user data. Every write is its own short `BEGIN IMMEDIATE`
transaction, so a game cut short keeps each answer already given, and many games finishing
at once (a classroom sharing one folder) queue behind each other instead of failing: WAL mode
lets readers carry on while one writer commits, and a busy timeout makes writers wait.

A game is one row of `sessions`. A game played alone holds its player's answers directly; a
game played together (a classroom's teams, a live game's players) has `participants`, each
with a running score, and every answer names its participant.

Errors leave as `StorageError`, worded for the player; nothing here prints.
"""

from __future__ import annotations

import functools
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from spacequiz.core.errors import StorageError
from spacequiz.core.records import (
    SHARED_MODES,
    ParticipantKind,
)
from spacequiz.storage.files import data_home
from spacequiz.storage.reads import HistoryReads, name_key_of
from spacequiz.storage.reads import bank_fingerprint as bank_fingerprint  # its old home
from spacequiz.storage.schema import MIGRATIONS, SCHEMA_VERSION
from spacequiz.storage.schema import SHARED_IN_SQL as _SHARED

if TYPE_CHECKING:  # items is imported where it is used: scores and history need none of it
    from spacequiz.core.engine import Outcome
    from spacequiz.core.items import ItemText
    from spacequiz.core.model import Question

DATABASE_NAME = "history.sqlite3"
BUSY_TIMEOUT_SECONDS = 30.0
WAIT_NOTICE_SECONDS = 1.0
"""After this long waiting for another writer, `on_wait` is told (the screen says so)."""

T = TypeVar("T")
SharedAnswer = tuple[int, int, "Outcome", str]
"""One answer in a game played together: (participant id, question number, outcome, when)."""


def database_path(home: Path | None = None) -> Path:
    return (home or data_home()) / DATABASE_NAME


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# The store ---------------------------------------------------------------------------------


def _is_busy(error: sqlite3.OperationalError) -> bool:
    text = str(error).lower()
    return "locked" in text or "busy" in text


def _describe(error: sqlite3.Error) -> str:
    return str(error).rstrip(".") or type(error).__name__


@functools.lru_cache(maxsize=4096)
@functools.lru_cache(maxsize=4096)
def _fold(text: object) -> str:
    return text.casefold() if isinstance(text, str) else ""


class Store(HistoryReads):
    """The history database. Open with `Store.open()`; use as a context manager."""

    def __init__(
        self,
        connection: sqlite3.Connection,
        path: Path,
        on_wait: Callable[[], None] | None = None,
    ) -> None:
        self.connection = connection
        self.path = path
        self.on_wait = on_wait
        """Called once per wait that lasts WAIT_NOTICE_SECONDS (another program writes)."""
        self.patience: float | None = None
        """Seconds to wait for a lock; None: BUSY_TIMEOUT_SECONDS. 0 tries once (SQLite still
        waits WAIT_NOTICE_SECONDS by itself)."""
        # SQLite's lower() knows only ASCII, and names follow the one rule of core/names, so
        # the queries call these (few distinct names, hence the caches).
        connection.create_function("name_key", 1, name_key_of, deterministic=True)
        connection.create_function("fold", 1, _fold, deterministic=True)

    @classmethod
    def open(
        cls,
        path: Path | None = None,
        *,
        create: bool = True,
        verify: bool = True,
        on_wait: Callable[[], None] | None = None,
    ) -> Store:
        """Open (and if need be create and migrate) the database.

        `verify` runs SQLite's quick check first: wanted before writing into a file that may
        be damaged; readers can skip it, since a damaged page fails the query that reads it.

        Raises StorageError when the file is unreadable, not a database, or from a newer
        spacequiz. A bad file is left exactly where and as it is.
        """
        path = path or database_path()
        if not create and not path.exists():
            raise StorageError(f"no history yet at {path}")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # SQLite waits this long for a lock by itself; the rest of the wait is ours, so
            # that the screen can say why the game stands still.
            connection = sqlite3.connect(
                path, timeout=WAIT_NOTICE_SECONDS, isolation_level=None, check_same_thread=False
            )
        except (OSError, sqlite3.Error) as error:
            raise StorageError(f"cannot open the history database {path}: {error}") from None
        store = cls(connection, path, on_wait)
        try:
            store._prepare(verify)
        except StorageError:
            connection.close()
            raise
        return store

    @classmethod
    def open_to_read(cls, path: Path | None = None) -> Store:
        """The history for the commands that only read it.

        Where this process may not write (a read-only file or folder), or should not (root
        reading someone else's history), SQLite's WAL files are never created: they would
        be left behind, and files owned by another user block that user's next game. Then
        the file is opened read-only, and as immutable when no write-ahead log is waiting
        to be read. Otherwise it is opened as a writer would (a database from an older
        spacequiz is upgraded on the way).
        """
        path = path or database_path()
        if _may_write(path):
            return cls.open(path, verify=False)
        wal = path.with_name(path.name + "-wal")
        try:
            pending = wal.exists() and wal.stat().st_size > 0
            uri = f"{path.resolve().as_uri()}?{'mode=ro' if pending else 'immutable=1'}"
            connection = sqlite3.connect(
                uri, uri=True, timeout=WAIT_NOTICE_SECONDS, check_same_thread=False
            )
        except (OSError, RuntimeError, sqlite3.Error) as error:
            raise StorageError(f"cannot open the history database {path}: {error}") from None
        store = cls(connection, path)
        try:
            version = store._guarded(
                lambda: int(connection.execute("PRAGMA user_version").fetchone()[0])
            )
            if version > SCHEMA_VERSION:
                raise StorageError(
                    f"the history database {path} was written by a newer spacequiz "
                    f"(schema {version}, this one knows {SCHEMA_VERSION}); upgrade spacequiz"
                )
            store._guarded(lambda: store._check_ours(version, verify=False))
            if version < SCHEMA_VERSION:
                raise StorageError(
                    f"the history database {path} is from an older spacequiz and must be "
                    "upgraded, which needs permission to write it; run spacequiz once as "
                    "its owner"
                )
        except StorageError:
            connection.close()
            raise
        return store

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # Setting up: safe when many processes open a brand-new database at the same moment.

    def _prepare(self, verify: bool = True) -> None:
        def setup() -> None:
            self.connection.execute("PRAGMA foreign_keys = ON")
            # Read the header first: a file that is not a database fails here, untouched.
            version = self.connection.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StorageError(
                    f"the history database {self.path} was written by a newer spacequiz "
                    f"(schema {version}, this one knows {SCHEMA_VERSION}); upgrade spacequiz"
                )
            self._check_ours(version, verify)
            mode = self.connection.execute("PRAGMA journal_mode").fetchone()[0]
            if str(mode).lower() != "wal":
                self.connection.execute("PRAGMA journal_mode = WAL")
            self.connection.execute("PRAGMA synchronous = NORMAL")
            if version < SCHEMA_VERSION:
                self._migrate()

        self._guarded(setup)

    def _check_ours(self, version: int, verify: bool) -> None:
        """Refuse, before writing a byte, a database that is someone else's or damaged.

        A new file has no tables; ours has `sessions` and `answers`. A damaged page may
        hide until it is written, so SQLite's quick check runs first (a few ms per MB).
        """
        tables = {
            row[0]
            for row in self.connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        ours = {"sessions", "answers"}
        later = {"participants", "question_versions"}  # made by migrations: kept from then on
        # Another process may be creating our tables this very moment (version still 0), so
        # only tables we would never make, or a numbered schema without ours, mean foreign.
        foreign = tables - ours - later - {"sqlite_sequence"}
        if foreign or (version > 0 and not ours <= tables):
            raise StorageError(
                f"{self.path} is not a spacequiz history database (it holds tables "
                f"{', '.join(sorted(tables)) or 'none'}); it has been left as it is. "
                "Move it away, or point SPACEQUIZ_HOME at another folder."
            )
        if tables and verify:
            verdict = self.connection.execute("PRAGMA quick_check(1)").fetchone()[0]
            if verdict != "ok":
                found = " ".join(str(verdict).replace("*", "").split())
                raise StorageError(
                    f"the history database {self.path} is damaged ({found}); it has been "
                    "left as it is. Move it away to start afresh."
                )

    def _migrate(self) -> None:
        """Bring the schema up to date, one step per transaction, re-reading the version
        inside the lock so two processes never run the same step twice."""
        while True:
            with self._write() as db:
                version = db.execute("PRAGMA user_version").fetchone()[0]
                if version >= SCHEMA_VERSION:
                    return
                step = MIGRATIONS[version]
                if callable(step):
                    step(db)
                else:
                    for statement in step.split(";"):
                        if statement.strip():
                            db.execute(statement)
                db.execute(f"PRAGMA user_version = {version + 1}")

    def _guarded(self, action: Callable[[], T]) -> T:
        """Run `action`, waiting out locks the busy timeout does not cover (switching to WAL
        and crash recovery can answer 'busy' at once), and word every failure for the player."""
        started = time.monotonic()
        deadline = started + (BUSY_TIMEOUT_SECONDS if self.patience is None else self.patience)
        pause = 0.005
        told = False
        while True:
            try:
                return action()
            except sqlite3.OperationalError as error:
                if self.connection.in_transaction:
                    self.connection.rollback()
                if _is_busy(error) and time.monotonic() < deadline:
                    waited = time.monotonic() - started
                    if not told and self.on_wait is not None and waited >= WAIT_NOTICE_SECONDS:
                        told = True
                        self.on_wait()
                    time.sleep(pause)
                    pause = min(pause * 2, 0.1)
                    continue
                raise self._error(error) from None
            except sqlite3.Error as error:
                raise self._error(error) from None

    def _error(self, error: sqlite3.Error) -> StorageError:
        if isinstance(error, sqlite3.DatabaseError) and not isinstance(
            error, sqlite3.OperationalError
        ):
            return StorageError(
                f"the history database {self.path} is damaged or is not a spacequiz database "
                f"({_describe(error)}); it has been left as it is. Move it away to start afresh."
            )
        # Locked past the wait, the disk full, read-only for now: it may work later as it is.
        return StorageError(
            f"the history database {self.path}: {_describe(error)}",
            transient=isinstance(error, sqlite3.OperationalError),
        )

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; the lock is taken up front so it can wait, not fail."""
        db = self.connection
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            # SQLite may have rolled back already (a full disk does): then the error that
            # did it is the one to report, not "no transaction is active".
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def _transaction(self, work: Callable[[sqlite3.Connection], T]) -> T:
        def run() -> T:
            with self._write() as db:
                return work(db)

        return self._guarded(run)

    # Writing -------------------------------------------------------------------------------

    def start_session(
        self,
        *,
        player: str,
        bank_title: str,
        bank_fingerprint: str,
        filters: str = "",
        seed: int | None = None,
        planned: int = 0,
        mode: str = "play",
        started_at: str | None = None,
    ) -> int:
        """Record a new, unfinished session and return its id."""
        stamp = started_at or now_iso()

        def insert(db: sqlite3.Connection) -> int:
            cursor = db.execute(
                "INSERT INTO sessions (player, started_at, ended_at, bank_title,"
                " bank_fingerprint, filters, seed, planned, mode)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (player, stamp, stamp, bank_title, bank_fingerprint, filters, seed, planned, mode),
            )
            return int(cursor.lastrowid or 0)

        return self._transaction(insert)

    def record_answer(
        self,
        session_id: int,
        position: int,
        outcome: Outcome,
        *,
        question: Question | None = None,
        answered_at: str | None = None,
    ) -> None:
        """Store one answer and bring the session's running score up to date, atomically.

        `question`: the question answered, so the answer names its version (see
        `question_hash`) and the version's words are kept for the statistics.
        """
        stamp = answered_at or now_iso()
        versions = _versions([question] if question is not None else [])

        def insert(db: sqlite3.Connection) -> None:
            _keep_versions(db, versions)
            db.execute(
                "INSERT INTO answers (session_id, position, question_id, given, correct, credit,"
                " points, seconds, hint_used, answered_at, question_hash)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    session_id,
                    position,
                    outcome.question_id,
                    outcome.given,
                    int(outcome.correct),
                    outcome.credit,
                    outcome.points,
                    outcome.seconds,
                    int(outcome.hint_used),
                    stamp,
                    _hash_of(versions, outcome.question_id),
                ),
            )
            db.execute(
                "UPDATE sessions SET score = score + ?, seconds = seconds + ?, ended_at = ?"
                " WHERE id = ?",
                (outcome.points, outcome.seconds, stamp, session_id),
            )

        self._transaction(insert)

    def start_game(
        self,
        *,
        mode: str,
        bank_title: str,
        bank_fingerprint: str,
        filters: str = "",
        seed: int | None = None,
        planned: int = 0,
        started_at: str | None = None,
    ) -> int:
        """Record a new, unfinished game played together (classroom or live); return its id."""
        if mode not in SHARED_MODES:
            raise ValueError(f"not a mode of games played together: {mode!r}")
        return self.start_session(
            player="",  # the winner is worked out from the participants' scores when read
            bank_title=bank_title,
            bank_fingerprint=bank_fingerprint,
            filters=filters,
            seed=seed,
            planned=planned,
            mode=mode,
            started_at=started_at,
        )

    def add_participants(
        self, game_id: int, entries: Sequence[tuple[str, ParticipantKind]]
    ) -> list[int]:
        """Add teams or players to a game, in one transaction; return their ids in order."""

        def insert(db: sqlite3.Connection) -> list[int]:
            ids = []
            for name, kind in entries:
                cursor = db.execute(
                    "INSERT INTO participants (session_id, name, kind) VALUES (?, ?, ?)",
                    (game_id, name, kind),
                )
                ids.append(int(cursor.lastrowid or 0))
            return ids

        return self._transaction(insert)

    def record_answers(
        self,
        game_id: int,
        answers: Sequence[SharedAnswer],
        *,
        questions: Mapping[str, Question] | None = None,
    ) -> None:
        """Store answers of a game played together and each participant's running score, in
        one transaction: a batch is cheap however many players answer at once.

        `questions`: the game's questions by id, so each answer names its version.
        """
        if not answers:
            return
        known = questions or {}
        versions = _versions(
            known[qid] for qid in {o.question_id for _, _, o, _ in answers} if qid in known
        )
        totals: dict[int, tuple[int, float]] = {}
        for participant, _, outcome, _ in answers:
            points, seconds = totals.get(participant, (0, 0.0))
            totals[participant] = (points + outcome.points, seconds + outcome.seconds)
        last = max(stamp for *_, stamp in answers)

        def insert(db: sqlite3.Connection) -> None:
            _keep_versions(db, versions)
            db.executemany(
                "INSERT INTO answers (session_id, participant_id, position, question_id, given,"
                " correct, credit, points, seconds, hint_used, answered_at, question_hash)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        game_id,
                        participant,
                        position,
                        o.question_id,
                        o.given,
                        int(o.correct),
                        o.credit,
                        o.points,
                        o.seconds,
                        int(o.hint_used),
                        stamp,
                        _hash_of(versions, o.question_id),
                    )
                    for participant, position, o, stamp in answers
                ],
            )
            db.executemany(
                "UPDATE participants SET score = score + ?, seconds = seconds + ? WHERE id = ?",
                [(points, seconds, pid) for pid, (points, seconds) in totals.items()],
            )
            db.execute(
                "UPDATE sessions SET ended_at = max(ended_at, ?) WHERE id = ?", (last, game_id)
            )

        self._transaction(insert)

    def unfinished_game(
        self, *, mode: str, bank_fingerprint: str, seed: int | None, planned: int
    ) -> tuple[int, dict[str, int], set[tuple[int, int]]] | None:
        """The latest unfinished game played together with this setup, for a host that goes
        on after a crash: its id, its participants' ids by name (the latest of a name), and
        the (participant id, question number) of every answer stored."""
        found = self._read(
            "SELECT id FROM sessions WHERE mode = ? AND bank_fingerprint = ? AND seed IS ?"
            " AND planned = ? AND finished = 0 ORDER BY started_at DESC, id DESC LIMIT 1",
            (mode, bank_fingerprint, seed, planned),
        )
        if not found:
            return None
        game_id = int(found[0][0])
        people = {
            name: pid
            for pid, name in self._read(
                "SELECT id, name FROM participants WHERE session_id = ? ORDER BY id", (game_id,)
            )
        }
        stored = {
            (int(pid), int(position))
            for pid, position in self._read(
                "SELECT participant_id, position FROM answers WHERE session_id = ?", (game_id,)
            )
        }
        return game_id, people, stored

    def finish_session(self, session_id: int, *, finished: bool, early: bool = False) -> None:
        """Mark a game as played to the end (or not, when it was cut short).

        `early`: the teacher ended a game played together after at least one question; it
        counts as finished, and says it ended early.
        """
        stamp = now_iso()

        def update(db: sqlite3.Connection) -> None:
            db.execute(
                "UPDATE sessions SET finished = ?, ended_early = ?, ended_at = ? WHERE id = ?",
                (int(finished or early), int(early), stamp, session_id),
            )

        self._transaction(update)

    def delete_history(self, player: str | None = None) -> int:
        """Forget every game, or one player's: their own games, and their place and answers
        in games played together (a game left with nobody is removed). Returns how many
        games they were taken out of."""
        spellings = self._spellings(player)

        def delete(db: sqlite3.Connection) -> int:
            if player is None:
                db.execute("DELETE FROM answers")
                db.execute("DELETE FROM participants")
                return db.execute("DELETE FROM sessions").rowcount
            names = spellings or [player]
            marks = ",".join("?" * len(names))
            alone = f"SELECT id FROM sessions WHERE player IN ({marks}) AND mode NOT IN {_SHARED}"
            db.execute(f"DELETE FROM answers WHERE session_id IN ({alone})", names)
            removed = db.execute(f"DELETE FROM sessions WHERE id IN ({alone})", names).rowcount
            games = [
                row[0]
                for row in db.execute(
                    f"SELECT DISTINCT session_id FROM participants WHERE name IN ({marks})", names
                )
            ]
            places = f"SELECT id FROM participants WHERE name IN ({marks})"
            db.execute(f"DELETE FROM answers WHERE participant_id IN ({places})", names)
            db.execute(f"DELETE FROM participants WHERE name IN ({marks})", names)
            db.executemany(
                "DELETE FROM sessions WHERE id = ? AND NOT EXISTS"
                " (SELECT 1 FROM participants p WHERE p.session_id = sessions.id)",
                [(game,) for game in games],
            )
            return removed + len(games)

        return self._transaction(delete)


def _may_write(path: Path) -> bool:
    """Whether this process may write the database and its folder (so WAL files it makes
    are removed when it closes), and should: root never writes into another's history."""
    try:
        info = path.stat()
        folder = path.parent.stat()
    except OSError:
        return True  # opening it says what is wrong
    if not info.st_mode & 0o222 or not folder.st_mode & 0o222:
        return False  # made read-only by its owner (root would write it regardless)
    geteuid = getattr(os, "geteuid", None)
    if geteuid is not None and geteuid() == 0 and info.st_uid != 0:
        return False
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)


def _versions(questions: Iterable[Question]) -> dict[str, tuple[str, ItemText]]:
    """Each question's version (its content hash) and words, by question id."""
    from spacequiz.core.items import item_text, question_hash

    return {q.id: (question_hash(q), item_text(q)) for q in questions}


def _hash_of(versions: Mapping[str, tuple[str, ItemText]], question_id: str) -> str | None:
    found = versions.get(question_id)
    return found[0] if found else None


def _keep_versions(db: sqlite3.Connection, versions: Mapping[str, tuple[str, ItemText]]) -> None:
    """Keep the words and choices of each version answered (once: a version never changes)."""
    db.executemany(
        "INSERT OR IGNORE INTO question_versions (hash, type, prompt, choices, wrong)"
        " VALUES (?, ?, ?, ?, ?)",
        [
            (
                version,
                text.type,
                text.prompt,
                None if text.choices is None else json.dumps(text.choices, ensure_ascii=False),
                json.dumps(text.wrong, ensure_ascii=False),
            )
            for version, text in versions.values()
        ],
    )
