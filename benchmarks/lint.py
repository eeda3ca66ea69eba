"""`spacequiz lint` against `spacequiz validate` on generated banks of growing size.

Validation reads and checks each question once, so it grows with the bank; the linter also
relates questions to each other (answers shown elsewhere, near-repeated prompts, wrong
choices a typo away from a text answer). The ratio shows whether lint keeps pace with
validate as the bank grows: a linear linter keeps about the same ratio at every size.

    python benchmarks/lint.py [--sizes 300 1000 3000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from spacequiz.bank.lint import lint_paths
from spacequiz.bank.load import load_banks

SYLLABLES = "ka lo mi ra zu ven tor sel pa dri nox qua bel fin gor ush".split()


def make_bank(count: int, seed: int = 0) -> str:
    """Questions of made-up words; a few leak an answer, repeat a prompt or near-miss."""
    rng = random.Random(seed)

    def word() -> str:
        return "".join(rng.choices(SYLLABLES, k=rng.randint(2, 3)))

    vocabulary = [word() for _ in range(4000)]
    names = [f"{word().title()} {word().title()}" for _ in range(count)]
    parts = ["version: 1\ntitle: Lint benchmark\nquestions:\n"]
    prompts: list[str] = []
    for i in range(count):
        said = rng.choices(vocabulary, k=rng.randint(7, 14))
        if rng.random() < 0.02:
            said.append(rng.choice(names))  # shows another question's answer
        prompt = "Which " + " ".join(said) + "?"
        if prompts and rng.random() < 0.01:
            prompt = rng.choice(prompts).replace("?", " again?")  # a near-repeat
        prompts.append(prompt)
        parts.append(f"  - id: q{i}\n    prompt: {prompt}\n")
        answer = names[i]
        wrong = [n for n in dict.fromkeys(rng.sample(names, 3)) if n != answer]
        match i % 5:
            case 0:
                choices = [answer, *wrong]
                rng.shuffle(choices)
                parts.append(
                    f"    type: choice\n    choices: [{', '.join(choices)}]\n    answer: {answer}\n"
                )
            case 1:
                parts.append(f"    type: text\n    answer: {answer}\n")
            case 2:
                parts.append(f"    type: number\n    answer: {rng.randint(1, 5000)}\n")
            case 3:
                parts.append("    type: truefalse\n    answer: true\n")
            case _:
                choices = list(dict.fromkeys([answer, answer[:-1] + "x", *wrong]))  # a slip
                parts.append(
                    f"    type: multi\n    choices: [{', '.join(choices)}]\n"
                    f"    answer: [{answer}]\n"
                )
        parts.append(f"    hint: {rng.choice(vocabulary)} {rng.choice(vocabulary)}\n")
    return "".join(parts)


def timed(action: Callable[[list[Path]], object], path: Path) -> float:
    start = time.perf_counter()
    action([path])
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[300, 1000, 3000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            path = Path(folder) / f"bank-{size}.yaml"
            path.write_text(make_bank(size), encoding="utf-8")
            findings = len(lint_paths([path]))  # warm-up, and what it finds
            lint_times, validate_times = [], []
            for _ in range(args.repeat):  # interleaved, so drift hits both alike
                lint_times.append(timed(lint_paths, path))
                validate_times.append(timed(load_banks, path))
            ratios = [a / b for a, b in zip(lint_times, validate_times, strict=True)]
            print(
                f"{size:5} questions: lint {statistics.median(lint_times):6.2f} s "
                f"({findings} findings) vs validate {statistics.median(validate_times):5.2f} s; "
                f"ratio median {statistics.median(ratios):.1f}x "
                f"(min {min(ratios):.1f}x, max {max(ratios):.1f}x)"
            )


if __name__ == "__main__":
    main()
