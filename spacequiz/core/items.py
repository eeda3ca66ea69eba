"""Item analysis: how each question works as a test item, worked out from the answers to it.

Pure: answers come in as `Mark`s (storage or a finished game makes them), numbers come out.
The measures are those of classical test theory, as quiz tools such as Moodle report them:

- facility: the average mark on the question, from 0 to 1 (the share of players right when
  no answer earns partial credit);
- discrimination: the point-biserial correlation between a player's mark on the question
  and their share of the marks on the *other* questions of the same game (item against the
  rest of the score). Under 0.2 the question does not separate strong from weak players;
  below 0 the weaker players do better on it than the stronger ones;
- distractors: how often each wrong choice was picked (one nobody picks is wasted);
- a game's reliability: Cronbach's alpha over the players who answered every question
  (the same number as KR-20 when every mark is 0 or 1).

Discrimination and reliability need at least `MIN_PLAYERS` players (and something that
varies); below that they are None, never a guess.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, NamedTuple, TypeVar, assert_never

from spacequiz.core.model import (
    ChoiceQuestion,
    MultiQuestion,
    NumberQuestion,
    OrderQuestion,
    Question,
    TextQuestion,
    TrueFalseQuestion,
)

MIN_PLAYERS = 5
"""Fewest players for a discrimination or a reliability: a correlation over fewer says
nothing. Even from 5 to about 30 players, read the numbers as hints."""
WEAK_DISCRIMINATION = 0.2
"""Below this a question does not separate strong from weak players."""

K = TypeVar("K", bound=Hashable)


# What a question is, for analysis --------------------------------------------------------


def question_hash(question: Question) -> str:
    """A short hash of a question's own content: what a player is shown and what counts.

    The prompt, the hint, the choices (in any order: they are shuffled when played) and the
    answer, with what else decides a mark (accepted and rejected forms, a tolerance, a unit).
    Not the id (it keys the statistics beside this hash), the explanation, the difficulty,
    the tags or the family: changing those does not change how the question is answered.
    So fixing a typo in one question gives that question a new hash and no other.
    """
    content: dict[str, Any] = {"type": question.type, "prompt": question.prompt}
    if question.hint is not None:
        content["hint"] = question.hint
    match question:
        case ChoiceQuestion():
            content |= {"choices": sorted(question.choices), "answer": question.answer}
        case MultiQuestion():
            content |= {"choices": sorted(question.choices), "answer": sorted(question.answer)}
        case TrueFalseQuestion():
            content["answer"] = question.answer
        case TextQuestion():
            content |= {
                "answer": question.answer,
                "accept": sorted(question.accept),
                "reject": sorted(question.reject),
            }
        case NumberQuestion():
            content |= {
                "answer": question.answer,
                "tolerance": question.tolerance,
                "unit": question.unit,
            }
        case OrderQuestion():
            content["items"] = list(question.items)
        case _:
            assert_never(question)
    text = json.dumps(content, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class ItemText:
    """What analysis needs of a question besides its answers: its words and choices."""

    prompt: str
    type: str
    choices: tuple[str, ...] | None = None
    """Every choice, as in the bank; None when answers are typed (text, number, order)."""
    wrong: tuple[str, ...] = ()
    """The wrong choices: the distractors."""


def item_text(question: Question) -> ItemText:
    match question:
        case ChoiceQuestion():
            wrong = tuple(c for c in question.choices if c != question.answer)
            return ItemText(question.prompt, question.type, question.choices, wrong)
        case MultiQuestion():
            wrong = tuple(c for c in question.choices if c not in question.answer)
            return ItemText(question.prompt, question.type, question.choices, wrong)
        case TrueFalseQuestion():
            wrong = ("False",) if question.answer else ("True",)
            return ItemText(question.prompt, question.type, question.choices, wrong)
        case TextQuestion() | NumberQuestion() | OrderQuestion():
            return ItemText(question.prompt, question.type)
        case _:
            assert_never(question)


def _words(text: str) -> str:
    return " ".join(text.split())


def picked(given: str, text: ItemText) -> tuple[str, ...]:
    """The choices an answer picked, read back from the answer as stored.

    A choice answer is stored as the choice with its spaces tidied; a multi answer as its
    picks joined by ', ' (a choice may hold ', ' itself, so the picks are matched against
    the choices rather than split).
    """
    if text.choices is None:
        return ()
    if text.type != "multi":
        wanted = _words(given)
        return tuple(c for c in text.choices if _words(c) == wanted)[:1]
    return _split_picks(given, text.choices) or ()


def _split_picks(given: str, choices: Sequence[str]) -> tuple[str, ...] | None:
    """`given` as a run of choices joined by ', ', or None when it is not one."""
    if not given:
        return ()
    for choice in sorted(choices, key=len, reverse=True):  # the longest first: fewer retries
        if given == choice:
            return (choice,)
        if given.startswith(choice + ", "):
            rest = _split_picks(given[len(choice) + 2 :], choices)
            if rest is not None:
                return (choice, *rest)
    return None


# Answers in, statistics out --------------------------------------------------------------


class QuestionKey(NamedTuple):
    """A question as the history keeps its statistics: by bank, id and version, so two banks
    with the same id stay apart and a fixed typo restarts only the question fixed."""

    bank: str
    """The bank's title (banks played together: their titles joined by ' + ')."""
    question_id: str
    version: str | None
    """The question's content hash; None for answers recorded before versions were kept."""


