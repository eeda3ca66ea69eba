"""The typer app behind `spacequiz`: the command group, built from `cli.commands.COMMANDS`.

Imported only when a command runs or a help is asked for (`spacequiz --version` answers
before typer is imported). A command's module is imported only when that command runs or
its own help is shown; the root help lists every command from `cli.commands.SUMMARIES`.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from importlib import import_module
from typing import Annotated, Any

import typer
from typer.core import TyperCommand

from spacequiz import __version__
from spacequiz.cli.commands import COMMANDS, SUMMARIES
from spacequiz.cli.shell import SafeGroup

# Plain click help: typer's rich help imports markdown and syntax highlighting (~90 ms).
MARKUP_MODE = None


class LazyCommands(SafeGroup):
    """The command group, with a table of commands that builds each one on first use.

    SafeGroup (cli/shell) is the net under every command: streams that cannot encode
    everything, and errors no command caught.
    """

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.table = _Commands(COMMANDS)
        self.commands = self.table

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)  # the names only: typer's own looks up every command

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The help's command list, from the summaries: no command module is imported."""
        names = list(self.commands)
        limit = formatter.width - 6 - max(map(len, names), default=0)
        rows = [(name, self._summary(ctx, name).get_short_help_str(limit)) for name in names]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def _summary(self, ctx: Any, name: str) -> Any:
        """A command as the help lists it: a stand-in holding its summary line, or the
        command itself when it has no summary (it is imported then)."""
        if name in SUMMARIES and name not in self.table.built:
            return TyperCommand(name=name, help=SUMMARIES[name], rich_markup_mode=MARKUP_MODE)
        return self.get_command(ctx, name)


class _Commands(MutableMapping[str, Any]):
    """Command names in order; a name's module is imported when its command is looked up.

    Names and membership (`in`, the typo suggestions) import nothing, nor does
    `spacequiz --help`, which lists the summaries.
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
