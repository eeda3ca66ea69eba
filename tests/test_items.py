"""Item analysis against a small game worked out by hand, and the pieces it is built from."""

from __future__ import annotations

from dataclasses import replace

import pytest

from spacequiz.core.items import (
    MIN_PLAYERS,
    Mark,
    Reliability,
    analyse,
    cronbach_alpha,
    game_reading,
    item_text,
    picked,
    point_biserial,
    question_hash,
    reliability,
)
from spacequiz.core.model import (
    ChoiceQuestion,
    MultiQuestion,
    NumberQuestion,
    OrderQuestion,
    TextQuestion,
    TrueFalseQuestion,
)

# The game: five players, three questions, right (1) or wrong (0).
#
#          q1 q2 q3  total
#   Ann     1  1  1    3
#   Bo      1  1  0    2
#   Cy      1  0  1    2
#   Di      0  1  0    1
#   Ed      0  0  0    0
#
# q1 is a choice question (Baikonur, with Plesetsk and Vostochny wrong): Di and Ed both
# picked Plesetsk; nobody picked Vostochny.
GRID = {
    "Ann": (1, 1, 1),
    "Bo": (1, 1, 0),
    "Cy": (1, 0, 1),
    "Di": (0, 1, 0),
    "Ed": (0, 0, 0),
}
SECONDS = {"q1": 4.0, "q2": 6.0, "q3": 11.0}
Q1 = ChoiceQuestion(
    id="q1",
    prompt="From which cosmodrome?",
    choices=("Baikonur", "Plesetsk", "Vostochny"),
    answer="Baikonur",
)


def game_marks() -> list[Mark[str]]:
    marks = []
    for player, row in GRID.items():
        for item, right in zip(("q1", "q2", "q3"), row, strict=True):
            given = ("Baikonur" if right else "Plesetsk") if item == "q1" else str(right)
            marks.append(Mark(player, item, float(right), bool(right), given, SECONDS[item]))
    return marks


def test_the_small_game_matches_the_numbers_worked_out_by_hand() -> None:
    stats = {s.item: s for s in analyse(game_marks(), {"q1": item_text(Q1)})}
    # Facility: the share right. q1: Ann, Bo, Cy = 3/5; q2: Ann, Bo, Di = 3/5; q3: 2/5.
    assert [stats[q].facility for q in ("q1", "q2", "q3")] == [0.6, 0.6, 0.4]
    # Discrimination, q1 against the rest (q2 + q3), over the five players:
    #   x = 1 1 1 0 0 (mean 0.6), rest = 2 1 1 1 0 (mean 1)
    #   dx = .4 .4 .4 -.6 -.6, dy = 1 0 0 0 -1
    #   sum dx*dy = .4 + .6 = 1.0; sum dx^2 = 3(.16) + 2(.36) = 1.2; sum dy^2 = 2
    #   r = 1.0 / sqrt(1.2 * 2) = 0.6455
    assert stats["q1"].discrimination == pytest.approx(0.6455, abs=1e-4)
    # q2: x = 1 1 0 1 0 (mean .6), rest (q1 + q3) = 2 1 2 0 0 (mean 1)
    #   sum dx*dy = .4(1) + .4(0) - .6(1) + .4(-1) - .6(-1) = 0  -> r = 0
    assert stats["q2"].discrimination == pytest.approx(0.0, abs=1e-9)
    # q3: x = 1 0 1 0 0 (mean .4), rest (q1 + q2) = 2 2 1 1 0 (mean 1.2)
    #   dx = .6 -.4 .6 -.4 -.4, dy = .8 .8 -.2 -.2 -1.2
    #   sum dx*dy = .48 - .32 - .12 + .08 + .48 = .60
    #   sum dx^2 = 2(.36) + 3(.16) = 1.2; sum dy^2 = .64 + .64 + .04 + .04 + 1.44 = 2.8
    #   r = .6 / sqrt(1.2 * 2.8) = .6 / 1.8330 = 0.3273
    assert stats["q3"].discrimination == pytest.approx(0.3273, abs=1e-4)
    # Distractors: Plesetsk twice (Di, Ed), Vostochny never: a wasted choice.
    assert stats["q1"].distractors == (("Plesetsk", 2), ("Vostochny", 0))
    assert stats["q1"].unpicked == ("Vostochny",)
    assert stats["q2"].distractors is None  # no choices known: typed, or words not on record
    assert [stats[q].seconds for q in ("q1", "q2", "q3")] == [4.0, 6.0, 11.0]
    assert (stats["q1"].asked, stats["q1"].right, stats["q1"].missed) == (5, 3, 2)
    assert stats["q1"].players == 5
    assert stats["q2"].notes() == ("does not separate strong from weak players",)
    assert stats["q1"].notes() == ("nobody picked Vostochny: a wasted choice",)
    assert stats["q3"].notes() == ()


def test_the_small_games_reliability_is_kr20_worked_out_by_hand() -> None:
    # KR-20 = k/(k-1) x (1 - sum of p*q / variance of the totals), k = 3
    #   p = .6 .6 .4, so each p*q = .24; their sum = .72
    #   totals 3 2 2 1 0: mean 1.6; variance = (1.96 + .16 + .16 + .36 + 2.56) / 5 = 1.04
    #   alpha = 1.5 x (1 - .72 / 1.04) = 1.5 x .30769 = 0.4615
    found = reliability(game_marks())
    assert found.alpha == pytest.approx(0.4615, abs=1e-4)
    assert (found.players, found.questions) == (5, 3)
    stats = analyse(game_marks(), {})
    line = game_reading(found, stats, lambda item: f"question {item[1:]}")
    assert line == (
        "Cronbach's alpha 0.46 (5 players, 3 questions): low: the questions do not agree on "
        "who is strong. Question 2 does not separate strong from weak players."
    )


