"""The quiz engine: pick questions, check answers, score them. Pure: no terminal, no disk.

Randomness is always an injected `random.Random`, so a seed replays a game exactly.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, assert_never

from spacequiz.core.answers import number_matches, parse_number, text_matches
from spacequiz.core.errors import NoQuestionsError
from spacequiz.core.model import (
    Bank,
    ChoiceQuestion,
    Difficulty,
    MultiQuestion,
    NumberQuestion,
    OrderQuestion,
    Question,
    TextQuestion,
    TrueFalseQuestion,
)

DEFAULT_COUNT = 10


@dataclass(frozen=True)
class Filters:
    tags: tuple[str, ...] = ()
    difficulties: tuple[str, ...] = ()
    types: tuple[str, ...] = ()

    def accepts(self, question: Question) -> bool:
        wanted_tags = {t.casefold() for t in self.tags}
        return (
            (not self.tags or any(t.casefold() in wanted_tags for t in question.tags))
            and (not self.difficulties or question.difficulty in self.difficulties)
            and (not self.types or question.type in self.types)
        )

    def describe(self) -> str:
        parts = [
            f"{name} {', '.join(values)}"
            for name, values in (
                ("tag", self.tags),
                ("difficulty", self.difficulties),
                ("type", self.types),
            )
            if values
        ]
        return "; ".join(parts) or "no filters"


@dataclass(frozen=True)
class Round:
    """A question as it is put to the player: choices or items in the order shown."""

    number: int
    of: int
    question: Question
    options: tuple[str, ...] = ()


@dataclass(frozen=True)
class Selection:
    rounds: tuple[Round, ...]
    matched: int
    requested: int

    @property
    def short(self) -> bool:
        """Fewer questions matched than were asked for."""
        return self.matched < self.requested


def select(bank: Bank, filters: Filters, count: int, rng: random.Random) -> Selection:
    """Pick up to `count` matching questions in a random order, choices shuffled too."""
    if count < 1:
        raise NoQuestionsError("the number of questions must be at least 1")
    matching = [q for q in bank.questions if filters.accepts(q)]
    if not matching:
        message = f"no question in the bank matches {filters.describe()}"
        if filters.tags:
            known = sorted({t for q in bank.questions for t in q.tags})
            message += f" (its tags: {', '.join(known) or 'none'})"
        raise NoQuestionsError(message)
    # Each question's options get a shuffle of their own, drawn from the seed and its id,
    # so the same seed shows a question's choices in the same order whatever --count is.
    salt = rng.getrandbits(64)
    picked, askable = _pick(matching, count, rng)
    rounds = tuple(
        Round(i, len(picked), q, shuffled_options(q, random.Random(f"{salt}:{q.id}")))
        for i, q in enumerate(picked, start=1)
    )
    return Selection(rounds, askable, count)


def replay(bank: Bank, question_ids: Sequence[str], seed: int) -> Selection:
    """A past game's questions again, in its order, each shuffled as `select` with that
    seed shuffled it; ids no longer in the bank are left out."""
    salt = random.Random(seed).getrandbits(64)  # select's first draw from its seeded rng
    by_id = {q.id: q for q in bank.questions}
    picked = [by_id[i] for i in question_ids if i in by_id]
    if not picked:
        raise NoQuestionsError("none of that game's questions is in the bank any more")
    rounds = tuple(
        Round(i, len(picked), q, shuffled_options(q, random.Random(f"{salt}:{q.id}")))
        for i, q in enumerate(picked, start=1)
    )
    return Selection(rounds, len(picked), len(picked))


def _pick(matching: list[Question], count: int, rng: random.Random) -> tuple[list[Question], int]:
    """Up to `count` questions in a random order, at most one of each family.

    Also returns how many one game could hold at most (a family counts once).
    """
    families = {q.family for q in matching if q.family is not None}
    if not families:  # the draw banks without families have always had, seed for seed
        return rng.sample(matching, k=min(count, len(matching))), len(matching)
    askable = len(families) + sum(q.family is None for q in matching)
    picked: list[Question] = []
    seen: set[str] = set()
    for question in rng.sample(matching, k=len(matching)):
        if question.family is not None:
            if question.family in seen:
                continue
            seen.add(question.family)
        picked.append(question)
        if len(picked) == count:
            break
    return picked, askable


def shuffled_options(question: Question, rng: random.Random) -> tuple[str, ...]:
    """Choices in a random order; order items never already in the right order."""
    match question:
        case ChoiceQuestion() | MultiQuestion():
            options = list(question.choices)
            rng.shuffle(options)
            return tuple(options)
        case TrueFalseQuestion():
            return question.choices
        case OrderQuestion():
            items = list(question.items)
            while items == list(question.items):
                rng.shuffle(items)
            return tuple(items)
        case TextQuestion() | NumberQuestion():
            return ()
        case _:
            assert_never(question)


# Checking ------------------------------------------------------------------------------

Given = str | bool | tuple[str, ...] | None
"""What a player gave: a choice, true/false, typed text, picked choices or items in order.
None means no answer (time ran out)."""


@dataclass(frozen=True)
class Check:
    correct: bool
    credit: float
    """1.0 for a right answer, 0 for wrong, in between for partly right multi/order answers."""


def check(question: Question, given: Given) -> Check:
    """Mark an answer; partial credit for multi (right picks less wrong ones) and order."""
    if given is None:
        return Check(False, 0.0)
    match question:
        case ChoiceQuestion():
            return _whole(given == question.answer)
        case TrueFalseQuestion():
            return _whole(given is question.answer)
        case TextQuestion():
            return _whole(
                isinstance(given, str)
                and text_matches(given, [question.answer, *question.accept], question.reject)
            )
        case NumberQuestion():
            value = parse_number(given) if isinstance(given, str) else None
            return _whole(
                value is not None and number_matches(value, question.answer, question.tolerance)
            )
        case MultiQuestion():
            picked = set(given) if isinstance(given, tuple) else set()
            right = set(question.answer)
            hits, misses = len(picked & right), len(picked - right)
            credit = max(0.0, (hits - misses) / len(right))
            return Check(picked == right, credit)
        case OrderQuestion():
            return _order_check(question, list(given) if isinstance(given, tuple) else [])
        case _:
            assert_never(question)


def _whole(ok: bool) -> Check:
    return Check(ok, 1.0 if ok else 0.0)


def _order_check(question: OrderQuestion, order: list[str]) -> Check:
    """Credit is the share of item pairs put in the right relative order."""
    if sorted(order) != sorted(question.items):
        return Check(False, 0.0)
    place = {item: i for i, item in enumerate(question.items)}
    ranks = [place[item] for item in order]
    pairs = len(ranks) * (len(ranks) - 1) // 2
    good = sum(
        1 for i in range(len(ranks)) for j in range(i + 1, len(ranks)) if ranks[i] < ranks[j]
    )
    return Check(good == pairs, good / pairs if pairs else 1.0)


def answer_text(question: Question) -> str:
    """The right answer, as a person would write it."""
    match question:
        case TrueFalseQuestion():
            return "True" if question.answer else "False"
        case MultiQuestion():
            return ", ".join(question.answer)
        case OrderQuestion():
            return " → ".join(question.items)
        case NumberQuestion():
            number = _number_text(question.answer)
            within = f" (±{question.tolerance:g})" if question.tolerance else ""
            unit = f" {question.unit}" if question.unit else ""
            return f"{number}{unit}{within}"
        case ChoiceQuestion() | TextQuestion():
            return question.answer
        case _:
            assert_never(question)


def _number_text(value: float) -> str:
    """3000, 12.5, 2021, 25,000: separators only from five digits on, so years read as years."""
    if value == int(value):
        whole = int(value)
        return f"{whole:,}" if abs(whole) >= 10_000 else str(whole)
    return f"{value:g}"


def given_text(given: Given, joiner: str = ", ") -> str:
    """What the player gave, as text; an order joined with arrows by the caller's choice."""
    if given is None:
        return "(no answer)"
    if isinstance(given, bool):
        return "True" if given else "False"
    if isinstance(given, tuple):
        return joiner.join(given) if given else "(nothing)"
    return " ".join(given.split())


