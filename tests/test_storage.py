"""The history database on a temporary folder: writing, reading, migrating, bad files."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from spacequiz.core.engine import Outcome
from spacequiz.core.errors import StorageError
from spacequiz.storage import history as storage
from spacequiz.storage.history import MIGRATIONS, SCHEMA_VERSION, Store


def outcome(qid: str, correct: bool = True, points: int = 100, seconds: float = 3.0) -> Outcome:
    return Outcome(
        question_id=qid,
        prompt=f"Question {qid}?",
        difficulty="easy",
        tags=(),
        given="x" if correct else "y",
        correct=correct,
        credit=1.0 if correct else 0.0,
        points=points if correct else 0,
        streak=1,
        seconds=seconds,
        hint_used=False,
        timed_out=False,
        answer="x",
    )


def play(
    store: Store,
    player: str,
    answers: list[Outcome],
    *,
    finished: bool = True,
    bank: str = "Space",
    started_at: str | None = None,
) -> int:
    sid = store.start_session(
        player=player,
        bank_title=bank,
        bank_fingerprint="f" * 16,
        planned=len(answers),
        started_at=started_at,
    )
    for i, answer in enumerate(answers, start=1):
        store.record_answer(sid, i, answer)
    if finished:
        store.finish_session(sid, finished=True)
    return sid


def test_data_home_follows_the_environment(_isolated_home: Path) -> None:
    assert storage.data_home() == _isolated_home
    assert storage.database_path() == _isolated_home / "history.sqlite3"


def test_a_new_database_is_created_in_wal_mode_at_the_latest_version(_isolated_home: Path) -> None:
    with Store.open() as store:
        db = store.connection
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert (_isolated_home / "history.sqlite3").exists()


def test_sessions_keep_their_answers_and_running_score() -> None:
    with Store.open() as store:
        play(store, "ann", [outcome("a"), outcome("b", correct=False), outcome("c", points=250)])
        (row,) = store.sessions(with_answers=True)
    assert (row.player, row.score, row.answered, row.correct, row.finished) == (
        "ann",
        350,
        3,
        2,
        True,
    )
    assert [a.question_id for a in row.answers] == ["a", "b", "c"]
    assert [a.correct for a in row.answers] == [True, False, True]
    assert row.seconds == pytest.approx(9.0)
    assert row.as_dict()["answers"][1] == {
        "question_id": "b",
        "given": "y",
        "correct": False,
        "points": 0,
        "seconds": 3.0,
        "hint_used": False,
        "answered_at": row.answers[1].answered_at,
    }


def test_a_session_never_finished_stays_unfinished_with_its_answers() -> None:
    with Store.open() as store:
        play(store, "ann", [outcome("a"), outcome("b")], finished=False)
    with Store.open() as store:
        (row,) = store.sessions(with_answers=True)
    assert not row.finished
    assert row.answered == 2
    assert row.score == 200


def test_best_scores_are_one_per_player_from_finished_play_games() -> None:
    with Store.open() as store:
        play(store, "ann", [outcome("a", points=100)])
        play(store, "ann", [outcome("a", points=300)])
        play(store, "bob", [outcome("a", points=200)])
        play(store, "cat", [outcome("a", points=900)], finished=False)
        play(store, "dan", [outcome("a", points=50)], bank="Moon")
        best = store.best_scores()
        assert [(r.player, r.score) for r in best] == [("ann", 300), ("bob", 200), ("dan", 50)]
        assert [r.player for r in store.best_scores(bank="moon")] == ["dan"]
        assert [r.player for r in store.best_scores(player="bob")] == ["bob"]
        assert store.score_series() == {"ann": [100, 300], "bob": [200], "dan": [50]}


def test_question_stats_put_the_most_missed_first() -> None:
    with Store.open() as store:
        play(store, "ann", [outcome("easy"), outcome("hard", correct=False)])
        play(store, "bob", [outcome("easy"), outcome("hard", correct=False), outcome("mid")])
        play(store, "cat", [outcome("mid", correct=False)])
        found = store.question_stats()
    assert [(s.question_id, s.asked, s.missed) for s in found] == [
        ("hard", 2, 2),
        ("mid", 2, 1),
        ("easy", 2, 0),
    ]
    assert found[1].as_dict()["miss_rate"] == 0.5


def test_history_can_be_deleted_for_one_player_or_everyone() -> None:
    with Store.open() as store:
        play(store, "ann", [outcome("a")])
        play(store, "bob", [outcome("a"), outcome("b")])
        assert store.delete_history("ann") == 1
        assert store.players() == ["bob"]
        assert store.connection.execute("SELECT count(*) FROM answers").fetchone()[0] == 2
        assert store.delete_history() == 1
        assert store.connection.execute("SELECT count(*) FROM answers").fetchone()[0] == 0


def test_migrating_from_version_1_keeps_old_games(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    old = sqlite3.connect(path)
    old.executescript(MIGRATIONS[0])
    old.execute("PRAGMA user_version = 1")
    old.execute(
        "INSERT INTO sessions (player, started_at, ended_at, bank_title, bank_fingerprint,"
        " score, finished) VALUES ('ann', '2024-01-01T10:00:00+00:00',"
        " '2024-01-01T10:05:00+00:00', 'Space', 'abc', 400, 1)"
    )
    old.execute(
        "INSERT INTO answers (session_id, position, question_id, given, correct, credit,"
        " points, seconds, answered_at) VALUES (1, 1, 'q1', 'x', 1, 1.0, 400, 2.5,"
        " '2024-01-01T10:01:00+00:00')"
    )
    old.commit()
    old.close()

    with Store.open(path) as store:
        assert store.connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        (row,) = store.sessions(with_answers=True)
        assert (row.player, row.score, row.mode, row.finished) == ("ann", 400, "play", True)
        assert row.answers[0].question_id == "q1"
        indexes = {r[0] for r in store.connection.execute("SELECT name FROM sqlite_master")}
        assert "answers_by_question" in indexes
        assert [r.player for r in store.best_scores()] == ["ann"]


def test_a_database_from_a_newer_spacequiz_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StorageError, match="newer spacequiz"):
        Store.open(path)


def test_a_corrupt_file_gives_a_storage_error_and_is_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    path.write_bytes(b"this is not a database, just some text " * 200)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(StorageError, match="damaged or is not a spacequiz database"):
        Store.open(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_an_unwritable_folder_gives_a_storage_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(StorageError, match="cannot open"):
        Store.open(blocker / "history.sqlite3")


def test_another_programs_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE foo (x)")
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(StorageError, match="not a spacequiz history database .*foo"):
        Store.open(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_a_damaged_page_is_found_before_anything_is_written(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    with Store.open(path) as store:
        for n in range(300):
            sid = store.start_session(player=f"p{n}" * 20, bank_title="T", bank_fingerprint="f")
            store.record_answer(sid, 1, outcome("q1"))
        store.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with open(path, "r+b") as handle:  # scribble over a page in the middle of the file
        handle.seek(8192)
        handle.write(b"JUNK" * 1000)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(StorageError, match="is damaged"):
        Store.open(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
