"""Every problem in one run, and hints that lead to a valid bank: one bad thing (a tab, an
empty folder, a refused tag, a file that cannot be read) never hides the others."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from spacequiz.cli.app import app

runner = CliRunner()
HEAD = "version: 1\ntitle: Problems\nquestions:\n"
WRONG_ANSWER = """\
  - id: wrong
    type: choice
    prompt: Where did they launch from?
    choices: [Baikonur, Plesetsk]
    answer: Vostochny
"""
NOT_IN_CHOICES = "the answer 'Vostochny' is not one of the choices"


def validate(*paths: Path) -> tuple[int, str]:
    result = runner.invoke(app, ["validate", *map(str, paths)])
    return result.exit_code, " ".join(result.stdout.split())


def test_a_tab_does_not_hide_the_other_problems(tmp_path: Path) -> None:
    bank = tmp_path / "tabs.yaml"
    bank.write_text(
        HEAD + "  - id: tabbed\n    type: truefalse\n\tprompt: Tabs?\n    answer: true\n"
        + WRONG_ANSWER,
        encoding="utf-8",
    )  # fmt: skip
    code, said = validate(bank)
    assert code == 1
    assert f"{bank}:6:1: tab character in the indentation" in said
    assert f"{bank}:12:13: {NOT_IN_CHOICES}" in said
    assert "2 problems in 1 file" in said


def test_an_empty_folder_does_not_hide_the_other_problems(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    bank = tmp_path / "bank.yaml"
    bank.write_text(HEAD + WRONG_ANSWER, encoding="utf-8")
    code, said = validate(empty, bank)
    assert code == 1
    assert f"{empty}:1:1: this folder holds no .yaml files" in said
    assert NOT_IN_CHOICES in said


def test_a_refused_tag_is_said_once_and_hides_nothing(tmp_path: Path) -> None:
    bank = tmp_path / "tagged.yaml"
    bank.write_text(
        "version: 1\ntitle: !!python/object/apply:os.system [echo]\nquestions:\n"
        "  - id: tagged\n    type: text\n    prompt: !!python/name:os.system Who?\n"
        "    answer: Ann\n" + WRONG_ANSWER,
        encoding="utf-8",
    )
    code, said = validate(bank)
    assert code == 1
    assert said.count("is not allowed in a bank") == 2
    assert f"{bank}:2:8: the YAML tag !!python/object/apply:os.system" in said
    assert f"{bank}:6:13: the YAML tag !!python/name:os.system" in said
    assert NOT_IN_CHOICES in said
    assert "'title' must be text" not in said  # the refused value is not blamed again
    assert "3 problems in 1 file" in said


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux's /proc")
def test_a_file_that_cannot_be_read_does_not_hide_the_others_and_exits_1(tmp_path: Path) -> None:
    folder = tmp_path / "banks"
    folder.mkdir()
    (folder / "a-unreadable.yaml").symlink_to("/proc/self/mem")  # opens, then EIO on read
    (folder / "b-folder.yaml").mkdir()
    os.mkfifo(folder / "c-fifo.yaml")  # opening it would wait forever
    (folder / "d-wrong.yaml").write_text(HEAD + WRONG_ANSWER, encoding="utf-8")
    code, said = validate(folder)
    assert code == 1
    assert "a-unreadable.yaml:1:1: cannot read the file: Input/output error" in said
    assert "b-folder.yaml:1:1: this is a folder, not a bank file" in said
    assert "c-fifo.yaml:1:1: this is not a regular file" in said
    assert NOT_IN_CHOICES in said
    for command in (["play", "-b"], ["bank", "-b"], ["lint"], ["export", "-F", "csv"]):
        done = runner.invoke(app, [*command, str(folder / "a-unreadable.yaml")])
        assert done.exit_code == 1, command


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads every file")
def test_a_bank_without_read_permission_is_an_error_not_a_usage_error(tmp_path: Path) -> None:
    bank = tmp_path / "locked.yaml"
    bank.write_text(HEAD + WRONG_ANSWER, encoding="utf-8")
    bank.chmod(0)
    for command in (["validate"], ["play", "-b"], ["add"], ["export"], ["lint"]):
        done = runner.invoke(app, [*command, str(bank)])
        assert done.exit_code == 1, command
        assert "Permission denied" in done.output, command


def test_hidden_files_in_a_folder_are_not_banks(tmp_path: Path) -> None:
    (tmp_path / "bank.yaml").write_text(
        HEAD + "  - id: one\n    type: truefalse\n    prompt: Filmed in orbit?\n    answer: true\n",
        encoding="utf-8",
    )
    (tmp_path / "._bank.yaml").write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X")
    (tmp_path / ".draft.yml").write_text("not: [a bank", encoding="utf-8")
    code, said = validate(tmp_path)
    assert code == 0, said
    assert "1 question in 1 file" in said


def test_add_from_json_reports_every_problem(tmp_path: Path) -> None:
    bank = tmp_path / "bank.yaml"
    bank.write_text(HEAD + WRONG_ANSWER.replace("Vostochny", "Baikonur"), encoding="utf-8")
    question = (
        '{"type": "number", "prompt": "P", "answer": "many", "tolerance": [1, {}],'
        ' "unit": {"km": 1}, "colour": "red"}'
    )
    result = runner.invoke(app, ["add", str(bank), "--from-json", "-"], input=question)
    assert result.exit_code == 1
    said = " ".join(result.stderr.split())
    assert "tolerance (line 1, column 66): 'tolerance' must be a number" in said
    assert "unit (line 1, column 83): 'unit' must be text, not a mapping" in said
    assert "answer (line 1, column 45): 'answer' must be a number, not 'many'" in said
    assert "colour (line 1, column 104): unknown key 'colour'" in said


# Values YAML 1.1 reads silently as another thing ------------------------------------------


def number_bank(value: str, key: str = "answer") -> str:
    extra = "    answer: 100\n" if key != "answer" else ""
    return HEAD + f"  - id: n\n    type: number\n    prompt: How long?\n{extra}    {key}: {value}\n"


def fixed_by_hint(tmp_path: Path, text: str) -> tuple[str, str]:
    """Validate, then write back the first number the hint offers, and validate again."""
    bank = tmp_path / "bank.yaml"
    bank.write_text(text, encoding="utf-8")
    code, said = validate(bank)
    assert code == 1
    offered = re.search(r"hint: [^:]*: (-?[0-9][0-9.]*)", said)
    assert offered, said
    line = re.search(r"bank\.yaml:(\d+):(\d+):", said)
    assert line
    lines = text.splitlines(keepends=True)
    number, column = int(line[1]) - 1, int(line[2]) - 1
    lines[number] = lines[number][:column] + offered[1] + "\n"
    bank.write_text("".join(lines), encoding="utf-8")
    code, again = validate(bank)
    assert code == 0, again
    return said, offered[1]


@pytest.mark.parametrize(
    ("value", "reading", "fix"),
    [
        ("1:30", "YAML 1.1 reads as 90 (base 60", "90"),
        ("1:30.5", "YAML 1.1 reads as 90.5 (base 60", "90.5"),
        ("010", "YAML 1.1 reads as 8 (octal; YAML 1.2 readers see 10)", "8"),
        ("0b101", "YAML 1.1 reads as 5 (binary", "5"),
    ],
)
@pytest.mark.parametrize("key", ["answer", "tolerance"])
def test_yaml11_silent_numbers_are_flagged_and_the_hint_fixes_them(
    tmp_path: Path, value: str, reading: str, fix: str, key: str
) -> None:
    said, offered = fixed_by_hint(tmp_path, number_bank(value, key))
    assert f"'{key}' is {value}, which {reading}" in said
    assert offered == fix


@pytest.mark.parametrize(
    ("value", "fix"),
    [('"3,000"', "3000"), ("3,000", "3000"), ('"3 000"', "3000"), ('"1e3"', "1000"),
     ('"12.5"', "12.5"), ("'40 years'", "40")],
)  # fmt: skip
def test_number_hints_lead_to_a_valid_bank(tmp_path: Path, value: str, fix: str) -> None:
    _, offered = fixed_by_hint(tmp_path, number_bank(value))
    assert offered == fix


def test_text_fields_keep_what_was_written(tmp_path: Path) -> None:
    bank = tmp_path / "bank.yaml"
    bank.write_text(
        HEAD + "  - id: t\n    type: choice\n    prompt: When?\n"
        "    choices: [1:30, 010, 0b101]\n    answer: 1:30\n",
        encoding="utf-8",
    )
    code, said = validate(bank)
    assert code == 0, said


def test_validate_reports_every_problem_from_a_real_terminal_too(tmp_path: Path) -> None:
    """The same through the real program: no traceback and the README's exit code."""
    empty = tmp_path / "empty"
    empty.mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "spacequiz", "validate", str(empty), str(tmp_path / "nope.yaml")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "holds no .yaml files" in done.stdout and "no such file" in done.stdout
