"""The interactive game's answers: each question type put to the player with the prompts of
ui/prompts, and the pause after each result.

Every prompt passes `**prompt_options` on to prompt_toolkit, so tests can drive the real
prompts with its pipe input and DummyOutput. Asking for the hint keeps what was ticked,
picked or typed: the next ask of the same round starts from there.

`STYLE` and `add_countdown` are the questionary look and countdown that the other
questionary prompts (authoring, drafting, `join`) share.
"""

from __future__ import annotations

import math
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, assert_never

import questionary

from spacequiz.core.answers import parse_number
from spacequiz.core.engine import Round
from spacequiz.core.model import (
    ChoiceQuestion,
    MultiQuestion,
    NumberQuestion,
    OrderQuestion,
    TextQuestion,
    TrueFalseQuestion,
)
from spacequiz.ui.clock import QuestionClock, TimeUp
from spacequiz.ui.plain import HINT, HINT_WORDS
from spacequiz.ui.prompts import UNDO, ListState, TextState, choose, type_in, wait_for_enter
from spacequiz.ui.safe import clean

STYLE = questionary.Style(
    [
        ("qmark", "fg:#00afd7 bold"),
        ("question", "bold"),
        ("pointer", "fg:#00afd7 bold"),
        ("highlighted", "fg:#00afd7 bold"),
        ("selected", "fg:#5fd75f"),
        ("answer", "fg:#5fd75f bold"),
        ("countdown", "fg:#ffaf00 bold"),
        ("countdown-low", "fg:#ff5f5f bold"),
    ]
)


@dataclass
class _Kept:
    """What a round's prompt held when the player asked for the hint."""

    number: int
    question_id: str
    menu: ListState = field(default_factory=ListState)
    text: TextState = field(default_factory=TextState)
    chosen: list[str] = field(default_factory=list)


class InteractiveAsker:
    plain = False

    def __init__(
        self, *, auto_next: float | None = None, no_color: bool = False, **prompt_options: Any
    ) -> None:
        self.auto_next = auto_next
        self.prompt_options = prompt_options
        if no_color:  # --no-color as well as NO_COLOR (which prompt_toolkit reads itself)
            from prompt_toolkit.output import ColorDepth

            self.prompt_options.setdefault("color_depth", ColorDepth.DEPTH_1_BIT)
        self._kept: _Kept | None = None

    def ask(self, round_: Round, *, hint_available: bool, clock: QuestionClock) -> object:
        """An answer (see `engine.Given`), HINT, or TimeUp when the time runs out."""
        kept = self._keep(round_)
        self._kept = None
        reply = self._ask(round_, kept, hint_available, clock)
        if reply is HINT:  # asked again once the hint is shown: start from where it was
            self._kept = kept
        return reply

    def _ask(self, round_: Round, kept: _Kept, hint: bool, clock: QuestionClock) -> object:
        question = round_.question
        n = len(round_.options)
        match question:
            case TrueFalseQuestion():
                options: list[tuple[str, object]] = [("True", True), ("False", False)]
                message = _label("True or false?", round_)
                return self._choose(message, options, kept, clock, hint, _pick_keys(2, hint))
            case ChoiceQuestion():
                options = [(clean(o), o) for o in round_.options]
                message = _label("Your answer:", round_)
                return self._choose(message, options, kept, clock, hint, _pick_keys(n, hint))
            case MultiQuestion():
                options = [(clean(o), o) for o in round_.options]
                keys = f"Space or 1-{min(n, 9)} to tick, Enter to answer" + _hint_key(hint)
                message = _label("Select all that apply:", round_)
                return self._choose(message, options, kept, clock, hint, keys, multi=True)
            case OrderQuestion():
                return self._order(round_, kept, hint, clock)
            case TextQuestion() | NumberQuestion():
                return self._typed(question, kept, hint, clock)
            case _:
                assert_never(question)

    def wait_for_next(self, *, last: bool) -> None:
        """After a result: Enter (or the --auto-next pause) before the next question."""
        what = "your score" if last else "the next question"
        wait_for_enter(what, self.auto_next, **self.prompt_options)

    def _keep(self, round_: Round) -> _Kept:
        """The round's kept state when it is asked again after the hint, else a fresh one."""
        kept = self._kept
        if kept is None or (kept.number, kept.question_id) != (round_.number, round_.question.id):
            kept = _Kept(round_.number, round_.question.id)
        return kept

    def _choose(
        self,
        message: str,
        options: Sequence[tuple[str, object]],
        kept: _Kept,
        clock: QuestionClock,
        hint: bool,
        instruction: str,
        *,
        multi: bool = False,
    ) -> object:
        kept.menu.message = ""
        return choose(
            message,
            options,
            kept.menu,
            clock,
            multi=multi,
            hint=hint,
            instruction=instruction,
            **self.prompt_options,
        )

    def _order(self, round_: Round, kept: _Kept, hint: bool, clock: QuestionClock) -> object:
        """Build the order one pick at a time: what comes first, then next, and so on;
        Backspace takes back the last pick."""
        total = len(round_.options)
        while True:
            chosen = kept.chosen
            left = [o for o in round_.options if o not in chosen]
            if len(left) <= 1:
                return tuple(chosen + left)
            position = len(chosen) + 1
            after = f" (after: {clean(chosen[-1])})" if chosen else " (what comes first?)"
            message = _label(f"Item {position} of {total}{after}", round_)
            keys = f"1-{min(len(left), 9)} or ↑/↓, Enter" + (" · ⌫ undo" if chosen else "")
            picked = choose(
                message,
                [(clean(o), o) for o in left],
                kept.menu,
                clock,
                hint=hint,
                undo=bool(chosen),
                instruction=keys + _hint_key(hint),
                **self.prompt_options,
            )
            if picked is HINT:
                return HINT
            if isinstance(picked, TimeUp):  # the picks made so far count, the rest as shown
                return TimeUp(tuple(chosen + left) if chosen else None)
            kept.menu.pointer = 0
            if picked is UNDO:
                chosen.pop()
                continue
            assert isinstance(picked, str)
            chosen.append(picked)

    def _typed(
        self,
        question: TextQuestion | NumberQuestion,
        kept: _Kept,
        hint: bool,
        clock: QuestionClock,
    ) -> object:
        match question:
            case NumberQuestion():
                is_number = True
                message = "Type a number" + (f" ({clean(question.unit)})" if question.unit else "")
            case TextQuestion():
                is_number, message = False, "Type your answer"
            case _:
                assert_never(question)

        def problem(text: str) -> str | None:
            if hint and text.strip().casefold() in HINT_WORDS:
                return None
            if not text.strip():
                return "Please type an answer."
            if is_number and parse_number(text) is None:
                return "Please type a number, e.g. 3000."
            return None

        kept.text.message = ""
        typed = type_in(
            message + ":",
            kept.text,
            clock,
            problem=problem,
            instruction="(h for a hint)" if hint else "",
            **self.prompt_options,
        )
        if isinstance(typed, str) and hint and typed.strip().casefold() in HINT_WORDS:
            kept.text.text = ""
            return HINT
        return typed


