"""Classroom games: teams on one screen, taking turns or all answering ("buzz").

Pure like the engine: the screen tells it what happened (an answer, a pass, a reveal, an
undo) and reads back standings; it never touches the terminal or the clock.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal, assert_never

from spacequiz.core.engine import Given, Round, Scoring, answer_text, check, given_text
from spacequiz.core.errors import ClassroomError
from spacequiz.core.items import ItemText, Mark, item_text
from spacequiz.core.model import (
    ChoiceQuestion,
    MultiQuestion,
    NumberQuestion,
    OrderQuestion,
    TextQuestion,
    TrueFalseQuestion,
)
from spacequiz.core.names import clean_name, name_key

Style = Literal["turns", "buzz"]
MIN_TEAMS, MAX_TEAMS = 2, 12
PASS_FACTOR = 0.5
"""A question passed to the next team is worth half its points."""


def parse_teams(text: str) -> tuple[str, ...]:
    """'Red, Blue,Green' -> ('Red', 'Blue', 'Green'); 2 to 12 distinct names, cleaned."""
    names = tuple(name for name in (clean_name(n) for n in text.split(",")) if name)
    check_teams(names)
    return names


def check_teams(names: Sequence[str]) -> None:
    if not MIN_TEAMS <= len(names) <= MAX_TEAMS:
        raise ClassroomError(
            f"a classroom game needs {MIN_TEAMS} to {MAX_TEAMS} teams, not {len(names)}"
        )
    # The one name rule (core/names): 'Red' and 'red' with an escape sequence are one team.
    keys = [name_key(n) for n in names]
    repeated = sorted({clean_name(n) for n in names if keys.count(name_key(n)) > 1})
    if repeated:
        raise ClassroomError(f"team names must differ: {', '.join(repeated)} given twice")


@dataclass(frozen=True)
class TeamAnswer:
    team: str
    round: int
    question_id: str
    given: str
    correct: bool
    credit: float
    points: int
    seconds: float
    passed: bool = False
    """Answered after another team passed the question on (for half points)."""
    timed_out: bool = False


@dataclass(frozen=True)
class Standing:
    rank: int
    team: str
    score: int
    movement: int
    """Places gained (positive) or lost since the last reveal."""


@dataclass
class _State:
    index: int = 0
    scores: dict[str, int] = field(default_factory=dict)
    streaks: dict[str, int] = field(default_factory=dict)
    answers: list[TeamAnswer] = field(default_factory=list)
    answered: list[str] = field(default_factory=list)  # teams that answered this round
    passed_to: str | None = None
    revealed: bool = False
    skipped: list[int] = field(default_factory=list)
    ranks_before: dict[str, int] = field(default_factory=dict)
    streaks_before: dict[str, int] = field(default_factory=dict)  # as this question began
    picks: dict[str, tuple[int, ...]] = field(default_factory=dict)  # this round, by team


class Classroom:
    """The rules of a classroom game, step by step, with undo."""

    def __init__(
        self,
        teams: Sequence[str],
        rounds: Sequence[Round],
        *,
        style: Style = "turns",
        time_limit: float | None = 20.0,
        speed: bool = True,
        scoring: Scoring | None = None,
    ) -> None:
        check_teams(teams)
        if not rounds:
            raise ClassroomError("a classroom game needs at least one question")
        self.teams = tuple(teams)
        self.rounds = tuple(rounds)
        self.style: Style = style
        self.time_limit = time_limit
        # One keyboard, one teacher typing every team's answer: in buzz style the order of
        # typing is not the order of answering, so the clock would score the teacher.
        self.speed = speed and style == "turns"
        self.scoring = scoring or Scoring()
        self.state = _State(
            scores=dict.fromkeys(self.teams, 0),
            streaks=dict.fromkeys(self.teams, 0),
            ranks_before={},  # no movement to show before the first question
            streaks_before=dict.fromkeys(self.teams, 0),
        )
        self._undo: list[_State] = []

    # Where we are ----------------------------------------------------------------------

    @property
    def round(self) -> Round:
        return self.rounds[self.state.index]

    @property
    def finished(self) -> bool:
        return self.state.index >= len(self.rounds)

    @property
    def revealed(self) -> bool:
        return self.state.revealed

    def turn_team(self) -> str:
        """In turns style, whose question this is (the next team after a pass)."""
        if self.state.passed_to is not None:
            return self.state.passed_to
        return self.teams[self.state.index % len(self.teams)]

    def waiting_teams(self) -> tuple[str, ...]:
        """The teams still to answer this round."""
        if self.state.revealed:
            return ()
        if self.style == "turns":
            team = self.turn_team()
            return () if team in self.state.answered else (team,)
        return tuple(t for t in self.teams if t not in self.state.answered)

    def round_answers(self) -> tuple[TeamAnswer, ...]:
        number = self.round.number
        return tuple(a for a in self.state.answers if a.round == number)

    def picks(self, team: str) -> tuple[int, ...] | None:
        """The options `team` chose this round, as indexes into those shown (in the order
        given, for an order question); None when it has not answered."""
        return self.state.picks.get(team)

    def tally(self) -> tuple[int, ...]:
        """For each option shown, how many teams chose it; for an order question, how many
        put that item in its right place."""
        round_ = self.round
        counts = [0] * len(round_.options)
        right = right_options(round_)
        ordered = isinstance(round_.question, OrderQuestion)
        for picks in self.state.picks.values():
            for place, index in enumerate(picks):
                if not ordered or (place < len(right) and right[place] == index):
                    counts[index] += 1
        return tuple(counts)

    def streak(self, team: str) -> int:
        """Right answers in a row, up to now."""
        return self.state.streaks[team]

    def can_pass(self) -> bool:
        """Turns style: the team in turn has answered, and nobody has passed yet.

        Right or wrong alike: offering a pass only after a wrong answer would tell the
        class the answer was wrong before the reveal.
        """
        if self.style != "turns" or self.state.revealed or self.state.passed_to is not None:
            return False
        return bool(self.round_answers())

    # Actions ---------------------------------------------------------------------------

    def answer(self, team: str, given: Given, seconds: float = 0.0) -> TeamAnswer:
        """Record a team's answer (None: time ran out) and score it."""
        if self.finished or self.state.revealed:
            raise ClassroomError("this question is closed: go on to the next one")
        changing = self.style == "buzz" and team in self.state.answered
        if team not in self.waiting_teams() and not changing:
            raise ClassroomError(
                f"{team} has already answered"
                if team in self.state.answered
                else f"it is not {team}'s turn"
            )
        self._remember()
        if changing:  # buzz: a team may change its answer until the reveal
            self._forget_answer(team)
        question = self.round.question
        result = check(question, given)
        passed = self.state.passed_to == team
        streak = self.state.streaks_before[team] + 1 if result.correct else 0
        self.state.streaks[team] = streak
        points = 0
        if result.credit > 0:
            base = self.scoring.points[question.difficulty] * result.credit
            if passed:
                base *= PASS_FACTOR
            elif self.speed:
                base *= self.scoring.speed_factor(seconds, self.time_limit)
            points = round(base) + self.scoring.streak_bonus(streak)
        record = TeamAnswer(
            team=team,
            round=self.round.number,
            question_id=question.id,
            given=given_text(given),
            correct=result.correct,
            credit=round(result.credit, 3),
            points=points,
            seconds=round(seconds, 2),
            passed=passed,
            timed_out=given is None,
        )
        self.state.answers.append(record)
        self.state.answered.append(team)
        self.state.picks[team] = picks_of(self.round, given)
        self.state.scores[team] += points
        return record

    def _forget_answer(self, team: str) -> None:
        number = self.round.number
        old = next(a for a in self.state.answers if a.team == team and a.round == number)
        self.state.answers.remove(old)
        self.state.answered.remove(team)
        del self.state.picks[team]
        self.state.scores[team] -= old.points
        self.state.streaks[team] = self.state.streaks_before[team]

    def pass_on(self) -> str:
        """Let the next team answer too, for half points; the first answer keeps its score."""
        if not self.can_pass():
            if self.style != "turns":
                reason = "in buzz style every team answers: there is nothing to pass"
            elif self.state.passed_to is not None:
                reason = "this question has been passed on once already"
            elif self.state.revealed:
                reason = "the answer is out: it is too late to pass"
            else:
                reason = f"{self.turn_team()} has not answered yet"
            raise ClassroomError(reason)
        self._remember()
        self.state.passed_to = self.pass_target()
        return self.state.passed_to

    def pass_target(self) -> str:
        """The team a pass would go to: the one after the team in turn."""
        current = self.teams.index(self.turn_team())
        return self.teams[(current + 1) % len(self.teams)]

    def reveal(self) -> None:
        """Close the question: show the answer; teams that did not answer score nothing."""
        if self.finished or self.state.revealed:
            return
        self._remember()
        self.state.revealed = True

    def skip(self) -> None:
        """Drop this question: nobody scores on it, streaks stand."""
        if self.finished:
            return
        self._remember()
        number = self.round.number
        for record in [a for a in self.state.answers if a.round == number]:
            self.state.scores[record.team] -= record.points
        self.state.answers = [a for a in self.state.answers if a.round != number]
        self.state.streaks = dict(self.state.streaks_before)
        self.state.skipped.append(number)
        self._advance()

    def next(self) -> None:
        """On to the next question, after the reveal."""
        if not self.state.revealed:
            raise ClassroomError("reveal the answer first")
        self._remember()
        self._advance()

    def undo(self) -> bool:
        """Take back the last action (an answer, a pass, a reveal, a skip, a next)."""
        if not self._undo:
            return False
        self.state = self._undo.pop()
        return True

    def _advance(self) -> None:
        self.state.ranks_before = {s.team: s.rank for s in self.standings()}
        self.state.index += 1
        self.state.streaks_before = dict(self.state.streaks)
        self.state.answered = []
        self.state.picks = {}
        self.state.passed_to = None
        self.state.revealed = False

    def _remember(self) -> None:
        self._undo.append(copy.deepcopy(self.state))

    # Standings -------------------------------------------------------------------------

    def standings(self) -> list[Standing]:
        """Teams by score (ties share a rank, in team order), with places moved."""
        ordered = sorted(self.teams, key=lambda t: (-self.state.scores[t], self.teams.index(t)))
        result: list[Standing] = []
        for position, team in enumerate(ordered, start=1):
            score = self.state.scores[team]
            rank = result[-1].rank if result and result[-1].score == score else position
            moved = self.state.ranks_before.get(team, rank) - rank
            result.append(Standing(rank, team, score, moved))
        return result

    def reached(self) -> int:
        """How many questions the game got to: those gone past (skipped ones too), and the
        open one once a team has answered it or it is revealed."""
        if self.finished:
            return len(self.rounds)
        return self.state.index + bool(self.state.revealed or self.round_answers())

    def played(self) -> int:
        """How many questions were put to the teams and not skipped."""
        reached = self.reached()
        return reached - sum(1 for n in self.state.skipped if n <= reached)

    def result(self, *, title: str, seed: int) -> ClassroomResult:
        reached = self.reached()
        return ClassroomResult(
            title=title,
            seed=seed,
            style=self.style,
            speed=self.speed,
            time_limit=self.time_limit,
            teams=self.teams,
            finished=self.finished,
            questions=tuple(
                QuestionInfo.of(
                    r,
                    asked=self.teams[(r.number - 1) % len(self.teams)]
                    if self.style == "turns"
                    else "",
                )
                for r in self.rounds
            ),
            skipped=tuple(self.state.skipped),
            standings=tuple(self.standings()),
            answers=tuple(self.state.answers),
            unplayed=tuple(r.number for r in self.rounds[reached:]),
        )


