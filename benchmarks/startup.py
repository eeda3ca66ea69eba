"""Start-up, timed from process start in a pseudo-terminal, each against its yardstick in the
same run:

- `spacequiz play`: the first question on screen (its panel drawn whole), and its answers
  ready to pick, against an eager import of typer, rich, questionary and PyYAML;
- `spacequiz --help` against the same eager import;
- `spacequiz --version` against a bare `python -c pass`.

    python benchmarks/startup.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time

import pexpect

EAGER = "import typer, rich, questionary, yaml"
QUESTION = r"Question 1 of \d+[^╰]*╰"  # the question's panel, down to its bottom border
ANSWERS = r"1-\d or ↑/↓|Space or 1-\d|Type (your answer|a number)"  # the prompt's keys


def to_text(argv: list[str], text: str | None, home: str) -> float:
    """Seconds from spawning argv in a pty until `text` appears (or it exits)."""
    start = time.perf_counter()
    child = pexpect.spawn(
        argv[0],
        argv[1:],
        encoding="utf-8",
        timeout=60,
        dimensions=(40, 100),
        env={"TERM": "xterm-256color", "PATH": "", "SPACEQUIZ_HOME": home},
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
    play = [py, "-m", "spacequiz", "play", "--seed", "1"]
    cases: dict[str, tuple[list[str], str | None]] = {
        "python -c pass": ([py, "-c", "pass"], None),
        "eager import": ([py, "-c", EAGER], None),
        "play: first question on screen": (play, QUESTION),
        "play: its answers ready": (play, ANSWERS),
        "--help": ([py, "-m", "spacequiz", "--help"], None),
        "--version": ([py, "-m", "spacequiz", "--version"], None),
    }
    times: dict[str, list[float]] = {name: [] for name in cases}
    with tempfile.TemporaryDirectory() as home:
        for argv, text in cases.values():  # warm the file cache
            to_text(argv, text, home)
        for _ in range(args.repeat):  # interleaved, so a busy moment hits every case alike
            for name, (argv, text) in cases.items():
                times[name].append(to_text(argv, text, home))
        assert not os.listdir(home), "nothing is written before the first answer"
    median = {name: statistics.median(t) for name, t in times.items()}
    bare, eager = median["python -c pass"], median["eager import"]
    print(f"median of {args.repeat} runs each, from process start in a pseudo-terminal")
    print(f"python -c pass: {bare * 1000:.0f} ms")
    print(f"eager import ({EAGER}): {eager * 1000:.0f} ms")
    for name, against, label in (
        ("play: first question on screen", eager, "the eager import"),
        ("play: its answers ready", eager, "the eager import"),
        ("--help", eager, "the eager import"),
        ("--version", bare, "python -c pass"),
    ):
        print(f"{name}: {median[name] * 1000:.0f} ms, {median[name] / against:.2f}x {label}")


if __name__ == "__main__":
    main()
