"""The live game's rules with a fake clock: joins, answers, deadlines, reconnects, kicks, locks."""

from __future__ import annotations

import itertools

import pytest

from spacequiz.core.engine import Round
from spacequiz.core.model import (
    ChoiceQuestion,
    MultiQuestion,
    NumberQuestion,
    OrderQuestion,
    TextQuestion,
    TrueFalseQuestion,
)
from spacequiz.core.names import name_key
from spacequiz.live.game import GRACE_SECONDS, LiveError, LiveGame, correct_options

CHOICE = ChoiceQuestion(id="c", prompt="Which?", choices=("A", "B", "C"), answer="B")
TF = TrueFalseQuestion(id="t", prompt="True?", answer=False, difficulty="easy")
MULTI = MultiQuestion(id="m", prompt="Which two?", choices=("w", "x", "y", "z"), answer=("x", "z"))
ORDER = OrderQuestion(id="o", prompt="Order", items=("1st", "2nd", "3rd"))
TEXT = TextQuestion(id="x", prompt="Name?", answer="Baikonur")
NUMBER = NumberQuestion(id="n", prompt="How many?", answer=12, tolerance=0)


def rounds(*questions: object) -> list[Round]:
    shown = {"c": ("C", "B", "A"), "m": ("z", "w", "y", "x"), "o": ("3rd", "1st", "2nd")}
    return [
        Round(i, len(questions), q, shown.get(q.id, ()))  # type: ignore[attr-defined,arg-type]
        for i, q in enumerate(questions, start=1)
    ]


def game(*questions: object, **options: object) -> LiveGame:
    tokens = (f"token-{i}" for i in itertools.count())
    return LiveGame(
        rounds(*(questions or (CHOICE, TF))),
        code="123456",
        new_token=lambda: next(tokens),
        **options,  # type: ignore[arg-type]
    )


def test_join_needs_the_code_and_a_fresh_name() -> None:
    g = game()
    ann = g.join("123456", "Ann").player
    with pytest.raises(LiveError) as wrong:
        g.join("654321", "Bob")
    assert wrong.value.code == "bad_code"
    for same in ("ann", " ANN ", "Ａｎｎ", "An\u200bn", "Ann\x1b]52;c;aGk=\x07"):
        with pytest.raises(LiveError) as taken:
            g.join("123456", same)
        assert taken.value.code == "name_taken", same
    with pytest.raises(LiveError) as long:
        g.join("123456", "x" * 25)
    assert long.value.code == "bad_name"
    assert ann.name == "Ann" and len(g.players) == 1


def test_names_keep_emoji_joiners_and_drop_escapes() -> None:
    assert name_key("👩\u200d🚀") != name_key("👩🚀")
    assert name_key("Ann\x1b[31m") == name_key("ann")


def test_a_rejoin_with_the_token_keeps_score_and_answers() -> None:
    g = game()
    ann = g.join("123456", "Ann").player
    g.start(now=0.0)
    g.answer(ann, 1, 1, now=1.0)  # "B", the right one
    g.leave(ann)
    again = g.join("123456", "ann", ann.token)
    assert again.resumed and again.player is ann and ann.connected
    assert ann.score > 0 and 1 in ann.answers
    with pytest.raises(LiveError) as bad:
        g.join("123456", "Ann", "token-999")
    assert bad.value.code == "bad_token"
    bob = g.join("123456", "Bob").player
    with pytest.raises(LiveError) as stolen:
        g.join("123456", "Ann", bob.token)
    assert stolen.value.code == "bad_token"


def test_one_answer_per_question_timed_by_the_host_clock() -> None:
    g = game(time_limit=20.0)
    ann = g.join("123456", "Ann").player
    bob = g.join("123456", "Bob").player
    g.start(now=100.0)
    fast = g.answer(ann, 1, 1, now=100.2)
    with pytest.raises(LiveError) as twice:
        g.answer(ann, 1, 0, now=101.0)
    assert twice.value.code == "already_answered"
    with pytest.raises(LiveError) as late:
        g.answer(bob, 1, 1, now=120.0 + GRACE_SECONDS)
    assert late.value.code == "late"
    assert fast.outcome.correct and fast.outcome.points == 200 and fast.outcome.seconds == 0.2
    assert g.time_up(120.0 + GRACE_SECONDS) and not g.everyone_answered()
    reveal = g.reveal()
    assert reveal.counts == (0, 1, 0) and reveal.correct == (1,) and reveal.answer == "B"
    assert bob.answers[1].outcome.timed_out and bob.score == 0


