"""Block digits for the projector: shapes, sizes, and the fall back to plain text."""

from __future__ import annotations

import pytest

from spacequiz.ui.bigtext import big, big_or_plain, fitting_size, measure


def test_digits_in_half_blocks_three_rows_high() -> None:
    assert big("10", 1).plain.split("\n") == [
        "▄█  █▀█",
        " █  █ █",
        "▀▀▀ ▀▀▀",
    ]


@pytest.mark.parametrize("size", [1, 2, 3, 4])
def test_every_size_measures_what_it_draws(size: int) -> None:
    drawn = big("12/30", size).plain.split("\n")
    assert (max(len(line) for line in drawn), len(drawn)) == measure("12/30", size)


def test_the_largest_size_that_fits_or_plain_text() -> None:
    assert fitting_size("3", 80, 20) == 4  # 10 rows, 12 columns
    assert fitting_size("3", 80, 5) == 2
    assert fitting_size("1250", 10, 3) == 0  # 15 columns even at the smallest
    assert big_or_plain("1250", 10, 3).plain == "1250"
    assert big_or_plain("abc", 80, 20).plain == "abc"  # only digits and a few signs


def test_unknown_characters_are_refused() -> None:
    with pytest.raises(ValueError, match="no big letters"):
        big("A1", 1)