class Mark(NamedTuple, Generic[K]):
    """One answer, as analysis sees it (a tuple: a history holds a great many)."""

    attempt: Hashable
    """Whose game it was: one player in one game (a game played alone, or one team or
    player in a classroom or live game). Discrimination compares a player's mark on a
    question with their marks on the other questions of the same attempt."""
    item: K
    """Which question: whatever key the caller groups by."""
    credit: float
    """The mark, from 0 (wrong) to 1 (right), partial credit in between."""
    correct: bool
    given: str
    seconds: float


@dataclass(frozen=True)
class ItemStats(Generic[K]):
    """One question's statistics. None where there are too few players to compute it."""

    item: K
    text: ItemText | None
    """None when the question's words are not known (answers older than the record of them)."""
    asked: int
    right: int
    players: int
    """Players (attempts) whose marks on this and on at least one other question were used
    for the discrimination."""
    facility: float
    discrimination: float | None
    distractors: tuple[tuple[str, int], ...] | None
    """How many answers picked each wrong choice, in the bank's order; None for typed
    answers, or when the choices are not known."""
    seconds: float
    """Average seconds taken."""

    @property
    def missed(self) -> int:
        return self.asked - self.right

    @property
    def miss_rate(self) -> float:
        return self.missed / self.asked if self.asked else 0.0

    @property
    def unpicked(self) -> tuple[str, ...] | None:
        """Wrong choices nobody picked; None when distractors are not counted."""
        if self.distractors is None:
            return None
        return tuple(choice for choice, count in self.distractors if count == 0)

    def notes(self, who: str = "players") -> tuple[str, ...]:
        """What stands out about the question, in words; nothing before MIN_PLAYERS.

        Args:
            who: what the players are called ("teams" in a classroom).
        """
        if self.players < MIN_PLAYERS:
            return ()
        found: list[str] = []
        if self.discrimination is not None:
            if self.discrimination < 0:
                found.append(f"weaker {who} do better on it than stronger ones: check the answer")
            elif self.discrimination < WEAK_DISCRIMINATION:
                found.append(f"does not separate strong from weak {who}")
        elif self.right == self.asked:
            found.append("everyone got it right: it separates nobody")
        elif self.facility == 0:
            found.append("nobody got it right: it separates nobody")
        else:
            found.append("it separates nobody: everyone scored alike on it or on the rest")
        unpicked = self.unpicked or ()
        if unpicked:
            wasted = "a wasted choice" if len(unpicked) == 1 else "wasted choices"
            found.append(f"nobody picked {', '.join(unpicked)}: {wasted}")
        return tuple(found)


def point_biserial(item: Sequence[float], rest: Sequence[float]) -> float | None:
    """Pearson's correlation of the marks on a question with the rest of each score (the
    point-biserial when the marks are 0 or 1). None under MIN_PLAYERS pairs, or when either
    side does not vary (everyone right, say), where no correlation exists."""
    if len(item) != len(rest):
        return None
    moments = _Moments()
    for x, y in zip(item, rest, strict=True):
        moments.add(x, y)
    return moments.correlation()


