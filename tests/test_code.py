"""How the code is built: a switch on question type names every type, so mypy can list each
place a new type must be handled."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from .conftest import ROOT

PACKAGE = ROOT / "spacequiz"


def _trees(*folders: str) -> Iterator[tuple[Path, ast.AST]]:
    for folder in folders:
        for path in sorted((PACKAGE / folder).rglob("*.py")):
            yield path, ast.parse(path.read_text(encoding="utf-8"), str(path))


def _question_classes(pattern: ast.pattern) -> list[str]:
    if isinstance(pattern, ast.MatchOr):
        return [name for p in pattern.patterns for name in _question_classes(p)]
    if isinstance(pattern, ast.MatchClass) and isinstance(pattern.cls, ast.Name):
        return [pattern.cls.id] if pattern.cls.id.endswith("Question") else []
    return []


def _is_assert_never(case: ast.match_case) -> bool:
    if not (isinstance(case.pattern, ast.MatchAs) and case.pattern.pattern is None):
        return False
    body = case.body
    return (
        len(body) == 1
        and isinstance(body[0], ast.Expr)
        and isinstance(body[0].value, ast.Call)
        and isinstance(body[0].value.func, ast.Name)
        and body[0].value.func.id == "assert_never"
    )


def test_every_match_on_question_type_ends_in_assert_never() -> None:
    found = 0
    for path, tree in _trees("."):
        for node in ast.walk(tree):
            if isinstance(node, ast.Match) and any(
                _question_classes(case.pattern) for case in node.cases
            ):
                found += 1
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                assert _is_assert_never(node.cases[-1]), f"{where}: end with assert_never"
    assert found >= 20


def test_screens_and_formats_switch_with_match_not_isinstance() -> None:
    for path, tree in _trees("ui", "formats"):
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "isinstance"
                and "Question" in ast.unparse(node.args[1])
            ):
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                raise AssertionError(f"{where}: a match on the question type, please")
