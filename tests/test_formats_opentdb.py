"""Open Trivia DB import and export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from spacequiz.bank.load import load_banks
from spacequiz.core.model import ChoiceQuestion, TrueFalseQuestion
from spacequiz.formats import opentdb
from spacequiz.formats.common import FormatError
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
    with pytest.raises(FormatError, match="response_code is 1"):
        opentdb.read('{"response_code": 1, "results": []}')
    with pytest.raises(FormatError) as error:
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


def _encoded(encode: str) -> str:
    """One multiple and one boolean result, as the API sends them with `encode=...`."""
    import base64
    import urllib.parse

    def enc(text: str) -> str:
        if encode == "base64":
            return base64.b64encode(text.encode("utf-8")).decode("ascii")
        if encode == "url3986":
            return urllib.parse.quote(text, safe="")
        return urllib.parse.quote_plus(text, safe="")  # urlLegacy

    results = [
        {
            "type": enc("multiple"),
            "difficulty": enc("easy"),
            "category": enc("Science & Nature"),
            "question": enc("What is H₂O? «Вода» & 100% <water>"),
            "correct_answer": enc("Water"),
            "incorrect_answers": [enc("Fire"), enc("Air + earth")],
        },
        {
            "type": enc("boolean"),
            "difficulty": enc("hard"),
            "category": enc("Film"),
            "question": enc("The Challenge was filmed on the ISS."),
            "correct_answer": enc("True"),
            "incorrect_answers": [enc("False")],
        },
    ]
    return json.dumps({"response_code": 0, "results": results})


@pytest.mark.parametrize("encode", ["base64", "url3986", "urlLegacy"])
def test_encoded_responses_are_decoded(encode: str) -> None:
    imported = opentdb.read(_encoded(encode))
    assert imported.skipped == ()
    water, film = imported.questions
    assert isinstance(water, ChoiceQuestion) and isinstance(film, TrueFalseQuestion)
    assert water.prompt == "What is H₂O? «Вода» & 100% <water>"
    assert (water.answer, water.choices[2]) == ("Water", "Air + earth")
    assert (water.tags, water.difficulty) == (("Science & Nature",), "easy")
    assert (film.answer, film.difficulty) == (True, "hard")


def test_a_result_that_cannot_be_decoded_is_skipped() -> None:
    broken = {"type": "bXVsdGlwbGU=", "question": "!!!", "correct_answer": "x"}
    imported = opentdb.read(json.dumps({"response_code": 0, "results": [broken]}))
    assert [s.reason for s in imported.skipped] == [
        "its text is neither plain, base64 nor URL encoding"
    ]