class _Moments:
    """Running sums for a correlation, so a big history need not be held in lists."""

    __slots__ = ("n", "sx", "sy", "sxx", "syy", "sxy")

    def __init__(self) -> None:
        self.n = 0
        self.sx = self.sy = self.sxx = self.syy = self.sxy = 0.0

    def add(self, x: float, y: float) -> None:
        self.n += 1
        self.sx += x
        self.sy += y
        self.sxx += x * x
        self.syy += y * y
        self.sxy += x * y

    def correlation(self) -> float | None:
        n = self.n
        if n < MIN_PLAYERS:
            return None
        sxx = self.sxx - self.sx * self.sx / n
        syy = self.syy - self.sy * self.sy / n
        # Marks lie between 0 and 1: a spread this small is rounding, not variation.
        if sxx <= 1e-9 * n or syy <= 1e-9 * n:
            return None
        return (self.sxy - self.sx * self.sy / n) / math.sqrt(sxx * syy)


def cronbach_alpha(table: Sequence[Sequence[float]]) -> float | None:
    """Cronbach's alpha of a table of marks, a row per player and a column per question:
    k/(k-1) x (1 - the sum of the questions' variances / the variance of the totals).
    KR-20 when every mark is 0 or 1. None under MIN_PLAYERS rows or 2 columns, or when
    every player has the same total."""
    if len(table) < MIN_PLAYERS or not table[0] or len(table[0]) < 2:
        return None
    k = len(table[0])
    columns = list(zip(*table, strict=True))
    totals = [sum(row) for row in table]
    spread = _variance(totals)
    if spread <= 1e-12:
        return None
    return k / (k - 1) * (1 - sum(_variance(c) for c in columns) / spread)


def _variance(values: Sequence[float]) -> float:
    """The population variance (any divisor will do: alpha is a ratio of variances)."""
    mean = sum(values) / len(values)
    return sum((v - mean) ** 2 for v in values) / len(values)


def _by_attempt(marks: Iterable[Mark[K]]) -> dict[Hashable, dict[K, float]]:
    """Each attempt's mark per question (the average, should one be answered twice)."""
    found: dict[Hashable, dict[K, list[float]]] = {}
    for mark in marks:
        found.setdefault(mark.attempt, {}).setdefault(mark.item, []).append(mark.credit)
    return {
        attempt: {item: sum(c) / len(c) for item, c in items.items()}
        for attempt, items in found.items()
    }


class _Tally:
    """What one pass over the answers gathers for one question."""

    __slots__ = ("asked", "right", "credit", "seconds", "given", "moments")

    def __init__(self) -> None:
        self.asked = self.right = 0
        self.credit = self.seconds = 0.0
        self.given: dict[str, int] = {}
        self.moments = _Moments()


def analyse(marks: Iterable[Mark[K]], texts: Mapping[K, ItemText]) -> list[ItemStats[K]]:
    """Every question's statistics, in the order the questions first appear in `marks`.

    Two passes, no lists per question, so a history of a million answers is fine. An
    attempt that answered a question twice (no game asks one twice) counts both answers.

    Args:
        texts: each question's words and choices, where known (for the distractors).
    """
    marks = marks if isinstance(marks, list) else list(marks)
    totals: dict[Hashable, list[float]] = {}  # attempt -> [sum of marks, answers]
    for mark in marks:
        running = totals.get(mark.attempt)
        if running is None:
            totals[mark.attempt] = [mark.credit, 1.0]
        else:
            running[0] += mark.credit
            running[1] += 1.0
    tallies: dict[K, _Tally] = {}
    for mark in marks:
        tally = tallies.get(mark.item)
        if tally is None:
            tally = tallies[mark.item] = _Tally()
        tally.asked += 1
        tally.right += mark.correct
        tally.credit += mark.credit
        tally.seconds += mark.seconds
        tally.given[mark.given] = tally.given.get(mark.given, 0) + 1
        total, count = totals[mark.attempt]
        if count >= 2:
            # The rest of the score as a share (games played alone may hold different
            # numbers of questions); within one game where all answer everything it is the
            # rest-score itself, scaled, so the correlation is the same.
            tally.moments.add(mark.credit, (total - mark.credit) / (count - 1))
    return [
        ItemStats(
            item=item,
            text=texts.get(item),
            asked=tally.asked,
            right=tally.right,
            players=tally.moments.n,
            facility=tally.credit / tally.asked,
            discrimination=tally.moments.correlation(),
            distractors=_distractors(texts.get(item), tally.given),
            seconds=tally.seconds / tally.asked,
        )
        for item, tally in tallies.items()
    ]