def test_speed_halves_points_at_the_limit_unless_turned_off() -> None:
    slow = game(time_limit=20.0)
    ann = slow.join("123456", "Ann").player
    slow.start(now=0.0)
    assert slow.answer(ann, 1, 1, now=19.99).outcome.points == 100
    flat = game(time_limit=20.0, speed=False)
    bob = flat.join("123456", "Bob").player
    flat.start(now=0.0)
    assert flat.answer(bob, 1, 1, now=19.99).outcome.points == 200


def test_answers_of_every_kind_are_read_by_index() -> None:
    g = game(CHOICE, TF, MULTI, ORDER, TEXT, NUMBER, time_limit=None)
    ann = g.join("123456", "Ann").player
    g.start(now=0.0)
    given = [1, 1, [3, 0], [1, 2, 0], " baikonur ", "12"]
    for number, raw in enumerate(given, start=1):
        got = g.answer(ann, number, raw, now=float(number))
        assert got.outcome.correct, (number, got.outcome)
        g.reveal()
        g.next(now=float(number))
    assert g.phase == "finished"
    assert ann.score == sum(a.outcome.points for a in ann.answers.values())


@pytest.mark.parametrize(
    "raw",
    [3, -1, True, "1", 1.0, None, [0], {"a": 1}, [0, 0]],
)
def test_a_malformed_answer_is_refused_and_not_counted(raw: object) -> None:
    g = game()
    ann = g.join("123456", "Ann").player
    g.start(now=0.0)
    with pytest.raises(LiveError) as bad:
        g.answer(ann, 1, raw, now=1.0)
    assert bad.value.code == "bad_answer"
    assert 1 not in ann.answers and g.answered_now == 0


def test_an_answer_to_another_question_or_outside_a_question_is_refused() -> None:
    g = game()
    ann = g.join("123456", "Ann").player
    with pytest.raises(LiveError) as lobby:
        g.answer(ann, 1, 1, now=0.0)
    assert lobby.value.code == "not_open"
    g.start(now=0.0)
    for number in (2, True, "1"):
        with pytest.raises(LiveError) as other:
            g.answer(ann, number, 1, now=0.0)
        assert other.value.code == "not_open"


def test_the_question_closes_when_every_connected_player_has_answered() -> None:
    g = game()
    ann = g.join("123456", "Ann").player
    bob = g.join("123456", "Bob").player
    g.start(now=0.0)
    g.answer(ann, 1, 0, now=1.0)
    assert not g.everyone_answered()
    g.leave(bob)
    assert g.everyone_answered()


def test_lock_and_full_refuse_new_players_but_not_returning_ones() -> None:
    g = game(max_players=1)
    ann = g.join("123456", "Ann").player
    with pytest.raises(LiveError) as full:
        g.join("123456", "Bob")
    assert full.value.code == "full"
    g.locked = True
    g.leave(ann)
    assert g.join("123456", "Ann", ann.token).resumed
    g.kick("Ann")
    with pytest.raises(LiveError) as locked:
        g.join("123456", "Cat")
    assert locked.value.code == "locked"


def test_kick_frees_the_name_and_voids_the_token() -> None:
    g = game()
    ann = g.join("123456", "Ann").player
    g.start(now=0.0)
    g.answer(ann, 1, 1, now=1.0)
    assert g.answered_now == 1
    g.kick("ANN")
    assert g.answered_now == 0
    with pytest.raises(LiveError) as gone:
        g.join("123456", "Ann", ann.token)
    assert gone.value.code == "bad_token"
    fresh = g.join("123456", "Ann").player
    assert fresh is not ann and fresh.score == 0


