"""The `spacequiz` command: wires banks, the engine, the screens and storage together.

Heavy modules (the YAML parser, questionary) are imported inside the commands that need
them, so `--help` and `--version` start fast. Errors from the core arrive as
SpacequizError and leave here as a message on stderr and exit code 1.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from spacequiz import __version__
from spacequiz.cli.common import (
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    MAX_TIMER,
    BankOption,
    DifficultyOption,
    JsonOption,
    NoColorOption,
    PlainOption,
    SeedOption,
    TagOption,
    TypeOption,
    count_of,
    finite_seconds,
    load,
    make_filters,
    open_console,
    print_json,
    reporting,
    run_recorded_game,
)
from spacequiz.core.errors import BankError

DEFAULT_COUNT = 10

app = typer.Typer(
    name="spacequiz",
    help="A terminal trivia game about the first feature film shot in space.",
    no_args_is_help=False,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain click help: typer's rich help imports markdown and syntax highlighting (~90 ms).
    rich_markup_mode=None,
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


@app.command()
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Bank files or folders of *.yaml files. Default: the shipped bank.",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOption = False,
    no_color: NoColorOption = False,
) -> None:
    """Check bank files and report every problem with its file, line and column."""
    try:
        bank = load(paths, quiet=as_json)
    except BankError as error:
        if as_json:
            print_json({"ok": False, "problems": [p.as_dict() for p in error.problems]})
        else:
            from spacequiz.ui.reports import show_problems

            show_problems(open_console(no_color=no_color), error.problems)
        raise typer.Exit(EXIT_ERROR) from None
    if as_json:
        print_json(
            {
                "ok": True,
                "problems": [],
                "questions": len(bank.questions),
                "files": list(bank.sources),
            }
        )
        return
    from spacequiz.ui.safe import literal

    files = len(bank.sources)
    open_console(no_color=no_color).print(
        literal(
            f"OK: {count_of(len(bank.questions), 'question')} in {files} "
            f"{'file' if files == 1 else 'files'}, no problems found."
        ),
        style="right",
    )


@app.command("bank")
def bank_command(
    banks: BankOption = None,
    as_json: JsonOption = False,
    no_color: NoColorOption = False,
) -> None:
    """Show the bank at a glance: questions by type, difficulty and tag."""
    from spacequiz.ui.reports import bank_counts, show_bank

    with reporting(no_color):
        bank = load(banks, quiet=as_json)
    if as_json:
        print_json(bank_counts(bank))
    else:
        show_bank(open_console(no_color=no_color), bank)


@app.command()
def play(
    banks: BankOption = None,
    tags: TagOption = None,
    difficulties: DifficultyOption = None,
    types: TypeOption = None,
    count: Annotated[
        int, typer.Option("--count", "-n", min=1, help="How many questions.")
    ] = DEFAULT_COUNT,
    seed: SeedOption = None,
    timer: Annotated[
        float | None,
        typer.Option(
            min=1,
            max=MAX_TIMER,
            callback=finite_seconds,
            help="Seconds per question; faster right answers earn more.",
            show_default=False,
        ),
    ] = None,
    plain: PlainOption = False,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json", help="Print the result as JSON at the end (the game itself goes to stderr)."
        ),
    ] = False,
    no_color: NoColorOption = False,
    name: Annotated[
        str | None,
        typer.Option("--name", help="Record the game under this player.", show_default=False),
    ] = None,
) -> None:
    """Play a quiz: questions from the bank, one at a time, with a score at the end."""
    import random

    from spacequiz.cli.history import Recorder, player_name
    from spacequiz.core.engine import select
    from spacequiz.ui.console import is_interactive
    from spacequiz.ui.safe import literal

    with reporting(no_color):
        bank = load(banks)
    filters = make_filters(tags, difficulties, types)
    interactive = not plain and is_interactive()
    err = open_console(stderr=True, no_color=no_color)
    with reporting(no_color):  # no game to speak of when nothing matches
        select(bank, filters, count, random.Random(0))
    if not plain and not interactive:
        err.print(
            "spacequiz: no interactive terminal, so playing the plain line-by-line game.",
            style="muted",
        )
    console = open_console(
        stderr=as_json, no_color=no_color, plain=not interactive, capped=interactive
    )
    recorder = Recorder(player_name(name), lambda text: err.print(literal(text, "warn")))
    game_seed = seed if seed is not None else random.SystemRandom().randrange(2**31)
    while True:
        with reporting(no_color):
            selection = select(bank, filters, count, random.Random(game_seed))
        note = ""
        if selection.short:
            matched = count_of(selection.matched, "question")
            verb = "matches" if selection.matched == 1 else "match"
            note = f"Only {matched} {verb}, so this game has {selection.matched}."
        recorder.start(bank, filters, game_seed, len(selection.rounds))
        run_recorded_game(
            console,
            selection,
            recorder,
            interactive=interactive,
            timer=timer,
            title=bank.title,
            seed=game_seed,
            note=note,
            as_json=as_json,
        )
        if not interactive or not _play_again():
            return
        game_seed = random.SystemRandom().randrange(2**31)


def _play_again() -> bool:
    import questionary

    try:
        return bool(questionary.confirm("Play again?", default=False).unsafe_ask())
    except (KeyboardInterrupt, EOFError):
        raise typer.Exit(EXIT_INTERRUPTED) from None


@app.command()
def schema() -> None:
    """Print the JSON Schema of the bank format, for editors such as VS Code."""
    from spacequiz.bank.schema import bank_schema

    print_json(bank_schema())


def main() -> None:
    """The console-script entry point."""
    _run(app)


def _run(entry: Callable[[], Any]) -> None:
    try:
        entry()
    except KeyboardInterrupt:  # pragma: no cover - typer maps it to 130 inside commands
        sys.exit(EXIT_INTERRUPTED)


def _register_commands() -> None:
    """Commands kept in modules of their own, added to the app defined above."""
    from spacequiz.cli import authoring as cli_authoring
    from spacequiz.cli import classroom as cli_classroom
    from spacequiz.cli import draft as cli_draft
    from spacequiz.cli import history as cli_history
    from spacequiz.cli import lint as cli_lint
    from spacequiz.cli import live as cli_live

    cli_classroom.register(app)
    cli_history.register(app)
    cli_authoring.register(app)
    cli_live.register(app)
    cli_lint.register(app)
    cli_draft.register(app)


_register_commands()
