"""A small classroom game, played through the real engine, with hostile and non-ASCII text."""

from __future__ import annotations

from spacequiz.core.classroom import Classroom, ClassroomResult
from spacequiz.core.engine import Given, Round
from spacequiz.core.model import (
    ChoiceQuestion,
    MultiQuestion,
    NumberQuestion,
    Question,
    TextQuestion,
    TrueFalseQuestion,
)

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


MULTI = MultiQuestion(
    id="q-multi",
    prompt="Which of these flew? Select all that apply.",
    choices=("Soyuz", "Shuttle", "Buran", "Cardboard"),
    answer=("Soyuz", "Shuttle"),
)
BUZZ_TEAMS = ("Red", "Blue", "Green")


def play_buzz_ended_early() -> ClassroomResult:
    """Buzz style: one question with partial credit, then the teacher ends the game, so the
    other two questions are never played."""
    questions = (MULTI, QUESTIONS[0], QUESTIONS[1])
    rounds = [Round(i, len(questions), q) for i, q in enumerate(questions, start=1)]
    game = Classroom(BUZZ_TEAMS, rounds, style="buzz", speed=False, time_limit=20.0)
    game.answer("Red", ("Soyuz", "Shuttle"), seconds=3.0)  # right: 100
    game.answer("Blue", ("Soyuz",), seconds=4.0)  # half right: 50
    game.answer("Green", ("Cardboard",), seconds=5.0)  # wrong
    game.reveal()
    game.next()
    assert not game.finished
    return game.result(title="Buzz", seed=7)


def play_wide() -> ClassroomResult:
    """Buzz style, four teams, ten questions with long answers: the widest answer table."""
    long_answer = "The actress and the director go home without him, a long way down"
    questions = [
        ChoiceQuestion(
            id=f"q-wide-{n}",
            prompt=f"Question {n}: which of these long answers is the right one?",
            choices=(long_answer, "Supercalifragilisticexpialidocious", "Yes"),
            answer=long_answer if n % 2 else "Yes",
        )
        for n in range(1, 11)
    ]
    rounds = [Round(i, len(questions), q) for i, q in enumerate(questions, start=1)]
    teams = ("Team", "Score", RUSSIAN_TEAM, "Hyperventilating Astronauts")
    game = Classroom(teams, rounds, style="buzz", speed=False, time_limit=20.0)
    for number, question in enumerate(questions):
        for i, team in enumerate(teams):
            game.answer(team, question.choices[(number + i) % 3], seconds=2.0)
        game.reveal()
        game.next()
    return game.result(title=TITLE, seed=11)


HAND_TEAMS = ("Ann", "Bo", "Cy", "Di", "Ed")
HAND_QUESTIONS: tuple[Question, ...] = (
    ChoiceQuestion(
        id="cosmodrome",
        prompt="From which cosmodrome did the crew lift off?",
        choices=("Baikonur", "Plesetsk", "Vostochny"),
        answer="Baikonur",
    ),
    TrueFalseQuestion(id="iss", prompt="The film was shot aboard the ISS.", answer=True),
    NumberQuestion(id="days", prompt="How many days did the crew spend in space?", answer=12.0),
)


def play_hand_computed() -> ClassroomResult:
    """Buzz style: the five-player game of tests/test_items.py, worked out there by hand.

    Right (1) or wrong (0) on cosmodrome, iss, days: Ann 1 1 1, Bo 1 1 0, Cy 1 0 1,
    Di 0 1 0, Ed 0 0 0; the two wrong on cosmodrome both picked Plesetsk.
    """
    grid = {"Ann": (1, 1, 1), "Bo": (1, 1, 0), "Cy": (1, 0, 1), "Di": (0, 1, 0), "Ed": (0, 0, 0)}
    right: tuple[Given, ...] = ("Baikonur", True, "12")
    wrong: tuple[Given, ...] = ("Plesetsk", False, "40")
    questions = HAND_QUESTIONS
    rounds = [Round(i, len(questions), q) for i, q in enumerate(questions, start=1)]
    game = Classroom(HAND_TEAMS, rounds, style="buzz", speed=False, time_limit=20.0)
    for number in range(len(questions)):
        for team, row in grid.items():
            game.answer(team, right[number] if row[number] else wrong[number], seconds=3.0)
        game.reveal()
        game.next()
    return game.result(title="Hand computed", seed=1)