def picks_of(round_: Round, given: Given) -> tuple[int, ...]:
    """An answer as the indexes of the options shown: what the reveal counts and labels."""
    options = round_.options
    question = round_.question
    match question:
        case ChoiceQuestion():
            return (options.index(given),) if isinstance(given, str) and given in options else ()
        case TrueFalseQuestion():
            if not isinstance(given, bool):
                return ()
            shown = options or question.choices  # a round built without its options
            return (shown.index("True" if given else "False"),)
        case MultiQuestion() | OrderQuestion():
            if not isinstance(given, tuple):
                return ()
            return tuple(options.index(item) for item in given if item in options)
        case TextQuestion() | NumberQuestion():
            return ()
        case _:
            assert_never(question)


def right_options(round_: Round) -> tuple[int, ...]:
    """The indexes of the right options as shown; for an order question, in the right order."""
    options = round_.options
    question = round_.question
    match question:
        case ChoiceQuestion():
            return (options.index(question.answer),)
        case TrueFalseQuestion():
            shown = options or question.choices
            return (shown.index("True" if question.answer else "False"),)
        case MultiQuestion():
            return tuple(i for i, option in enumerate(options) if option in question.answer)
        case OrderQuestion():
            return tuple(options.index(item) for item in question.items)
        case TextQuestion() | NumberQuestion():
            return ()
        case _:
            assert_never(question)


