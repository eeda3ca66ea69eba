"""The history database's schema, as the steps that build it and bring old files up to date.

`Store` runs the steps it has not run yet, each in its own transaction, and records how far it
got in SQLite's `user_version`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime
from typing import Any

from spacequiz.core.records import SHARED_MODES

SHARED_IN_SQL = "('" + "', '".join(SHARED_MODES) + "')"
"""The modes of games played together, for `s.mode IN ...`."""
GATHER_SLACK_SECONDS = 60.0


def _one_row_per_game_played_together(db: sqlite3.Connection) -> None:
    """Step 3: participants, and every old classroom or live game gathered into one row.

    Before, each team or live player was a session of its own (mode "classroom" or "live").
    The sessions of one game share the mode, the bank, the filters, the seed and the number
    of questions, and were written at overlapping times (a classroom's at its end, a live
    game's as answers came), so each run of such sessions that overlap (give or take a
    minute) becomes one game: the first session is kept as the game, every session becomes
    a participant with its answers, and the rest are removed.
    """
    for statement in (
        """CREATE TABLE participants (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT 'player',
            score INTEGER NOT NULL DEFAULT 0,
            seconds REAL NOT NULL DEFAULT 0
        )""",
        "CREATE INDEX participants_by_session ON participants(session_id)",
        "CREATE INDEX participants_by_name ON participants(name)",
        "ALTER TABLE answers ADD COLUMN participant_id INTEGER"
        " REFERENCES participants(id) ON DELETE CASCADE",
        "CREATE INDEX answers_by_participant ON answers(participant_id)",
        "ALTER TABLE sessions ADD COLUMN ended_early INTEGER NOT NULL DEFAULT 0",
    ):
        db.execute(statement)
    rows = db.execute(
        "SELECT id, player, started_at, ended_at, mode, bank_fingerprint, seed, filters,"
        f" planned, score, seconds, finished FROM sessions WHERE mode IN {SHARED_IN_SQL}"
        " ORDER BY mode, bank_fingerprint, seed, filters, planned, started_at, id"
    ).fetchall()
    games: list[list[tuple[Any, ...]]] = []
    end = ""
    for row in rows:
        same = games and games[-1][0][4:9] == row[4:9]
        if not (same and _within(row[2], end, GATHER_SLACK_SECONDS)):
            games.append([])
            end = row[3]
        games[-1].append(row)
        end = max(end, row[3])
    for game in games:
        game_id = game[0][0]
        for row in game:
            kind = "team" if row[4] == "classroom" else "player"
            cursor = db.execute(
                "INSERT INTO participants (session_id, name, kind, score, seconds)"
                " VALUES (?, ?, ?, ?, ?)",
                (game_id, row[1], kind, row[9], row[10]),
            )
            db.execute(
                "UPDATE answers SET session_id = ?, participant_id = ? WHERE session_id = ?",
                (game_id, cursor.lastrowid, row[0]),
            )
        db.execute(
            "UPDATE sessions SET player = '', score = 0, seconds = 0, started_at = ?,"
            " ended_at = ?, finished = ? WHERE id = ?",
            (
                min(r[2] for r in game),
                max(r[3] for r in game),
                int(all(r[11] for r in game)),
                game_id,
            ),
        )
        others = [r[0] for r in game[1:]]
        for chunk in range(0, len(others), 500):
            part = others[chunk : chunk + 500]
            db.execute(f"DELETE FROM sessions WHERE id IN ({','.join('?' * len(part))})", part)


def _within(stamp: str, end: str, slack: float) -> bool:
    """Whether the ISO time `stamp` is no later than `end` plus `slack` seconds."""
    try:
        gap = datetime.fromisoformat(stamp) - datetime.fromisoformat(end)
    except (TypeError, ValueError):  # a stamp we cannot read: keep that session on its own
        return False
    return gap.total_seconds() <= slack


# MIGRATIONS[n] takes a database from version n to n + 1. Never edit a released step: add one.
# A step is SQL (statements separated by ;) or a function given the connection.

MIGRATIONS: tuple[str | Callable[[sqlite3.Connection], None], ...] = (
    # 1: sessions and their answers.
    """
    CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        player TEXT NOT NULL,
        started_at TEXT NOT NULL,
        ended_at TEXT NOT NULL,
        bank_title TEXT NOT NULL,
        bank_fingerprint TEXT NOT NULL,
        filters TEXT NOT NULL DEFAULT '',
        seed INTEGER,
        planned INTEGER NOT NULL DEFAULT 0,
        score INTEGER NOT NULL DEFAULT 0,
        seconds REAL NOT NULL DEFAULT 0,
        finished INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE answers (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        question_id TEXT NOT NULL,
        given TEXT NOT NULL,
        correct INTEGER NOT NULL,
        credit REAL NOT NULL,
        points INTEGER NOT NULL,
        seconds REAL NOT NULL,
        hint_used INTEGER NOT NULL DEFAULT 0,
        answered_at TEXT NOT NULL
    );
    """,
    # 2: review games are kept apart from the high scores; indexes for the history commands.
    """
    ALTER TABLE sessions ADD COLUMN mode TEXT NOT NULL DEFAULT 'play';
    CREATE INDEX answers_by_session ON answers(session_id);
    CREATE INDEX answers_by_question ON answers(question_id);
    CREATE INDEX sessions_by_player ON sessions(player, started_at);
    """,
    # 3: a classroom or live game is one game with its participants.
    _one_row_per_game_played_together,
    # 4: each answer names the version of its question (a hash of its content, NULL in
    # answers recorded before), and each version answered keeps its words and choices, so
    # statistics can show them and count the wrong choices picked.
    """
    ALTER TABLE answers ADD COLUMN question_hash TEXT;
    CREATE TABLE question_versions (
        hash TEXT PRIMARY KEY,
        type TEXT NOT NULL,
        prompt TEXT NOT NULL,
        choices TEXT,  -- every choice, a JSON list: NULL where answers are typed
        wrong TEXT NOT NULL DEFAULT '[]'  -- the wrong choices, a JSON list
    ) WITHOUT ROWID;
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)
