"""The game's prompts, driven by keys through prompt_toolkit's pipe input."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Iterator, Sequence

import pytest
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput

from spacequiz.core.engine import Round
from spacequiz.core.model import (
    ChoiceQuestion,
    MultiQuestion,
    NumberQuestion,
    OrderQuestion,
    Question,
    TextQuestion,
    TrueFalseQuestion,
)
from spacequiz.ui.clock import QuestionClock, TimeUp
from spacequiz.ui.interactive import InteractiveAsker
from spacequiz.ui.plain import HINT
from spacequiz.ui.prompts import confirm, wrap

DOWN, ENTER, SPACE, BACKSPACE = "\x1b[B", "\r", " ", "\x7f"
Keys = tuple[InteractiveAsker, PipeInput]


@pytest.fixture
def keys() -> Iterator[Keys]:
    with create_pipe_input() as pipe:
        yield InteractiveAsker(input=pipe, output=DummyOutput()), pipe


def ask(
    keys: Keys,
    question: Question,
    options: Sequence[str] = (),
    typed: str = "",
    hint: bool = False,
    clock: QuestionClock | None = None,
    number: int = 1,
) -> object:
    asker, pipe = keys
    pipe.send_text(typed)
    round_ = Round(number, 3, question, tuple(options))
    return asker.ask(round_, hint_available=hint, clock=clock or QuestionClock())


CHOICE = ChoiceQuestion(id="c", prompt="P", choices=("A", "B", "C"), answer="B", hint="h")
MULTI = MultiQuestion(id="m", prompt="P", choices=("A", "B", "C"), answer=("A", "C"), hint="h")


def test_select_by_arrows(keys: Keys) -> None:
    assert ask(keys, CHOICE, ("C", "A", "B"), DOWN + DOWN + ENTER) == "B"


def test_a_number_key_picks_that_choice(keys: Keys) -> None:
    assert ask(keys, CHOICE, ("C", "A", "B"), "2") == "A"
    assert ask(keys, CHOICE, ("C", "A", "B"), "9" + "3") == "B"  # no ninth choice: 9 does nothing


def test_h_asks_for_the_hint_in_a_list(keys: Keys) -> None:
    assert ask(keys, CHOICE, ("C", "A", "B"), "h", hint=True) is HINT
    assert ask(keys, CHOICE, ("C", "A", "B"), "h" + ENTER) == "C"  # no hint left: h is nothing


def test_truefalse(keys: Keys) -> None:
    question = TrueFalseQuestion(id="t", prompt="P", answer=False)
    assert ask(keys, question, question.choices, DOWN + ENTER) is False
    assert ask(keys, question, question.choices, "1") is True


def test_multi_ticks_with_space_or_numbers(keys: Keys) -> None:
    assert ask(keys, MULTI, ("A", "B", "C"), SPACE + DOWN + DOWN + SPACE + ENTER) == ("A", "C")
    assert ask(keys, MULTI, ("A", "B", "C"), "3" + "1" + "2" + "2" + ENTER) == ("A", "C")


def test_the_hint_keeps_the_ticks(keys: Keys) -> None:
    assert ask(keys, MULTI, ("A", "B", "C"), "1" + "h", hint=True) is HINT
    assert ask(keys, MULTI, ("A", "B", "C"), "3" + ENTER) == ("A", "C")  # "A" is still ticked


def test_a_new_round_starts_with_nothing_ticked(keys: Keys) -> None:
    assert ask(keys, MULTI, ("A", "B", "C"), "1" + "h", hint=True) is HINT
    assert ask(keys, MULTI, ("A", "B", "C"), "3" + ENTER, number=2) == ("C",)


def test_order_one_pick_at_a_time_and_backspace_undoes(keys: Keys) -> None:
    question = OrderQuestion(id="o", prompt="P", items=("x", "y", "z"))
    # Shown z, x, y: pick x (2nd), then y (2nd of z, y); z comes last by itself.
    assert ask(keys, question, ("z", "x", "y"), DOWN + ENTER + DOWN + ENTER) == ("x", "y", "z")
    # Pick z, take it back, then x and y by number.
    assert ask(keys, question, ("z", "x", "y"), "1" + BACKSPACE + "2" + "2", number=2) == (
        "x",
        "y",
        "z",
    )


def test_text_and_hint_word(keys: Keys) -> None:
    question = TextQuestion(id="t", prompt="P", answer="Shkaplerov", hint="Anton")
    assert ask(keys, question, (), "Shkaplerow" + ENTER) == "Shkaplerow"
    assert ask(keys, question, (), "h" + ENTER, hint=True, number=2) is HINT


def test_number_refuses_words_until_a_number(keys: Keys) -> None:
    question = NumberQuestion(id="n", prompt="P", answer=3000)
    assert ask(keys, question, (), "lots" + ENTER + "\x7f" * 4 + "3 000" + ENTER) == "3 000"


def test_the_clock_starts_when_the_prompt_is_drawn(keys: Keys) -> None:
    clock = QuestionClock(30)
    assert clock.left() == 30  # the whole time, however long the game took to get here
    before = time.monotonic()
    ask(keys, CHOICE, ("A", "B", "C"), ENTER, clock=clock)
    assert clock.started is not None and clock.started >= before


def test_the_deadline_ends_a_list_with_no_answer(keys: Keys) -> None:
    clock = QuestionClock(0.5)
    assert ask(keys, CHOICE, ("A", "B", "C"), DOWN, clock=clock) == TimeUp(None)
    assert clock.elapsed() == 0.5


def test_ticks_are_submitted_when_the_time_runs_out(keys: Keys) -> None:
    assert ask(keys, MULTI, ("A", "B", "C"), "3" + "1", clock=QuestionClock(0.5)) == TimeUp(
        ("A", "C")
    )


def test_typed_text_is_submitted_when_the_time_runs_out(keys: Keys) -> None:
    question = TextQuestion(id="t", prompt="P", answer="Shkaplerov")
    assert ask(keys, question, (), "Shkap", clock=QuestionClock(0.5)) == TimeUp("Shkap")


def test_order_picks_so_far_are_submitted_when_the_time_runs_out(keys: Keys) -> None:
    question = OrderQuestion(id="o", prompt="P", items=("w", "x", "y", "z"))
    assert ask(keys, question, ("z", "x", "y", "w"), "4", clock=QuestionClock(0.5)) == TimeUp(
        ("w", "z", "x", "y")
    )


def test_ctrl_c_raises(keys: Keys) -> None:
    with pytest.raises(KeyboardInterrupt):
        ask(keys, CHOICE, ("A", "B", "C"), "\x03")


def test_multi_refuses_an_empty_answer(keys: Keys) -> None:
    question = MultiQuestion(id="m", prompt="P", choices=("A", "B"), answer=("A",))
    assert ask(keys, question, ("A", "B"), ENTER + SPACE + ENTER) == ("A",)


def test_ctrl_d_in_a_list_ends_the_game(keys: Keys) -> None:
    with pytest.raises(EOFError):
        ask(keys, CHOICE, ("A", "B", "C"), "\x04")
    question = MultiQuestion(id="m", prompt="P", choices=("A", "B"), answer=("A",))
    with pytest.raises(EOFError):
        ask(keys, question, ("A", "B"), "\x04", number=2)


def test_waiting_for_the_next_question(keys: Keys) -> None:
    asker, pipe = keys
    pipe.send_text(ENTER)
    asker.wait_for_next(last=False)
    asker.auto_next = 0.2
    started = time.monotonic()
    asker.wait_for_next(last=True)  # no key: it goes on by itself
    assert time.monotonic() - started >= 0.2


def test_wrapping_breaks_between_words_and_never_cuts() -> None:
    text = "Cosmonauts already aboard who were expected to appear in the film"
    lines = wrap(text, 20)
    assert all(len(line) <= 20 for line in lines)
    assert " ".join(lines) == text
    assert wrap("Вызов 中文中文中文", 8) == ["Вызов", "中文中文", "中文"]
    assert wrap("abcdefghij", 4) == ["abcd", "efgh", "ij"]


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX signal")
def test_ctrl_c_as_a_signal_while_a_prompt_starts_still_interrupts(keys: Keys) -> None:
    """A Ctrl-C typed before the prompt takes the keys reaches it as SIGINT."""
    threading.Timer(0.3, lambda: os.kill(os.getpid(), signal.SIGINT)).start()
    with pytest.raises(KeyboardInterrupt):  # not ignored: the 5 s limit would end it otherwise
        ask(keys, CHOICE, ("A", "B", "C"), clock=QuestionClock(5))


def test_yes_or_no_with_enter_meaning_the_default() -> None:
    with create_pipe_input() as pipe:
        pipe.send_text(ENTER)
        assert confirm("Again?", input=pipe, output=DummyOutput()) is False
        pipe.send_text("y")
        assert confirm("Again?", input=pipe, output=DummyOutput()) is True
        pipe.send_text("x" + "N")
        assert confirm("Again?", default=True, input=pipe, output=DummyOutput()) is False
        pipe.send_text(ENTER)
        assert confirm("Again?", default=True, input=pipe, output=DummyOutput()) is True


@pytest.mark.skipif(not hasattr(signal, "SIGTSTP"), reason="no job control")
def test_ctrl_z_suspends_and_the_time_stopped_is_not_spent(
    keys: Keys, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-Z, 1.5 s stopped, then an answer: within a 1 s limit, as the stop is not counted.
    The stop itself is played by a stand-in for `os.kill`, so the test process runs on."""
    asker, pipe = keys
    stopped: list[float] = []

    def kill(pid: int, number: int) -> None:
        assert number == signal.SIGTSTP
        if pid == 0:  # the prompt suspends its process group: the signal arrives here
            handler = signal.getsignal(number)
            assert callable(handler)
            handler(number, None)
        else:  # the handler stops the process until `fg`; then the player answers
            time.sleep(1.5)
            stopped.append(1.5)
            pipe.send_text("2")

    monkeypatch.setattr(os, "kill", kill)
    clock = QuestionClock(1.0)
    assert ask(keys, CHOICE, ("A", "B", "C"), "\x1a", clock=clock) == "B"
    assert stopped and clock.elapsed() < 1.0
    assert signal.getsignal(signal.SIGTSTP) == signal.SIG_DFL  # as it was before the prompt


