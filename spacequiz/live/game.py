"""The rules of a live game: players join with a code, answer on their own devices, score.

Pure like the engine: the server tells it what arrived and when (`now`, seconds on the host's
clock) and sends what it returns; it never touches the network, the terminal or the clock, so
tests drive it with a fake clock. Every change costs O(1) per player except the reveal, which
ranks everyone once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal, assert_never

from spacequiz.core.classroom import ClassroomResult, QuestionInfo, Standing, TeamAnswer
from spacequiz.core.engine import Given, Outcome, Round, Scoring, Session, answer_text
from spacequiz.core.errors import SpacequizError
from spacequiz.core.model import (
    ChoiceQuestion,
    MultiQuestion,
    NumberQuestion,
    OrderQuestion,
    TextQuestion,
    TrueFalseQuestion,
)
from spacequiz.core.names import MAX_NAME_LENGTH, clean_name, name_key

Phase = Literal["lobby", "question", "reveal", "finished"]
Kind = Literal["choice", "multi", "truefalse", "text", "number", "order"]
MAX_TEXT_ANSWER = 200
DEFAULT_MAX_PLAYERS = 1000
GRACE_SECONDS = 1.0
"""How long after a deadline an answer still counts, scored as at the deadline. A page sends
what was ticked as its countdown reaches zero, and its countdown began when the question
reached it: that answer arrives a little after the host's deadline. The question closes on
time-up only after the grace, so an answer in flight is not refused as late."""


class LiveError(SpacequizError):
    """A player's request the rules refuse; `code` is the protocol's error code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Answered:
    """A player's answer to one question, as counted."""

    number: int
    picked: tuple[int, ...]
    """Indexes of the options chosen (in order for order questions); empty for typed text."""
    outcome: Outcome


@dataclass
class Player:
    name: str
    key: str
    token: str
    session: Session
    connected: bool = True
    answers: dict[int, Answered] = field(default_factory=dict)
    rank_before: int | None = None
    first: int = 1
    """The first question that is theirs: one asked before they joined is not (no answer,
    not counted); joining while a question is open makes that one theirs."""
    score: int = 0
    """The sum of the points of `answers`, kept as they come: ranking 1000 players must not
    add up every player's answers again."""


@dataclass(frozen=True)
class Joined:
    player: Player
    resumed: bool


@dataclass(frozen=True)
class Reveal:
    """What a closed question showed: the right answer and how many chose each option."""

    number: int
    answer: str
    correct: tuple[int, ...]
    counts: tuple[int, ...]
    explanation: str
    right: int
    answered: int
    players: int = 0
    """The players the question was put to (late joiners' earlier questions are not theirs)."""


def kind_of(round_: Round) -> Kind:
    return round_.question.type


def correct_options(round_: Round) -> tuple[int, ...]:
    """The indexes of the right options as shown; only ever sent with the reveal."""
    question = round_.question
    match question:
        case ChoiceQuestion():
            return (round_.options.index(question.answer),)
        case MultiQuestion():
            return tuple(i for i, o in enumerate(round_.options) if o in question.answer)
        case TrueFalseQuestion():
            return (0 if question.answer else 1,)
        case OrderQuestion():
            return tuple(round_.options.index(item) for item in question.items)
        case TextQuestion() | NumberQuestion():
            return ()
        case _:
            assert_never(question)


def options_of(round_: Round) -> tuple[str, ...]:
    question = round_.question
    match question:
        case TrueFalseQuestion():
            return ("True", "False")
        case ChoiceQuestion() | MultiQuestion() | OrderQuestion():
            return round_.options
        case TextQuestion() | NumberQuestion():
            return ()
        case _:
            assert_never(question)


