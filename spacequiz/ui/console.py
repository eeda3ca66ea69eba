"""Consoles for the screens: one for output, one for messages on stderr."""

from __future__ import annotations

import os
from typing import IO, Any

from rich.console import Console
from rich.theme import Theme

THEME = Theme(
    {
        "right": "bold green",
        "wrong": "bold red",
        "muted": "dim",
        "accent": "bold cyan",
        "warn": "yellow",
        "error": "bold red",
        "hint": "italic",
    }
)


READING_WIDTH = 100
"""The game's panels stop growing here: on a wide screen, lines past this are hard to read."""


def make_console(
    *,
    stderr: bool = False,
    no_color: bool = False,
    plain: bool = False,
    capped: bool = False,
    styled: bool = True,
    file: IO[str] | None = None,
    **options: Any,
) -> Console:
    """A Console that honours NO_COLOR and --no-color and never emits markup from data.

    A plain console lets long lines run on (no hard breaks for screen readers or pipes);
    a `capped` one draws no wider than READING_WIDTH columns; one that is not `styled`
    prints bare text, with no colour, bold or dim, even on a terminal (the plain game).
    `file` and `options` (an Env's streams and test settings) go to Rich as they are.
    """
    settings: dict[str, Any] = {
        "stderr": stderr,
        "file": file,
        "soft_wrap": plain,
        "theme": THEME,
        "color_system": "auto" if styled else None,
        "no_color": no_color or "NO_COLOR" in os.environ,
        "highlight": False,
        "emoji": False,
    }
    console = Console(**(settings | options))
    if capped and console.width > READING_WIDTH:
        console.width = READING_WIDTH
    return console
