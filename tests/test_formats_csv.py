"""CSV import and export."""

from __future__ import annotations

from pathlib import Path

from spacequiz.bank.load import load_banks
from spacequiz.core.model import NumberQuestion
from spacequiz.formats import csvfmt
from spacequiz.formats.yamlout import checked_bank
from tests.exchange import as_exchanged

CORPUS = Path(__file__).parent / "corpus" / "csv"


def test_spreadsheet_with_bom_semicolons_and_crlf() -> None:
    imported = csvfmt.read((CORPUS / "spreadsheet.csv").read_bytes().decode("utf-8"))
    _, kept, refused = checked_bank("Sheet", imported.entries)
    assert [e.question.id for e in kept] == ["crew-launch-from", "film-days", "it-filmed-orbit"]
    assert kept[0].question.tags == ("places", "mission")
    assert kept[2].question.prompt == "Was it filmed; in orbit?"
    assert [(s.line, s.reason) for s in refused] == [
        (5, "the answer 'Nobody' is not one of the choices")
    ]


def test_every_type_round_trips() -> None:
    bank = load_banks()
    exported = csvfmt.write(bank.questions)
    assert exported.written == len(bank.questions)
    assert csvfmt.read(exported.text).questions == as_exchanged(bank.questions)


def test_formula_like_text_is_guarded_and_comes_back_unchanged() -> None:
    from spacequiz.core.model import ChoiceQuestion
    from spacequiz.formats import csvfmt

    question = ChoiceQuestion(
        id="f",
        prompt='=HYPERLINK("http://x")',
        choices=("-1 degree", "@home", "+2"),
        answer="-1 degree",
    )
    exported = csvfmt.write([question])
    for cell in ("'=HYPERLINK", "'-1 degree", "'@home", "'+2"):
        assert cell in exported.text
    assert csvfmt.read(exported.text).questions[0] == question


def test_semicolon_files_take_a_decimal_comma_in_number_cells() -> None:
    text = "prompt;type;id;answer;difficulty;unit;tolerance\nHow many days?;number;;12;hard;;1,5\n"
    imported = csvfmt.read(text)
    assert imported.skipped == ()
    question = imported.questions[0]
    assert isinstance(question, NumberQuestion)
    assert (question.answer, question.tolerance) == (12, 1.5)
    # In a comma-separated file "1,5" is a quoted cell that is not a number.
    comma = csvfmt.read('prompt,type,answer,tolerance\nP,number,12,"1,5"\n')
    assert [s.reason for s in comma.skipped] == ["'1,5' in the tolerance column is not a number"]


def test_a_bad_number_cell_is_named_with_its_column() -> None:
    text = "prompt;type;answer;tolerance\nP;number;12;about 2\nQ;number;;\nR;number;inf;\n"
    assert [(s.line, s.reason) for s in csvfmt.read(text).skipped] == [
        (2, "'about 2' in the tolerance column is not a number"),
        (3, "the answer cell is empty"),
        (4, "'inf' in the answer column is not finite"),
    ]


def test_line_breaks_carriage_returns_and_own_apostrophes_come_back() -> None:
    from spacequiz.core.model import MultiQuestion, Question, TextQuestion

    questions: list[Question] = [
        TextQuestion(
            id="lines",
            prompt="First line\nsecond line\r\nthird\rfourth",
            answer="'tis",
            accept=("''twas", "'=not a formula"),
            explanation="Two  spaces\tand a tab stay.",
        ),
        MultiQuestion(
            id="quotes",
            prompt="'Quoted' at the start?",
            choices=("'a", "=b", "c"),
            answer=("'a", "=b"),
        ),
    ]
    exported = csvfmt.write(questions)
    assert exported.written == 2
    assert csvfmt.read(exported.text).questions == tuple(questions)
    # And through the whole loop: the bank written from the CSV reads back the same.
    text, kept, refused = checked_bank("Lines", csvfmt.read(exported.text).entries)
    assert refused == () and load_banks_from(text) == tuple(questions)


def load_banks_from(text: str):  # type: ignore[no-untyped-def]
    from spacequiz.bank.load import parse_bank

    return parse_bank(text, "round-trip.yaml").bank.questions
