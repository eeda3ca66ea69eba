"""Time from starting `spacequiz play` in a pseudo-terminal to the first question on screen,
and `spacequiz --help` / `--version` to exit, each against `python -c pass` in the same run.

    python benchmarks/startup.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

import pexpect


def to_text(argv: list[str], text: str | None) -> float:
    """Seconds from spawning argv in a pty until `text` appears (or it exits)."""
    start = time.perf_counter()
    child = pexpect.spawn(
        argv[0],
        argv[1:],
        encoding="utf-8",
        timeout=60,
        dimensions=(40, 100),
        env={"TERM": "xterm-256color", "PATH": ""},
    )
    child.expect(text if text else pexpect.EOF)
    elapsed = time.perf_counter() - start
    child.terminate(force=True)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    py = sys.executable
    cases = {
        "play: first question on screen": (
            [py, "-m", "spacequiz", "play", "--seed", "1"],
            "Your answer:|True or false|Select all|Item 1",
        ),
        "--help": ([py, "-m", "spacequiz", "--help"], None),
        "--version": ([py, "-m", "spacequiz", "--version"], None),
    }
    baseline: list[float] = []
    measured: dict[str, list[float]] = {name: [] for name in cases}
    for argv, text in cases.values():  # warm the file cache
        to_text(argv, text)
    for _ in range(args.repeat):
        baseline.append(to_text([py, "-c", "pass"], None))
        for name, (argv, text) in cases.items():
            measured[name].append(to_text(argv, text))
    base = statistics.median(baseline)
    print(f"python -c pass: {base * 1000:.0f} ms median over {args.repeat} runs")
    for name, times in measured.items():
        median = statistics.median(times)
        print(f"{name}: {median * 1000:.0f} ms median, {median / base:.1f}x python -c pass")


if __name__ == "__main__":
    main()