def read_answer(round_: Round, raw: object) -> tuple[Given, tuple[int, ...]]:
    """A protocol answer (indexes or text) as the engine's Given, and the indexes picked."""
    question = round_.question
    options = options_of(round_)

    def index(value: object) -> int:
        if type(value) is not int or not 0 <= value < len(options):
            raise LiveError("bad_answer", f"choose one of the {len(options)} options by number")
        return value

    def indexes(value: object) -> list[int]:
        if not isinstance(value, list) or len(value) > len(options):
            raise LiveError("bad_answer", "send a list of option numbers")
        picked = [index(v) for v in value]
        if len(set(picked)) != len(picked):
            raise LiveError("bad_answer", "each option may be chosen once")
        return picked

    match question:
        case ChoiceQuestion():
            i = index(raw)
            return options[i], (i,)
        case TrueFalseQuestion():
            i = index(raw)
            return i == 0, (i,)
        case MultiQuestion():
            picked = sorted(indexes(raw))
            return tuple(options[i] for i in picked), tuple(picked)
        case OrderQuestion():
            order = indexes(raw)
            if len(order) != len(options):
                raise LiveError("bad_answer", "put every item in order, each once")
            return tuple(options[i] for i in order), tuple(order)
        case TextQuestion() | NumberQuestion():
            if not isinstance(raw, str) or len(raw) > MAX_TEXT_ANSWER:
                raise LiveError(
                    "bad_answer", f"type an answer of at most {MAX_TEXT_ANSWER} characters"
                )
            text = " ".join(clean_name(raw).split())
            return (text or None), ()
        case _:
            assert_never(question)