def podium_places(standings: Sequence[Standing], places: int) -> list[list[Standing]]:
    """The podium, best place first: teams with the same score share a place (and a step),
    and only ranks up to `places` stand on it. Seven teams tied for first are one place."""
    groups: list[list[Standing]] = []
    for standing in standings:
        if standing.rank > places:
            break
        if groups and groups[-1][0].rank == standing.rank:
            groups[-1].append(standing)
        else:
            groups.append([standing])
    return groups


def preview_seconds(prompt: str) -> float:
    """How long a question shows alone before its choices: long enough to read it aloud
    (about three words a second), from 3 to 10 seconds."""
    return min(10.0, max(3.0, 1.0 + len(prompt.split()) / 3))


@dataclass(frozen=True)
class QuestionInfo:
    number: int
    id: str
    prompt: str
    answer: str
    asked: str = ""
    """In turns style, the team whose turn the question was (before any pass)."""
    type: str = ""
    choices: tuple[str, ...] | None = None
    """Every choice, as in the bank; None where answers are typed."""
    wrong_choices: tuple[str, ...] = ()

    @classmethod
    def of(cls, round_: Round, *, asked: str = "") -> QuestionInfo:
        question = round_.question
        text = item_text(question)
        return cls(
            round_.number,
            question.id,
            question.prompt,
            answer_text(question),
            asked=asked,
            type=question.type,
            choices=text.choices,
            wrong_choices=text.wrong,
        )


