"""Aiken import and export."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from spacequiz.bank.load import load_banks
from spacequiz.core.model import ChoiceQuestion, Question
from spacequiz.formats import aiken
from spacequiz.formats.common import Imported

CORPUS = Path(__file__).parent / "corpus" / "aiken"


def read(name: str) -> Imported:
    return aiken.read((CORPUS / name).read_bytes().decode("utf-8"))


def as_choices(questions: Iterable[Question]) -> list[ChoiceQuestion]:
    """Aiken holds choice questions only: say so to the type checker, and check it."""
    found = list(questions)
    assert all(isinstance(q, ChoiceQuestion) for q in found)
    return [q for q in found if isinstance(q, ChoiceQuestion)]


def test_moodle_examples() -> None:
    imported = read("moodle-docs.txt")
    assert imported.skipped == ()
    first, second, third = as_choices(imported.questions)
    assert first == ChoiceQuestion(
        id="this-easy-question",
        prompt="Is this an easy question?",
        choices=("Yes", "No"),
        answer="Yes",
    )
    assert second.answer == "Must be this one!"
    assert third.choices[1] == "ATutor"


def test_windows_bom_entities_and_lower_case_answer_letter() -> None:
    first, second = as_choices(read("windows-bom.txt").questions)
    assert first.prompt == 'Who directed the film "The Challenge"?'
    assert second.answer == "Baikonur"


def test_broken_questions_are_reported_where_they_break() -> None:
    imported = read("broken.txt")
    assert [q.prompt for q in imported.questions] == ["Which planet is largest?"]
    assert [(s.line, s.reason) for s in imported.skipped] == [
        (4, "a new question starts before the previous one's 'ANSWER:' line"),
        (9, "ANSWER: C is not one of the choices A-B"),
        (14, "fewer than two lettered choices"),
        (18, "no 'ANSWER:' line at the end"),
    ]


def test_export_holds_choice_questions_only_and_reads_back() -> None:
    bank = load_banks()
    exported = aiken.write(bank.questions)
    choices = [q for q in bank.questions if isinstance(q, ChoiceQuestion)]
    assert exported.written == len(choices)
    assert len(exported.skipped) == len(bank.questions) - len(choices)
    back = as_choices(aiken.read(exported.text).questions)
    assert [(q.prompt, q.choices, q.answer) for q in back] == [
        (q.prompt, q.choices, q.answer) for q in choices
    ]