def test_a_paused_clock_does_not_count_the_pause() -> None:
    now = [100.0]
    clock = QuestionClock(10, now=lambda: now[0])
    clock.pause()  # before the start: nothing to pause
    clock.start()
    now[0] = 103.0
    clock.pause()
    now[0] = 200.0
    assert clock.elapsed() == 3.0 and clock.left() == 7.0
    clock.resume()
    now[0] = 201.0
    assert clock.elapsed() == 4.0


def test_pasted_coloured_text_is_not_a_crash(keys: Keys) -> None:
    """ "\\x1b[31m" has the shape of a terminal's mouse report, which prompt_toolkit's own
    handler cannot parse: the prompt stopped with "Unhandled exception in event loop"."""
    question = TextQuestion(id="t", prompt="P", answer="Shkaplerov")
    typed = "Shkap\x1b[31mlerov\x1b[0m" + ENTER
    assert ask(keys, question, (), typed) == "Shkaplerov"


def test_questionary_prompts_are_guarded_too() -> None:
    import questionary

    from spacequiz.ui.prompts import guard_prompt

    with create_pipe_input() as pipe:
        pipe.send_text("Red, \x1b[31mBlue\r")
        prompt = guard_prompt(questionary.text("Teams:", input=pipe, output=DummyOutput()))
        assert prompt.unsafe_ask() == "Red, Blue"
