"""How fast `spacequiz scores`, `history` and `stats` answer on a big history.

Builds a throwaway database of 100,000 answers (10,000 games by 30 players) in a temporary
SPACEQUIZ_HOME, then times each command as a fresh process against `python -c pass` in the
same run, and prints the ratios. Aim: under 3x the bare interpreter start. `stats` reads
every answer for its item analysis (each player's other marks are part of it), so it grows
with the history; it is timed for scale.

    python benchmarks/history.py [--answers 100000] [--repeat 7]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from spacequiz.storage.history import Store, database_path  # noqa: E402

PER_GAME = 10


def build(home: Path, answers: int, rng: random.Random) -> None:
    """Fill the history quickly: one transaction, the same columns the game writes."""
    with Store.open(database_path(home)) as store:
        db = store.connection
        db.execute("BEGIN")
        start = datetime(2025, 1, 1, tzinfo=UTC)
        for game in range(answers // PER_GAME):
            at = (start + timedelta(minutes=17 * game)).isoformat(timespec="seconds")
            cursor = db.execute(
                "INSERT INTO sessions (player, started_at, ended_at, bank_title,"
                " bank_fingerprint, filters, seed, planned, finished, mode)"
                " VALUES (?, ?, ?, 'Space', 'f', '', ?, ?, 1, 'play')",
                (f"pupil-{rng.randrange(30)}", at, at, game, PER_GAME),
            )
            sid = cursor.lastrowid
            rows = []
            for position in range(1, PER_GAME + 1):
                right = rng.random() < 0.7
                rows.append(
                    (sid, position, f"q{rng.randrange(60)}", "x", right, float(right))
                    + (200 * right, rng.uniform(1, 20), 0, at)
                )
            db.executemany(
                "INSERT INTO answers (session_id, position, question_id, given, correct, credit,"
                " points, seconds, hint_used, answered_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                rows,
            )
            db.execute(
                "UPDATE sessions SET score = (SELECT sum(points) FROM answers"
                " WHERE session_id = ?), seconds = 1 WHERE id = ?",
                (sid, sid),
            )
        db.execute("COMMIT")


def timed(command: list[str], env: dict[str, str], repeat: int) -> float:
    """The median wall time of `repeat` runs (after one warm-up), in seconds."""
    subprocess.run(command, env=env, check=True, capture_output=True)
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        subprocess.run(command, env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        began = time.perf_counter()
        build(home, args.answers, random.Random(1))
        print(f"built {args.answers:,} answers in {time.perf_counter() - began:.1f} s")
        env = dict(os.environ, SPACEQUIZ_HOME=str(home), PYTHONPATH=str(ROOT), COLUMNS="100")
        bare = timed([sys.executable, "-c", "pass"], env, args.repeat)
        print(f"{'python -c pass':<36} {bare * 1000:7.1f} ms   1.00x")
        # For scale: the CLI framework alone (--version stops before options are parsed).
        for label, command in (
            ("import typer", ["-c", "import typer"]),
            ("spacequiz --version", ["-m", "spacequiz", "--version"]),
        ):
            took = timed([sys.executable, *command], env, args.repeat)
            print(f"{label:<36} {took * 1000:7.1f} ms   {took / bare:.2f}x")
        for words in (
            ["scores"],
            ["history"],
            ["history", "--player", "pupil-3"],
            ["stats"],
            ["stats", "--json"],
        ):
            took = timed([sys.executable, "-m", "spacequiz", *words], env, args.repeat)
            label = "spacequiz " + " ".join(words)
            print(f"{label:<36} {took * 1000:7.1f} ms   {took / bare:.2f}x")
        leaks = subprocess.run(
            [sys.executable, "-c", _IMPORTS],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.splitlines()[-1]
        print(f"heavy modules imported by scores/history: {leaks or 'none'}")


# Runs `scores` and `history` in one process and lists any heavy module they pulled in.
_IMPORTS = """
import sys
from spacequiz.cli.app import app
for words in (["scores"], ["history"]):
    try:
        app(words, standalone_mode=False)
    except SystemExit:
        pass
heavy = ("questionary", "prompt_toolkit", "yaml", "fsrs", "rapidfuzz")
print()
print(" ".join(m for m in heavy if m in sys.modules))
"""

if __name__ == "__main__":
    main()
