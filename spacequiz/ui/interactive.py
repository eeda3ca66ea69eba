"""Questionary prompts for the interactive game, with an optional visible countdown.

Every prompt factory passes `**prompt_options` to questionary, so tests can drive the real
prompts with prompt_toolkit's pipe input and DummyOutput.
"""

from __future__ import annotations

import asyncio
import math
import shutil
import time
from typing import Any, assert_never

import questionary
from questionary import Choice

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
from spacequiz.ui.plain import HINT, HINT_WORDS
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
_TIMED_OUT = object()


class InteractiveAsker:
    plain = False

    def __init__(self, time_limit: float | None = None, **prompt_options: Any) -> None:
        self.time_limit = time_limit
        self.prompt_options = prompt_options

    def ask(self, round_: Round, *, hint_available: bool, deadline: float | None) -> object:
        """An answer (see `engine.Given`), HINT, or None when the deadline passes."""
        question = round_.question
        hint_choice = [Choice("💡 Show the hint", value=HINT)] if hint_available else []
        match question:
            case TrueFalseQuestion():
                choices = [Choice("True", value=True), Choice("False", value=False), *hint_choice]
                return self._select(_label("True or false?", round_), choices, deadline)
            case ChoiceQuestion():
                choices = [Choice(clean(o), value=o) for o in round_.options] + hint_choice
                return self._select(_label("Your answer:", round_), choices, deadline)
            case MultiQuestion():
                return self._multi(round_, hint_available, deadline)
            case OrderQuestion():
                return self._order(round_, hint_available, deadline)
            case TextQuestion() | NumberQuestion():
                return self._typed(question, hint_available, deadline)
            case _:
                assert_never(question)

    def _select(self, message: str, choices: list[Choice], deadline: float | None) -> object:
        prompt = questionary.select(
            message,
            choices=choices,
            style=STYLE,
            instruction="(↑/↓, Enter)",
            **self.prompt_options,
        )
        return self._run(_ends_on_ctrl_d(prompt), deadline)

    def _multi(self, round_: Round, hint_available: bool, deadline: float | None) -> object:
        choices = [Choice(clean(o), value=o) for o in round_.options]
        if hint_available:
            choices.append(Choice("💡 Show the hint (tick it alone)", value=HINT))
        prompt = questionary.checkbox(
            _label("Select all that apply:", round_),
            choices=choices,
            style=STYLE,
            # An Enter before any Space is a slip, not an answer of "none of them".
            validate=lambda picked: bool(picked) or "Tick at least one with Space, then Enter.",
            instruction="(Space to tick, Enter to answer)",
            **self.prompt_options,
        )
        picked = self._run(_ends_on_ctrl_d(prompt), deadline)
        if picked is None:
            return None
        assert isinstance(picked, list)
        if HINT in picked:
            return HINT
        return tuple(picked)

    def _order(self, round_: Round, hint_available: bool, deadline: float | None) -> object:
        """Build the order one pick at a time: what comes first, then next, and so on."""
        left = list(round_.options)
        chosen: list[str] = []
        while len(left) > 1:
            position = len(chosen) + 1
            choices = [Choice(clean(o), value=o) for o in left]
            if hint_available and not chosen:
                choices.append(Choice("💡 Show the hint", value=HINT))
            if chosen:
                choices.append(Choice("↺ Start again", value=_RESTART))
            message = f"Item {position} of {len(round_.options)}" + (
                f" (after: {_fit(clean(chosen[-1]), 30)})" if chosen else " (what comes first?)"
            )
            picked = self._select(message, choices, deadline)
            if picked is None or picked is HINT:
                return picked
            if picked is _RESTART:
                left, chosen = list(round_.options), []
                continue
            assert isinstance(picked, str)
            chosen.append(picked)
            left.remove(picked)
        return tuple(chosen + left)

    def _typed(
        self, question: TextQuestion | NumberQuestion, hint_available: bool, deadline: float | None
    ) -> object:
        match question:
            case NumberQuestion():
                is_number = True
                message = "Your number" + (f" ({clean(question.unit)})" if question.unit else "")
            case TextQuestion():
                is_number, message = False, "Your answer"
            case _:
                assert_never(question)

        def valid(text: str) -> bool | str:
            if hint_available and text.strip().casefold() in HINT_WORDS:
                return True
            if not text.strip():
                return "Please type an answer."
            if is_number and parse_number(text) is None:
                return "Please type a number, e.g. 3000."
            return True

        prompt = questionary.text(
            message + ":",
            validate=valid,
            style=STYLE,
            instruction="(h for a hint)" if hint_available else None,
            **self.prompt_options,
        )
        typed = self._run(prompt, deadline)
        if typed is None:
            return None
        assert isinstance(typed, str)
        if hint_available and typed.strip().casefold() in HINT_WORDS:
            return HINT
        return typed

    def _run(self, prompt: questionary.Question, deadline: float | None) -> object:
        if deadline is None:
            return prompt.unsafe_ask()
        add_countdown(prompt, deadline, self.time_limit or 1.0)
        result = asyncio.run(_ask_until(prompt, deadline))
        return None if result is _TIMED_OUT else result


_RESTART = object()


def _ends_on_ctrl_d(prompt: questionary.Question) -> questionary.Question:
    """Ctrl-D ends the game from a list too, as it does from a text box (prompt_toolkit
    binds it only where there is text to type)."""
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

    keys = KeyBindings()

    @keys.add("c-d", eager=True)
    def _end(event: Any) -> None:
        event.app.exit(exception=EOFError())

    app = prompt.application
    app.key_bindings = merge_key_bindings([app.key_bindings, keys]) if app.key_bindings else keys
    return prompt


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
    room = max(columns - len(message) - 24, 10)  # leaves room for the key instructions
    return f"{_fit(prompt, room)} {message}"


def add_countdown(prompt: questionary.Question, deadline: float, total: float) -> None:
    """A line under the prompt showing the seconds left, redrawn four times a second."""
    from prompt_toolkit.formatted_text import StyleAndTextTuples
    from prompt_toolkit.layout import HSplit, Layout, Window
    from prompt_toolkit.layout.controls import FormattedTextControl

    app = prompt.application

    def countdown() -> StyleAndTextTuples:
        left = max(0.0, deadline - time.monotonic())
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


async def _ask_until(prompt: questionary.Question, deadline: float) -> object:
    app = prompt.application
    loop = asyncio.get_running_loop()

    def expire() -> None:
        if app.is_running and not app.future.done():  # type: ignore[union-attr]
            app.exit(result=_TIMED_OUT)

    handle = loop.call_later(max(0.0, deadline - time.monotonic()), expire)
    try:
        return await prompt.unsafe_ask_async()
    finally:
        handle.cancel()