@dataclass(frozen=True)
class ClassroomResult:
    """Everything a report needs: the teams' standings and every answer given."""

    title: str
    seed: int
    style: Style
    speed: bool
    time_limit: float | None
    teams: tuple[str, ...]
    finished: bool
    questions: tuple[QuestionInfo, ...]
    skipped: tuple[int, ...]
    standings: tuple[Standing, ...]
    answers: tuple[TeamAnswer, ...]
    unplayed: tuple[int, ...] = ()
    """Questions the game ended before: never put to anyone."""
    participant: Literal["team", "player"] = "team"
    """What the `teams` are: teams in a classroom, players in a live game."""
    joined: tuple[tuple[str, int], ...] = ()
    """Live players who joined after the game began, with the first question that was
    theirs: the questions before it were never put to them."""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def marks(self) -> list[Mark[int]]:
        """Every answer to a question put to the class, for item analysis: a team (or live
        player) is one attempt, a question is known by its number."""
        left_out = set(self.skipped) | set(self.unplayed)
        return [
            Mark(a.team, a.round, a.credit, a.correct, a.given, a.seconds)
            for a in self.answers
            if a.round not in left_out
        ]

    def item_texts(self) -> dict[int, ItemText]:
        """Each question's words and choices by number, for counting the wrong choices."""
        return {
            q.number: ItemText(q.prompt, q.type, q.choices, q.wrong_choices)
            for q in self.questions
            if q.type
        }


def parse_buzz_entry(text: str, teams: Sequence[str]) -> list[tuple[str, str]]:
    """'Red=B blue=2 "Green Team"="Shkaplerov"' -> [(team, answer text), ...].

    Team names match without regard to case; a name with spaces is quoted.
    """
    import shlex

    try:
        parts = shlex.split(text)
    except ValueError as error:
        raise ClassroomError(f"cannot read that: {error}") from None
    by_name = {name_key(t): t for t in teams}
    entries: list[tuple[str, str]] = []
    for part in parts:
        name, sep, answer = part.partition("=")
        if not sep or not answer.strip():
            raise ClassroomError(f"write each answer as Team=answer, e.g. {teams[0]}=B")
        team = by_name.get(name_key(name))
        if team is None:
            raise ClassroomError(f"no team called '{name}': the teams are {', '.join(teams)}")
        entries.append((team, answer.strip()))
    return entries
