"""Which drafts a teacher gets: spread over sentences, types and facts; then ids.

Drafting finds more candidates than a teacher wants to check. `choose` takes them in rounds,
one per sentence a round, preferring a fact not asked yet, then a better wording, then a
type drafted less; `finished` gives the chosen ones ids and rejects near-miss wrong choices
in text answers.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import assert_never

from spacequiz.core.answers import normalise, text_matches
from spacequiz.core.draft.sentences import Sentence
from spacequiz.core.ids import Ids
from spacequiz.core.model import (
    QUESTION_TYPES,
    ChoiceQuestion,
    MultiQuestion,
    NumberQuestion,
    OrderQuestion,
    Question,
    TextQuestion,
    TrueFalseQuestion,
)


@dataclass(frozen=True)
class Draft:
    """A draft question and the sentences it was made from."""

    question: Question
    sources: tuple[Sentence, ...]


@dataclass(frozen=True)
class Candidate:
    question: Question
    sources: tuple[Sentence, ...]
    label: str
    """Words for the id: 'age anton shkaplerov'."""
    rank: int = 1
    """Higher is a better draft: 3 a real question, 2 a date, 1 a blank to fill, 0 a
    true/false statement (it restates a sentence rather than asking for a fact)."""


def choose(candidates: list[Candidate], count: int, rng: random.Random) -> list[Candidate]:
    """Up to `count` drafts, spread over sentences and types, best-worded first."""
    groups: dict[str | None, list[Candidate]] = {}
    for candidate in candidates:
        groups.setdefault(candidate.question.family, []).append(candidate)
    for group in groups.values():
        rng.shuffle(group)
        group.sort(key=lambda c: -c.rank)
    used: Counter[str] = Counter()
    asked: Counter[str] = Counter()  # answers already asked for: a new fact is worth more
    chosen: list[Candidate] = []

    def worth(candidate: Candidate) -> tuple[int, int, int]:
        """A fact not asked yet first, then the best-worded draft (a type not drafted yet
        counting as well worded), then the type drafted least."""
        kind = candidate.question.type
        fresh = 3 * (not used[kind])
        return (asked[_answer_key(candidate.question)], -candidate.rank - fresh, used[kind])

    while len(chosen) < count and any(groups.values()):
        # Sentences with more to ask come first in each round; ties keep article order.
        for family in sorted(groups, key=lambda f: -len(groups[f])):
            group = groups[family]
            if not group or len(chosen) >= count:
                continue
            best = min(group, key=worth)
            group.remove(best)
            used[best.question.type] += 1
            asked[_answer_key(best.question)] += 1
            chosen.append(best)
    order = {c.sources[0].number: i for i, c in enumerate(candidates)}
    return sorted(
        chosen,
        key=lambda c: (
            c.question.type == "order",
            c.sources[0].number,
            order.get(c.sources[0].number, 0),
            QUESTION_TYPES.index(c.question.type),
        ),
    )


def _answer_key(question: Question) -> str:
    """What a question asks for, to tell a new fact from one already asked."""
    match question:
        case ChoiceQuestion() | TextQuestion():
            return normalise(question.answer)
        case MultiQuestion():
            return normalise(" ".join(sorted(question.answer)))
        case NumberQuestion():
            return f"{question.answer:g}"
        case TrueFalseQuestion():
            return f"statement {question.prompt}"
        case OrderQuestion():
            return "order"
        case _:
            assert_never(question)


def finished(chosen: Sequence[Candidate]) -> list[Draft]:
    """Ids from each draft's subject; near-miss wrong choices rejected in text answers."""
    ids = Ids()
    wrong = [
        c
        for candidate in chosen
        if isinstance(candidate.question, ChoiceQuestion | MultiQuestion)
        for c in candidate.question.choices
        if c != candidate.question.answer and c not in candidate.question.answer
    ]
    drafts = []
    for candidate in chosen:
        question = candidate.question
        label = f"s{candidate.sources[0].number} {candidate.label}"
        if question.type == "order":
            label = candidate.label
        question = replace(question, id=ids.propose(label))
        if isinstance(question, TextQuestion):
            expected = [question.answer, *question.accept]
            near = [
                c
                for c in dict.fromkeys(wrong)
                if normalise(c) not in {normalise(e) for e in expected}
                and text_matches(c, expected)
            ]
            if near:
                question = replace(question, reject=tuple(near))
        drafts.append(Draft(question, candidate.sources))
    return drafts
