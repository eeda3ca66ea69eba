"""The `spacequiz` command: the entry point (each command's place is in `cli.commands`).

A command's module is imported only when that command runs or its help is shown, so a start
pays for one command's imports, not for all of them; heavy modules (the YAML parser,
questionary, asyncio) are imported inside the command functions themselves. The typer app
itself lives in `cli.root`, imported on first use: `spacequiz --version` answers before
typer is even imported. Errors from the core arrive as SpacequizError and leave through
`cli.common.reporting` as a message on stderr and an exit code.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from spacequiz import __version__

VERSION_FLAGS = (["--version"], ["-V"])


def __getattr__(name: str) -> Any:
    """`app` and its group class are built in `cli.root`, on first use (typer is slow to load)."""
    if name in ("app", "LazyCommands"):
        from spacequiz.cli import root

        return getattr(root, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    """The console-script entry point; `--version` alone is answered before typer loads."""
    if sys.argv[1:] in VERSION_FLAGS:
        sys.stdout.write(f"spacequiz {__version__}\n")
        return
    from spacequiz.cli.root import app

    _run(app)


def _shows_symbols(stream: Any) -> bool:
    """Whether an output can encode the game's symbols (a Windows code page cannot)."""
    try:
        "✔✘◐".encode(getattr(stream, "encoding", None) or "ascii")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def _run(entry: Callable[[], Any]) -> None:
    if not all(_shows_symbols(stream) for stream in (sys.stdout, sys.stderr)):
        from spacequiz.ui.system import symbols_that_fit  # imported only when needed

        symbols_that_fit()
    try:
        entry()
    except KeyboardInterrupt:  # pragma: no cover - typer maps it to 130 inside commands
        from spacequiz.cli.common import EXIT_INTERRUPTED

        sys.exit(EXIT_INTERRUPTED)
