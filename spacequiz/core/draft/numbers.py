"""Numbers in drafts: how far off still counts, how to write them, plausible wrong ones."""

from __future__ import annotations

import random

from spacequiz.core.draft.facts import Quantity

NEIGHBOURS = 3
"""How many wrong numbers a choice question gets."""


def tolerance(quantity: Quantity) -> float:
    """How far off still counts: exact for ages and small counts, 10-15% for big or rough ones."""
    value = quantity.value
    if quantity.age_of:
        return 0
    # "3,000" is a round figure and "8,849" a measured one: a round one is looser.
    rough = quantity.hedged or (value >= 100 and value % 100 == 0)
    share = 0.15 if rough else 0.01 if value >= 1000 else 0.05 if value >= 100 else 0
    if not share:
        return 0
    raw = value * share
    magnitude = 10 ** (len(str(int(raw))) - 1) if raw >= 1 else 1
    return float(max(1, int(raw / magnitude + 0.5) * magnitude))  # one figure, half up


def number_text(value: float, like: str) -> str:
    whole = int(value) if float(value).is_integer() else value
    if isinstance(whole, int):
        plain = like.isdigit() and len(like) >= 4  # a figure the article writes without commas
        return str(whole) if plain or whole < 1000 else f"{whole:,}"
    return f"{whole:g}"


def neighbours(value: float, rng: random.Random, year: bool = False) -> list[float]:
    """Plausible wrong numbers near `value`: close years, nearby small counts, rough multiples."""
    if year:
        steps = [-10, -5, -3, -2, -1, 1, 2, 3, 5, 10]
        options = [value + s for s in steps]
    elif value < 10:
        options = [float(v) for v in range(max(1, int(value) - 3), int(value) + 4) if v != value]
    elif value <= 100:
        options = [value + s for s in (-8, -5, -3, -2, 2, 3, 5, 8) if value + s > 0]
    else:
        magnitude = 10 ** (len(str(int(value))) - 2)
        options = [round(value * f / magnitude) * magnitude for f in (0.6, 0.75, 0.8, 1.25, 1.5, 2)]
    options = [o for o in dict.fromkeys(options) if o != value and o > 0]
    return rng.sample(options, min(NEIGHBOURS, len(options)))
