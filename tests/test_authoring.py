"""Appending to hand-written banks: only the new lines change, whatever the file's style."""

from __future__ import annotations

import pytest

from spacequiz.bank import edit as authoring
from spacequiz.bank.load import parse_bank
from spacequiz.core.errors import AuthoringError, BankError

QUESTION = {"type": "text", "prompt": "What is the film called?", "answer": "The Challenge"}
ENTRY = [
    "id: film-called",
    "type: text",
    "prompt: What is the film called?",
    "answer: The Challenge",
]


def entry(dash: str, newline: str = "\n") -> str:
    pad = " " * len(dash)
    return "".join((dash if i == 0 else pad) + line + newline for i, line in enumerate(ENTRY))


INDENTED = """\
# My bank: comments, quoting and spacing are the teacher's.
version: 1
title: 'Space, mostly'
questions:

  # first
  - id: one
    type: choice
    prompt: "Pick: one"
    choices:
      - a
      - b
    answer: a

  - id: two
    type: truefalse   # trailing comment
    prompt: Two?
    answer: yes
"""


def test_appends_after_the_last_question_in_the_same_style() -> None:
    result = authoring.append_question(INDENTED, QUESTION, "bank.yaml")
    assert result.question_id == "film-called"
    assert result.text == INDENTED + "\n" + entry("  - ")
    parse_bank(result.text)


def test_dash_at_column_zero_no_blank_lines_crlf_and_bom() -> None:
    text = (
        "\ufeffversion: 1\r\nquestions:\r\n- id: a\r\n  type: text\r\n  prompt: A?\r\n"
        "  answer: b\r\n"
    )
    result = authoring.append_question(text, QUESTION)
    assert result.text == text + entry("- ", "\r\n")


def test_questions_not_last_and_no_final_newline() -> None:
    head = "version: 1\nquestions:\n    -   id: a\n        type: text\n        prompt: A?\n"
    head += "        answer: b\n"
    tail = "# about the title\ntitle: Last"
    result = authoring.append_question(head + tail, QUESTION)
    assert result.text == head + entry("    -   ") + tail
    assert parse_bank(result.text).bank.title == "Last"

    no_newline = "version: 1\nquestions:\n  - id: a\n    type: text\n    prompt: A?\n    answer: b"
    result = authoring.append_question(no_newline, QUESTION)
    assert result.text == no_newline + "\n" + entry("  - ")


def test_block_lists_follow_the_file_s_list_indentation() -> None:
    text = "questions:\n- id: a\n  type: order\n  prompt: A?\n  items:\n  - x\n  - y\n"
    long_items = [f"a fairly long item number {n} to force a block list" for n in (1, 2)]
    result = authoring.append_question(
        text, {"type": "order", "prompt": "Order?", "items": long_items}
    )
    assert result.text.endswith(f"  items:\n  - {long_items[0]}\n  - {long_items[1]}\n")


def test_awkward_text_is_quoted() -> None:
    fields = {
        "type": "choice",
        "prompt": "Yes or no: which?",
        "choices": ["yes", "no", 1961],
        "answer": "no",
    }
    result = authoring.append_question(INDENTED, authoring.normalise_fields(fields))
    assert result.text.endswith(
        '    prompt: "Yes or no: which?"\n    choices: ["yes", "no", "1961"]\n    answer: "no"\n'
    )


def test_ids_are_unique_and_given_ids_checked() -> None:
    result = authoring.append_question(INDENTED, {**QUESTION, "prompt": "One?"})
    assert result.question_id == "one-2"
    with pytest.raises(AuthoringError, match="the id 'two' is already used"):
        authoring.append_question(INDENTED, {**QUESTION, "id": "two"})


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("version: 1\ntitle: T\nquestions: []\n", "version: 1\ntitle: T\nquestions:\n{entry}"),
        ("version: 1\nquestions:\ntitle: T\n", "version: 1\nquestions:\n{entry}title: T\n"),
        (
            "version: 1\r\nquestions: [ ]  # none yet\r\ntitle: T",
            "version: 1\r\nquestions:  # none yet\r\n{crlf}title: T",
        ),
        ("\ufefftitle: T\nquestions:", "\ufefftitle: T\nquestions:\n{entry}"),
    ],
)
def test_first_question_goes_into_an_empty_bank(before: str, after: str) -> None:
    assert authoring.existing_ids(before) == set()
    result = authoring.append_question(before, QUESTION)
    assert result.text == after.format(entry=entry("  - "), crlf=entry("  - ", "\r\n"))
    assert len(parse_bank(result.text.lstrip("\ufeff")).bank.questions) == 1


