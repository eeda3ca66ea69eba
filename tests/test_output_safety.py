"""No output path writes a control character raw: JSON and YAML escape them, GIFT, Aiken
and CSV exports leave such a question out and say where it is, reports strip them.

The hostile text: a clipboard write (OSC 52), a one-byte CSI (C1), a right-to-left override
and a left-to-right isolate (Trojan Source).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from spacequiz.cli.app import app
from spacequiz.core.classroom import Classroom
from spacequiz.core.engine import Filters, select
from spacequiz.formats.report import report_csv, report_html, report_json

runner = CliRunner()
HOSTILE = "Pick \x1b]52;c;aGk=\x07one \x9b31m red \u202eevil \u2066iso"
RAW = ("\x1b", "\x9b", "\u202e", "\u2066", "\x07")
BANK = """\
version: 1
title: "Title \\u009b31m \\u202e"
questions:
  - id: fine
    type: choice
    prompt: A fine question?
    choices: [A, B]
    answer: A
  - id: hostile
    type: choice
    prompt: "Pick \\e]52;c;aGk=\\aone \\u009b31m red \\u202eevil \\u2066iso"
    choices: [A, B]
    answer: A
"""


def raw_in(text: str) -> list[str]:
    return [r for r in RAW if r in text]


@pytest.fixture
def bank(write_bank) -> Path:  # type: ignore[no-untyped-def]
    path: Path = write_bank(BANK)
    return path


@pytest.mark.parametrize("fmt", ["gift", "aiken", "csv"])
def test_exports_without_an_escape_leave_the_question_out_and_say_where(
    bank: Path, fmt: str
) -> None:
    result = runner.invoke(app, ["export", str(bank), "--format", fmt, "-o", "-"])
    assert result.exit_code == 0, result.output
    assert raw_in(result.stdout) == []
    assert "A fine question?" in result.stdout
    assert f"{bank}:9: skipped (hostile): its prompt holds a control character (U+001B" in (
        " ".join(result.stderr.split())
    )
    assert "1 exported, 1 skipped" in result.stderr


def test_open_trivia_db_export_keeps_the_text_as_json_escapes(bank: Path) -> None:
    result = runner.invoke(app, ["export", str(bank), "--format", "opentdb", "-o", "-"])
    assert result.exit_code == 0, result.output
    assert raw_in(result.stdout) == []
    assert "\\u001b]52" in result.stdout and "\\u009b" in result.stdout
    prompts = [r["question"] for r in json.loads(result.stdout)["results"]]
    assert prompts[1] == HOSTILE  # every character kept, none raw


def test_import_to_stdout_writes_yaml_escapes(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(f'prompt,answer,type\n"{HOSTILE}",x,text\n', encoding="utf-8")
    result = runner.invoke(app, ["import", str(source), "-o", "-"])
    assert result.exit_code == 0, result.output
    assert raw_in(result.stdout) == []
    assert yaml.safe_load(result.stdout)["questions"][0]["prompt"] == HOSTILE


def test_history_json_escapes_and_keeps_a_hostile_bank_title(bank: Path) -> None:
    played = runner.invoke(
        app, ["play", "--plain", "-b", str(bank), "--seed", "1", "--name", "Ann"], input="1\n1\n"
    )
    assert played.exit_code == 0, played.output
    assert raw_in(played.stdout) == []
    for command in (["history", "--json"], ["scores", "--json"], ["play", "--help"]):
        result = runner.invoke(app, command)
        assert raw_in(result.stdout) == [], command
    title = json.loads(runner.invoke(app, ["history", "--json"]).stdout)[0]["bank"]
    assert title == "Title \x9b31m \u202e"
    for command in (["history", "--csv"], ["scores", "--csv"], ["history"], ["scores"]):
        assert raw_in(runner.invoke(app, command).stdout) == [], command


def test_classroom_reports_hold_no_raw_control_character() -> None:
    from spacequiz.bank.load import parse_bank

    loaded = parse_bank(BANK, "bank.yaml").bank
    import random

    rounds = select(loaded, Filters(), 2, random.Random(1)).rounds
    game = Classroom(["Red\x9b", "Blue\u2066"], rounds, style="buzz", time_limit=None)
    game.answer("Red\x9b", "A", seconds=1)
    game.reveal()
    result = game.result(title="Title \x9b31m \u202e", seed=1)
    for text in (report_csv(result), report_html(result), report_json(result)):
        assert raw_in(text) == []
    assert json.loads(report_json(result))["title"] == "Title \x9b31m \u202e"
