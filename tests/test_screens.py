"""The game's screens rendered to a recording console, as a player would read them."""

from __future__ import annotations

import io

from rich.console import Console

from spacequiz.core.engine import Given, Points, Round, Session
from spacequiz.core.model import ChoiceQuestion, MultiQuestion, OrderQuestion, Question
from spacequiz.core.moments import standing
from spacequiz.ui.console import THEME
from spacequiz.ui.screens import points_text, show_feedback, show_summary

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


MULTI = MultiQuestion(
    id="crew",
    prompt="Who flew?",
    choices=("Peresild", "Shipenko", "Dubrov", "Novitsky"),
    answer=("Peresild", "Shipenko"),
    difficulty="hard",
)
ORDER = OrderQuestion(id="steps", prompt="In order", items=("launch", "docking", "landing"))


def render_feedback(
    question: Question,
    options: tuple[str, ...],
    given: Given,
    plain: bool = False,
    width: int = 60,
) -> list[str]:
    session = Session()
    outcome = session.answer(question, given)
    console = Console(file=io.StringIO(), width=width, record=True, theme=THEME)
    round_ = Round(1, 1, question, options)
    show_feedback(console, round_, outcome, session.score, plain, given=given)
    return [line.strip("│ ") for line in console.export_text().splitlines()]


def test_a_multi_result_marks_every_choice_in_the_order_shown() -> None:
    lines = render_feedback(
        MULTI, ("Dubrov", "Peresild", "Novitsky", "Shipenko"), ("Dubrov", "Peresild")
    )
    marked = [
        line for line in lines if line.endswith(("Dubrov", "Peresild", "Novitsky", "Shipenko"))
    ]
    assert marked == ["✘ Dubrov", "✔ Peresild", "Novitsky", "missed Shipenko"]
    plain = render_feedback(
        MULTI, ("Dubrov", "Peresild", "Novitsky", "Shipenko"), ("Dubrov", "Peresild"), plain=True
    )
    assert ["✘ Dubrov", "✔ Peresild", "· Novitsky", "missed: Shipenko"] == [
        line for line in plain if line.endswith(("Dubrov", "Peresild", "Novitsky", "Shipenko"))
    ]


def test_an_order_result_shows_each_place_beside_the_right_item() -> None:
    lines = render_feedback(
        ORDER, ("landing", "launch", "docking"), ("launch", "landing", "docking")
    )
    assert any(line.split() == ["1", "✔", "launch", "✔"] for line in lines)
    assert any(line.split() == ["2", "✘", "docking", "landing"] for line in lines)
    assert any(line.split() == ["3", "✘", "landing", "docking"] for line in lines)
    plain = render_feedback(
        ORDER, ("landing", "launch", "docking"), ("launch", "landing", "docking"), plain=True
    )
    assert "2. ✘ docking (you: landing)" in plain


def test_the_points_are_shown_part_by_part() -> None:
    assert points_text(230, Points(base=200, speed=-20, streak=50)) == (
        "+230 points (200 base − 20 speed + 50 streak)"
    )
    assert points_text(100, Points(base=100)) == "+100 points"
    assert points_text(0, Points()) == "+0 points"


def test_the_final_score_stays_on_a_24_row_screen_with_the_details_above() -> None:
    session = Session()
    for n in range(8):
        question = ChoiceQuestion(
            id=f"q{n}",
            prompt=f"A long question number {n} that takes a line or two to ask in full?",
            choices=("Right", "Wrong"),
            answer="Right",
            tags=(f"tag{n}",),
        )
        session.answer(question, "Wrong", seconds=3)
    result = session.result(title="T", seed=5, planned=8, finished=True)
    console = Console(file=io.StringIO(), width=80, height=24, record=True, theme=THEME)
    show_summary(console, result, False, standing=standing(0, [300, 100]))
    lines = console.export_text().splitlines()
    assert "Details" in lines[1]  # the details come first, to scroll up to
    last_screen = lines[-22:]  # what 24 rows show above "Play again?"
    assert any("Score: 0 · 0/8 right (0%) · 24 s" in line for line in last_screen)
    assert any("3rd best of your 3 games" in line for line in last_screen)
    short = Console(file=io.StringIO(), width=80, height=60, record=True, theme=THEME)
    show_summary(short, result, False)
    assert "Game over" in short.export_text().splitlines()[1]  # it fits: the score comes first
