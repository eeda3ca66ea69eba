"""Keys typed before a prompt is ready: kept for it, and never echoed over the screen.

A terminal in its usual (cooked) mode prints each key as it is typed and holds a line until
Enter, so a key pressed while the first question is still being set up would show up in
the middle of the screen. For the length of a game, the terminal is switched to no echo
and no line buffering; keys wait unseen until a prompt reads them, Ctrl-C included (every
prompt and pause ends the game on it).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO


@contextmanager
def keys_held(stream: TextIO) -> Iterator[None]:
    """No echo, no line buffering, no signal keys and Enter kept as typed on `stream`'s
    terminal until the block ends (nothing changes where that is not a POSIX terminal)."""
    saved = _terminal_mode(stream)
    if saved is None:
        yield
        return
    import termios

    fd, mode = saved
    held = list(mode)
    held[0] &= ~termios.ICRNL  # Enter stays a carriage return, as the prompts expect it
    # No signal keys either: Ctrl-C arrives as a key that the next prompt reads and ends the
    # game with, wherever the game is. As a signal, one that lands while a prompt is
    # starting can be lost (asyncio takes it for a cancellation the prompt never sees).
    held[3] &= ~(termios.ECHO | termios.ICANON | termios.ISIG)
    held[6] = list(mode[6])
    held[6][termios.VMIN], held[6][termios.VTIME] = 1, 0
    termios.tcsetattr(fd, termios.TCSANOW, held)
    try:
        yield
    finally:
        termios.tcsetattr(fd, termios.TCSANOW, mode)


def _terminal_mode(stream: TextIO) -> tuple[int, list[Any]] | None:
    """The terminal's file descriptor and current mode, or None (no termios, no terminal)."""
    try:
        import termios
    except ImportError:  # Windows
        return None
    try:
        fd = stream.fileno()
        return fd, termios.tcgetattr(fd)
    except (termios.error, AttributeError, OSError, ValueError):
        return None
