"""The questionary prompts, driven by keys through prompt_toolkit's pipe input."""

from __future__ import annotations

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
from spacequiz.ui.interactive import InteractiveAsker
from spacequiz.ui.plain import HINT

DOWN, ENTER, SPACE = "\x1b[B", "\r", " "
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
    deadline: float | None = None,
) -> object:
    asker, pipe = keys
    pipe.send_text(typed)
    return asker.ask(Round(1, 1, question, tuple(options)), hint_available=hint, deadline=deadline)


CHOICE = ChoiceQuestion(id="c", prompt="P", choices=("A", "B", "C"), answer="B", hint="h")


def test_select_by_arrows(keys: Keys) -> None:
    assert ask(keys, CHOICE, ("C", "A", "B"), DOWN + DOWN + ENTER) == "B"


def test_hint_is_a_choice(keys: Keys) -> None:
    assert ask(keys, CHOICE, ("C", "A", "B"), DOWN * 3 + ENTER, hint=True) is HINT


def test_truefalse(keys: Keys) -> None:
    question = TrueFalseQuestion(id="t", prompt="P", answer=False)
    assert ask(keys, question, question.choices, DOWN + ENTER) is False


def test_multi_ticks_with_space(keys: Keys) -> None:
    question = MultiQuestion(id="m", prompt="P", choices=("A", "B", "C"), answer=("A", "C"))
    assert ask(keys, question, ("A", "B", "C"), SPACE + DOWN + DOWN + SPACE + ENTER) == ("A", "C")


def test_order_one_pick_at_a_time(keys: Keys) -> None:
    question = OrderQuestion(id="o", prompt="P", items=("x", "y", "z"))
    # Shown z, x, y: pick x (2nd), then y (2nd of z, y); z comes last by itself.
    assert ask(keys, question, ("z", "x", "y"), DOWN + ENTER + DOWN + ENTER) == ("x", "y", "z")


def test_text_and_hint_word(keys: Keys) -> None:
    question = TextQuestion(id="t", prompt="P", answer="Shkaplerov", hint="Anton")
    assert ask(keys, question, (), "Shkaplerow" + ENTER) == "Shkaplerow"
    assert ask(keys, question, (), "h" + ENTER, hint=True) is HINT


def test_number_refuses_words_until_a_number(keys: Keys) -> None:
    question = NumberQuestion(id="n", prompt="P", answer=3000)
    assert ask(keys, question, (), "lots" + ENTER + "\x7f" * 4 + "3 000" + ENTER) == "3 000"


def test_deadline_ends_the_prompt_with_no_answer(keys: Keys) -> None:
    asker, _ = keys
    asker.time_limit = 0.5
    started = time.monotonic()
    assert ask(keys, CHOICE, ("A", "B", "C"), deadline=started + 0.5) is None


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
        ask(keys, question, ("A", "B"), "\x04")
