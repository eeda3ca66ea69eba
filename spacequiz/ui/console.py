"""Consoles for the screens: one for output, one for messages on stderr."""

from __future__ import annotations

import os
import sys

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


def make_console(*, stderr: bool = False, no_color: bool = False, plain: bool = False) -> Console:
    """A Console that honours NO_COLOR and --no-color and never emits markup from data.

    A plain console lets long lines run on (no hard breaks for screen readers or pipes).
    """
    return Console(
        stderr=stderr,
        soft_wrap=plain,
        theme=THEME,
        no_color=no_color or "NO_COLOR" in os.environ,
        highlight=False,
        emoji=False,
    )


def is_interactive() -> bool:
    """Both ends are a terminal: only then may we draw prompts and move the cursor."""
    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):  # closed or replaced streams
        return False
