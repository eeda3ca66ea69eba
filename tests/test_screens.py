"""The game's screens rendered to a recording console, as a player would read them."""

from __future__ import annotations

import io

from rich.console import Console

from spacequiz.core.engine import Session
from spacequiz.core.model import ChoiceQuestion
from spacequiz.ui.screens import show_summary

QUESTION = ChoiceQuestion(
    id="docking-problem",
    prompt="What hitch occurred as the Soyuz docked with the ISS?",
    choices=("Manual control", "A fire"),
    answer="Manual control",
    tags=("mission",),
)


def render_summary(plain: bool) -> str:
    session = Session()
    session.answer(QUESTION, "A fire")
    console = Console(file=io.StringIO(), width=60, record=True)
    show_summary(console, session.result(title="T", seed=5, planned=1, finished=True), plain)
    return console.export_text()


def test_missed_questions_are_shown_by_their_prompt_and_answer() -> None:
    for plain in (False, True):
        screen = " ".join(render_summary(plain).replace("│", " ").split())
        assert "What hitch occurred as the Soyuz docked with the ISS?" in screen
        assert "Manual control" in screen
        assert "docking-problem" not in screen
        assert "0/1 right (0%)" in screen
