"""The single door to the terminal: markup literal, escape sequences never raw."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from spacequiz.ui.safe import clean, literal

ATTACKS = {
    "osc title": ("a\x1b]0;pwned\x07b", "ab"),
    "osc 52 clipboard": ("a\x1b]52;c;SGVsbG8=\x1b\\b", "ab"),
    "osc 8 link": ("\x1b]8;;http://evil\x1b\\text\x1b]8;;\x1b\\", "text"),
    "csi erase": ("a\x1b[2Jb", "ab"),
    "csi cursor": ("a\x1b[10;20Hb", "ab"),
    "reset": ("a\x1bcb", "ab"),
    "dcs": ("a\x1bPq#0;2\x1b\\b", "ab"),
    "c1 csi": ("a\x9b31mb", "ab"),
    "c1 osc": ("a\x9d0;t\x9cb", "ab"),
    "unterminated osc": ("keep\x1b]0;title", "keep"),
    "unterminated osc stops at newline": ("a\x1b]0;t\nnext line", "a\nnext line"),
    "lone esc": ("a\x1bb", "a"),
    "nul so del": ("a\x00b\x0ec\x7fd", "abcd"),
    "bell backspace": ("a\x07b\x08c", "abc"),
}


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_escape_sequences_are_removed(name: str) -> None:
    raw, expected = ATTACKS[name]
    assert clean(raw) == expected


def test_text_survives_intact() -> None:
    text = "Line one\nВызов · 中文 · 🚀 · [bold]x[/] :rocket:"
    assert clean(text) == text


def test_markup_and_emoji_codes_print_literally() -> None:
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, color_system="truecolor", emoji=False)
    console.print(literal("[bold]x[/] [link=https://e.example]y[/link] :rocket: [/]"))
    printed = out.getvalue()
    assert "[bold]x[/] [link=https://e.example]y[/link] :rocket: [/]" in printed
    assert "\x1b]8" not in printed and "🚀" not in printed


def test_bidi_overrides_are_removed_but_right_to_left_text_stays() -> None:
    assert clean("abc\u202edcba\u202c!") == "abcdcba!"
    assert clean("שלום עולם") == "שלום עולם"


@pytest.mark.parametrize(
    "control",
    ["\u2066", "\u2067", "\u2068", "\u2069", "\u202a", "\u202e", "\u200e", "\u200f", "\u061c"],
)
def test_every_bidi_control_is_removed_trojan_source(control: str) -> None:
    # The isolates (U+2066-U+2069) reorder text as the overrides do.
    assert clean(f"access{control}level") == "accesslevel"


def test_lone_surrogates_from_undecodable_arguments_become_replacement_characters() -> None:
    assert clean("Ann\udcff") == "Ann\ufffd"
    "Ann\udcff".encode("utf-8", "surrogateescape")  # what argv holds; clean()'s is encodable
    clean("Ann\udcff").encode("utf-8")


def _terminal_width(line: str) -> int:
    """Columns as a terminal that draws each code point on its own counts them."""
    from rich.cells import cell_len

    return sum(cell_len(char) for char in line)


@pytest.mark.parametrize("emoji", ["👩\u200d🚀", "👨\u200d❤\ufe0f\u200d👨", "❤\ufe0f", "👍🏽"])
def test_panel_borders_stay_straight_around_joined_emoji(emoji: str) -> None:
    from spacequiz.core.engine import Round
    from spacequiz.core.model import TextQuestion
    from spacequiz.ui.console import THEME
    from spacequiz.ui.screens import show_question

    out = io.StringIO()
    console = Console(file=out, width=60, force_terminal=True, color_system=None, theme=THEME)
    question = TextQuestion(id="q", prompt=f"Who is {emoji} the astronaut?", answer="Ann")
    show_question(console, Round(1, 1, question), plain=False)
    lines = [line for line in out.getvalue().splitlines() if line.strip()]
    framed = [line for line in lines if line[:1] in "╭│╰"]
    assert len(framed) >= 3
    assert {_terminal_width(line) for line in framed} == {60}, lines
