"""The `spacequiz` command: the app, its version flag, and where each command is defined.

A command's module is imported only when that command runs or a help lists it, so a start
pays for one command's imports, not for all of them; heavy modules (the YAML parser,
questionary, asyncio) are imported inside the command functions themselves. Errors from the
core arrive as SpacequizError and leave through `cli.common.reporting` as a message on
stderr and an exit code.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, MutableMapping
from importlib import import_module
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

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

# Plain click help: typer's rich help imports markdown and syntax highlighting (~90 ms).
MARKUP_MODE = None


class LazyCommands(TyperGroup):
    """The command group, with a table of commands that builds each one on first use."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = _Commands(COMMANDS)


class _Commands(MutableMapping[str, Any]):
    """Command names in order; a name's module is imported when its command is looked up.

    Names and membership (`in`, the typo suggestions) import nothing; `spacequiz --help`
    looks up every command, for the first line of its docstring.
    """

    def __init__(self, where: dict[str, str]) -> None:
        self.where = dict(where)
        self.built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self.built:
            module, function = self.where[name].split(":")
            one = typer.Typer(add_completion=False, rich_markup_mode=MARKUP_MODE)
            one.command(name)(getattr(import_module(module), function))
            self.built[name] = typer.main.get_command(one)
        return self.built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self.where.setdefault(name, "")
        self.built[name] = command

    def __delitem__(self, name: str) -> None:
        del self.where[name]
        self.built.pop(name, None)

    def __contains__(self, name: object) -> bool:
        return name in self.where

    def __iter__(self) -> Iterator[str]:
        return iter(self.where)

    def __len__(self) -> int:
        return len(self.where)


app = typer.Typer(
    name="spacequiz",
    cls=LazyCommands,
    help="A terminal trivia game about the first feature film shot in space.",
    no_args_is_help=False,
    # --install-completion / --show-completion for bash, zsh, fish and PowerShell; the
    # completion code is part of typer's own import, so this costs the start-up nothing.
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=MARKUP_MODE,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"spacequiz {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """A terminal trivia game about the first feature film shot in space.

    Run 'spacequiz play' to start a game.
    """
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())


def main() -> None:
    """The console-script entry point."""
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