def test_questions_asked_before_a_player_joined_are_not_theirs() -> None:
    g = game(CHOICE, TF, CHOICE)
    ann = g.join("123456", "Ann").player
    g.start(now=0.0)
    g.answer(ann, 1, 1, now=1.0)
    g.reveal()
    g.next(now=2.0)
    cat = g.join("123456", "Cat").player  # question 2 is open: it is hers
    assert cat.answers == {} and cat.first == 2
    g.answer(cat, 2, 1, now=3.0)  # False is the second option
    assert cat.answers[2].outcome.correct
    g.reveal()
    dan = g.join("123456", "Dan").player  # question 2 is closed: his first is the third
    assert dan.first == 3 and dan.answers == {}
    assert (g.reveal_of(1).players, g.reveal_of(2).players) == (1, 2)
    assert (g.reveal_of(1).answered, g.reveal_of(1).right) == (1, 1)
    g.next(now=4.0)
    g.reveal()  # nobody answered the third: a miss for all three, each of whom had it
    assert g.reveal_of(3).players == 3 and dan.answers[3].outcome.timed_out
    result = g.result(title="T", seed=1)
    assert sorted((a.team, a.round) for a in result.answers) == [
        ("Ann", 1), ("Ann", 2), ("Ann", 3), ("Cat", 2), ("Cat", 3), ("Dan", 3),
    ]  # fmt: skip
    assert result.joined == (("Cat", 2), ("Dan", 3))


def test_an_order_reveal_counts_who_put_each_item_in_its_right_place() -> None:
    g = game(ORDER)
    ann = g.join("123456", "Ann").player
    bob = g.join("123456", "Bob").player
    cat = g.join("123456", "Cat").player
    g.start(now=0.0)
    right = list(correct_options(g.round))  # shown ("3rd", "1st", "2nd"): [1, 2, 0]
    g.answer(ann, 1, right, now=1.0)
    g.answer(bob, 1, right, now=1.0)
    g.answer(cat, 1, [2, 1, 0], now=1.0)  # only the last item in its place
    shown = g.reveal()
    assert shown.counts == (3, 2, 2) and shown.right == 2


def test_after_a_resume_the_question_waits_for_the_players_who_were_playing() -> None:
    from spacequiz.live.journal import replay

    g = game(CHOICE, TF)
    events: list[dict[str, object]] = [
        {"e": "join", "name": "Ann", "token": "a"},
        {"e": "join", "name": "Bob", "token": "b"},
        {"e": "join", "name": "Cat", "token": "c"},
        {"e": "join", "name": "Dan", "token": "d"},
        {"e": "left", "name": "Dan"},  # dropped before the crash: not waited for
        {"e": "start"},
        {"e": "answer", "name": "Bob", "q": 1, "a": 0, "t": 1.0},
    ]
    replay(g, events)
    assert g.awaiting == {"ann", "bob", "cat"}
    ann = g.join("123456", "Ann", "a").player
    g.answer(ann, 1, 1, now=2.0)
    # Bob answered before the crash; Cat is not back yet: the question stays open for her.
    assert not g.everyone_answered() and g.counted_count() == 3
    cat = g.join("123456", "Cat", "c").player
    assert not g.everyone_answered()
    g.answer(cat, 1, 0, now=3.0)
    assert g.everyone_answered() and g.counted_count() == 3
    g.reveal()
    assert g.awaiting == set()  # one question waits; after its reveal the usual rule holds


def test_standings_share_ties_and_show_movement() -> None:
    g = game()
    ann = g.join("123456", "Ann").player
    bob = g.join("123456", "Bob").player
    cat = g.join("123456", "Cat").player
    g.start(now=0.0)
    g.answer(ann, 1, 1, now=1.0)
    g.answer(bob, 1, 0, now=1.0)
    g.answer(cat, 1, 0, now=1.0)
    g.reveal()
    first = g.standings()
    assert [(s.rank, s.team) for s in first] == [(1, "Ann"), (2, "Bob"), (2, "Cat")]
    g.next(now=2.0)
    g.answer(cat, 2, 1, now=2.1)
    g.answer(ann, 2, 0, now=2.1)
    g.answer(bob, 2, 0, now=2.1)
    g.reveal()
    assert {s.team: s.movement for s in g.standings()} == {"Ann": 0, "Cat": 0, "Bob": -1}


def test_correct_options_follow_the_shown_order() -> None:
    shown = rounds(CHOICE, MULTI, ORDER, TF)
    assert [correct_options(r) for r in shown] == [(1,), (0, 3), (1, 2, 0), (1,)]


