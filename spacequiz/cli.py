"""The `spacequiz` command: wires banks, the engine, the screens and storage together.

Heavy modules (the YAML parser, questionary) are imported inside the commands that need
them, so `--help` and `--version` start fast. Errors from the core arrive as
SpacequizError and leave here as a message on stderr and exit code 1.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from spacequiz import __version__
from spacequiz.model import BankError, SpacequizError

if TYPE_CHECKING:
    from rich.console import Console

    from spacequiz.cli_history import Recorder
    from spacequiz.engine import Filters, Result, Selection
    from spacequiz.model import Bank
    from spacequiz.ui.play import Asker

DEFAULT_COUNT = 10
EXIT_ERROR = 1
EXIT_INTERRUPTED = 130

app = typer.Typer(
    name="spacequiz",
    help="A terminal trivia game about the first feature film shot in space.",
    no_args_is_help=False,
    add_completion=False,
    pretty_exceptions_enable=False,
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


def open_console(
    *, stderr: bool = False, no_color: bool = False, plain: bool = False, capped: bool = False
) -> Console:
    from spacequiz.ui.console import make_console

    return make_console(stderr=stderr, no_color=no_color, plain=plain, capped=capped)


@contextmanager
def reporting(no_color: bool = False) -> Iterator[None]:
    """Turn the core's errors into a message on stderr and exit code 1."""
    try:
        yield
    except BankError as error:
        from spacequiz.ui.reports import show_problems

        show_problems(open_console(stderr=True, no_color=no_color), error.problems)
        raise typer.Exit(EXIT_ERROR) from None
    except SpacequizError as error:
        from spacequiz.ui.safe import literal

        open_console(stderr=True, no_color=no_color).print(literal(f"error: {error}", "error"))
        raise typer.Exit(EXIT_ERROR) from None


def load(paths: list[Path] | None, *, quiet: bool = False) -> Bank:
    """Load banks through the one loader, with a progress bar for big files on a terminal."""
    from spacequiz.bank import load_banks

    files = list(paths or [])
    total = sum(p.stat().st_size for p in files if p.is_file())
    stderr = sys.stderr
    if quiet or total < 2_000_000 or not (stderr and stderr.isatty()):
        return load_banks(files)
    from rich.progress import Progress

    with Progress(console=open_console(stderr=True), transient=True) as bar:
        task = bar.add_task("Reading the bank", total=total)

        def step(done: int, of: int) -> None:
            bar.update(task, completed=done, total=of)

        return load_banks(files, progress=step)


def _print_json(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


BankOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--bank",
        "-b",
        help="A bank file, or a folder of *.yaml banks (repeatable). Default: the shipped bank.",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
NoColorOption = Annotated[bool, typer.Option("--no-color", help="Print without colours.")]


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
            _print_json({"ok": False, "problems": [p.as_dict() for p in error.problems]})
        else:
            from spacequiz.ui.reports import show_problems

            show_problems(open_console(no_color=no_color), error.problems)
        raise typer.Exit(EXIT_ERROR) from None
    if as_json:
        _print_json(
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
            f"OK: {_count(len(bank.questions), 'question')} in {files} "
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
        _print_json(bank_counts(bank))
    else:
        show_bank(open_console(no_color=no_color), bank)


class TypeName(StrEnum):
    choice = "choice"
    multi = "multi"
    truefalse = "truefalse"
    text = "text"
    number = "number"
    order = "order"


class DifficultyName(StrEnum):
    easy = "easy"
    medium = "medium"
    hard = "hard"


TagOption = Annotated[
    list[str] | None,
    typer.Option(
        "--tag", "-t", help="Only questions with this tag (repeatable).", show_default=False
    ),
]
DifficultyOption = Annotated[
    list[DifficultyName] | None,
    typer.Option(
        "--difficulty", "-d", help="Only this difficulty (repeatable).", show_default=False
    ),
]
TypeOption = Annotated[
    list[TypeName] | None,
    typer.Option("--type", help="Only this question type (repeatable).", show_default=False),
]
SeedOption = Annotated[
    int | None,
    typer.Option(help="Replay the same questions in the same order.", show_default=False),
]
PlainOption = Annotated[
    bool,
    typer.Option(
        "--plain",
        help="Line-by-line game for pipes and screen readers (automatic when not a terminal).",
    ),
]


def make_filters(
    tags: list[str] | None,
    difficulties: list[DifficultyName] | None,
    types: list[TypeName] | None,
) -> Filters:
    from spacequiz.engine import Filters

    return Filters(
        tags=tuple(tags or ()),
        difficulties=tuple(d.value for d in difficulties or ()),
        types=tuple(t.value for t in types or ()),
    )


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
            min=1, help="Seconds per question; faster right answers earn more.", show_default=False
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

    from spacequiz.cli_history import Recorder, player_name
    from spacequiz.engine import select
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
            "spacequiz: not a terminal, so playing the plain line-by-line game.", style="muted"
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
            matched = _count(selection.matched, "question")
            note = f"Only {matched} match, so this game has {selection.matched}."
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


def run_recorded_game(
    console: Console,
    selection: Selection,
    recorder: Recorder,
    *,
    interactive: bool,
    timer: float | None,
    title: str,
    seed: int,
    note: str = "",
    as_json: bool = False,
) -> Result:
    """Play one game, each answer recorded as it is given, then the summary (and JSON).

    Ctrl-C or the end of input shows the summary of what was played and exits 130.
    """
    from spacequiz.engine import Scoring, Session
    from spacequiz.ui.play import GameInterrupted, play_game
    from spacequiz.ui.screens import show_summary

    asker = _asker(interactive, console, timer)
    session = Session(scoring=Scoring(), time_limit=timer)
    try:
        result = play_game(
            console,
            selection,
            session,
            asker,
            title=title,
            seed=seed,
            note=note,
            on_outcome=recorder.on_outcome,
        )
    except GameInterrupted as stop:
        recorder.finish(finished=False)
        show_summary(console, stop.result, plain=asker.plain)
        if as_json:
            _print_json(stop.result.as_dict())
        raise typer.Exit(EXIT_INTERRUPTED) from None
    recorder.finish(finished=True)
    show_summary(console, result, plain=asker.plain)
    if as_json:
        _print_json(result.as_dict())
    return result


def _asker(interactive: bool, console: Console, timer: float | None) -> Asker:
    if interactive:
        from spacequiz.ui.interactive import InteractiveAsker

        return InteractiveAsker(time_limit=timer)
    from spacequiz.ui.lines import LineReader
    from spacequiz.ui.plain import PlainAsker

    return PlainAsker(console, LineReader(sys.stdin.buffer), echo=not sys.stdin.isatty())


def _play_again() -> bool:
    import questionary

    try:
        return bool(questionary.confirm("Play again?", default=False).unsafe_ask())
    except (KeyboardInterrupt, EOFError):
        raise typer.Exit(EXIT_INTERRUPTED) from None


@app.command()
def schema() -> None:
    """Print the JSON Schema of the bank format, for editors such as VS Code."""
    from spacequiz.schema import bank_schema

    _print_json(bank_schema())


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


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
    from spacequiz import cli_authoring, cli_classroom, cli_history

    cli_classroom.register(app)
    cli_history.register(app)
    cli_authoring.register(app)


_register_commands()