# Scoring -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scoring:
    """How points are earned (the README's scoring table describes these defaults)."""

    points: dict[str, int] = field(
        default_factory=lambda: {"easy": 100, "medium": 200, "hard": 300}
    )
    streak_step: int = 50
    streak_cap: int = 250
    hint_factor: float = 0.5
    full_speed_seconds: float = 0.5

    def speed_factor(self, seconds: float, limit: float | None) -> float:
        """Kahoot's curve: all the points at once, falling to half at the time limit."""
        if not limit or seconds <= self.full_speed_seconds:
            return 1.0
        return 1.0 - min(seconds / limit, 1.0) / 2

    def streak_bonus(self, streak: int) -> int:
        """Extra points for the 2nd, 3rd... right answer in a row."""
        return min(self.streak_step * (streak - 1), self.streak_cap) if streak > 1 else 0

    def points_for(
        self,
        difficulty: Difficulty,
        credit: float,
        *,
        seconds: float,
        limit: float | None,
        hint_used: bool,
        streak: int,
    ) -> Points:
        """An answer's points, part by part; the parts add up to what the rules give."""
        if credit <= 0:
            return Points()
        raw = self.points[difficulty] * credit
        timed = raw * self.speed_factor(seconds, limit)
        hinted = timed * self.hint_factor if hint_used else timed
        base, after_speed, after_hint = round(raw), round(timed), round(hinted)
        return Points(
            base=base,
            speed=after_speed - base,
            hint=after_hint - after_speed,
            streak=self.streak_bonus(streak),
        )


