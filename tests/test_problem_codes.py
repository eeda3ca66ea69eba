"""Problems carry a stable code: the README lists exactly the codes in the code, and no
module decides anything by reading a problem's words."""

from __future__ import annotations

import ast
import json
import re

import pytest
from typer.testing import CliRunner

from spacequiz.cli.app import app
from spacequiz.core.model import Problem
from spacequiz.core.problem_codes import PROBLEM_CODES

from .conftest import ROOT

runner = CliRunner()


def test_the_readme_lists_exactly_the_codes_in_the_code() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("| code | the problem |", 1)[1].split("\n\n", 1)[0]
    documented = re.findall(r"^\| `([a-z0-9-]+)` \| ", table, flags=re.MULTILINE)
    assert len(documented) == len(set(documented)), "a code is listed twice"
    assert set(documented) == set(PROBLEM_CODES)


def test_codes_are_kebab_case_with_a_description() -> None:
    for code, description in PROBLEM_CODES.items():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", code), code
        assert description and not description.endswith("."), code


def test_a_problem_cannot_carry_an_unknown_code() -> None:
    with pytest.raises(ValueError, match="unknown problem code"):
        Problem("bank.yaml", 1, 1, "words", code="no-such-code")


def _compares_message_text(node: ast.AST) -> bool:
    """`x.message == ...`, `... in x.message`, `"..." in str(error)` and the like."""
    if not isinstance(node, ast.Compare):
        return False
    sides = [node.left, *node.comparators]
    for side in sides:
        if isinstance(side, ast.Attribute) and side.attr == "message":
            return True
        if (
            isinstance(side, ast.Call)
            and isinstance(side.func, ast.Name)
            and side.func.id == "str"
            and any(isinstance(op, ast.In | ast.NotIn) for op in node.ops)
            and any(isinstance(s, ast.Constant) and isinstance(s.value, str) for s in sides)
        ):
            return True
    return False


# The csv module's errors carry no code: its words are all there is to tell them apart.
ALLOWED = {"spacequiz/formats/csvfmt.py"}


def test_no_module_branches_on_the_words_of_a_problem() -> None:
    found = []
    for path in sorted((ROOT / "spacequiz").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if _compares_message_text(node) and str(path.relative_to(ROOT)) not in ALLOWED:
                found.append(f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}")
    assert found == []


# file in tests/banks/broken -> (code, field) of its one problem
BROKEN_CODES = {
    "alias-bomb.yaml": ("alias-bomb", ""),
    "answer-not-in-choices.yaml": ("answer-not-in-choices", "questions[0].answer"),
    "bad-difficulty.yaml": ("unknown-value", "questions[0].difficulty"),
    "bad-version.yaml": ("bad-version", "version"),
    "deep-nesting.yaml": ("too-deep", ""),
    "duplicate-choices.yaml": ("duplicate-choice", "questions[0].choices[1]"),
    "duplicate-id.yaml": ("duplicate-id", "questions[1].id"),
    "duplicate-key.yaml": ("duplicate-key", "questions[0].answer"),
    "empty.yaml": ("empty-bank", ""),
    "missing-answer.yaml": ("missing-key", "questions[0].answer"),
    "multi-answer-not-list.yaml": ("wrong-type", "questions[0].answer"),
    "negative-tolerance.yaml": ("negative-tolerance", "questions[0].tolerance"),
    "no-questions.yaml": ("missing-key", "questions"),
    "not-a-mapping.yaml": ("not-a-mapping", ""),
    "not-utf8.yaml": ("not-utf8", ""),
    "order-one-item.yaml": ("too-few", "questions[0].items"),
    "python-tag.yaml": ("yaml-tag", "title"),
    "self-alias.yaml": ("bad-alias", "questions[0]"),
    "syntax-error.yaml": ("yaml-syntax", ""),
    "tab-indent.yaml": ("tab-indent", ""),
    "too-few-choices.yaml": ("too-few", "questions[0].choices"),
    "truefalse-quoted.yaml": ("wrong-type", "questions[0].answer"),
    "two-documents.yaml": ("second-document", ""),
    "unknown-key.yaml": ("unknown-key", "questions[0].choises"),
    "unknown-type.yaml": ("unknown-type", "questions[0].type"),
    "wrong-type.yaml": ("wrong-type", "questions[0].answer"),
    "yaml11-date.yaml": ("wrong-type", "questions[0].answer"),
    "yaml11-exponent.yaml": ("ambiguous-number", "questions[0].answer"),
    "yaml11-no.yaml": ("wrong-type", "questions[0].choices[1]"),
}


def test_every_broken_bank_says_its_code_and_field_in_validate_json() -> None:
    broken = ROOT / "tests" / "banks" / "broken"
    assert sorted(p.name for p in broken.glob("*.yaml")) == sorted(BROKEN_CODES)
    for name, (code, field) in BROKEN_CODES.items():
        result = runner.invoke(app, ["validate", "--json", str(broken / name)])
        assert result.exit_code == 1, name
        [problem] = json.loads(result.output)["problems"]
        assert (problem["code"], problem["field"]) == (code, field), name
        assert problem["code"] in PROBLEM_CODES
