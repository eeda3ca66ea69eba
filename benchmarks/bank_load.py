"""Loading a 10,000-question bank: our loader (full validation, line numbers) vs bare C YAML.

Also `spacequiz --help` against `python -c pass`. Both pairs are measured in this one run,
so the ratios hold however fast the machine is today.

    python benchmarks/bank_load.py [--questions 10000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from spacequiz.bank.load import load_banks

KINDS = [
    "    type: choice\n    choices: [Baikonur {i}, Plesetsk, Vostochny, Kapustin Yar]\n"
    "    answer: Baikonur {i}\n",
    "    type: multi\n    choices: [Peresild, Shipenko, Dubrov {i}]\n"
    "    answer: [Peresild, Shipenko]\n",
    "    type: truefalse\n    answer: true\n",
    "    type: text\n    answer: Shkaplerov\n    accept: [Anton Shkaplerov]\n",
    "    type: number\n    answer: 3000\n    tolerance: 500\n    unit: applicants\n",
    "    type: order\n    items: [Launch {i}, Docking, Filming, Landing]\n",
]


def make_bank(count: int) -> str:
    parts = ["version: 1\ntitle: Benchmark bank\nquestions:\n"]
    for i in range(count):
        parts.append(
            f"  - id: q{i}\n    prompt: Question number {i} about the film?\n"
            + KINDS[i % len(KINDS)].format(i=i)
            + "    explanation: One or two sentences of explanation.\n"
            f"    difficulty: {('easy', 'medium', 'hard')[i % 3]}\n"
            "    tags: [people, mission]\n"
        )
    return "".join(parts)


def timed(action: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def report(name: str, ours: list[float], base: list[float], base_name: str) -> None:
    ratios = [a / b for a, b in zip(ours, base, strict=True)]
    print(
        f"{name}: {statistics.median(ours) * 1000:.0f} ms median vs {base_name} "
        f"{statistics.median(base) * 1000:.0f} ms; ratio median {statistics.median(ratios):.2f}x "
        f"(min {min(ratios):.2f}x, max {max(ratios):.2f}x)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bank.yaml"
        path.write_text(make_bank(args.questions), encoding="utf-8")
        print(f"bank: {args.questions} questions, {path.stat().st_size / 1e6:.1f} MB")
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        ours, bare = [], []
        load_banks([path])  # warm-up
        for _ in range(args.repeat):  # interleaved, so drift hits both alike
            ours += timed(lambda: load_banks([path]), 1)
            bare += timed(lambda: yaml.load(path.read_text("utf-8"), Loader=loader), 1)
        report("load + validate", ours, bare, f"bare yaml.load({loader.__name__})")

    def run(*argv: str) -> Callable[[], object]:
        return lambda: subprocess.run(argv, check=True, capture_output=True)

    help_times, bare_times = [], []
    run(sys.executable, "-m", "spacequiz", "--help")()
    for _ in range(args.repeat):
        help_times += timed(run(sys.executable, "-m", "spacequiz", "--help"), 1)
        bare_times += timed(run(sys.executable, "-c", "pass"), 1)
    report("spacequiz --help", help_times, bare_times, "python -c pass")


if __name__ == "__main__":
    main()
