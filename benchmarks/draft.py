"""`spacequiz draft` on generated articles of 25, 100 and 400 KB, against splitting them.

The baseline is reading the article into sentences (Markdown read, pysbd's splitting), the
least drafting has to do; the ratio shows what finding facts and drafting questions cost on
top. Drafting that grows with the article keeps about the same ratio at every size.

    python benchmarks/draft.py [--sizes 25 100 400] [--repeat 3]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable

from spacequiz.core.draft.questions import draft_questions
from spacequiz.core.draft.sentences import read_article

FIRST = "Marta Jonas Ilse Tomas Greta Pavel Lena Oskar Vera Emil Nadia Hugo Sofia Arne".split()
LAST = "Kowal Brandt Lindqvist Okafor Moreau Haugen Salas Varga Quint Dahl Ramos Ito".split()
PORTS = "Tromso Valparaiso Kotka Dunedin Bergen Tartu Ushuaia Hilo Nome Aalborg Cork".split()
GROUPS = ["Northern Survey Institute", "Harbour Research Agency", "Deep Water Foundation"]
SHIPS = ["RV Tern", "RV Petrel", "MV Kestrel"]
MONTHS = "January March April May June August October November December".split()


def make_article(kilobytes: int, seed: int = 0) -> str:
    """A made-up log of sea-floor surveys, its people, places and figures varied."""
    rng = random.Random(seed)
    parts = ["# Survey log\n\n"]
    size = 0
    while size < kilobytes * 1024:
        lead = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        diver = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        year = rng.randint(1950, 2020)
        paragraph = (
            f"On {rng.randint(1, 28)} {rng.choice(MONTHS)} {year}, the survey leader {lead} "
            f"left {rng.choice(PORTS)} aboard the {rng.choice(SHIPS)} with "
            f"{rng.randint(12, 90)} crew. The {rng.randint(30, 60)}-year-old diver {diver} "
            f"joined for the {rng.choice(GROUPS)}. Over {rng.randint(2, 9)} weeks the team "
            f"mapped about {rng.randint(100, 5000):,} square kilometres of seabed near "
            f"{rng.choice(PORTS)}. {lead.split()[1]} said the survey found "
            f"{rng.randint(3, 40)} wrecks that no chart had shown. In "
            f"{year + rng.randint(1, 5)}, {diver} and {lead} published the charts.\n\n"
        )
        parts.append(paragraph)
        size += len(paragraph)
    return "".join(parts)


def timed(action: Callable[[str], object], text: str) -> float:
    start = time.perf_counter()
    action(text)
    return time.perf_counter() - start


def draft(text: str) -> object:
    return draft_questions(text, "survey.txt")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[25, 100, 400])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    for kilobytes in args.sizes:
        text = make_article(kilobytes)
        drafts, splits = [], []
        for _ in range(args.repeat):  # interleaved, so drift hits both alike
            drafts.append(timed(draft, text))
            splits.append(timed(read_article, text))
        ratios = [a / b for a, b in zip(drafts, splits, strict=True)]
        print(
            f"{kilobytes:4} KB: draft {statistics.median(drafts):6.2f} s vs reading into "
            f"sentences {statistics.median(splits):5.2f} s; ratio median "
            f"{statistics.median(ratios):.1f}x (min {min(ratios):.1f}x, max {max(ratios):.1f}x)"
        )


if __name__ == "__main__":
    main()
