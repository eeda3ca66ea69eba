"""The rules on plain mappings: each code they give, at the path of the value it is about."""

from __future__ import annotations

from typing import Any

import pytest

from spacequiz.bank import rules
from spacequiz.core.model import ChoiceQuestion, NumberQuestion

CHOICE: dict[str, Any] = {
    "id": "site",
    "type": "choice",
    "prompt": "Where did they launch from?",
    "choices": ["Baikonur", "Plesetsk"],
    "answer": "Baikonur",
}


def issues(data: object) -> list[tuple[str, rules.FieldPath]]:
    question, found = rules.check_question(data)
    assert (question is None) == bool(found)
    return [(i.code, i.path) for i in found]


def test_a_valid_mapping_makes_the_question() -> None:
    question, found = rules.check_question(CHOICE)
    assert found == []
    assert question == ChoiceQuestion(
        id="site", prompt=CHOICE["prompt"], choices=("Baikonur", "Plesetsk"), answer="Baikonur"
    )


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"choises": ["a"]}, ("unknown-key", ("choises",))),
        ({"unit": "km"}, ("not-for-type", ("unit",))),
        ({"<<": {}}, ("merge-key", ("<<",))),
        ({"answer": None}, ("empty-value", ("answer",))),
        ({"prompt": "  "}, ("empty-value", ("prompt",))),
        ({"prompt": ["a"]}, ("wrong-type", ("prompt",))),
        ({"choices": "Baikonur"}, ("wrong-type", ("choices",))),
        ({"choices": ["Baikonur", 3]}, ("wrong-type", ("choices", 1))),
        ({"choices": ["Baikonur", " "]}, ("empty-entry", ("choices", 1))),
        ({"choices": ["Baikonur"]}, ("too-few", ("choices",))),
        ({"type": "multiple"}, ("unknown-type", ("type",))),
        ({"difficulty": "extreme"}, ("unknown-value", ("difficulty",))),
        ({"id": "no spaces"}, ("bad-id", ("id",))),
        ({"family": "a b"}, ("bad-family", ("family",))),
        ({"answer": "Vostochny"}, ("answer-not-in-choices", ("answer",))),
        ({"choices": ["Baikonur", "baikonur "]}, ("duplicate-choice", ("choices", 1))),
    ],
)
def test_each_code_at_its_path(change: dict[str, object], expected: tuple[str, object]) -> None:
    assert issues({**CHOICE, **change}) == [expected]


def test_missing_keys_and_mappings_that_are_not() -> None:
    data = {k: v for k, v in CHOICE.items() if k != "answer"}
    assert issues(data) == [("missing-key", ("answer",))]
    assert issues(["a list"]) == [("not-a-mapping", ())]


def test_multi_order_and_number_rules() -> None:
    multi = {**CHOICE, "type": "multi", "answer": ["Baikonur", "Plesetsk", "Vostochny"]}
    assert issues(multi) == [("answer-not-in-choices", ("answer", 2))]
    assert issues({**multi, "answer": ["Baikonur", "BAIKONUR"]}) == [
        ("duplicate-answer", ("answer", 1)),
        ("answer-not-in-choices", ("answer", 1)),  # a choice is written exactly
    ]
    order = {"id": "o", "type": "order", "prompt": "P", "items": ["a", "b", "A"]}
    assert issues(order) == [("duplicate-item", ("items", 2))]
    number = {"id": "n", "type": "number", "prompt": "P", "answer": 12}
    question, _ = rules.check_question(number)
    assert isinstance(question, NumberQuestion) and question.answer == 12
    assert issues({**number, "tolerance": -1}) == [("negative-tolerance", ("tolerance",))]
    assert issues({**number, "answer": float("inf")}) == [("not-finite", ("answer",))]
    assert issues({**number, "answer": "3,000"}) == [("wrong-type", ("answer",))]
    truefalse = {"id": "t", "type": "truefalse", "prompt": "P", "answer": "yes"}
    assert issues(truefalse) == [("wrong-type", ("answer",))]


def test_number_text_gets_the_plain_number_as_its_hint() -> None:
    _, [issue] = rules.check_question(
        {"id": "n", "type": "number", "prompt": "P", "answer": "3,000"}
    )
    assert issue.message == "'answer' must be a number, not '3,000'"
    assert issue.hint == "write it as a plain number, without quotes or separators: 3000"


