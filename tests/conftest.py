"""Shared fixtures: every test runs with its own data folder, never the real home."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "data" / "questions.yaml"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "spacequiz-home"
    monkeypatch.setenv("SPACEQUIZ_HOME", str(home))
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("COLUMNS", "100")
    return home


@pytest.fixture
def write_bank(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write a bank file from text and return its path."""

    def write(text: str, name: str = "bank.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


# The slow lane: tests that drive the real program in a pseudo-terminal, a headless browser,
# child processes over the network, or build a wheel. They need a POSIX terminal or extra
# programs, and they take most of the suite's time; `pytest -m "not slow"` skips them.
_SLOW_MODULES = {
    "test_wheel",
    "test_history_processes",
    "test_live_host",
    "test_live_resume",
    "test_live_browser",
    "test_report_browser",
}
_SLOW_IMPORTS = ("pexpect", "webdriver", "PopenSpawn")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        module = getattr(item, "module", None)
        name = getattr(module, "__name__", "").rsplit(".", 1)[-1]
        if name in _SLOW_MODULES or any(hasattr(module, n) for n in _SLOW_IMPORTS):
            item.add_marker(pytest.mark.slow)


def pytest_report_header() -> str:
    return f"spacequiz tests on {sys.platform}"
