"""Input a hostile tester sends: numbers too large for a float, text no encoder can write,
duplicate JSON keys, racing writers. Every one is refused with a located message, and no
question is ever lost or half written."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from spacequiz.bank import rules
from spacequiz.bank.load import parse_bank
from spacequiz.cli.app import app
from spacequiz.core.errors import BankError

runner = CliRunner()

BANK = """\
version: 1
title: Mine
questions:
  - id: one
    type: text
    prompt: One?
    answer: a
"""

NUMBER = {"id": "n", "type": "number", "prompt": "P", "answer": 1}


def codes(data: object) -> list[tuple[str, rules.FieldPath]]:
    _, found = rules.check_question(data)
    return [(i.code, i.path) for i in found]


def problems(text: str) -> list[tuple[int, int, str, str, str]]:
    with pytest.raises(BankError) as caught:
        parse_bank(text)
    return [(p.line, p.column, p.code, p.field, p.message) for p in caught.value.problems]


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    path = tmp_path / "bank.yaml"
    path.write_text(BANK, encoding="utf-8")
    return path


def add_json(bank: Path, question: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["add", str(bank), "--from-json", "-"], input=question)
    return result.exit_code, result.stdout, result.stderr


# Numbers a float cannot hold ---------------------------------------------------------------


@pytest.mark.parametrize("field", ["answer", "tolerance"])
def test_a_whole_number_too_large_for_a_float_is_not_finite(field: str) -> None:
    assert codes({**NUMBER, field: 10**400}) == [("not-finite", (field,))]


@pytest.mark.parametrize("digits", [400, 5000])
def test_add_refuses_a_huge_whole_number_in_json(bank: Path, digits: int) -> None:
    question = '{"type": "number", "prompt": "P", "answer": 1, "tolerance": ' + "9" * digits + "}"
    code, _, stderr = add_json(bank, question)
    assert code == 1
    assert "tolerance (line 1, column 61): 'tolerance' must be a finite number" in stderr
    assert "Traceback" not in stderr and "bug" not in stderr
    assert bank.read_text(encoding="utf-8") == BANK


@pytest.mark.parametrize("digits", [400, 5000])
def test_a_huge_whole_number_in_yaml_is_not_finite(digits: int) -> None:
    text = (
        BANK + "  - {id: n, type: number, prompt: P, answer: 1, tolerance: " + "9" * digits + "}\n"
    )
    assert problems(text) == [
        (8, 60, "not-finite", "questions[1].tolerance", "'tolerance' must be a finite number")
    ]


def test_a_long_number_in_quotes_is_shown_cut_short() -> None:
    text = BANK + '  - {id: n, type: number, prompt: P, answer: "' + "9" * 5000 + '"}\n'
    [(_, _, code, _, message)] = problems(text)
    assert code == "wrong-type" and len(message) < 100