@dataclass(frozen=True)
class Points:
    """How an answer's points add up: base + speed + hint + streak.

    `base` is the difficulty's points times the credit; `speed` (with a timer) and `hint`
    are what time and the hint took off, so zero or less; `streak` is the bonus.
    """

    base: int = 0
    speed: int = 0
    hint: int = 0
    streak: int = 0

    @property
    def total(self) -> int:
        return self.base + self.speed + self.hint + self.streak


@dataclass(frozen=True)
class Outcome:
    question_id: str
    prompt: str
    difficulty: Difficulty
    tags: tuple[str, ...]
    given: str
    correct: bool
    credit: float
    points: int
    streak: int
    seconds: float
    hint_used: bool
    timed_out: bool
    answer: str
    breakdown: Points = field(default_factory=Points)
    """How `points` add up."""


@dataclass
class Session:
    """A game in progress: feed it answers, read its outcomes and result."""

    scoring: Scoring = field(default_factory=Scoring)
    time_limit: float | None = None
    outcomes: list[Outcome] = field(default_factory=list)
    streak: int = 0

    def answer(
        self,
        question: Question,
        given: Given,
        *,
        seconds: float = 0.0,
        hint_used: bool = False,
        timed_out: bool | None = None,
    ) -> Outcome:
        """Score an answer. `timed_out` says the time ran out (by default: when nothing was
        given); what was ticked or typed by then still scores, partial credit included."""
        if timed_out is None:
            timed_out = given is None
        result = check(question, given)
        self.streak = self.streak + 1 if result.correct else 0
        breakdown = self.scoring.points_for(
            question.difficulty,
            result.credit,
            seconds=seconds,
            limit=self.time_limit,
            hint_used=hint_used,
            streak=self.streak,
        )
        points = breakdown.total
        outcome = Outcome(
            question_id=question.id,
            prompt=question.prompt,
            difficulty=question.difficulty,
            tags=question.tags,
            given=given_text(given, " → " if isinstance(question, OrderQuestion) else ", "),
            correct=result.correct,
            credit=round(result.credit, 3),
            points=points,
            streak=self.streak,
            seconds=round(seconds, 2),
            hint_used=hint_used,
            timed_out=timed_out,
            answer=answer_text(question),
            breakdown=breakdown,
        )
        self.outcomes.append(outcome)
        return outcome

    @property
    def score(self) -> int:
        return sum(o.points for o in self.outcomes)

    def result(self, *, title: str, seed: int, planned: int, finished: bool) -> Result:
        return summarise(self.outcomes, title=title, seed=seed, planned=planned, finished=finished)


@dataclass(frozen=True)
class Tally:
    right: int
    total: int

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 0.0


@dataclass(frozen=True)
class Result:
    title: str
    seed: int
    planned: int
    finished: bool
    score: int
    correct: int
    answered: int
    longest_streak: int
    seconds: float
    by_tag: dict[str, Tally]
    by_difficulty: dict[str, Tally]
    outcomes: tuple[Outcome, ...]

    @property
    def accuracy(self) -> float:
        return self.correct / self.answered if self.answered else 0.0

    @property
    def missed(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if not o.correct)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["accuracy"] = round(self.accuracy, 4)
        for key in ("by_tag", "by_difficulty"):
            data[key] = {
                name: {"right": t.right, "total": t.total, "accuracy": round(t.accuracy, 4)}
                for name, t in getattr(self, key).items()
            }
        data["outcomes"] = [asdict(o) for o in self.outcomes]
        return data


def summarise(
    outcomes: Sequence[Outcome], *, title: str, seed: int, planned: int, finished: bool
) -> Result:
    by_tag: dict[str, list[int]] = {}
    by_difficulty: dict[str, list[int]] = {}
    longest = 0
    for outcome in outcomes:
        longest = max(longest, outcome.streak)
        for table, key in [(by_difficulty, outcome.difficulty)] + [
            (by_tag, t) for t in outcome.tags
        ]:
            counts = table.setdefault(key, [0, 0])
            counts[0] += outcome.correct
            counts[1] += 1
    return Result(
        title=title,
        seed=seed,
        planned=planned,
        finished=finished,
        score=sum(o.points for o in outcomes),
        correct=sum(o.correct for o in outcomes),
        answered=len(outcomes),
        longest_streak=longest,
        seconds=round(sum(o.seconds for o in outcomes), 2),
        by_tag={k: Tally(*v) for k, v in sorted(by_tag.items())},
        by_difficulty={k: Tally(*v) for k, v in by_difficulty.items()},
        outcomes=tuple(outcomes),
    )
