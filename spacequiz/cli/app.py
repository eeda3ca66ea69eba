"""The `spacequiz` command: where each command is defined, and the entry point.

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

COMMANDS: dict[str, str] = {
    "validate": "spacequiz.cli.bank:validate",
    "bank": "spacequiz.cli.bank:bank_command",
    "play": "spacequiz.cli.play:play",
    "schema": "spacequiz.cli.bank:schema",
    "classroom": "spacequiz.cli.classroom:classroom",
    "where": "spacequiz.cli.history:where",
    "scores": "spacequiz.cli.history:scores",
    "history": "spacequiz.cli.history:history",
    "stats": "spacequiz.cli.history:stats",
    "review": "spacequiz.cli.history:review",
    "reset": "spacequiz.cli.history:reset",
    "new": "spacequiz.cli.authoring:new",
    "add": "spacequiz.cli.authoring:add",
    "import": "spacequiz.cli.authoring:import_command",
    "export": "spacequiz.cli.authoring:export_command",
    "host": "spacequiz.cli.live:host",
    "join": "spacequiz.cli.live:join",
    "lint": "spacequiz.cli.lint:lint",
    "draft": "spacequiz.cli.draft:draft",
}
"""Each command, in the order the help lists them: "module:function" of its typer function."""

SUMMARIES: dict[str, str] = {
    "validate": "Check bank files and report every problem with its file, line and column.",
    "bank": "Show the bank at a glance: questions by type, difficulty and tag.",
    "play": "Play a quiz: questions from the bank, one at a time, with a score at the end.",
    "schema": "Print the JSON Schema of the bank format, for editors such as VS Code.",
    "classroom": "Play in class: teams take turns (or all answer) on one projector, with a"
    " leaderboard.",
    "where": "Show where the game history is kept (set SPACEQUIZ_HOME to move it).",
    "scores": "The high-score table: each player's best finished game.",
    "history": "Past games with date, score and accuracy, and each player's scores over time.",
    "stats": "Each question as played: how often it is missed, whether it separates strong from"
    " weak players, which wrong choices are picked, and the time taken; most missed first.",
    "review": "Practise the questions you most need: missed ones come back soon, known ones"
    " rarely.",
    "reset": "Delete recorded games: everyone's, or one player's with --player.",
    "new": "Start a bank file with a commented example of every question type.",
    "add": "Add a question at the end of a bank, leaving the rest of the file exactly as it is.",
    "import": "Import questions from a GIFT, Aiken, Open Trivia DB or CSV file into a new bank.",
    "export": "Export a bank as GIFT (Moodle), Aiken, Open Trivia DB JSON or CSV.",
    "host": "Host a live game: students join from a phone browser or `spacequiz join`.",
    "join": "Join a live game that 'spacequiz host' runs: answer on your own terminal.",
    "lint": "Find questions that give answers away, repeat each other or are easy to guess.",
    "draft": "Draft quiz questions from an article, offline: names, numbers, dates, who did what.",
}
"""Each command's summary for the root help (its docstring's first paragraph, checked by a
test), so listing the commands imports none of them. A command missing here still works;
the help imports its module to read it."""

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
