"""`spacequiz play`: one player's game, interactive on a terminal, plain otherwise."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import typer

from spacequiz.cli.common import (
    EXIT_INTERRUPTED,
    MAX_TIMER,
    BankOption,
    DifficultyOption,
    NoColorOption,
    PlainOption,
    SeedOption,
    TagOption,
    TypeOption,
    check_seed,
    count_of,
    finite_seconds,
    game_on_stderr,
    load,
    make_env,
    make_filters,
    reporting,
    run_recorded_game,
)

if TYPE_CHECKING:
    from spacequiz.core.ghost import Ghost
    from spacequiz.core.model import Bank
    from spacequiz.ui.env import Env

DEFAULT_COUNT = 10


def _timer_seconds(value: float | None) -> float | None:
    """0 means no timer, as in `classroom` and `host`; under a second is no time to read."""
    value = finite_seconds(value)
    if value is not None and 0 < value < 1:
        raise typer.BadParameter("give 0 for no timer, or at least 1 second")
    return value or None


def play(
    ctx: typer.Context,
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
            min=0,
            max=MAX_TIMER,
            callback=_timer_seconds,
            help="Seconds per question (0: no timer, the default); faster right answers earn more.",
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
    auto_next: Annotated[
        float | None,
        typer.Option(
            "--auto-next",
            min=0,
            max=MAX_TIMER,
            callback=finite_seconds,
            help="Go on by itself this many seconds after each result, instead of on Enter.",
            show_default=False,
        ),
    ] = None,
    ghost: Annotated[
        str | None,
        typer.Option(
            "--ghost",
            help="Race a past game: 'best' or 'last' of yours, or a player's name (their "
            "best). Its questions, in its order; after each answer, what the ghost did.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Play a quiz: questions from the bank, one at a time, with a score at the end."""
    import random

    from spacequiz.cli.recording import Recorder, player_name
    from spacequiz.core.engine import Filters, replay, select
    from spacequiz.ui.safe import literal

    check_seed(seed)
    env = make_env(ctx, no_color)
    with reporting(no_color):
        bank = load(banks, env=env)
        on_stderr = game_on_stderr(env)
    filters = make_filters(tags, difficulties, types)
    interactive = not plain and env.interactive
    # The plain game is text only, on a terminal too: no colour, bold or dim.
    err = env.make_console(stderr=True, styled=interactive)
    with reporting(no_color):  # no game to speak of when nothing matches
        select(bank, filters, count, random.Random(0))
    if not plain and not interactive and not on_stderr:  # that note said why already
        err.print(
            "spacequiz: no interactive terminal, so playing the plain line-by-line game.",
            style="muted",
        )
    console = env.make_console(
        stderr=as_json or on_stderr,
        plain=not interactive,
        capped=interactive,
        styled=interactive,
    )
    player = player_name(name)
    racing = _find_ghost(ghost, player, bank, lambda text: err.print(literal(text, "warn")))
    recorder = Recorder(player, lambda text: err.print(literal(text, "warn")))
    game_seed = seed if seed is not None else random.SystemRandom().randrange(2**31)
    while True:
        note = ""
        if racing is not None:  # the ghost's questions, in its order, shown as it saw them
            game_seed = racing.seed
            selection = replay(bank, racing.question_ids, game_seed)
            game_filters = Filters()
        else:
            with reporting(no_color):
                selection = select(bank, filters, count, random.Random(game_seed))
            game_filters = filters
            if selection.short:
                matched = count_of(selection.matched, "question")
                verb = "matches" if selection.matched == 1 else "match"
                note = f"Only {matched} {verb}, so this game has {selection.matched}."
        recorder.start(bank, game_filters, game_seed, len(selection.rounds))
        run_recorded_game(
            env,
            console,
            selection,
            recorder,
            interactive=interactive,
            timer=timer,
            title=bank.title,
            seed=game_seed,
            note=note or _racing_note(racing),
            as_json=as_json,
            auto_next=auto_next,
            ghost=racing,
        )
        if not interactive or not _play_again(env):
            return
        game_seed = random.SystemRandom().randrange(2**31)


def _find_ghost(
    which: str | None, player: str, bank: Bank, warn: Callable[[str], None]
) -> Ghost | None:
    """The past game `--ghost` asks for, from the history; without one, say so and play a
    normal game."""
    if which is None:
        return None
    which = which.strip()
    if not which:
        raise typer.BadParameter("give best, last or a player's name", param_hint="--ghost")
    from spacequiz.core.errors import StorageError
    from spacequiz.core.ghost import BEST, LAST, find_ghost
    from spacequiz.storage.history import Store, database_path

    whose = player if which in (BEST, LAST) else which
    found = None
    path = database_path()
    if path.exists():
        try:
            with Store.open(path, verify=False) as store:
                sessions = store.sessions(player=whose, with_answers=True)
        except StorageError as error:
            warn(f"warning: {str(error).rstrip('.')}.")
            sessions = []
        found = find_ghost(sessions, which, player, {q.id for q in bank.questions})
    if found is None:
        games = "your" if which in (BEST, LAST) else f"{whose}'s"
        warn(
            f"No ghost to race: none of {games} finished games of this bank is in the history. "
            "Playing a normal game."
        )
    return found


def _racing_note(ghost: Ghost | None) -> str:
    if ghost is None:
        return ""
    from spacequiz.ui.screens import ghost_name

    return f"Racing {ghost_name(ghost.player, ghost.which)} ({ghost.score} points): its questions."


def _play_again(env: Env) -> bool:
    from spacequiz.ui.prompts import confirm

    try:
        return confirm("Play again?", default=False, **env.prompt_options)
    except (KeyboardInterrupt, EOFError):
        raise typer.Exit(EXIT_INTERRUPTED) from None