def test_too_few_players_give_none_and_say_the_threshold() -> None:
    marks = [m for m in game_marks() if m.attempt != "Ed"]
    assert MIN_PLAYERS == 5
    stats = analyse(marks, {"q1": item_text(Q1)})
    assert all(s.discrimination is None for s in stats)
    assert all(s.facility is not None for s in stats)  # a share needs only one answer
    assert all(s.notes() == () for s in stats)  # four players: nothing to say yet
    found = reliability(marks)
    assert found.alpha is None
    assert found.describe() == (
        "Reliability needs at least 5 players who answered every question (4 did)."
    )


def test_reliability_uses_only_players_who_answered_everything() -> None:
    late = [Mark("Flo", "q3", 1.0, True, "1", 3.0)]  # joined for the last question only
    found = reliability(game_marks() + late)
    assert (found.players, found.questions) == (5, 3)
    assert found.alpha == pytest.approx(0.4615, abs=1e-4)


def test_no_correlation_where_nothing_varies() -> None:
    assert point_biserial([1, 1, 1, 1, 1], [0.5, 0.2, 0.1, 0.9, 0.3]) is None
    assert point_biserial([1, 0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5, 0.5]) is None
    assert cronbach_alpha([[1, 1]] * 6) is None
    assert point_biserial([1, 0, 1, 0, 1], [1, 0, 1, 0, 1]) == pytest.approx(1.0)
    everyone = [m._replace(credit=1.0, correct=True) for m in game_marks() if m.item == "q3"]
    others = [m for m in game_marks() if m.item != "q3"]
    stats = {s.item: s for s in analyse(others + everyone, {})}
    assert stats["q3"].discrimination is None
    assert stats["q3"].notes() == ("everyone got it right: it separates nobody",)


def test_a_negative_discrimination_says_to_check_the_answer() -> None:
    # q3 right for exactly those who miss the others: Di and Ed.
    flipped = [
        m._replace(credit=1.0 - m.credit, correct=not m.correct) if m.item == "q3" else m
        for m in game_marks()
    ]
    (q3,) = [s for s in analyse(flipped, {}) if s.item == "q3"]
    assert q3.discrimination is not None and q3.discrimination < 0
    assert q3.notes() == ("weaker players do better on it than stronger ones: check the answer",)


def test_partial_credit_counts_as_its_share() -> None:
    marks = [Mark(n, "m", c, c == 1.0, "x", 1.0) for n, c in enumerate([1.0, 0.5, 0.5, 0.0])]
    (stats,) = analyse(marks, {})
    assert stats.facility == 0.5
    assert stats.right == 1


def test_picks_are_read_back_from_stored_answers() -> None:
    multi = item_text(
        MultiQuestion(
            id="m",
            prompt="Which?",
            choices=("Soyuz, the rocket", "Soyuz", "Buran", "Cardboard"),
            answer=("Soyuz, the rocket", "Buran"),
        )
    )
    assert multi.wrong == ("Soyuz", "Cardboard")
    assert picked("Soyuz, the rocket, Cardboard", multi) == ("Soyuz, the rocket", "Cardboard")
    assert picked("Soyuz, Buran", multi) == ("Soyuz", "Buran")
    assert picked("(nothing)", multi) == ()
    choice = item_text(Q1)
    assert picked("Plesetsk", choice) == ("Plesetsk",)
    assert picked("(no answer)", choice) == ()
    truth = item_text(TrueFalseQuestion(id="t", prompt="True?", answer=True))
    assert truth.wrong == ("False",)
    assert picked("False", truth) == ("False",)
    assert item_text(TextQuestion(id="x", prompt="Who?", answer="Klim")).choices is None


def test_the_hash_follows_what_is_asked_and_what_counts() -> None:
    base = question_hash(Q1)
    assert question_hash(replace(Q1, prompt="From which cosmodrome did they fly?")) != base
    assert question_hash(replace(Q1, answer="Plesetsk")) != base
    assert question_hash(replace(Q1, hint="In Kazakhstan")) != base
    # Not what is asked: the id, the order of the choices (they are shuffled), the
    # explanation, the difficulty, the tags, the family.
    assert question_hash(replace(Q1, id="other")) == base
    assert question_hash(replace(Q1, choices=("Vostochny", "Baikonur", "Plesetsk"))) == base
    unchanged = replace(Q1, explanation="Why.", difficulty="hard", tags=("x",), family="f")
    assert question_hash(unchanged) == base
    number = NumberQuestion(id="n", prompt="How many?", answer=12.0)
    assert question_hash(replace(number, tolerance=1.0)) != question_hash(number)
    order = OrderQuestion(id="o", prompt="Order", items=("a", "b", "c"))
    assert question_hash(replace(order, items=("b", "a", "c"))) != question_hash(order)
    text = TextQuestion(id="x", prompt="Who?", answer="Klim")
    assert question_hash(replace(text, reject=("Klimt",))) != question_hash(text)
    assert len(base) == 16


def test_reliability_reads_well_at_each_level() -> None:
    assert "agree on who is strong" in Reliability(0.81, 20, 10).describe()
    assert "fair" in Reliability(0.6, 20, 10).describe()
    assert Reliability(None, 9, 1).describe() == "Reliability needs at least 2 questions."