class LiveGame:
    """A live game from the lobby to the podium."""

    def __init__(
        self,
        rounds: Sequence[Round],
        *,
        code: str,
        new_token: Callable[[], str],
        time_limit: float | None = 20.0,
        speed: bool = True,
        max_players: int = DEFAULT_MAX_PLAYERS,
        locked: bool = False,
        scoring: Scoring | None = None,
    ) -> None:
        if not rounds:
            raise LiveError("no_questions", "a live game needs at least one question")
        self.rounds = tuple(rounds)
        self.code = code
        self.time_limit = time_limit
        self.speed = speed
        self.max_players = max_players
        self.locked = locked
        self.scoring = scoring or Scoring()
        self._new_token = new_token
        self.phase: Phase = "lobby"
        self.index = -1
        self.opened_at = 0.0
        self.players: dict[str, Player] = {}  # by name key, in join order
        self._by_token: dict[str, Player] = {}
        self.answered_now = 0
        self.skipped: list[int] = []
        self._connected = 0
        self.awaiting: set[str] = set()
        """After a resume: keys of the players who were playing when the host stopped and
        are not back yet. The open question waits for them as if they were connected, so
        those who reconnect first do not close it on everyone else (until the next reveal)."""
        self.extra: dict[str, float] = {}
        """Extra time by name key: a factor on the time limit (1.5 or 2) for a player who
        needs it; their deadline is theirs, and the question waits for them."""

    # Where we are ----------------------------------------------------------------------

    @property
    def round(self) -> Round:
        return self.rounds[self.index]

    @property
    def total(self) -> int:
        return len(self.rounds)

    def connected_count(self) -> int:
        return self._connected

    def limit_of(self, player: Player | None = None) -> float | None:
        """The seconds a question gives this player (everyone's, without a player)."""
        if self.time_limit is None:
            return None
        return self.time_limit * (self.extra.get(player.key, 1.0) if player else 1.0)

    def deadline(self, player: Player | None = None) -> float | None:
        limit = self.limit_of(player)
        return None if limit is None else self.opened_at + limit

    def seconds_left(self, now: float, player: Player | None = None) -> float | None:
        deadline = self.deadline(player)
        return None if deadline is None else max(0.0, deadline - now)

    def time_up(self, now: float) -> bool:
        """The time and its grace are up for everyone still to answer, extra time included."""
        deadline = self.deadline()
        if self.phase != "question" or deadline is None or now < deadline + GRACE_SECONDS:
            return False
        number = self.index + 1
        return not any(
            now < (self.deadline(p) or 0.0) + GRACE_SECONDS
            for key in self.extra
            if (p := self.players.get(key)) is not None and p.connected and number not in p.answers
        )

    def give_extra_time(self, name: str, factor: float) -> None:
        """Give a player (now or when they join) `factor` times the time limit."""
        if not 1.0 <= factor <= 3.0:
            raise LiveError("bad_extra", "extra time is a factor from 1 to 3, e.g. 1.5 or 2")
        key = name_key(name)
        if factor == 1.0:
            self.extra.pop(key, None)
        else:
            self.extra[key] = factor
        player = self.players.get(key)
        if player is not None and self.speed:
            player.session.time_limit = self.limit_of(player)

    def counted(self) -> list[Player]:
        """The players the open question counts: connected, awaited after a resume, or
        already answered. "Everyone answered" means all of them; phones and the projector
        show "answered of" this many."""
        number = self.index + 1
        return [
            p
            for p in self.players.values()
            if p.connected or p.key in self.awaiting or number in p.answers
        ]

    def counted_count(self) -> int:
        """How many players the open question counts (one pass, no list)."""
        number = self.index + 1
        return sum(
            1
            for p in self.players.values()
            if p.connected or p.key in self.awaiting or number in p.answers
        )

    def everyone_answered(self) -> bool:
        """Every counted player has answered (and at least one player is playing)."""
        if self.phase != "question":
            return False
        waiting = self.counted()
        return bool(waiting) and all(self.index + 1 in p.answers for p in waiting)

    # Players ---------------------------------------------------------------------------

    def join(
        self, code: str, name: str, token: str | None = None, *, new_token: str | None = None
    ) -> Joined:
        """A player joins, or rejoins with their token; `new_token` replays a journal."""
        if code != self.code:
            raise LiveError("bad_code", "that is not this game's code")
        shown = clean_name(name)
        if not shown or len(shown) > MAX_NAME_LENGTH:
            raise LiveError("bad_name", f"a name has 1 to {MAX_NAME_LENGTH} characters")
        key = name_key(shown)
        held = self.players.get(key)
        if token is not None:
            player = self._by_token.get(token)
            if player is None or player.key != key:
                raise LiveError("bad_token", "that token does not belong to that name")
            if not player.connected:
                player.connected = True
                self._connected += 1
            self.awaiting.discard(player.key)
            return Joined(player, resumed=True)
        if held is not None:
            raise LiveError("name_taken", f"{held.name} is already playing: choose another name")
        if self.locked or self.phase == "finished":
            raise LiveError("locked", "the game is closed to new players")
        if len(self.players) >= self.max_players:
            raise LiveError("full", f"the game is full ({self.max_players} players)")
        session = Session(self.scoring, None)
        player = Player(shown, key, new_token or self._new_token(), session)
        if self.speed:
            session.time_limit = self.limit_of(player)
        # Questions asked before they joined are not theirs; an open one is.
        player.first = self.index + 1 if self.phase == "question" else self.index + 2
        self.players[key] = player
        self._by_token[player.token] = player
        self._connected += 1
        return Joined(player, resumed=False)

    def leave(self, player: Player) -> None:
        """The player's connection dropped: they keep their place and may rejoin."""
        if player.connected and self.players.get(player.key) is player:
            player.connected = False
            self._connected -= 1

    def kick(self, name: str) -> Player:
        """Remove a player and free the name; their answers leave the game with them."""
        player = self.players.pop(name_key(name), None)
        if player is None:
            raise LiveError("no_player", f"no player called {clean_name(name)!r}")
        del self._by_token[player.token]
        self._connected -= player.connected
        self.awaiting.discard(player.key)
        if self.phase == "question" and self.index + 1 in player.answers:
            self.answered_now -= 1
        return player

    # The game --------------------------------------------------------------------------

    def start(self, now: float) -> Round:
        if self.phase != "lobby":
            raise LiveError("started", "the game has already started")
        return self._open_next(now)

    def answer(self, player: Player, number: object, raw: object, now: float) -> Answered:
        """Count one answer, timed by the host's clock: arrival minus the question's start."""
        if self.phase != "question" or type(number) is not int or number != self.index + 1:
            raise LiveError("not_open", "that question is not open")
        deadline = self.deadline(player)
        if deadline is not None and now >= deadline + GRACE_SECONDS:
            raise LiveError("late", "too late: the time for this question is up")
        if self.index + 1 in player.answers:
            raise LiveError("already_answered", "you have already answered this question")
        given, picked = read_answer(self.round, raw)
        seconds = max(0.0, now - self.opened_at)
        limit = self.limit_of(player)
        if limit is not None:
            seconds = min(seconds, limit)
        outcome = player.session.answer(self.round.question, given, seconds=seconds)
        player.score += outcome.points
        answered = Answered(self.index + 1, picked, outcome)
        player.answers[answered.number] = answered
        self.answered_now += 1
        return answered

    def reveal(self) -> Reveal:
        """Close the open question: those who did not answer score nothing on it."""
        if self.phase != "question":
            raise LiveError("not_open", "no question is open")
        for player in self.players.values():
            if self.index + 1 not in player.answers and player.first <= self.index + 1:
                self._miss(player, self.round)
        self.phase = "reveal"
        self.awaiting.clear()
        return self.reveal_of(self.index + 1)

    def reveal_of(self, number: int) -> Reveal:
        round_ = self.rounds[number - 1]
        counts = [0] * len(options_of(round_))
        right = answered = players = 0
        order = correct_options(round_) if round_.question.type == "order" else None
        for player in self.players.values():
            players += player.first <= number
            got = player.answers.get(number)
            if got is None or got.outcome.timed_out:
                continue
            answered += 1
            right += got.outcome.correct
            if order is None:
                for i in got.picked:
                    counts[i] += 1
            else:  # an order question: how many put each item in its right place
                for i, right_one in zip(got.picked, order, strict=True):
                    counts[i] += i == right_one
        return Reveal(
            number=number,
            answer=answer_text(round_.question),
            correct=correct_options(round_),
            counts=tuple(counts),
            explanation=round_.question.explanation,
            right=right,
            answered=answered,
            players=players,
        )

    def next(self, now: float) -> Round | None:
        """After a reveal, open the next question; None when the game is over."""
        if self.phase != "reveal":
            raise LiveError("not_revealed", "reveal the answer first")
        for rank, player in self._ranked():
            player.rank_before = rank
        if self.index + 1 >= len(self.rounds):
            self.phase = "finished"
            return None
        return self._open_next(now)

    def finish(self) -> None:
        """End the game now (the host quit): an open question is closed first."""
        if self.phase == "question":
            self.reveal()
        self.phase = "finished"

    def _open_next(self, now: float) -> Round:
        self.index += 1
        self.phase = "question"
        self.opened_at = now
        self.answered_now = 0
        return self.round

    def _miss(self, player: Player, round_: Round) -> None:
        outcome = player.session.answer(round_.question, None, seconds=self.limit_of(player) or 0.0)
        player.score += outcome.points
        player.answers[round_.number] = Answered(round_.number, (), outcome)

    # Standings -------------------------------------------------------------------------

    def _ranked(self) -> list[tuple[int, Player]]:
        """Players by score; ties share a rank, in join order."""
        ordered = sorted(self.players.values(), key=lambda p: -p.score)
        ranked: list[tuple[int, Player]] = []
        for position, player in enumerate(ordered, start=1):
            tie = ranked and ranked[-1][1].score == player.score
            ranked.append((ranked[-1][0] if tie else position, player))
        return ranked

    def standings(self) -> list[Standing]:
        return [
            Standing(rank, p.name, p.score, (p.rank_before or rank) - rank)
            for rank, p in self._ranked()
        ]

    # The record ------------------------------------------------------------------------

    def played(self) -> int:
        """How many questions were put to the players."""
        if self.phase in ("reveal", "finished"):
            return self.index + 1
        return max(self.index, 0)

    def result(self, *, title: str, seed: int) -> ClassroomResult:
        """The game as the classroom report reads it: every player's every answer."""
        played = self.played()
        answers = [
            TeamAnswer(
                team=p.name,
                round=a.number,
                question_id=a.outcome.question_id,
                given=a.outcome.given,
                correct=a.outcome.correct,
                credit=a.outcome.credit,
                points=a.outcome.points,
                seconds=a.outcome.seconds,
                timed_out=a.outcome.timed_out,
            )
            for p in self.players.values()
            for n, a in sorted(p.answers.items())
            if n <= played
        ]
        return ClassroomResult(
            title=title,
            seed=seed,
            style="buzz",
            speed=self.speed,
            time_limit=self.time_limit,
            teams=tuple(p.name for p in self.players.values()),
            finished=self.phase == "finished" and played == len(self.rounds),
            questions=tuple(QuestionInfo.of(r) for r in self.rounds[:played]),
            skipped=tuple(self.skipped),
            standings=tuple(self.standings()),
            answers=tuple(answers),
            participant="player",
            joined=tuple((p.name, p.first) for p in self.players.values() if p.first > 1),
        )
