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
