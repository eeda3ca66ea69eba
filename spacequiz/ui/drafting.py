"""Screens for reviewing drafted questions: each draft with its source, then keep, edit or skip.

Like the `add` wizard, every prompt passes `**prompt_options` to questionary so tests drive
the real prompts through a pipe, and uses `unsafe_ask()` so Ctrl-C reaches the command.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Literal, assert_never

import questionary
from questionary import Choice
from rich.console import Console
from rich.text import Text

from spacequiz.core.model import (
    ChoiceQuestion,
    MultiQuestion,
    NumberQuestion,
    OrderQuestion,
    Question,
    TextQuestion,
    TrueFalseQuestion,
)
from spacequiz.ui.authoring import show_preview
from spacequiz.ui.interactive import STYLE
from spacequiz.ui.prompts import guard_prompt
from spacequiz.ui.safe import literal

Action = Literal["keep", "edit", "skip", "stop"]
LIST_SEPARATOR = " | "
"""How a list field (choices, accept, items, tags) is shown and typed on one line."""


def answer_line(question: Question) -> str:
    """The right answer in words, for a screen that, unlike a game, may show it."""
    match question:
        case ChoiceQuestion():
            return question.answer
        case TextQuestion():
            also = f" (also: {', '.join(question.accept)})" if question.accept else ""
            return f"{question.answer}{also}"
        case MultiQuestion():
            return ", ".join(question.answer)
        case TrueFalseQuestion():
            return "true" if question.answer else "false"
        case NumberQuestion():
            within = f" ± {question.tolerance:g}" if question.tolerance else ""
            return f"{question.answer:g}{within} {question.unit or ''}".rstrip()
        case OrderQuestion():
            return " → ".join(question.items)
        case _:
            assert_never(question)


def show_draft(
    console: Console, number: int, of: int, sources: Sequence[str], question: Question
) -> None:
    """One draft: where it came from, the question as players will see it, its answer."""
    console.print()
    console.print(literal(f"Draft {number} of {of}", "accent"))
    for source in sources:
        console.print(literal(source, "muted"), soft_wrap=False)
    show_preview(console, question)
    console.print(Text.assemble(("Answer: ", "bold"), literal(answer_line(question), "right")))
    if question.explanation:
        console.print(Text.assemble(("Explanation: ", "bold"), literal(question.explanation)))


class Reviewer:
    """Asks what to do with each draft, and for new values of the fields to change."""

    def __init__(self, console: Console, **prompt_options: Any) -> None:
        self.console = console
        self.prompt_options = prompt_options

    def action(self) -> Action:
        choices = [
            Choice("Keep it: add it to the bank", value="keep"),
            Choice("Edit a field first", value="edit"),
            Choice("Skip it", value="skip"),
            Choice("Stop reviewing", value="stop"),
        ]
        prompt = questionary.select(
            "What should happen to this draft?", choices=choices, style=STYLE, **self.prompt_options
        )
        answer: Action = guard_prompt(prompt).unsafe_ask()
        return answer

    def field(self, fields: dict[str, object]) -> str:
        choices = [Choice(f"{name}: {shown(value)}", value=name) for name, value in fields.items()]
        prompt = questionary.select(
            "Which field?", choices=choices, style=STYLE, **self.prompt_options
        )
        return str(guard_prompt(prompt).unsafe_ask())

    def value(self, name: str, current: object, check: Callable[[str], bool | str]) -> str:
        hint = f" (separate entries with '{LIST_SEPARATOR.strip()}')" if _is_list(current) else ""
        prompt = questionary.text(
            f"New {name}{hint}:",
            default=shown(current),
            validate=check,
            style=STYLE,
            **self.prompt_options,
        )
        return str(guard_prompt(prompt).unsafe_ask()).strip()

    def say(self, message: str, style: str = "") -> None:
        self.console.print(literal(message, style))


def shown(value: object) -> str:
    """A field's value as one editable line."""
    if _is_list(value):
        assert isinstance(value, list | tuple)
        return LIST_SEPARATOR.join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _is_list(value: object) -> bool:
    return isinstance(value, list | tuple)
