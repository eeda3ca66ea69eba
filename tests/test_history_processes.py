"""Real processes against one database: a killed game, a classroom finishing at once."""

from __future__ import annotations

import os
import select
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 60.0


def environment(home: Path) -> dict[str, str]:
    env = dict(os.environ, SPACEQUIZ_HOME=str(home), PYTHONPATH=str(ROOT), NO_COLOR="1")
    env.pop("PYTHONWARNINGS", None)
    return env


def read_until(process: subprocess.Popen[bytes], text: bytes, timeout: float = TIMEOUT) -> bytes:
    """Read the process's output until `text` appears (or fail after a generous timeout)."""
    assert process.stdout is not None
    fd = process.stdout.fileno()
    seen = b""
    deadline = time.monotonic() + timeout
    while text not in seen:
        left = deadline - time.monotonic()
        if left <= 0:
            pytest.fail(f"waited {timeout} s for {text!r}; got {seen[-500:]!r}")
        if select.select([fd], [], [], left)[0]:
            chunk = os.read(fd, 65536)
            if not chunk:
                pytest.fail(f"output ended before {text!r}; got {seen[-500:]!r}")
            seen += chunk
    return seen


def test_a_killed_game_keeps_the_answers_already_given(_isolated_home: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "spacequiz", "play", "--plain", "--type", "choice"]
        + ["--count", "5", "--seed", "7", "--name", "kid"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=environment(_isolated_home),
    )
    assert process.stdin is not None
    try:
        read_until(process, b"Question 1 of 5")
        process.stdin.write(b"1\n2\n")
        process.stdin.flush()  # the pipe stays open: the game waits for question 3
        read_until(process, b"Question 3 of 5")
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=TIMEOUT)
    finally:
        if process.poll() is None:
            process.kill()
        process.stdin.close()
        assert process.stdout is not None
        process.stdout.close()
    assert process.returncode == -signal.SIGKILL

    db = sqlite3.connect(_isolated_home / "history.sqlite3")
    sessions = db.execute("SELECT player, finished, planned FROM sessions").fetchall()
    assert sessions == [("kid", 0, 5)]
    positions = db.execute("SELECT position FROM answers ORDER BY position").fetchall()
    assert positions == [(1,), (2,)]
    db.close()


WRITER = textwrap.dedent(
    """
    import sys, time
    from spacequiz.core.engine import Outcome
    from spacequiz.storage.history import Store

    worker, start_at = int(sys.argv[1]), float(sys.argv[2])
    while time.time() < start_at:  # all workers open the (absent) database at once
        pass
    with Store.open() as store:
        sid = store.start_session(
            player=f"pupil-{worker}", bank_title="Space", bank_fingerprint="f", planned=200
        )
        for i in range(200):
            right = i % 3 != 0
            outcome = Outcome(
                f"q{i % 20}", "Q?", "easy", (), "x", right, float(right), 100 * right, 1, 2.0,
                False, False, "x",
            )
            store.record_answer(sid, i + 1, outcome)
        store.finish_session(sid, finished=True)
    """
)


def test_eight_games_writing_at_once_from_an_empty_folder_lose_nothing(
    _isolated_home: Path,
) -> None:
    assert not _isolated_home.exists()
    start_at = time.time() + 1.5  # time for all eight interpreters to start
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(n), repr(start_at)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=environment(_isolated_home),
        )
        for n in range(8)
    ]
    results = [w.communicate(timeout=TIMEOUT) for w in workers]
    for worker, (out, err) in zip(workers, results, strict=True):
        assert worker.returncode == 0, err.decode()
        assert out == b""
        assert err == b"", err.decode()

    db = sqlite3.connect(_isolated_home / "history.sqlite3")
    assert db.execute("SELECT count(*) FROM answers").fetchone()[0] == 1600
    assert db.execute("SELECT count(*), sum(finished) FROM sessions").fetchone() == (8, 8)
    assert db.execute(
        "SELECT min(c), max(c) FROM (SELECT count(*) c FROM answers GROUP BY session_id)"
    ).fetchone() == (200, 200)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()


def test_a_killed_interactive_game_keeps_its_answers(_isolated_home: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    env = environment(_isolated_home) | {"TERM": "xterm", "COLUMNS": "100", "LINES": "40"}
    child = pexpect.spawn(
        sys.executable,
        ["-m", "spacequiz", "play", "--type", "truefalse", "--count", "3", "--name", "kid"],
        env=env,
        timeout=TIMEOUT,
        dimensions=(40, 100),
    )
    try:
        for number in (1, 2):
            child.expect(f"Question {number} of 3")
            child.expect("True")  # the choices are drawn: the prompt is ready for keys
            child.send("\r")
            child.expect("Press Enter for the next question")
            child.send("\r")
        child.expect("Question 3 of 3")
        child.kill(signal.SIGKILL)
        child.wait()
    finally:
        if child.isalive():
            child.terminate(force=True)
    db = sqlite3.connect(_isolated_home / "history.sqlite3")
    assert db.execute("SELECT player, finished FROM sessions").fetchall() == [("kid", 0)]
    assert db.execute("SELECT count(*) FROM answers").fetchone()[0] == 2
    db.close()
