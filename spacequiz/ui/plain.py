"""The plain, line-based game: numbered choices, one answer a line, no cursor tricks.

Works through pipes, in CI and with screen readers; an answer it cannot read is asked
again, and the end of input ends the game (EOFError, handled like Ctrl-C by the caller).
"""

from __future__ import annotations

import re
from typing import assert_never

from rich.console import Console

from spacequiz.core.answers import parse_number
from spacequiz.core.engine import Given, Round
from spacequiz.core.model import (
    ChoiceQuestion,
    MultiQuestion,
    NumberQuestion,
    OrderQuestion,
    TextQuestion,
    TrueFalseQuestion,
)
from spacequiz.ui.clock import QuestionClock, TimeUp
from spacequiz.ui.lines import LineReader
from spacequiz.ui.safe import literal

HINT = object()
"""Returned instead of an answer when the player asks for the hint."""

MAX_UNREADABLE = 10
"""Lines in a row that cannot be read before a game from a pipe gives up: the input is
not answers (`yes | spacequiz play`), and asking again would go on for ever."""


class UnreadableInput(EOFError):
    """Input that is not a terminal kept sending lines that are no answer; like the end of
    input it ends the game, but as an error."""


def give_up(count: int) -> UnreadableInput:
    return UnreadableInput(
        f"{count} lines in a row could not be read as answers, so the game stops here; "
        "check what is piped into it"
    )


HINT_WORDS = {"h", "hint", "?"}
TRUE_WORDS = {"t", "true", "y", "yes"}
FALSE_WORDS = {"f", "false", "n", "no"}


class PlainAsker:
    plain = True

    def __init__(
        self,
        console: Console,
        reader: LineReader,
        echo: bool = False,
        retries: int | None = None,
    ) -> None:
        """
        Args:
            retries: how many unreadable lines in a row to ask again before giving up
                (UnreadableInput); None for no limit, as when a person types.
        """
        self.console = console
        self.reader = reader
        self.echo = echo
        self.retries = retries

    def ask(self, round_: Round, *, hint_available: bool, clock: QuestionClock) -> object:
        """An answer (see `engine.Given`), HINT, or TimeUp when the time runs out; the clock
        starts when the question and its choices are printed."""
        help_text = self._prompt_help(round_, hint_available)
        # What was typed on a terminal during the last question (or an Enter pressed as
        # its time ran out) is not this one's answer; lines waiting in a pipe are kept.
        self.reader.drop_typeahead()
        unreadable = 0
        while True:
            self.console.print(literal(help_text), end="")
            self.console.file.flush()
            clock.start()
            line = self.reader.readline(clock.left())
            if line is None:
                self.console.print()
                return TimeUp()
            if self.echo:  # Piped answers are not echoed by a terminal; keep transcripts readable.
                self.console.print(literal(line))
            text = line.strip()
            if hint_available and text.casefold() in HINT_WORDS:
                return HINT
            given, problem = read_answer(round_, text)
            if problem is None:
                return given
            self.console.print(literal(problem), style="warn")
            unreadable += 1
            if self.retries is not None and unreadable >= self.retries:
                raise give_up(unreadable)

    def wait_for_next(self, *, last: bool) -> None:
        """Nothing: the plain game's line protocol has no Enter between questions."""

    @staticmethod
    def _prompt_help(round_: Round, hint_available: bool) -> str:
        question = round_.question
        n = len(round_.options)
        match question:
            case MultiQuestion():
                what = f"Numbers 1-{n}, e.g. 1,3"
            case OrderQuestion():
                what = f"Numbers 1-{n} in order, e.g. {_order_example(n)}"
            case ChoiceQuestion() | TrueFalseQuestion():
                what = f"Number 1-{n}"
            case NumberQuestion():
                what = f"Your number{f' ({question.unit})' if question.unit else ''}"
            case TextQuestion():
                what = "Your answer"
            case _:
                assert_never(question)
        return f"{what}{' (h for a hint)' if hint_available else ''}: "


_SPLIT = re.compile(r"[\s,;]+")


def _order_example(n: int) -> str:
    return " ".join(str(i) for i in range(n, 0, -1))


def _pick(options: tuple[str, ...], token: str) -> str | None:
    """A choice by its number or by its text (case-insensitive); a number out of range may
    still be a choice's text (years as choices)."""
    # isdecimal, not isdigit: '²' is a digit that int() refuses; and a choice number has
    # a few digits, not the thousands int() would refuse too.
    if token.isdecimal() and len(token) <= 6:
        index = int(token)
        if 1 <= index <= len(options):
            return options[index - 1]
    folded = token.casefold()
    return next((o for o in options if o.casefold() == folded), None)


def _picks(options: tuple[str, ...], text: str) -> tuple[str, ...] | str:
    """Several choices by number or text, each once; or what is wrong with the line."""
    whole = _pick(options, text)
    tokens = [whole] if whole and not text.isdecimal() else _SPLIT.split(text)
    picked = [_pick(options, t) for t in tokens if t]
    if any(p is None for p in picked) or not picked:
        return f"Please type numbers from 1 to {len(options)}, separated by commas or spaces."
    chosen = tuple(p for p in picked if p is not None)
    if len(set(chosen)) != len(chosen):
        return "Each number only once, please."
    return chosen


def read_answer(round_: Round, text: str) -> tuple[Given, str | None]:
    """Turn a typed line into an answer, or say what is wrong with it."""
    question = round_.question
    options = round_.options
    n = len(options)
    if not text:
        return None, "Please type an answer."
    match question:
        case TrueFalseQuestion():
            word = text.casefold()
            if word in TRUE_WORDS or word == "1":
                return True, None
            if word in FALSE_WORDS or word == "2":
                return False, None
            return None, "Please type 1 (True) or 2 (False)."
        case ChoiceQuestion():
            choice = _pick(options, text)
            return (choice, None) if choice else (None, f"Please type a number from 1 to {n}.")
        case MultiQuestion():
            chosen = _picks(options, text)
            return (None, chosen) if isinstance(chosen, str) else (chosen, None)
        case OrderQuestion():
            chosen = _picks(options, text)
            if isinstance(chosen, str):
                return None, chosen
            if len(chosen) != n:
                return None, f"Please put all {n} items in order, e.g. {_order_example(n)}."
            return chosen, None
        case NumberQuestion():
            if parse_number(text) is None:
                return None, "Please type a number, e.g. 3000."
            return text, None
        case TextQuestion():
            return text, None
        case _:
            assert_never(question)
