"""The quiz linter: one planted fault per check, the command's output and exit codes."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from spacequiz.bank.lint import CHECKS, game_leaks, lint_paths, lint_text
from spacequiz.bank.load import load_banks
from spacequiz.cli.app import app
from spacequiz.core.engine import Filters, select

HERE = Path(__file__).parent
LINT = HERE / "banks" / "lint"
runner = CliRunner()


def found(name: str) -> list[tuple[str, int, str]]:
    return [(f.code, f.line, f.message) for f in lint_paths([LINT / name])]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "leak.yaml",
            [
                (
                    "L101",
                    10,
                    "'Baikonur', an answer of question 'site' (line 4), appears in this prompt",
                )
            ],
        ),
        (
            "hint.yaml",
            [
                ("L102", 8, "the hint gives away the answer 'The Challenge'"),
                ("L102", 13, "the hint gives away the answer '37'"),
                ("L102", 19, "the hint gives away the answer 'To save a cosmonaut'"),
            ],
        ),
        ("prompt.yaml", [("L103", 6, "the prompt holds its own answer 'Tom Cruise'")]),
        (
            "position.yaml",
            [
                (
                    "L201",
                    8,
                    "the right choice of all 4 choice questions in this file stands at place 1",
                )
            ],
        ),
        (
            "longest.yaml",
            [("L202", 8, "the right choice is 45 characters long, the longest wrong one 7")],
        ),
        (
            "duplicate.yaml",
            [("L301", 14, "this prompt nearly repeats question 'month' (line 4; 88% alike)")],
        ),
        (
            "absolute.yaml",
            [("L401", 6, "the statement says 'always': absolute words give true/false away")],
        ),
        (
            "multi.yaml",
            [("L501", 8, "every choice is right: selecting all (or nothing) cannot be wrong")],
        ),
        (
            "fuzzy.yaml",
            [
                ("L601", 9, "'vyzov' is both accepted and rejected"),
                (
                    "L601",
                    13,
                    "typing 'Challenger' (a wrong choice of question 'station') "
                    "would count as right",
                ),
            ],
        ),
        ("ignored.yaml", []),
    ],
)
def test_each_check_finds_its_planted_fault(name: str, expected: list[object]) -> None:
    assert found(name) == expected


def test_every_check_has_a_planted_fault() -> None:
    planted = {f.code for path in LINT.glob("*.yaml") for f in lint_paths([path])}
    assert planted == set(CHECKS) - {"L001"}


def test_no_leak_is_reported_inside_a_family() -> None:
    # leak.yaml's kin-b names Shkaplerov, the answer of kin-a, in the same family.
    assert all("kin" not in f.message for f in lint_paths([LINT / "leak.yaml"]))


def test_a_bank_that_does_not_load_is_one_finding_per_problem() -> None:
    findings = lint_text("questions: 3\n", "x.yaml")
    assert [(f.code, f.line, f.message) for f in findings] == [
        ("L001", 1, "'questions' must be a list")
    ]


@pytest.mark.parametrize(
    "path",
    sorted((HERE / "banks").rglob("*.yaml")) + sorted((HERE / "corpus").rglob("*.*")),
    ids=lambda p: p.name,
)
def test_never_crashes(path: Path) -> None:
    for finding in lint_paths([path]):
        assert finding.code in CHECKS and finding.line >= 1 and finding.column >= 1


def test_the_command_lists_findings_and_exits_1() -> None:
    result = runner.invoke(app, ["lint", "--no-color", str(LINT / "leak.yaml")])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{LINT / 'leak.yaml'}:10:13: L101 'Baikonur', an answer of question 'site' (line 4), "
        "appears in this prompt",
        "  hint: reword one of them, or give both the same 'family:' so no game asks both",
        "1 finding",
    ]


def test_json_output() -> None:
    result = runner.invoke(app, ["lint", "--json", str(LINT / "absolute.yaml")])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["ok"] is False
    assert [(f["code"], f["line"], f["column"], f["question"]) for f in data["findings"]] == [
        ("L401", 6, 13, "tf")
    ]


def test_the_shipped_bank_passes_and_the_command_says_so() -> None:
    result = runner.invoke(app, ["lint"])
    assert result.exit_code == 0, result.output
    assert "No findings" in result.output


def test_no_seeded_game_of_the_shipped_bank_shows_an_answer_before_asking_it() -> None:
    bank = load_banks()
    for seed in range(500):
        questions = [r.question for r in select(bank, Filters(), 10, random.Random(seed)).rounds]
        assert len(questions) == 10
        assert game_leaks(questions) == [], f"seed {seed}"


def test_the_shipped_title_question_rejects_challenger() -> None:
    from spacequiz.core.engine import check
    from spacequiz.core.model import TextQuestion

    (title,) = [
        q
        for q in load_banks().questions
        if isinstance(q, TextQuestion) and q.answer == "The Challenge"
    ]
    assert "Challenger" in title.reject
    assert not check(title, "Challenger").correct
    assert check(title, "the chalenge").correct


def test_the_shipped_bank_keeps_its_balance() -> None:
    questions = load_banks().questions
    assert len(questions) >= 45
    for difficulty in ("easy", "medium", "hard"):
        assert sum(q.difficulty == difficulty for q in questions) * 5 >= len(questions)
    for qtype in ("choice", "multi", "truefalse", "text", "number", "order"):
        assert sum(q.type == qtype for q in questions) >= 4


DRAFTS = """\
version: 1
questions:
  - id: who-flew
    type: text
    prompt: Who flew the crew home?
    answer: Oleg Novitsky
    tags: [draft]
  - id: pick
    type: choice
    prompt: Who docked by hand?
    choices: [Oleg Novitsky, Anton Shkaplerov]
    answer: Anton Shkaplerov
    tags: [{tag}]
"""


def test_leaks_in_drafts_are_explained_as_expected() -> None:
    (finding,) = lint_text(DRAFTS.format(tag="draft"), "drafts.yaml")
    assert (finding.code, finding.question, finding.draft) == ("L101", "pick", True)
    assert finding.hint.startswith("expected in a draft: drafts take their text from the article")
    assert finding.as_dict()["draft"] is True
    (reviewed,) = lint_text(DRAFTS.format(tag="people"), "bank.yaml")
    assert reviewed.draft is False and "expected in a draft" not in reviewed.hint
