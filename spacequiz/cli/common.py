"""What the command modules share: consoles, error reporting, bank loading, the common
options, and running a recorded game.

Kept apart from cli.py, which registers the command modules, so that any of them can be
imported first without a circular import.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from spacequiz.core.errors import BankError, SpacequizError, UsageError

if TYPE_CHECKING:
    from rich.console import Console

    from spacequiz.cli.recording import Recorder
    from spacequiz.core.engine import Filters, Result, Selection
    from spacequiz.core.ghost import Ghost
    from spacequiz.core.model import Bank
    from spacequiz.ui.env import Env
    from spacequiz.ui.play import Asker

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
MAX_TIMER = 3600.0
"""An hour a question is already generous; larger values overflow the clock."""


def finite_seconds(value: float | None) -> float | None:
    """Refuse 'nan' and 'inf', which a float option otherwise lets through."""
    import math

    if value is not None and not math.isfinite(value):
        raise typer.BadParameter("give a number of seconds")
    return value


SEED_LIMIT = 2**63
"""Seeds are stored with each game (SQLite integers are 64 bits) to replay it."""


def check_seed(seed: int | None, digits: str = "") -> None:
    """A usage error (exit 2) for a --seed the history could not keep."""
    if seed is not None and not -SEED_LIMIT <= seed < SEED_LIMIT:
        digits = digits or str(abs(seed))
        shown = digits if len(digits) <= 24 else f"{digits[:20]}... ({len(digits)} digits)"
        raise typer.BadParameter(
            f"{'-' if seed < 0 else ''}{shown} is too large: a seed is a whole number "
            f"of at most 64 bits, from {-SEED_LIMIT} to {SEED_LIMIT - 1}",
            param_hint="'--seed'",
        )


def make_env(ctx: typer.Context, no_color: bool = False) -> Env:
    """The command's Env, built once: from the real process, or the fake a test passed as
    the context's `obj` (`runner.invoke(app, args, obj=fake_env(...))`)."""
    from spacequiz.ui.env import Env

    given = ctx.find_object(Env)
    return given.with_no_color(no_color) if given else Env.from_process(no_color=no_color)


def game_on_stderr(env: Env) -> bool:
    """Whether a game must be shown on stderr: its player types at a terminal (stdin) but
    stdout goes to a file or a pipe, where the questions would never be seen. When stderr
    is no terminal either, the game cannot be seen at all: a usage error, not a blind game.
    """
    if not env.stdin_isatty or env.stdout_isatty:
        return False
    if env.stderr_isatty:
        # Without stdout on a terminal the game is the plain one: text only, no colour.
        env.make_console(stderr=True, styled=False).print(
            "spacequiz: standard output is not a terminal, so the game is shown here, on "
            "standard error.",
            style="muted",
        )
        return True
    raise UsageError(
        "the game's output goes to a file or a pipe, so its questions could not be seen; "
        "play it in a terminal, or pipe the answers in"
    )


def open_console(
    *,
    stderr: bool = False,
    no_color: bool = False,
    plain: bool = False,
    capped: bool = False,
    styled: bool = True,
) -> Console:
    from spacequiz.ui.console import make_console

    return make_console(stderr=stderr, no_color=no_color, plain=plain, capped=capped, styled=styled)


@contextmanager
def reporting(no_color: bool = False, *, plain: bool = False) -> Iterator[None]:
    """The one place errors become words: a message on stderr and exit 1 (2 for usage).

    A bank's problems are listed each at its file, line and column; any other SpacequizError
    is one 'error: ...' line. `plain` lets long lines run on instead of wrapping.
    """
    try:
        yield
    except BankError as error:
        from spacequiz.ui.reports import show_problems

        show_problems(open_console(stderr=True, no_color=no_color, plain=plain), error.problems)
        raise typer.Exit(EXIT_ERROR) from None
    except SpacequizError as error:
        from spacequiz.ui.safe import literal

        console = open_console(stderr=True, no_color=no_color, plain=plain)
        console.print(literal(f"error: {error}", "error"))
        code = EXIT_USAGE if isinstance(error, UsageError) else EXIT_ERROR
        raise typer.Exit(code) from None


def load(paths: list[Path] | None, *, quiet: bool = False, env: Env | None = None) -> Bank:
    """Load banks through the one loader, with a progress bar for big files on a terminal."""
    from spacequiz.bank.load import load_banks
    from spacequiz.ui.env import Env

    files = list(paths or [])
    total = sum(_file_size(p) for p in files)
    if quiet or total < 2_000_000:
        return load_banks(files)
    with progress_bar("Reading the bank", env or Env.from_process()) as step:
        return load_banks(files, progress=step)


@contextmanager
def progress_bar(label: str, env: Env) -> Iterator[Callable[[int, int], None] | None]:
    """A step function, step(done, of), that draws a passing progress bar on stderr when it
    is a terminal; None (nothing shown) on a pipe, so scripts read no bar."""
    if not env.stderr_isatty:
        yield None
        return
    from rich.progress import Progress

    with Progress(console=env.make_console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=None)

        def step(done: int, of: int) -> None:
            bar.update(task, completed=done, total=of)

        yield step


def _file_size(path: Path) -> int:
    """A bank file's size for the progress bar; 0 for a folder or what cannot be read."""
    try:
        return path.stat().st_size if path.is_file() else 0
    except OSError:
        return 0


def print_json(data: Any) -> None:
    from spacequiz.core.text import json_text

    typer.echo(json_text(data))


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


