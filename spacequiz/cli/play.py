"""`spacequiz play`: one player's game, interactive on a terminal, plain otherwise."""

from __future__ import annotations

from typing import Annotated

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
    make_filters,
    open_console,
    reporting,
    run_recorded_game,
)

DEFAULT_COUNT = 10


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

    check_seed(seed)
    with reporting(no_color):
        bank = load(banks)
        on_stderr = game_on_stderr()
    filters = make_filters(tags, difficulties, types)
    interactive = not plain and is_interactive()
    # The plain game is text only, on a terminal too: no colour, bold or dim.
    err = open_console(stderr=True, no_color=no_color, styled=interactive)
    with reporting(no_color):  # no game to speak of when nothing matches
        select(bank, filters, count, random.Random(0))
    if not plain and not interactive and not on_stderr:  # that note said why already
        err.print(
            "spacequiz: no interactive terminal, so playing the plain line-by-line game.",
            style="muted",
        )
    console = open_console(
        stderr=as_json or on_stderr,
        no_color=no_color,
        plain=not interactive,
        capped=interactive,
        styled=interactive,
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