def _pick_keys(count: int, hint: bool) -> str:
    return f"1-{min(count, 9)} or ↑/↓, Enter" + _hint_key(hint)


def _hint_key(hint: bool) -> str:
    return " · h hint" if hint else ""


def _fit(text: str, room: int) -> str:
    """One line of at most `room` characters, cut with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= room else text[: room - 1].rstrip() + "…"


def _label(message: str, round_: Round) -> str:
    """The prompt's label; when the question and its choices overflow the screen, the
    panel above has scrolled away, so the label repeats the question on one line."""
    columns, rows = shutil.get_terminal_size()
    prompt = " ".join(clean(round_.question.prompt).split())
    panel_rows = 2 + sum(1 + len(line) // max(columns - 4, 10) for line in prompt.splitlines())
    if panel_rows + len(round_.options) + 4 <= rows:
        return message
    room = max(columns - len(message) - 30, 10)  # leaves room for the key instructions
    return f"{_fit(prompt, room)} {message}"


def add_countdown(
    prompt: questionary.Question, deadline: float, total: float, now: Callable[[], float]
) -> None:
    """A line above a questionary prompt showing the seconds left by the clock `now`,
    redrawn four times a second (the live game's `join` prompts)."""
    from prompt_toolkit.formatted_text import StyleAndTextTuples
    from prompt_toolkit.layout import HSplit, Layout, Window
    from prompt_toolkit.layout.controls import FormattedTextControl

    app = prompt.application

    def countdown() -> StyleAndTextTuples:
        left = max(0.0, deadline - now())
        seconds = math.ceil(left)
        width = 20
        filled = min(width, math.ceil(width * left / total))
        style = "class:countdown-low" if left < 5 else "class:countdown"
        return [(style, f"⏱ {seconds:>3}s left {'█' * filled}{'░' * (width - filled)}")]

    # Above the prompt: below it, prompt_toolkit would push the line to the screen's bottom.
    focused = app.layout.current_window
    app.layout = Layout(
        HSplit([Window(FormattedTextControl(countdown), height=1), app.layout.container]),
        focused_element=focused,
    )
    app.refresh_interval = 0.25
