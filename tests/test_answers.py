"""Typed answers: normalising, typo tolerance, and numbers as people write them."""

from __future__ import annotations

import pytest

from spacequiz.core.answers import normalise, parse_number, text_matches


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("  Yulia   PERESILD ", "yulia peresild"),
        ("Pérésild", "peresild"),
        ("Shkaplerov!", "shkaplerov"),
        ("The Challenge.", "the challenge"),
        ("Soyuz MS-18", "soyuz ms 18"),
        ("Вызов", "вызов"),
    ],
)
def test_normalise(typed: str, expected: str) -> None:
    assert normalise(typed) == expected


@pytest.mark.parametrize(
    ("typed", "ok"),
    [
        ("Shkaplerov", True),
        ("shkaplerov", True),
        ("Shkaplerow", True),  # one slip
        ("Shkaplerov.", True),
        ("Shipenko", False),  # another person entirely
        ("", False),
        ("Shk", False),
    ],
)
def test_text_typos_forgiven_but_not_other_names(typed: str, ok: bool) -> None:
    assert text_matches(typed, ["Shkaplerov"]) is ok


def test_accept_list_and_digits_must_match() -> None:
    assert text_matches("Vyzov", ["The Challenge", "Vyzov"])
    assert text_matches("the challenge", ["The Challenge"])
    assert not text_matches("Soyuz MS-19", ["Soyuz MS-18"])
    assert text_matches("soyuz ms 18", ["Soyuz MS-18"])
    assert not text_matches("Mur", ["Mir"])  # short answers must be exact
    assert not text_matches("The Change", ["The Challenge"])  # three slips in thirteen letters
    assert text_matches("The Chalenge", ["The Challenge"])
    assert text_matches("Anton Shkaplerow", ["Anton Shkaplerov"])
    assert not text_matches("oral surgeon", ["surgeon", "heart surgeon"])


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("3000", 3000),
        ("3,000", 3000),
        ("3 000", 3000),
        ("3\u00a0000", 3000),
        ("1,234,567", 1234567),
        ("37 years", 37),
        ("12.5", 12.5),
        ("12,5", 12.5),
        ("-4", -4),
        ("~3000", 3000),
        ("abc", None),
        ("", None),
        ("3,00,0", None),
    ],
)
def test_parse_number(typed: str, value: float | None) -> None:
    assert parse_number(typed) == value


def test_exponents_scale_words_and_symbol_answers() -> None:
    assert parse_number("1.5e3") == 1500
    assert parse_number("3 thousand") is None  # asked again rather than read as 3
    assert parse_number("²") is None
    assert text_matches("🚀", ["🚀"]) and not text_matches("x", ["🚀"])
