"""Reading the game history: games, scores, answers and item marks, as plain records.

`Store` (storage/history) opens the database, guards every statement and writes; the
queries it answers live here, so neither half passes a few hundred lines.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar

from spacequiz.core.names import clean_name, name_key
from spacequiz.core.records import (
    AnswerRow,
    Participant,
    ParticipantKind,
    SessionRow,
    ranked,
)
from spacequiz.storage.schema import SHARED_IN_SQL as _SHARED

if TYPE_CHECKING:  # items is imported where it is used: scores and history need none of it
    from spacequiz.core.items import ItemText, Mark, QuestionKey
    from spacequiz.core.model import Bank, Question

T = TypeVar("T")


def bank_fingerprint(bank: Bank) -> str:
    """A short hash of the questions, so results from an edited bank can be told apart."""
    return hashlib.sha256(repr(bank.questions).encode("utf-8")).hexdigest()[:16]


def name_key_of(text: object) -> str:
    """A stored name's key under the one name rule (core/names), '' for no name."""
    return name_key(text) if isinstance(text, str) else ""


class HistoryReads:
    """The history's queries; `Store` supplies the connection and the guard."""

    connection: sqlite3.Connection

    def _guarded(self, action: Callable[[], T]) -> T:
        raise NotImplementedError  # Store turns sqlite errors into StorageError

    def _read(self, sql: str, args: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        return self._guarded(lambda: self.connection.execute(sql, args).fetchall())

    def sessions(
        self,
        *,
        player: str | None = None,
        bank: str | None = None,
        with_answers: bool = False,
        limit: int | None = None,
    ) -> list[SessionRow]:
        """Games, oldest first (the last `limit` of them), with their answers if asked; a game
        played together comes with its participants."""
        where, args = _where(players=self._spellings(player), bank=bank)
        # Pick the sessions first, so the answer counts are worked out only for those shown.
        picked = f"SELECT * FROM sessions s {where} ORDER BY s.started_at DESC, s.id DESC"
        if limit is not None:
            picked += f" LIMIT {int(limit)}"
        sql = f"{_SESSION_COLUMNS} FROM ({picked}) s ORDER BY s.started_at DESC, s.id DESC"
        rows = [_session(row) for row in reversed(self._read(sql, args))]
        if not rows:
            return rows
        answers: dict[int, list[AnswerRow]] = {}
        if with_answers:  # the answers of games played alone
            for part in _chunks([r.id for r in rows]):
                marks = ",".join("?" * len(part))
                for row in self._read(
                    f"SELECT session_id, {_ANSWER_COLUMNS} FROM answers"
                    f" WHERE session_id IN ({marks}) AND {_ALONE}"
                    " ORDER BY position, id",
                    part,
                ):
                    answers.setdefault(row[0], []).append(_answer(row[1:]))
        together = self._participants([r.id for r in rows if r.shared], with_answers)
        return [
            _as_game(r, together[r.id]) if r.id in together else _with_answers(r, answers, r.id)
            for r in rows
        ]

    def _participants(
        self, games: Sequence[int], with_answers: bool
    ) -> dict[int, tuple[Participant, ...]]:
        """Each game's participants, best first, with their answers if asked."""
        found: dict[int, list[tuple[int, Participant]]] = {}
        answers: dict[int, list[AnswerRow]] = {}
        for part in _chunks(games):
            marks = ",".join("?" * len(part))
            for row in self._read(
                "SELECT p.session_id, p.id, p.name, p.kind, p.score, p.seconds,"
                " (SELECT count(*) FROM answers a WHERE a.participant_id = p.id),"
                " (SELECT coalesce(sum(a.correct), 0) FROM answers a"
                " WHERE a.participant_id = p.id)"
                f" FROM participants p WHERE p.session_id IN ({marks}) ORDER BY p.id",
                part,
            ):
                kind: ParticipantKind = "team" if row[3] == "team" else "player"
                entry = Participant(clean_name(row[2]), kind, row[4], row[5], row[6], row[7])
                found.setdefault(row[0], []).append((row[1], entry))
            if with_answers:
                for row in self._read(
                    f"SELECT participant_id, {_ANSWER_COLUMNS} FROM answers"
                    f" WHERE session_id IN ({marks}) AND participant_id IS NOT NULL"
                    " ORDER BY position, id",
                    part,
                ):
                    answers.setdefault(row[0], []).append(_answer(row[1:]))
        return {
            game: ranked(
                [replace(entry, answers=tuple(answers.get(pid, ()))) for pid, entry in entries]
            )
            for game, entries in found.items()
        }

    def best_scores(
        self, *, player: str | None = None, bank: str | None = None
    ) -> list[SessionRow]:
        """Each player's best finished game (ties: the earlier), best first."""
        where, args = _where(
            players=self._spellings(player), bank=bank, extra="s.finished = 1 AND s.mode = 'play'"
        )
        sql = (
            "SELECT id FROM (SELECT s.id, row_number() OVER (PARTITION BY name_key(s.player)"
            " ORDER BY s.score DESC, s.started_at, s.id) AS place"
            f" FROM sessions s {where}) WHERE place = 1"
        )
        ids = {row[0] for row in self._read(sql, args)}
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        sql = f"{_SESSION_COLUMNS} FROM sessions s WHERE s.id IN ({marks})"
        rows = self._read(sql, sorted(ids))
        found = [_session(r) for r in rows]
        return sorted(found, key=lambda r: (-r.score, r.started_at, name_key(r.player)))

    def item_marks(
        self,
        *,
        player: str | None = None,
        bank: str | None = None,
        game: int | None = None,
        of_bank: Bank | None = None,
    ) -> tuple[list[Mark[QuestionKey]], dict[QuestionKey, ItemText]]:
        """Every answer as item analysis reads it, keyed by bank title, question id and
        version; and the words and choices of each version answered.

        A player's game is one attempt: a game played alone, or one team or player in a game
        played together. With `player`, the answers given under that name; with `game`, the
        answers of one game, in the order its questions were asked.

        `of_bank`: the answers to that bank's questions as they are now (same bank title,
        id and content), and the answers from before versions were recorded in games of
        exactly that bank; the words of those older ones are taken from the bank.
        """
        from spacequiz.core.items import Mark, QuestionKey, item_text, question_hash

        where, args = _where(players=None, bank=bank)
        clauses = [where.removeprefix("WHERE ")] if where else []
        if player is not None:
            names = self._spellings(player) or [player]
            clauses.append(f"coalesce(p.name, s.player) IN ({','.join('?' * len(names))})")
            args = (*args, *names)
        if game is not None:
            clauses.append("s.id = ?")
            args = (*args, game)
        current: dict[QuestionKey, Question] = {}
        if of_bank is not None:
            fingerprint = bank_fingerprint(of_bank)
            clauses.append("(a.question_hash IS NOT NULL OR s.bank_fingerprint = ?)")
            clauses.append("s.bank_title = ?")
            args = (*args, fingerprint, of_bank.title)
            for q in of_bank.questions:
                current[QuestionKey(of_bank.title, q.id, question_hash(q))] = q
                current[QuestionKey(of_bank.title, q.id, None)] = q
        rows = self._read(
            "SELECT CASE WHEN a.participant_id IS NULL THEN a.session_id"
            " ELSE -a.participant_id END, s.bank_title, a.question_id, a.question_hash,"
            " a.credit, a.correct, a.given, a.seconds"
            " FROM answers a JOIN sessions s ON s.id = a.session_id"
            + (" LEFT JOIN participants p ON p.id = a.participant_id" if player is not None else "")
            + (" WHERE " + " AND ".join(clauses) if clauses else "")
            + (" ORDER BY a.position, a.id" if game is not None else ""),  # in the order asked
            args,
        )
        # One key per question, shared by its answers: a big history has few questions.
        keys: dict[tuple[str, str, str | None], QuestionKey] = {}
        left_out = QuestionKey("", "", None)  # stands for the questions of_bank leaves out
        marks: list[Mark[QuestionKey]] = []
        for attempt, title, qid, version, credit, correct, given, seconds in rows:
            key = keys.get((title, qid, version))
            if key is None:
                key = keys[title, qid, version] = QuestionKey(title, qid, version)
                if of_bank is not None and key not in current:
                    keys[title, qid, version] = key = left_out
            if key is not left_out:
                marks.append(Mark(attempt, key, credit, bool(correct), given, seconds))
        texts = self._item_texts({key.version for key in keys.values()})
        found = {
            key: texts[key.version]
            for key in keys.values()
            if key.version is not None and key.version in texts
        }
        for key in keys.values():
            if key in current and key not in found:  # words from before versions were kept
                found[key] = item_text(current[key])
        return marks, found

    def _item_texts(self, versions: Collection[str | None]) -> dict[str, ItemText]:
        """The words and choices kept for each version."""
        from spacequiz.core.items import ItemText

        found: dict[str, ItemText] = {}
        wanted = sorted(v for v in versions if v is not None)
        for start in range(0, len(wanted), 500):
            part = wanted[start : start + 500]
            for version, kind, prompt, choices, wrong in self._read(
                "SELECT hash, type, prompt, choices, wrong FROM question_versions"
                f" WHERE hash IN ({','.join('?' * len(part))})",
                part,
            ):
                found[version] = ItemText(
                    prompt,
                    kind,
                    None if choices is None else tuple(json.loads(choices)),
                    tuple(json.loads(wrong)),
                )
        return found

    def game(self, which: int | None = None) -> SessionRow | None:
        """One game by its id; without one, the latest classroom or live game."""
        if which is None:
            sql = f"WHERE s.mode IN {_SHARED} ORDER BY s.started_at DESC, s.id DESC LIMIT 1"
            found = self._read(f"{_SESSION_COLUMNS} FROM sessions s {sql}")
        else:
            found = self._read(f"{_SESSION_COLUMNS} FROM sessions s WHERE s.id = ?", (which,))
        return _session(found[0]) if found else None

    def player_answers(
        self, player: str, *, bank_title: str | None = None
    ) -> list[tuple[str, str, bool, float, bool]]:
        """Every answer given under one name in time order, in any game (alone, or as a team
        or player in a game played together): (question id, when, right, seconds, hint).

        `bank_title`: only the answers given in games of the bank with that title, so two
        banks that share a question id do not share what was learnt of it.
        """
        columns = "a.question_id, a.answered_at, a.correct, a.seconds, a.hint_used, a.id"
        names = self._spellings(player) or [player]
        marks = ",".join("?" * len(names))
        of_bank = " AND s.bank_title = ?" if bank_title is not None else ""
        extra = (bank_title,) if bank_title is not None else ()
        rows = self._read(
            f"SELECT {columns} FROM answers a JOIN sessions s ON s.id = a.session_id"
            f" WHERE s.player IN ({marks}) AND +a.participant_id IS NULL{of_bank}"  # + as in _ALONE
            f" UNION ALL SELECT {columns} FROM answers a"
            " JOIN participants p ON p.id = a.participant_id"
            f" JOIN sessions s ON s.id = a.session_id WHERE p.name IN ({marks}){of_bank}"
            " ORDER BY 2, 6",
            (*names, *extra, *names, *extra),
        )
        return [(r[0], r[1], bool(r[2]), float(r[3]), bool(r[4])) for r in rows]

    def count_sessions(self, *, player: str | None = None, bank: str | None = None) -> int:
        where, args = _where(players=self._spellings(player), bank=bank)
        return int(self._read(f"SELECT count(*) FROM sessions s {where}", args)[0][0])

    def score_series(
        self, *, player: str | None = None, bank: str | None = None
    ) -> dict[str, list[int]]:
        """Each player's finished game scores, oldest first, under their latest name."""
        where, args = _where(
            players=self._spellings(player), bank=bank, extra="s.finished = 1 AND s.mode = 'play'"
        )
        series: dict[str, list[int]] = {}
        shown: dict[str, str] = {}
        for name, score in self._read(
            f"SELECT s.player, s.score FROM sessions s {where} ORDER BY s.started_at, s.id", args
        ):
            key = name_key(name)
            series.setdefault(key, []).append(score)
            shown[key] = clean_name(name)
        return dict(sorted((shown[k], v) for k, v in series.items()))

    def players(self) -> list[str]:
        """Every name in the history (players alone, teams and live players) once, by the one
        name rule of core/names, under its latest spelling."""
        latest: dict[str, str] = {}
        for name, *_ in self._read(
            f"SELECT player, started_at, id FROM sessions WHERE mode NOT IN {_SHARED}"
            " UNION ALL SELECT p.name, s.started_at, s.id FROM participants p"
            " JOIN sessions s ON s.id = p.session_id ORDER BY 2, 3"
        ):
            latest[name_key(name)] = clean_name(name)
        return sorted(latest.values(), key=name_key)

    def _spellings(self, player: str | None) -> list[str] | None:
        """Every stored spelling of `player` (alone or as a participant) that is the same name
        by the one name rule of core/names; None for no player.

        The distinct names are read from the indexes on them (a seek per name, not a pass over
        every game) and compared here, so the queries that then pick a player's games keep
        to those indexes too.
        """
        if player is None:
            return None
        key = name_key(player)
        return [name for (name,) in self._read(_NAMES) if name_key_of(name) == key] or [player]


def _where(
    *, players: Sequence[str] | None, bank: str | None, extra: str = ""
) -> tuple[str, tuple[object, ...]]:
    """A WHERE clause for the common filters: a player's games under any of the spellings of
    their name (Store._spellings), text in a bank's title (case folded, any script) or its
    fingerprint."""
    clauses = [extra] if extra else []
    args: list[object] = []
    if players is not None:
        marks = ",".join("?" * len(players))
        clauses.append(
            f"(s.player IN ({marks})"
            f" OR s.id IN (SELECT session_id FROM participants WHERE name IN ({marks})))"
        )
        args.extend([*players, *players])
    if bank is not None:
        clauses.append("(instr(fold(s.bank_title), fold(?)) > 0 OR s.bank_fingerprint = ?)")
        args.extend([bank, bank])
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), tuple(args)


