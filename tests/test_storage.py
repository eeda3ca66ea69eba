"""The history database on a temporary folder: writing, reading, migrating, bad files."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from spacequiz.core.engine import Outcome
from spacequiz.core.errors import StorageError
from spacequiz.core.items import ItemStats, QuestionKey, analyse, most_missed
from spacequiz.core.records import ParticipantKind
from spacequiz.storage import history as storage
from spacequiz.storage.files import data_home
from spacequiz.storage.history import Store
from spacequiz.storage.schema import MIGRATIONS, SCHEMA_VERSION


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


def question_stats(store: Store, player: str | None = None) -> list[ItemStats[QuestionKey]]:
    marks, texts = store.item_marks(player=player)
    return most_missed(analyse(marks, texts))


def test_data_home_follows_the_environment(_isolated_home: Path) -> None:
    assert data_home() == _isolated_home
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
        found = question_stats(store)
    assert [(s.item.question_id, s.asked, s.missed) for s in found] == [
        ("hard", 2, 2),
        ("mid", 2, 1),
        ("easy", 2, 0),
    ]
    assert found[1].miss_rate == 0.5


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
    first = MIGRATIONS[0]
    assert isinstance(first, str)  # version 1 is plain SQL
    old.executescript(first)
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


def together(
    store: Store,
    mode: str,
    answers: dict[str, list[Outcome]],
    *,
    finished: bool = True,
    early: bool = False,
) -> int:
    """A classroom ("team") or live ("player") game, written the way the game writes it."""
    gid = store.start_game(mode=mode, bank_title="Space", bank_fingerprint="f" * 16, planned=3)
    kind: ParticipantKind = "team" if mode == "classroom" else "player"
    ids = store.add_participants(gid, [(name, kind) for name in answers])
    for pid, given in zip(ids, answers.values(), strict=True):
        store.record_answers(gid, [(pid, n, o, storage.now_iso()) for n, o in enumerate(given, 1)])
    store.finish_session(gid, finished=finished, early=early)
    return gid


def test_a_game_played_together_is_one_row_with_its_participants_and_winner() -> None:
    with Store.open() as store:
        play(store, "ann", [outcome("a")])
        together(
            store,
            "classroom",
            {
                "Red": [outcome("a", correct=False), outcome("b", points=200)],
                "Blue": [outcome("a", points=300), outcome("b")],
                "Green": [outcome("a", points=300), outcome("b")],
            },
            finished=False,
            early=True,
        )
        alone, game = store.sessions(with_answers=True)
        assert store.count_sessions() == 2
    assert alone.as_dict().keys() == {
        "id", "player", "started_at", "ended_at", "mode", "bank", "bank_fingerprint",
        "filters", "seed", "finished", "planned", "answered", "correct", "accuracy", "score",
        "seconds", "answers",
    }  # fmt: skip
    assert (game.player, game.score, game.answered, game.correct) == ("Blue", 400, 2, 2)
    assert game.winners == ("Blue", "Green")  # a tie shares first place, in team order
    assert game.finished and game.ended_early
    data = game.as_dict()
    assert [(p["name"], p["kind"], p["rank"], p["score"]) for p in data["participants"]] == [
        ("Blue", "team", 1, 400),
        ("Green", "team", 1, 400),
        ("Red", "team", 3, 200),
    ]
    assert [a["correct"] for a in data["participants"][2]["answers"]] == [False, True]
    assert data["answers"] == data["participants"][0]["answers"]
    assert data["ended_early"] is True


def test_answers_in_games_played_together_count_for_their_names_but_not_high_scores() -> None:
    with Store.open() as store:
        play(store, "ann", [outcome("a", points=100)])
        together(store, "live", {"ann": [outcome("a", points=900)], "bob": [outcome("b")]})
        together(store, "classroom", {"Red": [outcome("b", correct=False)], "Blue": []})
        assert [(r.player, r.score) for r in store.best_scores()] == [("ann", 100)]
        assert store.score_series() == {"ann": [100]}
        assert [r.mode for r in store.sessions(player="ann")] == ["play", "live"]
        assert store.count_sessions(player="Red") == 1
        assert [q for q, *_ in store.player_answers("ann")] == ["a", "a"]
        assert [(s.item.question_id, s.asked) for s in question_stats(store, "ann")] == [("a", 2)]
        assert [(s.item.question_id, s.missed) for s in question_stats(store)] == [
            ("b", 1),
            ("a", 0),
        ]
        assert store.players() == ["ann", "Blue", "bob", "Red"]  # by the one name rule


def test_forgetting_a_player_takes_them_out_of_games_played_together() -> None:
    with Store.open() as store:
        play(store, "ann", [outcome("a")])
        together(store, "live", {"ann": [outcome("a", points=900)], "bob": [outcome("b")]})
        together(store, "live", {"ann": [outcome("a")]})
        assert store.delete_history("ann") == 3
        (game,) = store.sessions(with_answers=True)
        assert [p.name for p in game.participants] == ["bob"]
        assert game.player == "bob"
        count = store.connection.execute("SELECT count(*) FROM answers").fetchone()[0]
        assert count == 1


def test_one_name_rule_finds_a_player_alone_and_in_games_played_together() -> None:
    """`Ann`, `ann`, full-width `ＡＮＮ` and `Ann` with an escape sequence are one name,
    whether she played alone or as a live player."""
    with Store.open() as store:
        play(store, "Ann", [outcome("a")])
        together(store, "live", {"ＡＮＮ": [outcome("b")], "bob": [outcome("c")]})
        together(store, "classroom", {"ann\x1b[31m": [outcome("d")], "Red": []})
        asked = "ANN"
        assert [r.mode for r in store.sessions(player=asked)] == ["play", "live", "classroom"]
        assert store.count_sessions(player=asked) == 3
        assert [q for q, *_ in store.player_answers(asked)] == ["a", "b", "d"]
        marks, _ = store.item_marks(player=asked)
        assert sorted(m.item.question_id for m in marks) == ["a", "b", "d"]
        (game,) = store.sessions(player="red")
        assert [p.name for p in game.participants] == ["ann", "Red"]  # shown without the escape
        assert store.players() == ["ann", "bob", "Red"]  # one Ann, under her latest spelling
        assert store.delete_history("aNN") == 3
        assert [p.name for g in store.sessions() for p in g.participants] == ["bob", "Red"]


def test_migrating_from_version_2_gathers_each_classroom_and_live_game_into_one(
    tmp_path: Path,
) -> None:
    """Before version 3 each team and live player was a session: they become participants."""
    path = tmp_path / "old.sqlite3"
    old = sqlite3.connect(path)
    for step in MIGRATIONS[:2]:
        assert isinstance(step, str)
        old.executescript(step)
    old.execute("PRAGMA user_version = 2")

    def session(player: str, mode: str, seed: int, start: str, end: str, score: int) -> None:
        cursor = old.execute(
            "INSERT INTO sessions (player, started_at, ended_at, bank_title, bank_fingerprint,"
            " seed, planned, score, finished, mode) VALUES (?, ?, ?, 'Space', 'abc', ?, 2, ?,"
            " 1, ?)",
            (player, f"2024-01-01T{start}+00:00", f"2024-01-01T{end}+00:00", seed, score, mode),
        )
        old.execute(
            "INSERT INTO answers (session_id, position, question_id, given, correct, credit,"
            " points, seconds, answered_at) VALUES (?, 1, 'q1', 'x', ?, 1.0, ?, 2.5, ?)",
            (cursor.lastrowid, int(score > 0), score, f"2024-01-01T{end}+00:00"),
        )

    session("ann", "play", 7, "09:00:00", "09:05:00", 400)
    # A classroom game: each team written at the end, one after another.
    session("Red", "classroom", 5, "10:00:00", "10:00:00", 100)
    session("Blue", "classroom", 5, "10:00:01", "10:00:01", 300)
    # The same seed again, an hour later: another game.
    session("Red", "classroom", 5, "11:00:00", "11:00:00", 200)
    session("Blue", "classroom", 5, "11:00:00", "11:00:00", 0)
    # A live game: players start at their first answer, all finish together.
    session("zoe", "live", 9, "12:00:10", "12:05:00", 0)
    session("yan", "live", 9, "12:01:30", "12:05:00", 500)
    session("xi", "live", 9, "12:04:00", "12:05:00", 250)
    old.commit()
    old.close()

    with Store.open(path) as store:
        assert store.connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        games = store.sessions(with_answers=True)
        count = store.connection.execute("SELECT count(*) FROM answers").fetchone()[0]
        best = store.best_scores()
    assert count == 8  # no answer lost
    assert [(g.mode, g.player, g.score, len(g.participants)) for g in games] == [
        ("play", "ann", 400, 0),
        ("classroom", "Blue", 300, 2),
        ("classroom", "Red", 200, 2),
        ("live", "yan", 500, 3),
    ]
    assert games[0].id == 1 and games[0].answers[0].question_id == "q1"
    live = games[3]
    assert [(p.name, p.kind, p.rank) for p in live.participants] == [
        ("yan", "player", 1),
        ("xi", "player", 2),
        ("zoe", "player", 3),
    ]
    assert (live.started_at, live.ended_at) == (
        "2024-01-01T12:00:10+00:00",
        "2024-01-01T12:05:00+00:00",
    )
    assert all(len(p.answers) == 1 for p in live.participants)
    assert games[1].participants[0].kind == "team" and games[1].finished
    assert [r.player for r in best] == ["ann"]
