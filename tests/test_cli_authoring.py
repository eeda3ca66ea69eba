"""The authoring commands as a user meets them: exit codes, messages, files byte for byte."""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from prompt_toolkit.input.base import PipeInput
from rich.console import Console
from typer.testing import CliRunner

from spacequiz.bank.load import load_banks, parse_bank, shipped_bank_path
from spacequiz.cli.app import app
from spacequiz.ui.authoring import Wizard
from spacequiz.ui.env import Env
from tests.exchange import as_exchanged
from tests.fakes import keys as fake_keys
from tests.fakes import output

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).parent / "corpus"
runner = CliRunner()
BANK = """\
version: 1
title: Mine
questions:
  # kept exactly
  - id: one
    type: choice
    prompt: 'One?'
    choices: [a, b]
    answer: a
"""


def one_line(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    path = tmp_path / "mine.yaml"
    path.write_bytes(BANK.encode())
    return path


# new -----------------------------------------------------------------------------------


def test_new_creates_a_valid_bank_and_refuses_to_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "space-facts.yaml"
    result = runner.invoke(app, ["new", str(path)])
    assert result.exit_code == 0, result.output
    assert "Created" in result.stdout  # the result, seen even with 2>/dev/null
    assert result.stderr == ""
    assert parse_bank(path.read_text()).bank.title == "Space facts"
    again = runner.invoke(app, ["new", str(path)])
    assert again.exit_code == 1
    assert one_line(again.stderr) == f"error: {path} already exists; use --force to overwrite it"
    forced = runner.invoke(app, ["new", str(path), "--force", "--title", "No"])
    assert forced.exit_code == 0
    assert parse_bank(path.read_text()).bank.title == "No"


# add --from-json -----------------------------------------------------------------------


def test_add_from_json_changes_only_new_lines(bank: Path) -> None:
    question = '{"type": "truefalse", "prompt": "Is it yes?", "answer": true, "tags": ["no"]}'
    result = runner.invoke(app, ["add", str(bank), "--from-json", "-"], input=question)
    assert result.exit_code == 0, result.output
    assert one_line(result.stdout) == f"Added question 'it-yes' to {bank}."
    assert result.stderr == ""
    assert (
        bank.read_bytes()
        == (
            BANK + "  - id: it-yes\n"
            "    type: truefalse\n"
            "    prompt: Is it yes?\n"
            "    answer: true\n"
            '    tags: ["no"]\n'
        ).encode()
    )


def test_add_from_json_file_with_invalid_question_writes_nothing(
    bank: Path, tmp_path: Path
) -> None:
    source = tmp_path / "q.json"
    source.write_text('{"type": "choice", "prompt": "P", "choices": ["a", "A"], "answer": "a"}')
    result = runner.invoke(app, ["add", str(bank), "--from-json", str(source)])
    assert result.exit_code == 1
    assert "'A' appears twice in the choices" in one_line(result.stderr)
    assert bank.read_bytes() == BANK.encode()


def test_add_from_json_refuses_numbers_that_are_not_finite(bank: Path) -> None:
    question = '{"type": "number", "prompt": "P", "answer": 1e400}'
    result = runner.invoke(app, ["add", str(bank), "--from-json", "-"], input=question)
    assert result.exit_code == 1
    assert one_line(result.stderr) == (
        "error: the question is not valid: answer (line 1, column 45): "
        "'answer' must be a finite number (write a number below 1e308) [not-finite]"
    )
    assert bank.read_bytes() == BANK.encode()


@pytest.mark.parametrize("questions", ["questions: []\n", "questions:\n"])
def test_add_the_first_question_to_an_empty_bank(tmp_path: Path, questions: str) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text("version: 1\ntitle: Empty\n" + questions)
    question = '{"type": "truefalse", "prompt": "Is it yes?", "answer": true}'
    result = runner.invoke(app, ["add", str(path), "--from-json", "-"], input=question)
    assert result.exit_code == 0, result.output
    assert [q.id for q in load_banks([path]).questions] == ["it-yes"]
    validated = runner.invoke(app, ["validate", str(path)])
    assert validated.exit_code == 0, validated.output


def test_add_refuses_the_shipped_bank_and_missing_files(tmp_path: Path) -> None:
    before = shipped_bank_path().read_bytes()
    result = runner.invoke(app, ["add", str(shipped_bank_path()), "--from-json", "-"], input="{}")
    assert result.exit_code == 1
    assert "is the bank shipped with spacequiz and is never changed" in one_line(result.stderr)
    assert shipped_bank_path().read_bytes() == before
    missing = runner.invoke(app, ["add", str(tmp_path / "nope.yaml"), "--from-json", "-"])
    assert missing.exit_code == 1
    assert "no such file; start a bank with 'spacequiz new" in one_line(missing.stderr)


def test_add_reports_an_invalid_bank_with_its_location(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("version: 1\nquestions:\n  - id: x\n    type: nope\n")
    result = runner.invoke(app, ["add", str(path), "--from-json", "-"], input="{}")
    assert result.exit_code == 1
    assert f"{path}:4:11" in result.stderr


def test_add_without_a_terminal_refuses(bank: Path) -> None:
    result = runner.invoke(app, ["add", str(bank)], input="")
    assert result.exit_code == 2
    assert "pass the question as JSON with --from-json" in one_line(result.stderr)
    assert bank.read_bytes() == BANK.encode()


# add: the wizard -----------------------------------------------------------------------


@pytest.fixture
def keys() -> Iterator[tuple[PipeInput, Env]]:
    """Feed the wizard keys through a pipe, in a fake Env; its screen is the Env's stdout."""
    with fake_keys() as (pipe, env):
        yield pipe, env


DOWN, ENTER = "\x1b[B", "\r"


def test_wizard_adds_a_text_question(bank: Path, keys: tuple[PipeInput, Env]) -> None:
    pipe, env = keys
    pipe.send_text(
        DOWN * 3 + ENTER  # type: text
        + "What is the film called?" + ENTER
        + "The Challenge" + ENTER
        + "Vyzov" + ENTER + ENTER  # one other accepted answer, then done
        + ENTER  # no explanation
        + ENTER  # difficulty: medium
        + "film, titles" + ENTER
        + ENTER  # no hint
        + ENTER  # the proposed id
        + "y"  # save
    )  # fmt: skip
    result = runner.invoke(app, ["add", str(bank)], obj=env)
    assert result.exit_code == 0, result.output
    assert "What is the film called?" in output(env)
    assert bank.read_text() == BANK + (
        "  - id: film-called\n"
        "    type: text\n"
        "    prompt: What is the film called?\n"
        "    answer: The Challenge\n"
        "    accept: [Vyzov]\n"
        "    difficulty: medium\n"
        "    tags: [film, titles]\n"
    )


def test_wizard_checks_choices_as_they_are_typed(bank: Path, keys: tuple[PipeInput, Env]) -> None:
    pipe, env = keys
    pipe.send_text(
        ENTER  # type: choice
        + "Which planet is red?" + ENTER
        + "Mars" + ENTER
        + "mars" + ENTER  # refused: already a choice
        + "\x7f" * 4 + "Venus" + ENTER
        + ENTER  # done with choices
        + ENTER  # the right answer: Mars
        + ENTER + DOWN + ENTER + ENTER + ENTER + ENTER  # explanation, hard, tags, hint, id
        + "y"
    )  # fmt: skip
    result = runner.invoke(app, ["add", str(bank)], obj=env)
    assert result.exit_code == 0, result.output
    assert bank.read_text().endswith(
        "    choices: [Mars, Venus]\n    answer: Mars\n    difficulty: hard\n"
    )


def test_wizard_order_items_are_asked_and_checked_in_plain_words() -> None:
    seen: list[tuple[str, list[bool | str]]] = []

    class Scripted(Wizard):
        typed = iter(["launch", "", "Launch", "landing", ""])

        def _text(self, message: str, validate: Any = None, default: str = "") -> str:
            text = next(self.typed)
            seen.append((message, [validate(text)] if validate else []))
            return text if validate(text) is True else self._text(message, validate, default)

    wizard = Scripted(Console(file=io.StringIO()))
    assert wizard._answer("order") == {"items": ["launch", "landing"]}
    assert seen == [
        ("Item 1, in the right order:", [True]),
        ("Item 2, in the right order:", ["give at least 2 items"]),
        ("Item 2, in the right order:", ["'Launch' is already in the items"]),
        ("Item 2, in the right order:", [True]),
        ("Item 3, in the right order (Enter on an empty line to finish):", [True]),
    ]


def test_wizard_declined_or_interrupted_writes_nothing(
    bank: Path, keys: tuple[PipeInput, Env]
) -> None:
    pipe, env = keys
    pipe.send_text(DOWN * 2 + ENTER + "Is it?" + ENTER + ENTER * 6 + "n")
    declined = runner.invoke(app, ["add", str(bank)], obj=env)
    assert declined.exit_code == 0
    assert "Nothing was written." in declined.stderr
    pipe.send_text(DOWN + ENTER + "\x03")  # Ctrl-C at the prompt
    interrupted = runner.invoke(app, ["add", str(bank)], obj=env)
    assert interrupted.exit_code == 130
    assert "Cancelled; nothing was written." in interrupted.stderr
    assert "Traceback" not in interrupted.output
    assert bank.read_bytes() == BANK.encode()


# import and export ---------------------------------------------------------------------


def test_import_gift_reports_skips_and_writes_a_valid_bank(tmp_path: Path) -> None:
    out = tmp_path / "moodle.yaml"
    source = CORPUS / "gift" / "moodle-docs.gift"
    result = runner.invoke(app, ["import", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    lines = [one_line(line) for line in result.stderr.splitlines()]
    assert f"{source}:17: skipped (Q4): matching questions are not supported" in lines
    assert not any("into" in line for line in lines)  # only the warnings are on stderr
    assert one_line(result.stdout) == f"15 imported, 3 skipped into {out}."
    assert len(load_banks([out]).questions) == 15


def test_import_format_guessing_and_stdout(tmp_path: Path) -> None:
    aiken_txt = CORPUS / "aiken" / "moodle-docs.txt"
    result = runner.invoke(app, ["import", str(aiken_txt), "-o", "-"])
    assert result.exit_code == 0
    assert parse_bank(result.stdout).bank.title == "moodle docs"
    assert one_line(result.stderr) == "3 imported, 0 skipped."
    data = (CORPUS / "opentdb" / "api-response.json").read_text()
    unknown = runner.invoke(app, ["import", "-", "-o", "-"], input=data)
    assert unknown.exit_code == 2
    assert one_line(unknown.stderr) == "error: reading standard input: give --format " + (
        "gift|aiken|opentdb|csv"
    )
    (tmp_path / "q.dat").write_text(data)
    unnamed = runner.invoke(app, ["import", str(tmp_path / "q.dat"), "-o", "-"])
    assert "pass --format gift, aiken, opentdb or csv" in one_line(unnamed.stderr)
    piped = runner.invoke(app, ["import", "-", "-F", "opentdb", "-o", "-"], input=data)
    assert piped.exit_code == 0
    assert one_line(piped.stderr).endswith("3 imported, 3 skipped.")


def test_import_nothing_usable_is_an_error(tmp_path: Path) -> None:
    source = tmp_path / "empty.gift"
    source.write_text("// nothing but a comment\n::Essay:: Tell me. {}\n")
    result = runner.invoke(app, ["import", str(source), "-o", str(tmp_path / "x.yaml")])
    assert result.exit_code == 1
    assert "no question in" in result.stderr
    assert not (tmp_path / "x.yaml").exists()


def test_import_refuses_to_overwrite(bank: Path) -> None:
    source = CORPUS / "gift" / "windows-bom.gift"
    result = runner.invoke(app, ["import", str(source), "-o", str(bank)])
    assert result.exit_code == 1
    assert "already exists; use --force" in one_line(result.stderr)
    assert bank.read_bytes() == BANK.encode()


def test_export_then_import_the_shipped_bank(tmp_path: Path) -> None:
    gift_file = tmp_path / "shipped.gift"
    exported = runner.invoke(app, ["export", "-o", str(gift_file)])
    assert exported.exit_code == 0, exported.output
    assert "skipped (mission-events): GIFT has no order questions" in one_line(exported.stderr)
    assert one_line(exported.stdout) == f"46 exported, 5 skipped to {gift_file}."
    back = tmp_path / "back.yaml"
    imported = runner.invoke(app, ["import", str(gift_file), "-o", str(back)])
    assert imported.exit_code == 0
    shipped = [q for q in load_banks().questions if q.type != "order"]
    assert load_banks([back]).questions == as_exchanged(shipped)


def test_export_to_stdout_needs_a_format(bank: Path) -> None:
    for args in (["export", str(bank)], ["export", str(bank), "-o", "-"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2
        assert one_line(result.stderr) == (
            "error: writing to standard output: give --format gift|aiken|opentdb|csv"
        )
    csv = runner.invoke(app, ["export", str(bank), "--format", "csv"])
    assert csv.exit_code == 0
    assert csv.stdout.splitlines()[1] == "one,choice,One?,a | b,,a,,,,,medium,,"


# Saving -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["new", "{out}"],
        ["import", str(CORPUS / "gift" / "moodle-docs.gift"), "-o", "{out}"],
        ["export", "-o", "{out}", "-F", "gift"],
    ],
)
def test_writing_into_a_missing_folder_says_so(tmp_path: Path, args: list[str]) -> None:
    folder = tmp_path / "nonexistent" / "dir"
    out = str(folder / "x.yaml")
    result = runner.invoke(app, [a.replace("{out}", out) for a in args])
    assert result.exit_code == 1
    assert one_line(result.stderr).endswith(f"error: the folder {folder} does not exist")
    assert "Traceback" not in result.output


@pytest.fixture
def umask_027() -> Iterator[None]:
    old = os.umask(0o027)
    yield
    os.umask(old)


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
@pytest.mark.usefixtures("umask_027")
def test_new_files_follow_the_umask_and_add_keeps_the_mode(tmp_path: Path) -> None:
    made = tmp_path / "made.yaml"
    assert runner.invoke(app, ["new", str(made)]).exit_code == 0
    imported = tmp_path / "imported.yaml"
    source = str(CORPUS / "gift" / "moodle-docs.gift")
    assert runner.invoke(app, ["import", source, "-o", str(imported)]).exit_code == 0
    exported = tmp_path / "exported.gift"
    assert runner.invoke(app, ["export", str(made), "-o", str(exported)]).exit_code == 0
    for path in (made, imported, exported):
        assert path.stat().st_mode & 0o777 == 0o640, path
    made.chmod(0o604)
    question = '{"type": "truefalse", "prompt": "Is it yes?", "answer": true}'
    assert runner.invoke(app, ["add", str(made), "--from-json", "-"], input=question).exit_code == 0
    assert made.stat().st_mode & 0o777 == 0o604


# Every command has help and is in the README --------------------------------------------


@pytest.mark.parametrize("command", ["new", "add", "import", "export"])
def test_commands_have_help_and_are_documented(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert isinstance(app, typer.Typer)
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Writing and exchanging banks", 1)[1]
    assert re.search(rf"spacequiz {command}\b", section)


def test_add_keeps_a_windows_bank_byte_for_byte(tmp_path: Path) -> None:
    path = tmp_path / "windows.yaml"
    original = BANK.replace("\n", "\r\n").encode("utf-8-sig")
    path.write_bytes(original)
    question = '{"id": "two", "type": "text", "prompt": "Two?", "answer": "2"}'
    result = runner.invoke(app, ["add", str(path), "--from-json", "-"], input=question)
    assert result.exit_code == 0, result.output
    added = b'  - id: two\r\n    type: text\r\n    prompt: Two?\r\n    answer: "2"\r\n'
    assert path.read_bytes() == original + added


def test_wizard_adds_a_number_question(bank: Path, keys: tuple[PipeInput, Env]) -> None:
    pipe, env = keys
    pipe.send_text(
        DOWN * 4 + ENTER  # type: number
        + "How far is the ISS from the ground, in km?" + ENTER
        + "about" + ENTER  # refused: not a number
        + "\x7f" * 5 + "4,00.5" + ENTER  # refused too
        + "\x7f" * 6 + "400" + ENTER
        + "\x7f" + "-5" + ENTER  # a negative tolerance is refused
        + "\x7f\x7f" + "50" + ENTER
        + "km" + ENTER
        + ENTER * 5  # explanation, difficulty, tags, hint, id
        + "y"
    )  # fmt: skip
    result = runner.invoke(app, ["add", str(bank)], obj=env)
    assert result.exit_code == 0, result.output
    assert bank.read_text().endswith(
        "    answer: 400\n    tolerance: 50\n    unit: km\n    difficulty: medium\n"
    )


def test_wizard_asks_again_for_a_number_no_bank_can_hold(
    bank: Path, keys: tuple[PipeInput, Env]
) -> None:
    pipe, env = keys
    pipe.send_text(
        DOWN * 4 + ENTER  # type: number
        + "How many atoms?" + ENTER
        + "1e400" + ENTER  # refused: beyond what a bank holds
        + "\x7f" * 5 + "1e30" + ENTER  # kept exactly, as a whole number
        + ENTER  # tolerance 0
        + ENTER * 6  # unit, explanation, difficulty, tags, hint, id
        + "y"
    )  # fmt: skip
    result = runner.invoke(app, ["add", str(bank)], obj=env)
    assert result.exit_code == 0, result.output
    assert "    answer: 1000000000000000000000000000000\n" in bank.read_text()
