"""Bank YAML written by the formats: every awkward text reads back as the same text."""

from __future__ import annotations

import pytest

from spacequiz.bank import write
from spacequiz.bank.load import parse_bank
from spacequiz.core.model import ChoiceQuestion, NumberQuestion

AWKWARD = [
    "yes", "No", "ON", "off", "y", "n", "null", "~", "true", "False",
    "1e3", "1.0e3", "2021-10-05", "3000", "007", "0x1F", "0o17", "1_000", "12:30", ".inf",
    "- dash", "#hash", "a: b", "a #b", "it's", '"quoted"', "'single'", "[list]", "{map}",
    "a, b", "? key", "! tag", "& anchor", "* alias", "| block", "> folded", "%directive",
    "@at", "`tick", "Вызов", "🚀 launch", "tab\there", "line\nbreak", "nel\x85x",
    "sep\u2028x", " lead", "trail ", "back\\slash", "<<", "=", "ctrl\x07",
]  # fmt: skip


@pytest.mark.parametrize("text", AWKWARD)
def test_awkward_text_reads_back_exactly(text: str) -> None:
    question = ChoiceQuestion(
        id="q",
        prompt=text,
        choices=(text, f"{text} other"),
        answer=text,
        tags=(text,),
        explanation=text,
        hint=text,
    )
    bank = parse_bank(write.bank_text(text, [question])).bank
    assert bank.title == text
    assert bank.questions == (question,)


@pytest.mark.parametrize("value", [3000.0, -2.5, 1e-05, 2.5e20, 0.1, 123456789012345678.0])
def test_numbers_read_back_exactly(value: float) -> None:
    question = NumberQuestion(id="n", prompt="n", answer=value, tolerance=abs(value))
    assert parse_bank(write.bank_text("t", [question])).bank.questions == (question,)


def test_plain_where_nothing_can_misread_it() -> None:
    assert write.scalar("Baikonur") == "Baikonur"
    assert write.scalar("Soyuz MS-18") == "Soyuz MS-18"
    assert write.scalar("yes") == '"yes"'
    assert write.scalar("2021") == '"2021"'
