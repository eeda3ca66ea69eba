"""The engine: selection and seeds, checking every type, the scoring table."""

from __future__ import annotations

import json
import random

import pytest

from spacequiz.core.engine import Filters, Points, Scoring, Session, check, replay, select
from spacequiz.core.errors import NoQuestionsError
from spacequiz.core.model import (
    Bank,
    ChoiceQuestion,
    MultiQuestion,
    NumberQuestion,
    OrderQuestion,
    TextQuestion,
    TrueFalseQuestion,
)

CHOICE = ChoiceQuestion(
    id="site",
    prompt="Where?",
    choices=("Baikonur", "Plesetsk", "Vostochny"),
    answer="Baikonur",
    difficulty="easy",
    tags=("places",),
)
MULTI = MultiQuestion(
    id="crew",
    prompt="Who?",
    choices=("Peresild", "Shipenko", "Dubrov", "Shkaplerov"),
    answer=("Peresild", "Shipenko"),
    difficulty="hard",
    tags=("people",),
)
TF = TrueFalseQuestion(id="tf", prompt="Kazakhstan?", answer=True, tags=("places",))
TEXT = TextQuestion(id="name", prompt="Cosmonaut?", answer="Shkaplerov", accept=("Anton",))
NUMBER = NumberQuestion(id="n", prompt="Applicants?", answer=3000, tolerance=500)
ORDER = OrderQuestion(id="o", prompt="Order", items=("a", "b", "c", "d"), difficulty="hard")
BANK = Bank(title="T", questions=(CHOICE, MULTI, TF, TEXT, NUMBER, ORDER))


def test_same_seed_same_game() -> None:
    one = select(BANK, Filters(), 6, random.Random(7))
    two = select(BANK, Filters(), 6, random.Random(7))
    assert one == two
    others = [select(BANK, Filters(), 6, random.Random(s)).rounds for s in range(8, 14)]
    assert any(o != one.rounds for o in others)


def test_options_shuffled_and_order_items_never_already_right() -> None:
    for seed in range(30):
        rounds = select(BANK, Filters(types=("order", "choice")), 2, random.Random(seed)).rounds
        for round_ in rounds:
            if isinstance(round_.question, OrderQuestion):
                assert round_.options != round_.question.items
                assert sorted(round_.options) == sorted(round_.question.items)
            else:
                assert sorted(round_.options) == sorted(CHOICE.choices)


def test_filters_and_count() -> None:
    selection = select(BANK, Filters(tags=("PLACES",)), 10, random.Random(1))
    assert {r.question.id for r in selection.rounds} == {"site", "tf"}
    assert selection.short and selection.matched == 2
    assert [r.number for r in selection.rounds] == [1, 2]
    assert select(BANK, Filters(difficulties=("hard",)), 1, random.Random(1)).rounds[0].of == 1
    assert len(select(BANK, Filters(types=("text", "number")), 5, random.Random(1)).rounds) == 2


def test_no_match_is_a_clear_error() -> None:
    with pytest.raises(NoQuestionsError, match="no question in the bank matches tag moon"):
        select(BANK, Filters(tags=("moon",)), 5, random.Random(1))


@pytest.mark.parametrize(
    ("question", "given", "correct", "credit"),
    [
        (CHOICE, "Baikonur", True, 1.0),
        (CHOICE, "Plesetsk", False, 0.0),
        (TF, True, True, 1.0),
        (TF, False, False, 0.0),
        (TEXT, "shkaplerow", True, 1.0),
        (TEXT, "anton", True, 1.0),
        (TEXT, "Shipenko", False, 0.0),
        (NUMBER, "3,400", True, 1.0),
        (NUMBER, "2 499", False, 0.0),
        (MULTI, ("Peresild", "Shipenko"), True, 1.0),
        (MULTI, ("Peresild",), False, 0.5),
        (MULTI, ("Peresild", "Dubrov"), False, 0.0),
        (MULTI, (), False, 0.0),
        (ORDER, ("a", "b", "c", "d"), True, 1.0),
        (ORDER, ("b", "a", "c", "d"), False, 5 / 6),
        (ORDER, ("d", "c", "b", "a"), False, 0.0),
        (CHOICE, None, False, 0.0),
    ],
)
def test_check(question, given, correct: bool, credit: float) -> None:  # type: ignore[no-untyped-def]
    result = check(question, given)
    assert result.correct is correct
    assert result.credit == pytest.approx(credit)


def test_scoring_table() -> None:
    session = Session()
    first = session.answer(CHOICE, "Baikonur")  # easy
    assert (first.points, first.streak) == (100, 1)
    second = session.answer(TF, True)  # medium, second in a row: +50
    assert (second.points, second.streak) == (250, 2)
    third = session.answer(ORDER, ("a", "b", "c", "d"))  # hard, third in a row: +100
    assert third.points == 400
    wrong = session.answer(CHOICE, "Plesetsk")
    assert (wrong.points, wrong.streak) == (0, 0)
    partial = session.answer(MULTI, ("Peresild",))  # half of hard, no streak
    assert (partial.points, partial.correct, partial.streak) == (150, False, 0)
    hinted = session.answer(TF, True, hint_used=True)  # medium halved
    assert hinted.points == 100
    assert session.score == 100 + 250 + 400 + 0 + 150 + 100


def test_streak_bonus_is_capped() -> None:
    scoring = Scoring()
    assert [scoring.streak_bonus(n) for n in range(1, 9)] == [0, 50, 100, 150, 200, 250, 250, 250]