def test_an_empty_bank_with_other_problems_is_still_refused() -> None:
    with pytest.raises(BankError) as caught:
        authoring.append_question("version: 2\nquestions: []\n", QUESTION)
    assert [p.message for p in caught.value.problems] == ["unsupported format version 2"]


def test_invalid_question_or_bank_is_refused() -> None:
    with pytest.raises(AuthoringError) as error:
        authoring.append_question(
            INDENTED, {"type": "choice", "prompt": "P", "choices": ["a", "b"], "answer": "c"}
        )
    assert "the answer 'c' is not one of the choices" in str(error.value)
    with pytest.raises(BankError):
        authoring.append_question("version: 1\nquestions:\n  - id: x\n", QUESTION)
    with pytest.raises(AuthoringError, match=r"\[brackets\]"):
        authoring.append_question(
            "questions: [{id: a, type: text, prompt: A, answer: b}]\n", QUESTION
        )


def test_json_values_are_checked() -> None:
    assert authoring.fields_from_json('{"type": "number", "answer": 3}') == {
        "type": "number",
        "answer": 3,
    }
    with pytest.raises(AuthoringError, match="not valid"):
        authoring.fields_from_json("{")
    with pytest.raises(AuthoringError, match="one object"):
        authoring.fields_from_json("[]")
    with pytest.raises(
        AuthoringError, match=r"tags\[0\] \(line 1, column 11\): 'tags' must be text"
    ):
        authoring.fields_from_json('{"tags": [{"a": 1}]}')


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"type": "number", "prompt": "P", "answer": 1e400}', "'answer' must be a finite number"),
        ('{"type": "number", "prompt": "P", "answer": NaN}', "'answer' must be a finite number"),
        (
            '{"type": "number", "prompt": "P", "answer": 1, "tolerance": Infinity}',
            "'tolerance' must be a finite number",
        ),
        ('{"answer": [1, -Infinity]}', "'answer' must be a finite number"),
    ],
)
def test_json_numbers_must_be_finite(text: str, message: str) -> None:
    with pytest.raises(AuthoringError, match=message):
        authoring.fields_from_json(text)


def test_proposed_ids() -> None:
    assert authoring.propose_id("What is the name of the film?", set()) == "name-film"
    assert authoring.propose_id("Где был старт?", set()) == "gde-byl-start"
    assert authoring.propose_id("???", set()) == "question"
    assert authoring.propose_id("Which rocket?", {"rocket"}) == "rocket-2"


def test_new_bank_has_every_type_and_validates() -> None:
    text = authoring.new_bank_text("yes", "b.yaml")
    assert text.startswith("# yaml-language-server: $schema=")
    bank = parse_bank(text).bank
    assert bank.title == "yes"
    assert sorted(q.type for q in bank.questions) == sorted(
        ["choice", "multi", "truefalse", "text", "number", "order"]
    )


def test_comments_go_above_the_new_entry_in_its_indentation() -> None:
    result = authoring.append_question(
        INDENTED, QUESTION, "bank.yaml", comments=["from article.txt:4", "  more"]
    )
    assert result.text == INDENTED + "\n  # from article.txt:4\n  #   more\n" + entry("  - ")
    empty = authoring.append_question("version: 1\nquestions: []\n", QUESTION, comments=["c"])
    assert empty.text == "version: 1\nquestions:\n  # c\n" + entry("  - ")
    assert parse_bank(empty.text).bank.questions[0].id == "film-called"
