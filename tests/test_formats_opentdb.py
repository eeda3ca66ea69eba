"""Open Trivia DB import and export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from spacequiz.bank.load import load_banks
from spacequiz.core.model import ChoiceQuestion, TrueFalseQuestion
from spacequiz.formats import opentdb
from spacequiz.formats.yamlout import checked_bank

CORPUS = Path(__file__).parent / "corpus" / "opentdb"


def test_api_response_with_entities_and_broken_results() -> None:
    imported = opentdb.read((CORPUS / "api-response.json").read_text(encoding="utf-8"))
    _, kept, refused = checked_bank("Trivia", imported.entries)
    moon, html, film = (e.question for e in kept)
    assert isinstance(moon, ChoiceQuestion)
    assert moon.tags == ("Science & Nature",)
    assert (moon.answer, moon.difficulty) == ("Titan", "medium")
    assert isinstance(html, TrueFalseQuestion)
    assert html.prompt == '"HTML" stands for Hypertext Markup Language.'
    assert html.answer is True
    assert film.prompt == "In the 2021 film shot on the ISS, what is the surgeon's mission?"
    assert film.choices[-1] == "To deliver <supplies>"  # type: ignore[union-attr]
    skipped = [(s.line, s.reason) for s in (*imported.skipped, *refused)]
    assert skipped == [
        (28, "a boolean answer must be True or False, not 'Maybe'"),
        (36, "unknown difficulty 'extreme'"),
        (44, "'Apple' appears twice in the choices"),
    ]


def test_a_failed_response_is_an_error() -> None:
    with pytest.raises(opentdb.FormatError, match="response_code is 1"):
        opentdb.read('{"response_code": 1, "results": []}')
    with pytest.raises(opentdb.FormatError) as error:
        opentdb.read('{\n  "results": [\n')
    assert error.value.line == 3


def test_export_encodes_entities_and_reads_back() -> None:
    bank = load_banks()
    exported = opentdb.write(bank.questions)
    data = json.loads(exported.text)
    assert data["response_code"] == 0
    assert {r["type"] for r in data["results"]} == {"multiple", "boolean"}
    assert any("&#x27;" in r["question"] for r in data["results"])
    back = opentdb.read(exported.text).questions
    carried = [q for q in bank.questions if q.type in ("choice", "truefalse")]
    assert [(q.prompt, q.difficulty) for q in back] == [(q.prompt, q.difficulty) for q in carried]
