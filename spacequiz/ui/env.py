"""The world a command runs in: its streams, what they are connected to, and the clock.

A command builds one `Env` from the real process (`Env.from_process`) and hands it down to
the game loop, the classroom, the wizard and the live host, so that no code below the CLI
reads `sys.stdin`, asks `isatty()` or reads the clock for itself; tests build a fake one
(tests/fakes.py) instead of patching private names. The consoles are made on first use:
Rich is not imported until a command draws something, so `--help` stays fast.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import IO, TYPE_CHECKING, Any, BinaryIO, TextIO, cast

if TYPE_CHECKING:
    from rich.console import Console


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream and stream.isatty())
    except (AttributeError, ValueError):  # closed or replaced streams
        return False


@dataclass(frozen=True)
class Env:
    """Streams, isatty answers, NO_COLOR and TERM facts, the clock, and the consoles."""

    stdin: TextIO
    stdout: TextIO
    stderr: TextIO
    stdin_isatty: bool = False
    stdout_isatty: bool = False
    stderr_isatty: bool = False
    no_color: bool = False
    """NO_COLOR is set, or the command was given --no-color."""
    term_dumb: bool = False
    """TERM=dumb: a terminal that cannot move its cursor (Emacs shells, some CI consoles)."""
    clock: Callable[[], float] = time.monotonic
    """Seconds, only ever compared with each other (monotonic)."""
    prompt_options: Mapping[str, Any] = field(default_factory=dict)
    """Passed on to every questionary/prompt_toolkit prompt (tests: a pipe input and
    DummyOutput); empty for a real terminal."""
    console_options: Mapping[str, Any] = field(default_factory=dict)
    """Passed on to every Rich console made here (tests: a fixed width, a forced terminal)."""

    @classmethod
    def from_process(cls, *, no_color: bool = False) -> Env:
        """The real process: sys's streams as they are now, and the environment variables."""
        # A stream the shell closed (`<&-`, `>&-`) is None in sys: read it as an empty
        # input and write it nowhere, as with /dev/null, rather than fail on first use.
        stdin = sys.stdin if sys.stdin is not None else _nothing("r")
        stdout = sys.stdout if sys.stdout is not None else _nothing("w")
        stderr = sys.stderr if sys.stderr is not None else _nothing("w")
        return cls(
            stdin=stdin,
            stdout=stdout,
            stderr=stderr,
            stdin_isatty=_isatty(stdin),
            stdout_isatty=_isatty(stdout),
            stderr_isatty=_isatty(stderr),
            no_color=no_color or "NO_COLOR" in os.environ,
            term_dumb=os.environ.get("TERM") == "dumb",
        )

    def with_no_color(self, no_color: bool) -> Env:
        """This Env, with --no-color added when the command was given it."""
        return replace(self, no_color=True) if no_color and not self.no_color else self

    @property
    def stdin_bytes(self) -> BinaryIO:
        """Standard input as bytes, for the line and key readers."""
        stream: Any = self.stdin
        return getattr(stream, "buffer", stream)  # type: ignore[no-any-return]

    @property
    def interactive(self) -> bool:
        """Both ends are a terminal that can move its cursor: only then may we draw prompts.

        TERM=dumb (Emacs shells, some CI consoles) cannot, so it gets the plain game too.
        """
        return self.stdin_isatty and self.stdout_isatty and not self.term_dumb

    @cached_property
    def console(self) -> Console:
        """The console on standard output."""
        return self.make_console()

    @cached_property
    def error_console(self) -> Console:
        """The console on standard error, for messages."""
        return self.make_console(stderr=True)

    def make_console(
        self,
        *,
        stderr: bool = False,
        plain: bool = False,
        capped: bool = False,
        styled: bool = True,
    ) -> Console:
        """A console on this Env's stdout (or stderr) with ui.console's options."""
        from spacequiz.ui.console import make_console

        file: IO[str] = self.stderr if stderr else self.stdout
        return make_console(
            no_color=self.no_color,
            plain=plain,
            capped=capped,
            styled=styled,
            file=file,
            **self.console_options,
        )


def _nothing(mode: str) -> TextIO:
    """The null device, standing in for a standard stream the shell closed."""
    # It lives as long as the process, like the stream it stands in for.
    return cast("TextIO", open(os.devnull, mode, encoding="utf-8"))  # noqa: SIM115
