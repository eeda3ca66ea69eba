"""How often a seeded game shows a question's answer before asking that question.

For seeds 0..N-1, a game of 10 questions is drawn as `spacequiz play --seed` draws it; a game
leaks when an earlier question's prompt, choices, items or hint hold an answer (or an accepted
form) of a later one. The second figure also counts the explanation shown after each answer.

    python benchmarks/leaks.py [BANK.yaml ...] [--games 500] [--count 10]
"""

from __future__ import annotations

import argparse
import random
from collections import Counter

from spacequiz.bank.lint import game_leaks
from spacequiz.bank.load import load_banks
from spacequiz.core.engine import Filters, select


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("banks", nargs="*", help="bank files (default: the shipped bank)")
    parser.add_argument("--games", type=int, default=500)
    parser.add_argument("--count", type=int, default=10)
    args = parser.parse_args()
    bank = load_banks(args.banks)
    leaky = {False: 0, True: 0}
    pairs: Counter[tuple[str, str]] = Counter()
    for seed in range(args.games):
        rounds = select(bank, Filters(), args.count, random.Random(seed)).rounds
        questions = [r.question for r in rounds]
        for explanations in (False, True):
            leaks = game_leaks(questions, explanations)
            leaky[explanations] += bool(leaks)
            if not explanations:
                pairs.update((leak.shown, leak.asked) for leak in leaks)
    print(f"{len(bank.questions)} questions, {args.games} seeded games of {args.count}")
    for explanations, label in ((False, "before answering"), (True, "counting explanations")):
        share = leaky[explanations] / args.games
        print(f"games with a leak, {label}: {leaky[explanations]} ({share:.0%})")
    for (shown, asked), n in pairs.most_common(5):
        print(f"  {n:4} games: '{shown}' shows the answer of '{asked}'")


if __name__ == "__main__":
    main()
