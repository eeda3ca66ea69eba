"""Importing a 10,000-question GIFT file, against loading the same questions from bank YAML.

Both sides run in this process on the same questions (every type GIFT carries, built from
the shipped bank), so the ratios hold on any machine. Run: python benchmarks/gift_import.py
"""

from __future__ import annotations

import argparse
import dataclasses
import time
from collections.abc import Callable

from spacequiz.bank.load import load_banks, parse_bank
from spacequiz.bank.write import bank_text
from spacequiz.core.model import OrderQuestion, Question, TextQuestion
from spacequiz.formats import gift
from spacequiz.formats.yamlout import checked_bank


def questions(count: int) -> list[Question]:
    """`count` questions cycled from the shipped bank (order questions left out), ids unique.

    GIFT has no place for a question's family or a text question's rejected answers, so
    the sample has none either.
    """
    base = [
        dataclasses.replace(
            q, family=None, **({"reject": ()} if isinstance(q, TextQuestion) else {})
        )
        for q in load_banks().questions
        if not isinstance(q, OrderQuestion)
    ]
    return [
        dataclasses.replace(base[i % len(base)], id=f"{base[i % len(base)].id}-{i}")
        for i in range(count)
    ]


def best(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    sample = questions(args.count)
    gift_text = gift.write(sample).text
    yaml_text = bank_text("Benchmark", sample)
    imported = gift.read(gift_text)
    assert imported.questions == tuple(sample), "the GIFT round trip must be exact"

    read_gift = best(lambda: gift.read(gift_text), args.repeat)
    full_import = best(lambda: checked_bank("Benchmark", gift.read(gift_text).entries), args.repeat)
    load_yaml = best(lambda: parse_bank(yaml_text), args.repeat)

    print(
        f"{args.count} questions; GIFT {len(gift_text) / 1e6:.1f} MB, "
        f"YAML {len(yaml_text) / 1e6:.1f} MB; best of {args.repeat} runs"
    )
    print(f"  load the YAML bank (parse_bank):        {load_yaml * 1000:8.0f} ms   1.00x")
    print(
        f"  parse the GIFT file (gift.read):         {read_gift * 1000:8.0f} ms   "
        f"{read_gift / load_yaml:.2f}x"
    )
    print(
        f"  whole import (read, write YAML, check):  {full_import * 1000:8.0f} ms   "
        f"{full_import / load_yaml:.2f}x"
    )


if __name__ == "__main__":
    main()
