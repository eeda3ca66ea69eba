"""A small classroom game, played through the real engine, with hostile and non-ASCII text."""

from __future__ import annotations

from spacequiz.core.classroom import Classroom, ClassroomResult
from spacequiz.core.engine import Round
from spacequiz.core.model import ChoiceQuestion, NumberQuestion, Question, TextQuestion

FORMULA_TEAM = '=HYPERLINK("x")'
RUSSIAN_TEAM = "Красные 🚀"
HTML_TEAM = "Blue & <b>Co</b>"
TEAMS = (FORMULA_TEAM, RUSSIAN_TEAM, HTML_TEAM)
SCRIPT_PROMPT = '<script>alert(1)</script> Is this "quoted" & ampersanded?'
TITLE = "Space <Quiz> & «Вызов»"

QUESTIONS: tuple[Question, ...] = (
    ChoiceQuestion(id="q-choice", prompt=SCRIPT_PROMPT, choices=("Yes", "No"), answer="Yes"),
    TextQuestion(
        id="q-text",
        prompt="Кто снял фильм «Вызов»? 🎬",
        answer="Клим Шипенко",
        difficulty="easy",
    ),
    NumberQuestion(id="q-skip", prompt="Skipped, never scored", answer=12.0),
    TextQuestion(
        id="q-plus",
        prompt="+ Who played the surgeon, line one\nline two, with a comma",
        answer="Юлия Пересильд",
        difficulty="hard",
    ),
    NumberQuestion(id="q-minus", prompt="How many days, minus twelve?", answer=-12.0),
)


def play() -> ClassroomResult:
    """Turns style, no speed bonus, so every score is easy to work out by hand."""
    rounds = [Round(i, len(QUESTIONS), q) for i, q in enumerate(QUESTIONS, start=1)]
    game = Classroom(TEAMS, rounds, style="turns", speed=False, time_limit=20.0)
    # 1: the formula team is wrong, passes; the Russian team takes it for half of 200.
    game.answer(FORMULA_TEAM, "No", seconds=3.25)
    game.pass_on()
    game.answer(RUSSIAN_TEAM, "Yes", seconds=4.5)
    game.reveal()
    game.next()
    # 2: the Russian team's turn; time runs out.
    game.answer(RUSSIAN_TEAM, None, seconds=20.0)
    game.reveal()
    game.next()
    # 3: dropped.
    game.skip()
    # 4: the formula team again (round 4 of 3 teams); right, 300 (hard).
    game.answer(FORMULA_TEAM, "юлия пересильд", seconds=7.0)
    game.reveal()
    game.next()
    # 5: the Russian team; a negative number, right, 200.
    game.answer(RUSSIAN_TEAM, "-12", seconds=2.0)
    game.reveal()
    game.next()
    assert game.finished
    return game.result(title=TITLE, seed=42)