_SESSION_COLUMNS = (
    "SELECT s.id, s.player, s.started_at, s.ended_at, s.bank_title, s.bank_fingerprint,"
    " s.filters, s.seed, s.planned, s.score, s.seconds, s.finished, s.mode, s.ended_early,"
    " (SELECT count(*) FROM answers a WHERE a.session_id = s.id),"
    " (SELECT coalesce(sum(a.correct), 0) FROM answers a WHERE a.session_id = s.id)"
)


def _session(row: Sequence[Any]) -> SessionRow:
    return SessionRow(
        id=row[0],
        player=clean_name(row[1]),
        started_at=row[2],
        ended_at=row[3],
        bank_title=row[4],
        bank_fingerprint=row[5],
        filters=row[6],
        seed=row[7],
        planned=row[8],
        score=row[9],
        seconds=row[10],
        finished=bool(row[11]),
        mode=row[12],
        ended_early=bool(row[13]),
        answered=row[14],
        correct=row[15],
    )


_NAMES = """
WITH RECURSIVE
    alone(name) AS (
        SELECT min(player) FROM sessions
        UNION ALL
        SELECT (SELECT min(player) FROM sessions WHERE player > alone.name)
        FROM alone WHERE alone.name IS NOT NULL
    ),
    together(name) AS (
        SELECT min(name) FROM participants
        UNION ALL
        SELECT (SELECT min(p.name) FROM participants p WHERE p.name > together.name)
        FROM together WHERE together.name IS NOT NULL
    )
SELECT name FROM alone WHERE name IS NOT NULL
UNION SELECT name FROM together WHERE name IS NOT NULL
"""
"""Every distinct name stored, players alone and participants, each found by one seek in its
index (SQLite has no skip scan without ANALYZE): a history of 10,000 games by 30 players is
read in 60 seeks rather than 10,000 rows."""

_ANSWER_COLUMNS = "question_id, given, correct, points, seconds, hint_used, answered_at"
_ALONE = "+participant_id IS NULL"
"""An answer of a game played alone. The + keeps SQLite from reading it through the index
on participant_id, which would walk every such answer instead of one game's."""


def _answer(row: Sequence[Any]) -> AnswerRow:
    return AnswerRow(row[0], row[1], bool(row[2]), row[3], row[4], bool(row[5]), row[6])


def _chunks(ids: Sequence[int], size: int = 500) -> Iterator[Sequence[int]]:
    """Ids in slices small enough for one `IN (...)` list."""
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _with_answers(row: SessionRow, answers: dict[int, list[AnswerRow]], key: int) -> SessionRow:
    return replace(row, answers=tuple(answers.get(key, ())))


def _as_game(row: SessionRow, participants: tuple[Participant, ...]) -> SessionRow:
    """A game played together, its winner in the fields a game played alone has."""
    winner = participants[0]
    return replace(
        row,
        player=winner.name,
        score=winner.score,
        seconds=winner.seconds,
        answered=winner.answered,
        correct=winner.correct,
        answers=winner.answers,
        participants=participants,
    )
