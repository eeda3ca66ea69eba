"""Nothing the user has is lost: files that must not be replaced are refused with a message,
and every byte already in a bank stays where it was."""

from __future__ import annotations

import csv
import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pexpect
import pytest
import yaml
from typer.testing import CliRunner

from spacequiz.cli.app import app

runner = CliRunner()
CSV = "prompt,answer,type\nWhat is the film called?,The Challenge,text\n"
BANK = """\
version: 1
title: Mine
questions:
  - id: one
    type: truefalse
    prompt: Filmed in orbit?
    answer: true
"""
QUESTION = '{"type": "truefalse", "prompt": "Launched from Baikonur?", "answer": true}'


def one_line(text: str) -> str:
    return " ".join(text.split())


def fifo(path: Path) -> Callable[[], bool]:
    os.mkfifo(path)
    return lambda: stat.S_ISFIFO(os.lstat(path).st_mode)


def device(path: Path) -> Callable[[], bool]:
    if os.geteuid() != 0:
        pytest.skip("making a device node needs root")
    os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a /dev/null of our own
    return lambda: stat.S_ISCHR(os.lstat(path).st_mode)


def folder(path: Path) -> Callable[[], bool]:
    path.mkdir()
    return path.is_dir


def fifo_behind_a_link(path: Path) -> Callable[[], bool]:
    target = path.with_name("real-fifo")
    os.mkfifo(target)
    path.symlink_to(target)
    return lambda: path.is_symlink() and stat.S_ISFIFO(os.lstat(target).st_mode)


@pytest.mark.parametrize("make", [fifo, device, folder, fifo_behind_a_link])
@pytest.mark.parametrize("command", ["export", "import", "new"])
def test_force_never_replaces_what_is_not_a_regular_file(
    tmp_path: Path, make: Callable[[Path], Callable[[], bool]], command: str
) -> None:
    source = tmp_path / "source.csv"
    source.write_text(CSV, encoding="utf-8")
    out = tmp_path / "out.gift"
    still_there = make(out)
    args = {
        "export": ["export", "-o", str(out), "--force"],
        "import": ["import", str(source), "-o", str(out), "--force", "--format", "csv"],
        "new": ["new", str(out), "--force"],
    }[command]
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.output
    said = one_line(result.stderr)
    assert str(out) in said
    assert "regular file" in said or "is a folder" in said, said
    assert still_there()


@pytest.mark.parametrize("make", [fifo, folder])
def test_a_classroom_report_never_replaces_what_is_not_a_regular_file(
    tmp_path: Path, make: Callable[[Path], Callable[[], bool]]
) -> None:
    report = tmp_path / "report.csv"
    still_there = make(report)
    result = runner.invoke(app, ["classroom", "--players", "A,B", "--report", str(report)])
    assert result.exit_code == 2
    assert "regular file" in one_line(result.stderr) or "is a folder" in one_line(result.stderr)
    assert still_there()