def test_skipped_keys_are_neither_checked_nor_missing() -> None:
    data = {k: v for k, v in CHOICE.items() if k != "answer"}
    assert rules.check_question(data, skip={"answer"}) == (None, [])


def test_the_bank_rules() -> None:
    def codes(data: object) -> list[tuple[str, rules.FieldPath]]:
        return [(i.code, i.path) for i in rules.check_bank(data).issues]

    assert codes(None) == [("empty-bank", ())]
    assert codes("text") == [("not-a-mapping", ())]
    assert codes({"version": 2, "questions": [{}]}) == [("bad-version", ("version",))]
    assert codes({"questions": []}) == [("no-questions", ("questions",))]
    assert codes({"questions": None}) == [("no-questions", ("questions",))]
    assert codes({"questions": "q"}) == [("wrong-type", ("questions",))]
    assert codes({"title": "T"}) == [("missing-key", ("questions",))]
    parts = rules.check_bank({"title": "T", "questions": [CHOICE]})
    assert (parts.title, list(parts.questions), parts.issues) == ("T", [CHOICE], [])


def test_one_field_alone_and_a_duplicate_id() -> None:
    assert [i.code for i in rules.check_field("choice", "choices", ["a", "A"])] == [
        "duplicate-choice"
    ]
    assert [i.code for i in rules.check_field("number", "tolerance", -2)] == ["negative-tolerance"]
    assert rules.check_field("choice", "prompt", "Fine?") == []
    issue = rules.duplicate_id("site", "on line 4")
    assert (issue.code, issue.path) == ("duplicate-id", ("id",))


def test_field_names_read_as_people_write_them() -> None:
    assert rules.field_name(("questions", 2, "choices", 1)) == "questions[2].choices[1]"
    assert rules.field_name(("answer",)) == "answer"
    assert rules.field_name(()) == ""


def test_one_question_is_refused_with_one_code_from_every_way_in() -> None:
    """Two choices alike: YAML, JSON, the wizard's prompt and a GIFT import all refuse it
    through the same rule, with the same code and words."""
    import io
    import json

    from rich.console import Console

    from spacequiz.bank.edit import check_fields, fields_from_json
    from spacequiz.bank.load import parse_bank
    from spacequiz.core.errors import AuthoringError, BankError
    from spacequiz.formats import gift
    from spacequiz.formats.yamlout import checked_bank
    from spacequiz.ui.authoring import Wizard

    words = "'baikonur' appears twice in the choices"
    yaml_text = (
        "version: 1\nquestions:\n  - id: site\n    type: choice\n    prompt: Where?\n"
        "    choices: [Baikonur, baikonur]\n    answer: Baikonur\n"
    )
    with pytest.raises(BankError) as caught:
        parse_bank(yaml_text)
    [problem] = caught.value.problems
    assert (problem.code, problem.field, problem.line, problem.column) == (
        "duplicate-choice",
        "questions[0].choices[1]",
        6,
        25,
    )
    assert problem.message == words

    json_text = json.dumps({**CHOICE, "choices": ["Baikonur", "baikonur"]})
    _, [issue] = check_fields(json.loads(json_text))
    assert (issue.code, issue.path, issue.message) == ("duplicate-choice", ("choices", 1), words)
    with pytest.raises(AuthoringError, match=r"choices\[1\] \(line 1, column \d+\): 'baikonur'"):
        fields_from_json(json_text, set())

    said: list[bool | str] = []

    class Scripted(Wizard):
        typed = iter(["Baikonur", "baikonur", "Plesetsk", ""])

        def _text(self, message: str, validate: Any = None, default: str = "") -> str:
            text = next(self.typed)
            said.append(validate(text))
            return text if said[-1] is True else self._text(message, validate, default)

    assert Scripted(Console(file=io.StringIO()))._list("choices", 2, ("choice", "choices")) == [
        "Baikonur",
        "Plesetsk",
    ]
    assert said[1] == "'baikonur' is already in the choices"  # the prompt's own words
    assert [i.code for i in rules.check_field("choice", "choices", ["Baikonur", "baikonur"])] == [
        "duplicate-choice"
    ]

    imported = gift.read("::site:: Where? {=Baikonur ~baikonur ~Plesetsk}\n")
    _, kept, [skipped] = checked_bank("Sites", imported.entries)
    assert kept == () and skipped.reason == words and skipped.line == 1
