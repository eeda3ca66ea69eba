"""A fake `Env` for tests: the program's world in memory, as httpie's tests have theirs.

    env = fake_env(stdin_text="1\\n", tty=False)
    result = runner.invoke(app, ["play", ...], obj=env)
    env.stdout.getvalue()  # what the player saw

Its streams are StringIO (stdin with bytes beneath it, for the line reader), its consoles
write to them at a fixed size, and its clock moves only when the test (or `tick`) says.
`keys` puts a prompt_toolkit pipe input and DummyOutput behind every questionary prompt.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput

from spacequiz.ui.env import Env


@dataclass
class FakeClock:
    """Monotonic seconds that move by `tick` at each reading, and by `advance`."""

    now: float = 1000.0
    tick: float = 0.0

    def __call__(self) -> float:
        self.now += self.tick
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class FakeStdin(io.TextIOWrapper):
    """Text standard input over bytes, as sys.stdin is; `isatty` answers as told."""

    def __init__(self, data: bytes, tty: bool) -> None:
        super().__init__(io.BytesIO(data), encoding="utf-8", newline="")
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


class FakeOutput(io.StringIO):
    """A text output whose `isatty` answers as told; `getvalue()` is what was written."""

    def __init__(self, tty: bool) -> None:
        super().__init__()
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


def fake_env(
    stdin_text: str = "",
    *,
    tty: bool = False,
    stdout_tty: bool | None = None,
    stderr_tty: bool | None = None,
    clock: FakeClock | None = None,
    no_color: bool = False,
    term_dumb: bool = False,
    width: int = 100,
    height: int = 30,
    **prompt_options: Any,
) -> Env:
    """An Env in memory: `tty` says what every stream answers to isatty unless told apart."""
    out_tty = tty if stdout_tty is None else stdout_tty
    err_tty = tty if stderr_tty is None else stderr_tty
    console_options: dict[str, Any] = {"width": width, "height": height}
    if out_tty:
        console_options.update(force_terminal=True, color_system=None)
    return Env(
        stdin=FakeStdin(stdin_text.encode("utf-8"), tty),
        stdout=FakeOutput(out_tty),
        stderr=FakeOutput(err_tty),
        stdin_isatty=tty,
        stdout_isatty=out_tty,
        stderr_isatty=err_tty,
        no_color=no_color,
        term_dumb=term_dumb,
        clock=clock or FakeClock(),
        prompt_options=prompt_options,
        console_options=console_options,
    )


@contextmanager
def keys(**options: Any) -> Iterator[tuple[PipeInput, Env]]:
    """A terminal Env whose prompts read the keys sent to the pipe (its screen: env.stdout)."""
    with create_pipe_input() as pipe:
        yield pipe, fake_env(tty=True, input=pipe, output=DummyOutput(), **options)


def output(env: Env) -> str:
    """What was written to the fake's stdout."""
    assert isinstance(env.stdout, io.StringIO)
    return env.stdout.getvalue()


def errors(env: Env) -> str:
    """What was written to the fake's stderr."""
    assert isinstance(env.stderr, io.StringIO)
    return env.stderr.getvalue()