def test_speed_points_with_a_timer() -> None:
    session = Session(time_limit=20)
    assert session.answer(TF, True, seconds=0.3).points == 200  # at once: all the points
    session.streak = 0
    assert session.answer(TF, True, seconds=10).points == 150  # half the time: 3/4
    session.streak = 0
    assert session.answer(TF, True, seconds=20).points == 100  # at the limit: half
    timed_out = session.answer(TF, None, seconds=20)
    assert (timed_out.points, timed_out.timed_out, timed_out.given) == (0, True, "(no answer)")


def test_without_a_timer_speed_does_not_count() -> None:
    assert Session().answer(TF, True, seconds=300).points == 200


def test_result_summary_and_json() -> None:
    session = Session()
    session.answer(CHOICE, "Baikonur", seconds=2)
    session.answer(TF, True, seconds=3)
    session.answer(MULTI, ("Dubrov",), seconds=4)
    result = session.result(title="T", seed=5, planned=3, finished=True)
    assert (result.correct, result.answered, result.longest_streak) == (2, 3, 2)
    assert result.by_tag["places"].right == 2 and result.by_tag["people"].total == 1
    assert result.by_difficulty["hard"].accuracy == 0
    assert [o.question_id for o in result.missed] == ["crew"]
    data = json.loads(json.dumps(result.as_dict()))
    assert data["score"] == result.score == 350
    assert data["outcomes"][2]["answer"] == "Peresild, Shipenko"
    assert data["by_tag"]["places"] == {"right": 2, "total": 2, "accuracy": 1.0}
    assert data["seconds"] == 9


def test_a_questions_choices_keep_their_order_whatever_the_count() -> None:
    big = select(BANK, Filters(), 6, random.Random(7))
    options = {r.question.id: r.options for r in big.rounds}
    for count in (1, 2, 3):
        for round_ in select(BANK, Filters(), count, random.Random(7)).rounds:
            assert round_.options == options[round_.question.id]


def test_a_game_never_asks_two_questions_of_one_family() -> None:
    kin = [
        TextQuestion(id=f"k{i}", prompt=f"Kin {i}?", answer="x", family="same-fact")
        for i in range(5)
    ]
    loners = [TextQuestion(id=f"l{i}", prompt=f"Alone {i}?", answer="y") for i in range(3)]
    bank = Bank(title="T", questions=(*kin, *loners))
    seen_kin: set[str] = set()
    for seed in range(200):
        selection = select(bank, Filters(), 10, random.Random(seed))
        ids = [r.question.id for r in selection.rounds]
        assert sum(i.startswith("k") for i in ids) == 1
        assert len(ids) == 4 and selection.matched == 4 and selection.short
        seen_kin.update(i for i in ids if i.startswith("k"))
    assert seen_kin == {f"k{i}" for i in range(5)}  # every member gets its turn


def test_a_bank_without_families_draws_as_before() -> None:
    picked = select(BANK, Filters(), 4, random.Random(3)).rounds
    rng = random.Random(3)
    rng.getrandbits(64)
    assert [r.question for r in picked] == rng.sample(list(BANK.questions), k=4)


def test_a_rejected_form_never_counts_however_close() -> None:
    title = TextQuestion(
        id="title",
        prompt="Film?",
        answer="The Challenge",
        accept=("Challenge",),
        reject=("Challenger",),
    )
    assert check(title, "Challenger").correct is False
    assert check(title, "challenger!").correct is False
    assert check(title, "Chalenge").correct is True
    assert check(title, "the challenge").correct is True
    # Without the reject list, fuzzy matching would take it as a typo.
    assert check(TextQuestion(id="t", prompt="F?", answer="Challenge"), "Challenger").correct


def test_the_points_breakdown_adds_up_to_the_points() -> None:
    session = Session(time_limit=20)
    session.answer(TF, True, seconds=0.2)
    hinted = session.answer(ORDER, ("a", "b", "d", "c"), seconds=10, hint_used=True)
    # hard 300 x 5/6 of the pairs = 250 base, 3/4 of it for the time, halved by the hint.
    assert hinted.breakdown == Points(base=250, speed=-62, hint=-94, streak=0)
    assert hinted.points == hinted.breakdown.total == 94
    streak = session.answer(TF, True, seconds=0.2)
    assert streak.breakdown == Points(base=200, streak=0)
    again = session.answer(TF, True, seconds=0.2)
    assert again.breakdown == Points(base=200, streak=50) and again.points == 250
    assert session.answer(TF, False).breakdown == Points()


def test_ticks_submitted_when_the_time_runs_out_earn_partial_credit() -> None:
    session = Session(time_limit=10)
    late = session.answer(MULTI, ("Peresild", "Shipenko"), seconds=10, timed_out=True)
    assert (late.timed_out, late.correct, late.points) == (True, True, 150)
    half = session.answer(MULTI, ("Peresild",), seconds=10, timed_out=True)
    assert (half.timed_out, half.credit, half.points) == (True, 0.5, 75)


def test_a_replay_asks_a_past_games_questions_as_they_were_shown() -> None:
    played = select(BANK, Filters(), 4, random.Random(42))
    again = replay(BANK, [r.question.id for r in played.rounds], 42)
    assert again.rounds == played.rounds
    smaller = Bank(title="T", questions=(CHOICE, TF))
    ids = [r.question.id for r in played.rounds]
    kept = [i for i in ids if i in ("site", "tf")]
    assert [r.question.id for r in replay(smaller, ids, 42).rounds] == kept
    with pytest.raises(NoQuestionsError):
        replay(Bank(title="T", questions=(TEXT,)), ["site"], 42)
