"""GIFT import and export, against files written the way Moodle's documentation writes them."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from spacequiz.bank.load import load_banks, parse_bank
from spacequiz.core.model import (
    ChoiceQuestion,
    MultiQuestion,
    NumberQuestion,
    OrderQuestion,
    Question,
    TextQuestion,
    TrueFalseQuestion,
)
from spacequiz.formats import gift
from spacequiz.formats.common import Imported
from spacequiz.formats.yamlout import checked_bank
from tests.exchange import as_exchanged

CORPUS = Path(__file__).parent / "corpus" / "gift"


def read(name: str) -> Imported:
    return gift.read((CORPUS / name).read_bytes().decode("utf-8"))


def by_id(imported: Imported) -> dict[str, Question]:
    return {q.id: q for q in imported.questions}


def test_moodle_examples_import_with_skips_reported_by_line() -> None:
    imported = read("moodle-docs.gift")
    assert len(imported.entries) == 15
    assert [(s.line, s.label, s.reason) for s in imported.skipped] == [
        (17, "Q4", "matching questions are not supported"),
        (32, "Q8", "essay questions have no answer to check"),
        (65, "HTML", "HTML text ([html]) cannot be shown in a terminal"),
    ]


def test_each_question_type_comes_across() -> None:
    questions = by_id(read("moodle-docs.gift"))
    assert questions["Q1"] == TrueFalseQuestion(
        id="Q1", prompt="1+1=2", answer=True, tags=("Space", "Launches")
    )
    q2 = questions["Q2"]
    assert isinstance(q2, ChoiceQuestion)
    assert q2.choices == ("yellow", "red", "blue")
    assert q2.answer == "yellow"
    assert q2.explanation == "right; good!"
    q3 = questions["Q3"]
    assert isinstance(q3, TextQuestion)
    assert (q3.prompt, q3.answer, q3.accept) == ("Two plus _____ equals four.", "two", ("2",))
    for qid in ("Q5", "Q6"):  # {#3:2} and {#1..5} mean the same
        number = questions[qid]
        assert isinstance(number, NumberQuestion)
        assert (number.answer, number.tolerance) == (3, 2)
    q7 = questions["Q7"]
    assert isinstance(q7, NumberQuestion)
    assert (q7.answer, q7.tolerance, q7.explanation) == (1822, 0, "Correct! Full credit.")
    altitude = questions["Altitude"]
    assert isinstance(altitude, NumberQuestion)
    assert (altitude.answer, altitude.tolerance) == (400, 50)
    assert altitude.explanation == "About 400 km above the Earth."
    assert altitude.tags == ("Soyuz",)


def test_weights_make_a_select_all_question_and_leave_no_syntax_behind() -> None:
    tomb = by_id(read("moodle-docs.gift"))["grant-s-tomb"]
    assert isinstance(tomb, MultiQuestion)
    assert tomb.choices == ("No one", "Grant", "Grant's wife", "Grant's father")
    assert tomb.answer == ("Grant", "Grant's wife")


def test_escapes_are_decoded() -> None:
    questions = by_id(read("moodle-docs.gift"))
    equals = questions["answer-equals-5"]
    assert isinstance(equals, ChoiceQuestion)
    assert equals.choices == ("= 2 + 2", "= 2 + 3", "= 2 + 4")
    assert equals.answer == "= 2 + 3"
    escapes = questions["escapes-all-them"]
    assert escapes.prompt == "Braces { }, a tilde ~, a hash # and a backslash \\ in one line?"


def test_true_false_feedback_and_shared_titles_get_unique_ids() -> None:
    questions = by_id(read("moodle-docs.gift"))
    wrong = questions["Baikonur"]
    assert isinstance(wrong, TrueFalseQuestion)
    assert (wrong.answer, wrong.explanation) == (False, "Right: Kazakhstan.")
    assert "baikonur-2" in questions  # the second question titled "Baikonur"


def test_html_entities_are_decoded() -> None:
    entities = by_id(read("moodle-docs.gift"))["Entities"]
    assert isinstance(entities, ChoiceQuestion)
    assert entities.prompt == "Which is bigger, 3 < 4 or R&D?"
    assert entities.choices == ("R&D", "3 < 4")


def test_format_markers_and_comment_lines_inside_a_question() -> None:
    questions = by_id(read("moodle-docs.gift"))
    assert questions["Markdown"].prompt == "Which *planet* is red?"
    assert (
        questions["cosmonaut-flew-film-crew-up-station"].prompt
        == "Which cosmonaut flew the film crew up to the station?"
    )


def test_no_format_syntax_left_in_any_text() -> None:
    for name in ("moodle-docs.gift", "windows-bom.gift"):
        for question in read(name).questions:
            if question.id == "answer-equals-5":
                continue  # its choices start with an escaped '=' on purpose
            texts = [question.prompt, question.explanation, *question.tags]
            if isinstance(question, ChoiceQuestion | MultiQuestion):
                texts += question.choices
            for text in texts:
                assert "%" not in text and "::" not in text and "\r" not in text
                assert "\ufeff" not in text and not text.startswith(("=", "~", "#"))


def test_windows_line_endings_and_bom() -> None:
    imported = read("windows-bom.gift")
    assert [q.id for q in imported.questions] == ["Crew", "Days", "Title"]
    assert imported.skipped == ()
    text, _, _ = checked_bank("Windows", imported.entries)
    assert "\r" not in text and "\ufeff" not in text


def test_broken_entries_are_skipped_with_their_line() -> None:
    imported = read("broken.gift")
    text, kept, refused = checked_bank("Broken", imported.entries, "broken.gift")
    assert [e.question.id for e in kept] == ["Good"]
    reasons = [(s.line, s.reason) for s in (*imported.skipped, *refused)]
    assert reasons == [
        (3, "no answer in braces { }"),
        (5, "the answer's '{' is never closed with '}'"),
        (7, "no answer is marked right ('=' or a positive ~%weight%)"),
        (9, "more than one answer marked '='; use ~%50% weights for several answers"),
        (13, "'two' is not a number"),
        (17, "HTML text (tags such as <p> or <b>) cannot be shown in a terminal"),
        (15, "'mars' appears twice in the choices"),  # found by the loader, after the reader
    ]
    parse_bank(text)  # the output always validates


def test_shipped_bank_round_trips_through_gift() -> None:
    bank = load_banks()
    exported = gift.write(bank.questions, bank.title)
    carried = [q for q in bank.questions if not isinstance(q, OrderQuestion)]
    assert exported.written == len(carried)
    assert {s.label for s in exported.skipped} == {
        q.id for q in bank.questions if isinstance(q, OrderQuestion)
    }
    assert gift.read(exported.text).questions == as_exchanged(carried)


def test_export_escapes_special_characters() -> None:
    question = ChoiceQuestion(
        id="odd",
        prompt="Is {this} a ~tilde, #hash, =sign or a: colon?\nNew line",
        choices=("a \\ b", "=c"),
        answer="=c",
        explanation="x ## y",
    )
    question = dataclasses.replace(question, prompt=question.prompt + " <b> & co")
    text = gift.write([question]).text
    assert (
        "::odd::Is \\{this\\} a \\~tilde, \\#hash, \\=sign or a\\: colon?"
        "\\nNew line &lt;b&gt; &amp; co {" in text
    )
    back = gift.read(text).questions[0]
    assert back == question


def test_partial_credit_answers_are_reported_not_silently_dropped() -> None:
    from spacequiz.formats import gift

    text = (
        "::Q1:: Which is a cosmodrome? {\n=Baikonur\n~%50%Plesetsk\n~Moscow\n}\n\n"
        "::Q2:: Name the actress {=Peresild =%50%Yulia}\n"
    )
    imported = gift.read(text)
    assert len(imported.entries) == 2 and not imported.skipped
    assert [c.describe("f.gift") for c in imported.changed] == [
        "f.gift:1: imported with a change (Q1): the 50% answer 'Plesetsk' now counts as wrong "
        "(spacequiz gives full marks or none)",
        "f.gift:7: imported with a change (Q2): the 50% answer 'Yulia' now counts as wrong "
        "(spacequiz gives full marks or none)",
    ]


def test_a_category_line_right_after_a_question_starts_a_new_block() -> None:
    text = (
        "$CATEGORY: $course$/top/Places\n"
        "::q1:: Where? {=Baikonur ~Plesetsk}\n"
        "$CATEGORY: $course$/top/Crew\n"
        "::q2:: Who directed? {=Klim Shipenko =Shipenko}\n"
        "  $CATEGORY: $course$/top/Dates\n"
        "\n"
        "::q3:: Year? {#2021}\n"
    )
    imported = gift.read(text)
    assert imported.skipped == ()
    assert [(e.question.id, e.question.prompt, e.question.tags) for e in imported.entries] == [
        ("q1", "Where?", ("Places",)),
        ("q2", "Who directed?", ("Crew",)),
        ("q3", "Year?", ("Dates",)),
    ]
    assert [e.line for e in imported.entries] == [1, 3, 7]


def test_category_paths_and_tags_round_trip() -> None:
    """Moodle writes a '/' in a category name as '//'; tags a path cannot say ('top', a '/'
    at an end) travel in our comment line."""
    imported = gift.read("$CATEGORY: $course$/top/Films//TV/Space\n\n::q::Filmed in orbit? {T}\n")
    assert imported.questions[0].tags == ("Films/TV", "Space")
    tag_sets = [
        ("Films/TV", "Space: 2021"),
        ("top", "Default for x"),
        ("ends with/", "/starts"),
        ("$course$",),
        (),
        ("a#b", "c{d}"),
    ]
    questions = [
        TrueFalseQuestion(id=f"q{i}", prompt=f"Statement {i}.", answer=True, tags=tags)
        for i, tags in enumerate(tag_sets)
    ]
    exported = gift.write(questions, "Tags")
    assert "$CATEGORY: $course$/top/Films//TV/Space\\: 2021" in exported.text
    assert gift.read(exported.text).questions == tuple(questions)
