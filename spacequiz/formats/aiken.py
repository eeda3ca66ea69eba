"""The Aiken format: a question line, lettered choices, then `ANSWER: X` (Moodle's reader).

Aiken holds single-answer multiple choice only; other questions are skipped on export.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import assert_never

from spacequiz.core.ids import Ids
from spacequiz.core.model import (
    ChoiceQuestion,
    MultiQuestion,
    NumberQuestion,
    OrderQuestion,
    Question,
    TextQuestion,
    TrueFalseQuestion,
)
from spacequiz.core.records import Skipped
from spacequiz.formats.common import Entry, Exported, Imported, clean_text, unsafe_text

_CHOICE = re.compile(r"^([A-Z])[.)]\s+(.*)$")
_ANSWER = re.compile(r"^ANSWER:\s*(\S*)\s*$", re.IGNORECASE)
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def read(text: str) -> Imported:
    """Parse Aiken text; broken questions are skipped with the line where they go wrong."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    entries: list[Entry] = []
    skipped: list[Skipped] = []
    ids = Ids()
    prompt: list[str] = []
    choices: list[tuple[str, str]] = []
    start = 0

    def reset() -> None:
        nonlocal prompt, choices, start
        prompt, choices, start = [], [], 0

    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line:
            continue
        answer = _ANSWER.match(line)
        choice = _CHOICE.match(line)
        if answer:
            if not prompt:
                skipped.append(Skipped(number, "an ANSWER line with no question before it"))
            else:
                result = _build(prompt, choices, answer.group(1).upper(), ids)
                if isinstance(result, str):
                    skipped.append(Skipped(start, result, clean_text(" ".join(prompt))[:40]))
                else:
                    entries.append(Entry(result, start))
            reset()
        elif choice and prompt:
            choices.append((choice.group(1), choice.group(2)))
        elif choices:
            # A new question before the ANSWER line: the one we were reading is broken.
            skipped.append(
                Skipped(
                    number,
                    "a new question starts before the previous one's 'ANSWER:' line",
                    clean_text(" ".join(prompt))[:40],
                )
            )
            reset()
            prompt, start = [line], number
        else:
            if not prompt:
                start = number
            prompt.append(line)
    if prompt:
        skipped.append(
            Skipped(start, "no 'ANSWER:' line at the end", clean_text(" ".join(prompt))[:40])
        )
    return Imported(tuple(entries), tuple(skipped))


def _build(
    prompt: list[str], choices: list[tuple[str, str]], letter: str, ids: Ids
) -> Question | str:
    if len(choices) < 2:
        return "fewer than two lettered choices"
    letters = [c[0] for c in choices]
    if letters != list(LETTERS[: len(letters)]):
        return f"the choices are lettered {', '.join(letters)}, not A, B, C... in order"
    # Moodle shows Aiken text as HTML-ish text, so entities such as &quot; are decoded.
    by_letter = {c[0]: clean_text(c[1], entities=True) for c in choices}
    if letter not in by_letter:
        return f"ANSWER: {letter} is not one of the choices {letters[0]}-{letters[-1]}"
    text = clean_text(" ".join(prompt), entities=True)
    return ChoiceQuestion(
        id=ids.propose(text),
        prompt=text,
        choices=tuple(by_letter.values()),
        answer=by_letter[letter],
    )


def write(questions: Iterable[Question], title: str = "") -> Exported:
    """Single-answer choice questions as Aiken; everything else is skipped."""
    blocks: list[str] = []
    skipped: list[Skipped] = []
    for question in questions:
        match question:
            case ChoiceQuestion():
                pass  # written below
            case (
                MultiQuestion()
                | TrueFalseQuestion()
                | TextQuestion()
                | NumberQuestion()
                | OrderQuestion()
            ):
                skipped.append(Skipped(0, f"Aiken has no {question.type} questions", question.id))
                continue
            case _:
                assert_never(question)
        if len(question.choices) > len(LETTERS):
            skipped.append(Skipped(0, "more choices than letters A-Z", question.id))
            continue
        unsafe = unsafe_text(question)
        if unsafe is not None:
            skipped.append(Skipped(0, unsafe, question.id))
            continue
        lines = [_one_line(question.prompt)]
        for letter, choice in zip(LETTERS, question.choices, strict=False):
            lines.append(f"{letter}) {_one_line(choice)}")
        lines.append(f"ANSWER: {LETTERS[question.choices.index(question.answer)]}")
        blocks.append("\n".join(lines))
    text = "\n\n".join(blocks) + "\n" if blocks else ""
    return Exported(text, len(blocks), tuple(skipped))


def _one_line(text: str) -> str:
    return " ".join(text.split())