def complete_tags(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion for --tag: the tags of the banks named so far (or the shipped bank).

    Runs only when the shell asks, so it costs nothing at an ordinary start."""
    from spacequiz.bank.load import load_banks
    from spacequiz.core.errors import SpacequizError

    try:
        bank = load_banks(list(ctx.params.get("banks") or []))
    except (SpacequizError, OSError):
        return []
    tags = {tag for question in bank.questions for tag in question.tags}
    return sorted(tag for tag in tags if tag.startswith(incomplete))


TagOption = Annotated[
    list[str] | None,
    typer.Option(
        "--tag",
        "-t",
        help="Only questions with this tag (repeatable).",
        show_default=False,
        autocompletion=complete_tags,
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


def parse_seed(text: str | int) -> int:
    """A --seed as an int, refusing any too long before Python's digit limit can."""
    if isinstance(text, int):  # a default value, converted like a typed one
        check_seed(text)
        return text
    digits = text.strip().lstrip("+-")
    if not digits.isascii() or not digits.isdigit():
        shown = text if len(text) <= 24 else f"{text[:20]}..."
        raise typer.BadParameter(f"{shown!r} is not a whole number")
    if len(digits) > 19:  # past 64 bits whatever they are; int() refuses past 4300 digits
        seed = (-1 if text.strip().startswith("-") else 1) * (SEED_LIMIT + 1)
    else:
        seed = int(text)
    check_seed(seed, digits)
    return seed


SeedOption = Annotated[
    int | None,
    typer.Option(
        parser=parse_seed,
        metavar="INTEGER",
        help="Replay the same questions in the same order.",
        show_default=False,
    ),
]
CountOption = Annotated[int, typer.Option("--count", "-n", min=1, help="How many questions.")]
PodiumOption = Annotated[int, typer.Option(min=1, help="How many places the podium shows.")]
NoSpeedOption = Annotated[
    bool, typer.Option("--no-speed", help="Score without the clock: accuracy, not speed.")
]


def checked_report(value: Path | None) -> Path | None:
    """Refuse a report path before the game rather than lose the report after it."""
    from spacequiz.formats.report import check_report_path

    if value is not None:
        try:
            check_report_path(value)
        except SpacequizError as error:
            raise typer.BadParameter(str(error)) from None
    return value


ReportOption = Annotated[
    Path | None,
    typer.Option(
        callback=checked_report,
        help="Write a report of every answer at the end: .html, .csv or .json.",
        show_default=False,
    ),
]


def seconds_option(help: str, *, show_default: bool = True) -> Any:
    """A --timer/--preview/--talk style option: finite seconds from 0 up to an hour."""
    return typer.Option(
        min=0, max=MAX_TIMER, callback=finite_seconds, help=help, show_default=show_default
    )


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
    from spacequiz.core.engine import Filters

    return Filters(
        tags=tuple(tags or ()),
        difficulties=tuple(d.value for d in difficulties or ()),
        types=tuple(t.value for t in types or ()),
    )


def run_recorded_game(
    env: Env,
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
    auto_next: float | None = None,
    ghost: Ghost | None = None,
) -> Result:
    """Play one game, each answer recorded as it is given, then the final screen (and JSON):
    how the score stands among the player's games, and the race against the ghost if any.

    Ctrl-C or the end of input shows the summary of what was played and exits 130.
    """
    from spacequiz.core.engine import Scoring, Session
    from spacequiz.ui.play import GameInterrupted, play_game
    from spacequiz.ui.screens import show_summary
    from spacequiz.ui.system import keys_held

    asker = asker_for(env, interactive, console, auto_next=auto_next)
    session = Session(scoring=Scoring(), time_limit=timer)
    try:
        with keys_held(env.stdin) if interactive else nullcontext():
            result = play_game(
                console,
                selection,
                session,
                asker,
                title=title,
                seed=seed,
                note=note,
                on_outcome=recorder.on_outcome,
                ghost=ghost,
                now=env.clock,
            )
    except GameInterrupted as stop:
        recorder.finish(finished=False)
        recorder.close()
        race = ghost.step(stop.result.answered, stop.result.score) if ghost else None
        show_summary(console, stop.result, plain=asker.plain, race=race)
        if as_json:
            print_json(stop.result.as_dict())
        if stop.reason:  # the input was no answers: an error, said last where it is seen
            from spacequiz.ui.safe import literal

            said = env.make_console(stderr=True, styled=interactive)
            said.print(literal(f"error: {stop.reason}", "error"))
            raise typer.Exit(EXIT_ERROR) from None
        raise typer.Exit(EXIT_INTERRUPTED) from None
    recorder.finish(finished=True)
    standing = recorder.standing()
    recorder.close()  # the game is saved: the database (and its -wal/-shm files) is let go
    race = ghost.step(result.answered, result.score) if ghost else None
    show_summary(console, result, plain=asker.plain, standing=standing, race=race)
    if as_json:
        print_json(result.as_dict())
    return result


def asker_for(
    env: Env, interactive: bool, console: Console, *, auto_next: float | None = None
) -> Asker:
    if interactive:
        from spacequiz.ui.play import DeferredAsker

        def make() -> Asker:
            from spacequiz.ui.interactive import InteractiveAsker

            return InteractiveAsker(
                auto_next=auto_next, no_color=console.no_color, **env.prompt_options
            )

        # The prompts load after the first question is drawn, while the player reads it.
        return DeferredAsker(make, plain=False)
    from spacequiz.ui.lines import LineReader
    from spacequiz.ui.plain import MAX_UNREADABLE, PlainAsker

    typed = env.stdin_isatty  # a person may take many tries; a pipe that fails, fails
    return PlainAsker(
        console,
        LineReader(env.stdin_bytes, clock=env.clock),
        echo=not typed,
        retries=None if typed else MAX_UNREADABLE,
    )


def count_of(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
