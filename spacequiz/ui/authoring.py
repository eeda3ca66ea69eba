"""Screens for writing banks: the `add` wizard, its preview, and import/export reports.

Every prompt passes `**prompt_options` to questionary, so tests drive the real prompts with
prompt_toolkit's pipe input and DummyOutput. Prompts use `unsafe_ask()`: Ctrl-C raises
KeyboardInterrupt for the command to turn into exit 130 with nothing written.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Any, assert_never

import questionary
from questionary import Choice
from rich.console import Console

from spacequiz.bank import rules
from spacequiz.core.answers import bank_number, parse_number
from spacequiz.core.engine import Round
from spacequiz.core.model import (
    DIFFICULTIES,
    QUESTION_TYPES,
    ChoiceQuestion,
    MultiQuestion,
    NumberQuestion,
    OrderQuestion,
    Question,
    QuestionType,
    TextQuestion,
    TrueFalseQuestion,
)
from spacequiz.core.records import Skipped
from spacequiz.ui.interactive import STYLE
from spacequiz.ui.prompts import guard_prompt
from spacequiz.ui.safe import clean, literal
from spacequiz.ui.screens import show_question

TYPE_HELP = {
    "choice": "choice     - pick the one right answer",
    "multi": "multi      - select all the answers that apply",
    "truefalse": "truefalse  - say whether a statement is true",
    "text": "text       - type a short answer",
    "number": "number     - type a number, with a tolerance",
    "order": "order      - put items back in order",
}

Validator = Callable[[str], bool | str]


class Wizard:
    """Asks for one question, field by field, checking each answer as it is typed."""

    def __init__(self, console: Console, **prompt_options: Any) -> None:
        self.console = console
        self.prompt_options = prompt_options

    # Prompts ------------------------------------------------------------------------------

    def _text(self, message: str, validate: Validator | None = None, default: str = "") -> str:
        prompt = questionary.text(
            message, default=default, validate=validate, style=STYLE, **self.prompt_options
        )
        return str(guard_prompt(prompt).unsafe_ask()).strip()

    def _select(self, message: str, choices: Sequence[Choice], default: Any = None) -> Any:
        prompt = questionary.select(
            message, choices=list(choices), default=default, style=STYLE, **self.prompt_options
        )
        return guard_prompt(prompt).unsafe_ask()

    def _list(
        self, what: str, minimum: int, field: tuple[QuestionType, str], prompt: str = ""
    ) -> list[str]:
        """Entries one per line until an empty line, at least `minimum` of them, each
        checked with the bank's rules for `field` (the question type and the key).

        Args:
            what: the entries as a plural noun, for the messages ("give at least 2 items").
            prompt: what each line asks, with {number} in it; default "Items {number}".
        """
        entries: list[str] = []
        prompt = prompt or what.capitalize() + " {number}"

        def valid(text: str) -> bool | str:
            text = text.strip()
            if not text:
                return True if len(entries) >= minimum else f"give at least {minimum} {what}"
            qtype, name = field
            for issue in rules.check_field(qtype, name, [*entries, text]):
                if issue.code in _DUPLICATES:
                    return f"'{text}' is already in the {what}"
                if issue.code != "too-few":  # more can come: Enter on an empty line ends
                    return issue.message
            return True

        while True:
            number = len(entries) + 1
            suffix = " (Enter on an empty line to finish)" if number > minimum else ""
            entry = self._text(f"{prompt.format(number=number)}{suffix}:", valid)
            if not entry:
                return entries
            entries.append(entry)

    # The wizard ---------------------------------------------------------------------------

    def ask(self, taken: Collection[str], propose: Callable[[str], str]) -> dict[str, object]:
        """The question's fields, in the bank's own keys."""
        qtype: QuestionType = self._select(
            "Question type:", [Choice(TYPE_HELP[t], value=t) for t in QUESTION_TYPES]
        )
        fields: dict[str, object] = {"type": qtype}
        fields["prompt"] = self._text(
            "Prompt (the question as players read it):", _rule(qtype, "prompt")
        )
        fields.update(self._answer(qtype))
        explanation = self._text("Explanation shown after the answer (optional):")
        if explanation:
            fields["explanation"] = explanation
        fields["difficulty"] = self._select(
            "Difficulty:", [Choice(d, value=d) for d in DIFFICULTIES], default="medium"
        )
        tags = [t.strip() for t in self._text("Tags, separated by commas (optional):").split(",")]
        if any(tags):
            fields["tags"] = [t for t in tags if t]
        hint = self._text("Hint (optional):")
        if hint:
            fields["hint"] = hint

        def valid_id(text: str) -> bool | str:
            if rules.check_field(qtype, "id", text.strip()):
                return "use letters, digits, '-', '_' or '.', e.g. launch-site"
            return f"'{text.strip()}' is already used" if text.strip() in taken else True

        proposed = propose(str(fields["prompt"]))
        return {"id": self._text("Id:", valid_id, default=proposed), **fields}

    def _answer(self, qtype: QuestionType) -> dict[str, object]:
        match qtype:
            case "choice":
                choices = self._list("choices", 2, (qtype, "choices"))
                answer = self._select("The right answer:", [Choice(c, value=c) for c in choices])
                return {"choices": choices, "answer": answer}
            case "multi":
                choices = self._list("choices", 2, (qtype, "choices"))
                prompt = questionary.checkbox(
                    "The right answers (Space to select, Enter when done):",
                    choices=[Choice(c, value=c) for c in choices],
                    validate=lambda picked: bool(picked) or "select at least one",
                    style=STYLE,
                    **self.prompt_options,
                )
                return {"choices": choices, "answer": list(guard_prompt(prompt).unsafe_ask())}
            case "truefalse":
                answer = self._select(
                    "Is the statement true?",
                    [Choice("true", value=True), Choice("false", value=False)],
                )
                return {"answer": answer}
            case "text":
                answer = self._text("The expected answer:", _rule(qtype, "answer"))
                accept = self._list("other accepted answers", 0, (qtype, "accept"))
                return {"answer": answer, **({"accept": accept} if accept else {})}
            case "number":
                value = _number(self._text("The expected number:", _valid_number))
                tolerance = _number(
                    self._text("How far off still counts (tolerance):", _valid_tolerance, "0")
                )
                unit = self._text("Unit shown after the answer, e.g. years (optional):")
                result: dict[str, object] = {"answer": value}
                if tolerance:
                    result["tolerance"] = tolerance
                if unit:
                    result["unit"] = unit
                return result
            case "order":
                return {
                    "items": self._list(
                        "items", 2, (qtype, "items"), prompt="Item {number}, in the right order"
                    )
                }
            case _:
                assert_never(qtype)

    def confirm(self, message: str) -> bool:
        prompt = questionary.confirm(message, default=True, style=STYLE, **self.prompt_options)
        return bool(guard_prompt(prompt).unsafe_ask())


_DUPLICATES = frozenset({"duplicate-choice", "duplicate-answer", "duplicate-item"})


def _rule(qtype: QuestionType, name: str) -> Validator:
    """A prompt's check: the bank's rule for this field of this type of question."""

    def valid(text: str) -> bool | str:
        issues = rules.check_field(qtype, name, text.strip())
        return issues[0].message if issues else True

    return valid


def _valid_number(text: str) -> bool | str:
    value = parse_number(text)
    if value is None:
        return "type a number, e.g. 3000 or 12.5"
    if bank_number(value) is None:
        return "too large (or too small) for a bank: numbers up to 1e308 can be saved"
    issues = rules.check_field("number", "answer", bank_number(value))
    return issues[0].message if issues else True


def _valid_tolerance(text: str) -> bool | str:
    value = parse_number(text)
    if value is None:
        return "type a number, e.g. 0 or 5"
    number = _valid_number(text)
    if number is not True:
        return number
    issues = rules.check_field("number", "tolerance", bank_number(value))
    return issues[0].message if issues else True


def _number(text: str) -> float | int:
    value = parse_number(text)
    number = bank_number(value) if value is not None else None
    assert number is not None  # the prompt validated it
    return number


# Output -----------------------------------------------------------------------------------


def show_preview(console: Console, question: Question) -> None:
    """The question as the game will show it (choices in the bank's order)."""
    options: tuple[str, ...] = ()
    match question:
        case ChoiceQuestion() | MultiQuestion() | TrueFalseQuestion():
            options = question.choices
        case OrderQuestion():
            options = question.items
        case TextQuestion() | NumberQuestion():
            pass
        case _:
            assert_never(question)
    console.print(literal("This is how the question will look:", "muted"))
    show_question(console, Round(1, 1, question, options), plain=False)
    for number, option in enumerate(options, start=1):
        console.print(literal(f"  {number}) {option}"))


def say(console: Console, message: str, style: str = "") -> None:
    console.print(literal(message, style))


def show_skipped(console: Console, source: str, skipped: Sequence[Skipped]) -> None:
    for item in skipped:
        console.print(literal(item.describe(clean(source)), "warn"))