def test_a_bank_is_never_written_onto_its_own_input(tmp_path: Path) -> None:
    source = tmp_path / "questions.csv"
    source.write_text(CSV, encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(source)
    for output in (source, link, tmp_path / "." / "questions.csv"):
        args = ["import", str(source), "-o", str(output), "--force", "--format", "csv"]
        result = runner.invoke(app, args)
        assert result.exit_code == 1
        assert "is the file being read" in one_line(result.stderr)
        assert source.read_text(encoding="utf-8") == CSV
    bank = tmp_path / "bank.yaml"
    bank.write_text(BANK, encoding="utf-8")
    result = runner.invoke(app, ["export", str(bank), "-o", str(bank), "--force", "-F", "csv"])
    assert result.exit_code == 1
    assert "is the file being read" in one_line(result.stderr)
    assert bank.read_text(encoding="utf-8") == BANK


def test_a_read_only_bank_is_never_replaced(tmp_path: Path) -> None:
    bank = tmp_path / "bank.yaml"
    bank.write_text(BANK, encoding="utf-8")
    bank.chmod(0o444)
    added = runner.invoke(app, ["add", str(bank), "--from-json", "-"], input=QUESTION)
    assert added.exit_code == 1
    assert "read-only" in one_line(added.stderr) and "chmod u+w" in one_line(added.stderr)
    renewed = runner.invoke(app, ["new", str(bank), "--force"])
    assert renewed.exit_code == 1 and "read-only" in one_line(renewed.stderr)
    assert bank.read_text(encoding="utf-8") == BANK
    assert stat.S_IMODE(bank.stat().st_mode) == 0o444
    bank.chmod(0o644)  # once the user allows it, it is written
    assert runner.invoke(app, ["add", str(bank), "--from-json", "-"], input=QUESTION).exit_code == 0


def test_draft_never_writes_onto_its_article_or_a_read_only_file(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    words = "Yulia Peresild played the surgeon. The crew launched from Baikonur in 2021.\n"
    article.write_text(words, encoding="utf-8")
    for output in (article, tmp_path / "." / "article.txt"):
        result = runner.invoke(app, ["draft", str(article), "-o", str(output), "--force"])
        assert result.exit_code == 1, result.output
        assert "is the file being read" in one_line(result.stderr)
    assert article.read_text(encoding="utf-8") == words
    bank = tmp_path / "bank.yaml"
    bank.write_text(BANK, encoding="utf-8")
    bank.chmod(0o444)
    result = runner.invoke(app, ["draft", str(article), "-o", str(bank), "--force"])
    assert result.exit_code == 1, result.output
    assert "read-only" in one_line(result.stderr), result.stderr
    assert bank.read_text(encoding="utf-8") == BANK


@pytest.mark.parametrize("blank_lines", ["\n", "\n\n", "\n\n\n", "\n  \n\n"])
@pytest.mark.parametrize("chomping", ["|+", ">+", "|2+"])
def test_add_keeps_a_last_keep_block_scalars_trailing_blank_lines(
    tmp_path: Path, blank_lines: str, chomping: str
) -> None:
    text = (
        BANK.replace("answer: true\n", "answer: true\n")
        + f"    explanation: {chomping}\n      kept as written\n"
        + blank_lines
    )
    bank = tmp_path / "bank.yaml"
    bank.write_text(text, encoding="utf-8")
    before = yaml.safe_load(text)["questions"][0]
    result = runner.invoke(app, ["add", str(bank), "--from-json", "-"], input=QUESTION)
    assert result.exit_code == 0, result.output
    after = bank.read_text(encoding="utf-8")
    assert after.startswith(text)  # every byte that was there, still there, in its place
    loaded = yaml.safe_load(after)["questions"]
    assert loaded[0] == before
    assert loaded[1]["prompt"] == "Launched from Baikonur?"


# The classroom report, however the game ends --------------------------------------------

CLASSROOM_BANK = Path(__file__).parent / "banks" / "good" / "classroom.yaml"


def _classroom(report: Path, *extra: str) -> list[str]:
    return [
        sys.executable, "-m", "spacequiz", "classroom", "-b", str(CLASSROOM_BANK),
        "--players", "Red,Blue", "--count", "3", "--seed", "1", "--timer", "0",
        "--report", str(report), *extra,
    ]  # fmt: skip


def _played_rows(report: Path) -> list[dict[str, str]]:
    with report.open(newline="", encoding="utf-8") as file:
        return [row for row in csv.DictReader(file) if row["answer_given"]]


@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGHUP"])
def test_a_plain_classroom_writes_its_report_when_signalled(
    tmp_path: Path, signal_name: str
) -> None:
    report = tmp_path / "class.csv"
    game = subprocess.Popen(
        [*_classroom(report), "--plain"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert game.stdin is not None and game.stdout is not None
    game.stdin.write("A\n")  # Red answers the first question
    game.stdin.flush()
    stuck = threading.Timer(60, game.kill)  # a line never seen fails the test, not the run
    stuck.start()
    for line in game.stdout:
        if "Red has answered" in line or "Blue's turn" in line or "Enter for next" in line:
            break
    stuck.cancel()
    game.send_signal(getattr(signal, signal_name))
    out, err = game.communicate(timeout=60)
    assert game.returncode == 130, err
    assert "Traceback" not in err
    assert report.exists(), out + err
    played = _played_rows(report)
    assert [(row["team"], row["question_number"]) for row in played] == [("Red", "1")]


def test_the_projector_view_writes_its_report_when_the_terminal_hangs_up(tmp_path: Path) -> None:
    report = tmp_path / "class.json"
    child = pexpect.spawn(
        _classroom(report)[0],
        [*_classroom(report)[1:], "--preview", "0"],
        env={**os.environ, "TERM": "xterm-256color"},
        encoding="utf-8",
        timeout=60,
        dimensions=(30, 100),
    )
    child.expect("Press Enter to start")  # the lobby, then the 3-2-1
    child.send("\r")
    child.expect("Red's turn")
    child.send("A")
    child.expect("Red has answered")
    child.kill(signal.SIGHUP)
    child.expect(pexpect.EOF)
    child.close()
    data = json.loads(report.read_text(encoding="utf-8"))
    assert [(a["team"], a["round"]) for a in data["answers"]] == [("Red", 1)]
    assert data["finished"] is False


def test_a_crash_while_reading_an_answer_still_writes_the_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from spacequiz.ui.classroom_control import Controller

    taken = Controller.enter_answer
    answers = []

    def enter(self: Controller, text: str) -> bool:
        answers.append(text)
        if len(answers) == 2:
            raise RuntimeError("the answer line broke")
        return taken(self, text)

    monkeypatch.setattr(Controller, "enter_answer", enter)
    report = tmp_path / "class.csv"
    result = runner.invoke(app, [*_classroom(report)[3:], "--plain"], input="A\nB\n")
    assert result.exit_code == 1
    assert "error: RuntimeError: the answer line broke" in result.stderr
    assert [row["team"] for row in _played_rows(report)] == ["Red"]


# The history while it cannot be written -------------------------------------------------


def _outcome(qid: str, given: str = "x") -> Any:
    from spacequiz.core.engine import Outcome

    return Outcome(
        question_id=qid, prompt=f"{qid}?", difficulty="easy", tags=(), given=given,
        correct=True, credit=1.0, points=100, streak=1, seconds=1.0, hint_used=False,
        timed_out=False, answer="x",
    )  # fmt: skip


def _saved(home: Path) -> list[tuple[int, str, int]]:
    with sqlite3.connect(home / "history.sqlite3") as db:
        return list(
            db.execute(
                "SELECT a.position, a.question_id, s.finished FROM answers a"
                " JOIN sessions s ON s.id = a.session_id ORDER BY a.id"
            )
        )


@pytest.fixture
def quick_waits(monkeypatch: pytest.MonkeyPatch) -> None:
    from spacequiz.storage import history as storage

    monkeypatch.setattr(storage, "BUSY_TIMEOUT_SECONDS", 1.0)
    monkeypatch.setattr(storage, "WAIT_NOTICE_SECONDS", 0.2)


@pytest.mark.usefixtures("quick_waits")
def test_answers_kept_through_a_lock_time_out_are_saved_when_it_lifts(_isolated_home: Path) -> None:
    from spacequiz.bank.load import parse_bank
    from spacequiz.cli.recording import Recorder

    said: list[str] = []
    recorder = Recorder("Ann", said.append)
    recorder.start(parse_bank(BANK).bank, None, 1, 4)
    recorder.on_outcome(_outcome("q1"))
    other = sqlite3.connect(_isolated_home / "history.sqlite3", isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another program holds the write lock past the wait
    recorder.on_outcome(_outcome("q2"))
    recorder.on_outcome(_outcome("q3"))
    assert said[0].startswith("Waiting for the history database")
    assert "database is locked" in said[1] and "kept, and saved as soon as" in said[1]
    assert len(said) == 2  # one notice per outage, not one per answer
    other.execute("ROLLBACK")
    other.close()
    recorder.on_outcome(_outcome("q4"))
    recorder.finish(finished=True)
    assert said[-1] == "The history can be written again: every answer so far is saved."
    assert _saved(_isolated_home) == [(1, "q1", 1), (2, "q2", 1), (3, "q3", 1), (4, "q4", 1)]


def test_answers_kept_while_the_disk_is_full_are_saved_when_there_is_room(
    _isolated_home: Path,
) -> None:
    from spacequiz.bank.load import parse_bank
    from spacequiz.cli.recording import Recorder

    said: list[str] = []
    recorder = Recorder("Ann", said.append)
    recorder.start(parse_bank(BANK).bank, None, 1, 3)
    recorder.on_outcome(_outcome("q1"))
    assert recorder.store is not None
    db = recorder.store.connection
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages}")  # the disk is full: no page more
    recorder.on_outcome(_outcome("q2", "x" * 50_000))
    assert "database or disk is full" in said[0]
    db.execute("PRAGMA max_page_count = 1073741823")  # room again
    recorder.on_outcome(_outcome("q3"))
    recorder.finish(finished=True)
    assert [row[:2] for row in _saved(_isolated_home)] == [(1, "q1"), (2, "q2"), (3, "q3")]
    assert said[-1].startswith("The history can be written again")


def test_a_game_says_why_it_waits_for_the_history(_isolated_home: Path, tmp_path: Path) -> None:
    """Another program holds the lock for a moment: the player is told, then it goes on."""
    from spacequiz.storage.history import Store

    Store.open().close()
    bank = tmp_path / "bank.yaml"
    bank.write_text(BANK, encoding="utf-8")
    other = sqlite3.connect(_isolated_home / "history.sqlite3", isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    game = subprocess.Popen(
        [sys.executable, "-m", "spacequiz", "play", "--plain", "-b", str(bank), "--name", "Ann"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert game.stderr is not None and game.stdin is not None
    game.stdin.write("1\n")  # the history is first written with the first answer
    game.stdin.flush()
    stuck = threading.Timer(60, game.kill)  # a message never said fails the test, not the run
    stuck.start()
    first = game.stderr.readline()  # blocks until the game says something on stderr
    stuck.cancel()
    other.execute("ROLLBACK")
    other.close()
    out, err = game.communicate(timeout=60)
    assert game.returncode == 0, err
    assert first.startswith("Waiting for the history database: another program is writing")
    assert "not saved" not in err and "kept" not in err
    assert [row[1] for row in _saved(_isolated_home)] == ["one"]


@pytest.mark.usefixtures("quick_waits")
def test_the_live_hosts_history_keeps_answers_through_a_lock(_isolated_home: Path) -> None:
    from spacequiz.bank.load import parse_bank
    from spacequiz.cli.live_history import LiveHistory, _Answer
    from spacequiz.core.engine import Filters
    from spacequiz.storage.history import Store, now_iso

    Store.open().close()
    said: list[str] = []
    other = sqlite3.connect(_isolated_home / "history.sqlite3", isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    history = LiveHistory(parse_bank(BANK).bank, Filters(), 1, 2, said.append, stamp=now_iso)
    history.jobs.put(_Answer("token-ann", "Ann", 1, _outcome("q1"), now_iso()))
    history.jobs.put(_Answer("token-bo", "Bo", 1, _outcome("q1"), now_iso()))
    give_up = time.monotonic() + 60
    while not any("kept, and saved as soon as" in line for line in said):
        assert time.monotonic() < give_up, said
        history.thread.join(0.05)
    other.execute("ROLLBACK")
    other.close()
    history.jobs.put(_Answer("token-ann", "Ann", 2, _outcome("q2"), now_iso()))
    history.close(finished=True)
    assert sorted(_saved(_isolated_home)) == [(1, "q1", 1), (1, "q1", 1), (2, "q2", 1)]
    assert said[-1] == "The history can be written again: every answer so far is saved."
    assert not history.broken
    with Store.open() as store:
        (game,) = store.sessions()
    assert [p.name for p in game.participants] == ["Ann", "Bo"]  # one game, two players


def test_a_classroom_game_is_saved_when_a_lock_lifts_in_time(
    _isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Saved at the end: past one wait, the answers are kept for one more patient try."""
    from spacequiz.storage import history as storage

    monkeypatch.setattr(storage, "BUSY_TIMEOUT_SECONDS", 3.0)
    monkeypatch.setattr(storage, "WAIT_NOTICE_SECONDS", 0.2)
    storage.Store.open().close()
    other = sqlite3.connect(
        _isolated_home / "history.sqlite3", isolation_level=None, check_same_thread=False
    )
    other.execute("BEGIN EXCLUSIVE")

    def lift() -> None:
        other.execute("ROLLBACK")
        other.close()

    lifted = threading.Timer(4.0, lift)
    lifted.start()
    try:
        result = runner.invoke(
            app,
            ["classroom", "-b", str(CLASSROOM_BANK), "--players", "Red,Blue", "--count", "1",
             "--seed", "1", "--timer", "0", "--plain"],
            input="D\nr\n\n\n",
        )  # fmt: skip
    finally:
        lifted.join()
    said = one_line(result.output)
    assert "Waiting for the history database" in said
    assert "kept, and saved as soon as the history can be written" in said
    assert "The history can be written again" in said
    assert "not saved" not in said
    with storage.Store.open() as store:
        (game,) = store.sessions(with_answers=True)
    assert game.mode == "classroom"
    assert [(p.name, len(p.answers)) for p in game.participants] == [("Red", 1), ("Blue", 0)]


# Reading a history that may not be written ----------------------------------------------


def _play_once(bank: Path, name: str = "Ann") -> None:
    result = runner.invoke(
        app, ["play", "--plain", "-b", str(bank), "--name", name, "--seed", "1"], input="1\n"
    )
    assert result.exit_code == 0, result.output
    assert "not saved" not in result.stderr


def _files(home: Path) -> set[str]:
    return {p.name for p in home.iterdir()}


READERS = (["scores", "--json"], ["history", "--json"], ["stats", "--json"], ["history"])


@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_read_only_history_is_read_without_leaving_wal_files(
    _isolated_home: Path, tmp_path: Path, what: str
) -> None:
    bank = tmp_path / "bank.yaml"
    bank.write_text(BANK, encoding="utf-8")
    _play_once(bank)
    database = _isolated_home / "history.sqlite3"
    assert _files(_isolated_home) == {"history.sqlite3"}
    locked = database if what == "file" else _isolated_home
    mode = stat.S_IMODE(locked.stat().st_mode)
    locked.chmod(0o444 if what == "file" else 0o555)
    try:
        for command in READERS:
            result = runner.invoke(app, command)
            assert result.exit_code == 0, (command, result.output)
            assert "Ann" in result.stdout or command[0] == "stats", command
        review = runner.invoke(app, ["review", "-b", str(bank), "--json", "--name", "Ann"])
        assert review.exit_code == 0, review.output
        assert _files(_isolated_home) == {"history.sqlite3"}  # no -wal, no -shm
    finally:
        locked.chmod(mode)
    _play_once(bank, "Bo")  # writable again: the next game is saved
    players = {r["player"] for r in json.loads(runner.invoke(app, ["scores", "--json"]).stdout)}
    assert players == {"Ann", "Bo"}


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
def test_root_reading_someone_elses_history_leaves_no_files_of_its_own(
    _isolated_home: Path, tmp_path: Path
) -> None:
    bank = tmp_path / "bank.yaml"
    bank.write_text(BANK, encoding="utf-8")
    _play_once(bank)
    database = _isolated_home / "history.sqlite3"
    os.chown(database, 65534, 65534)
    os.chown(_isolated_home, 65534, 65534)
    for command in READERS:
        assert runner.invoke(app, command).exit_code == 0, command
    assert _files(_isolated_home) == {"history.sqlite3"}


def test_answers_still_in_the_write_ahead_log_are_read_from_a_read_only_file(
    _isolated_home: Path, tmp_path: Path
) -> None:
    from spacequiz.storage.history import Store

    bank = tmp_path / "bank.yaml"
    bank.write_text(BANK, encoding="utf-8")
    _play_once(bank)
    writer = Store.open()  # another game still playing: its answers wait in the -wal
    try:
        writer.connection.execute("PRAGMA wal_autocheckpoint = 0")
        writer.start_session(player="Cy", bank_title="Mine", bank_fingerprint="f" * 16)
        database = _isolated_home / "history.sqlite3"
        database.chmod(0o444)
        games = json.loads(runner.invoke(app, ["history", "--json"]).stdout)
        assert [g["player"] for g in games] == ["Ann", "Cy"]
        database.chmod(0o644)
    finally:
        writer.close()