def _distractors(
    text: ItemText | None, given: Mapping[str, int]
) -> tuple[tuple[str, int], ...] | None:
    """How often each wrong choice was picked, from how often each answer was given."""
    if text is None or text.choices is None:
        return None
    counts = dict.fromkeys(text.wrong, 0)
    for answer, times in given.items():
        for choice in picked(answer, text):
            if choice in counts:
                counts[choice] += times
    return tuple(counts.items())


# A whole game ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Reliability:
    """How consistently a game's questions rank its players."""

    alpha: float | None
    """Cronbach's alpha (KR-20 for right-or-wrong marks); None with too few players."""
    players: int
    """Players who answered every question: the only ones alpha can use."""
    questions: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "method": "Cronbach's alpha (KR-20 when every mark is right or wrong)",
            "alpha": None if self.alpha is None else round(self.alpha, 4),
            "players": self.players,
            "questions": self.questions,
        }

    def describe(self, who: str = "players") -> str:
        """The number in words, e.g. 'Cronbach's alpha 0.74 (8 players, 5 questions): ...'."""
        if self.alpha is None:
            if self.questions < 2:
                return "Reliability needs at least 2 questions."
            if self.players < MIN_PLAYERS:
                return (
                    f"Reliability needs at least {MIN_PLAYERS} {who} who answered every "
                    f"question ({self.players} did)."
                )
            return f"Reliability: all {who} had the same score, so there is nothing to compare."
        if self.alpha >= 0.7:
            verdict = "the questions agree on who is strong"
        elif self.alpha >= 0.5:
            verdict = "fair; more questions would steady it"
        else:
            verdict = "low: the questions do not agree on who is strong"
        return (
            f"Cronbach's alpha {self.alpha:.2f} ({self.players} {who}, {self.questions} "
            f"questions): {verdict}."
        )


def reliability(marks: Iterable[Mark[K]]) -> Reliability:
    """Alpha over the players who answered every question that anyone answered."""
    attempts = _by_attempt(marks)
    items: list[K] = []
    for answered in attempts.values():
        items.extend(i for i in answered if i not in items)
    complete = [a for a in attempts.values() if len(a) == len(items)]
    table = [[a[item] for item in items] for a in complete]
    return Reliability(cronbach_alpha(table), len(complete), len(items))


def game_reading(
    found: Reliability,
    stats: Sequence[ItemStats[K]],
    name: Callable[[K], str],
    who: str = "players",
) -> str:
    """A game in one line: its reliability, then the questions that do not separate.

    Args:
        name: a question as the reader knows it, e.g. 'question 4'.
        who: what the players are called ("teams" in a classroom).
    """
    weak = [
        name(s.item)
        for s in stats
        if s.discrimination is not None and s.discrimination < WEAK_DISCRIMINATION
    ]
    line = found.describe(who)
    if len(weak) == 1:
        line += f" {_capital(weak[0])} does not separate strong from weak {who}."
    elif weak:
        listed = ", ".join(weak[:-1]) + f" and {weak[-1]}"
        line += f" {_capital(listed)} do not separate strong from weak {who}."
    return line


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


# The history's view ----------------------------------------------------------------------


def question_row(stats: ItemStats[QuestionKey]) -> dict[str, Any]:
    """One question's statistics as `stats --json` and `--csv` give them: every column on
    every row, None where there is nothing to compute it from."""
    key, text, spread = stats.item, stats.text, stats.discrimination
    return {
        "question_id": key.question_id,
        "bank": key.bank,
        "question_hash": key.version,
        "prompt": text.prompt if text else None,
        "type": text.type if text else None,
        "asked": stats.asked,
        "missed": stats.missed,
        "miss_rate": round(stats.miss_rate, 4),
        "players": stats.players,
        "facility": round(stats.facility, 4),
        "discrimination": None if spread is None else round(spread, 4),
        "distractors": None if stats.distractors is None else dict(stats.distractors),
        "average_seconds": round(stats.seconds, 2),
        "reading": "; ".join(stats.notes()) or None,
    }


def most_missed(stats: Iterable[ItemStats[QuestionKey]]) -> list[ItemStats[QuestionKey]]:
    """The most missed (by share) first; then by bank, id and version, for a stable order."""
    return sorted(
        stats,
        key=lambda s: (
            -s.miss_rate,
            -s.missed,
            s.item.bank,
            s.item.question_id,
            s.item.version or "",
        ),
    )