def test_the_result_has_every_players_every_answer() -> None:
    g = game()
    ann = g.join("123456", "Ann").player
    g.join("123456", "Bob")
    g.start(now=0.0)
    g.answer(ann, 1, 1, now=1.0)
    g.finish()
    result = g.result(title="T", seed=1)
    assert result.teams == ("Ann", "Bob") and not result.finished
    assert [(a.team, a.round, a.correct, a.timed_out) for a in result.answers] == [
        ("Ann", 1, True, False),
        ("Bob", 1, False, True),
    ]
    assert [q.number for q in result.questions] == [1]


def test_an_answer_sent_as_the_time_runs_out_still_counts_within_the_grace() -> None:
    # A page sends what was ticked when its countdown reaches zero; its countdown began when
    # the question reached it, so the answer arrives a moment after the host's deadline.
    g = game(MULTI, time_limit=20.0)
    ann = g.join("123456", "Ann").player
    g.join("123456", "Bob")
    g.start(now=0.0)
    just = 20.0 + GRACE_SECONDS / 2
    assert not g.time_up(just), "the question stays open through the grace"
    sent = g.answer(ann, 1, [0, 3], now=just)  # z and x: both right
    assert sent.outcome.correct and sent.outcome.seconds == 20.0, "scored as at the limit"
    assert sent.outcome.points == round(200 * (1 - 20 / 20 / 2)), "as slow as can be"
    assert g.time_up(20.0 + GRACE_SECONDS)
    assert 0.5 <= GRACE_SECONDS <= 2.0, "enough for a classroom's Wi-Fi, short for a reveal"
    # A resume replays the journal through the same rule: the answer counts again.
    from spacequiz.live.journal import replay

    again = game(MULTI, time_limit=20.0)
    journal: list[dict[str, object]] = [
        {"e": "join", "name": "Ann", "token": ann.token},
        {"e": "start"},
        {"e": "answer", "name": "Ann", "q": 1, "a": [0, 3], "t": just},
    ]
    replay(again, journal)
    assert again.players["ann"].answers[1].outcome == sent.outcome


def test_extra_time_is_a_players_own_deadline_and_the_question_waits_for_them() -> None:
    g = game(time_limit=20.0)
    g.give_extra_time("ann", 2)
    ann = g.join("123456", "Ann").player
    bob = g.join("123456", "Bob").player
    g.start(now=0.0)
    with pytest.raises(LiveError) as late:
        g.answer(bob, 1, 1, now=20.0 + GRACE_SECONDS)
    assert late.value.code == "late"
    assert not g.time_up(now=30.0), "Ann still has time"
    slow = g.answer(ann, 1, 1, now=30.0)
    # Speed is scored against her own limit: 30 of 40 seconds, not past the end of 20.
    assert slow.outcome.correct and slow.outcome.points == round(200 * (1 - 30 / 40 / 2))
    assert g.seconds_left(35.0, ann) == 5.0 and g.seconds_left(35.0) == 0.0


def test_the_question_closes_at_the_base_time_once_extra_time_players_have_answered() -> None:
    g = game(time_limit=20.0)
    g.give_extra_time("Ann", 1.5)
    ann = g.join("123456", "Ann").player
    g.join("123456", "Bob")
    g.start(now=0.0)
    g.answer(ann, 1, 1, now=5.0)
    assert g.time_up(now=20.0 + GRACE_SECONDS)
    with pytest.raises(LiveError) as bad:
        g.give_extra_time("Ann", 5)
    assert bad.value.code == "bad_extra"


def test_connected_players_are_counted_through_leaves_rejoins_and_kicks() -> None:
    g = game()
    ann = g.join("123456", "Ann").player
    bob = g.join("123456", "Bob").player
    assert g.connected_count() == 2
    g.leave(ann)
    g.leave(ann)
    assert g.connected_count() == 1
    g.join("123456", "Ann", ann.token)
    g.join("123456", "Ann", ann.token)
    assert g.connected_count() == 2
    g.kick("Bob")
    g.leave(bob)  # a kicked player's socket closing afterwards changes nothing
    assert g.connected_count() == 1 == sum(p.connected for p in g.players.values())
