"""The history commands (where, scores, history, stats, review, reset).

Rich and the storage modules are imported inside the commands, so they start fast; the
recording of a game as it is played is in cli/recording.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from spacequiz.cli import common as cli
from spacequiz.cli.recording import Recorder, player_name

if TYPE_CHECKING:
    from rich.text import Text

    from spacequiz.core.items import ItemStats, QuestionKey
    from spacequiz.core.model import Bank
    from spacequiz.formats.table import Cell
    from spacequiz.storage.history import Store

# Shared pieces -------------------------------------------------------------------------------


_console = cli.open_console


_reporting = cli.reporting


@contextmanager
def _reading(no_color: bool = False) -> Iterator[Store | None]:
    """The history for reading, or None when no game was ever recorded (nothing is created)."""
    from spacequiz.storage.history import Store, database_path

    path = database_path()
    if not path.exists():
        yield None
        return
    with _reporting(no_color):
        store = Store.open_to_read(path)
    try:
        with _reporting(no_color):
            yield store
    finally:
        store.close()


_print_json = cli.print_json


def _print_csv(header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> None:
    from spacequiz.formats.table import csv_text

    sys.stdout.write(csv_text(header, rows))


def _one_format(as_json: bool, as_csv: bool) -> None:
    if as_json and as_csv:
        raise typer.BadParameter("choose one of --json and --csv")


JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
CsvOption = Annotated[
    bool, typer.Option("--csv", help="Print CSV for spreadsheets: a header row, then data.")
]
NoColorOption = Annotated[bool, typer.Option("--no-color", help="Print without colours.")]
PlayerOption = Annotated[
    str | None, typer.Option("--player", "-p", help="Only this player.", show_default=False)
]
BankTitleOption = Annotated[
    str | None,
    typer.Option(
        "--bank",
        "-b",
        help="Only games of this bank: a bank file or folder, text in its title, or its "
        "fingerprint.",
        show_default=False,
    ),
]


# Commands ------------------------------------------------------------------------------------


def where() -> None:
    """Show where the game history is kept (set SPACEQUIZ_HOME to move it)."""
    from spacequiz.storage.history import database_path
    from spacequiz.ui.history import show_where

    path = database_path()
    show_where(_console(), str(path), path.exists())


def scores(
    player: PlayerOption = None,
    bank: BankTitleOption = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
    no_color: NoColorOption = False,
) -> None:
    """The high-score table: each player's best finished game."""
    _one_format(as_json, as_csv)
    games_of = _games_of(bank, no_color)
    with _reading(no_color) as store:
        rows = store.best_scores(player=player, bank=games_of) if store else []
    if as_json:
        _print_json(
            [{"place": i, **r.as_dict(with_answers=False)} for i, r in enumerate(rows, start=1)]
        )
    elif as_csv:
        _print_csv(
            ["place", "player", "score", "correct", "answered", "accuracy", "bank", "started_at"],
            [
                [
                    i,
                    r.player,
                    r.score,
                    r.correct,
                    r.answered,
                    round(r.accuracy, 4),
                    r.bank_title,
                    r.started_at,
                ]
                for i, r in enumerate(rows, start=1)
            ],
        )
    else:
        from spacequiz.ui.history import show_scores

        show_scores(_console(no_color=no_color), rows, _filtered(player, bank))


def history(
    player: PlayerOption = None,
    bank: BankTitleOption = None,
    limit: Annotated[
        int, typer.Option("--limit", "-l", min=1, help="How many recent games to list.")
    ] = 20,
    as_json: Annotated[
        bool,
        typer.Option("--json", help="Print every game, with its answers, as JSON."),
    ] = False,
    as_csv: Annotated[
        bool, typer.Option("--csv", help="Print every game as CSV: a header row, then data.")
    ] = False,
    no_color: NoColorOption = False,
) -> None:
    """Past games with date, score and accuracy, and each player's scores over time.

    A classroom or live game is one game: the winner is shown, and --json lists every team
    or player with their answers.
    """
    _one_format(as_json, as_csv)
    games_of = _games_of(bank, no_color)
    with _reading(no_color) as store:
        series: dict[str, list[int]] = {}
        if store is None:
            rows, total = [], 0
        elif as_json or as_csv:
            rows = store.sessions(player=player, bank=games_of, with_answers=as_json)
            total = len(rows)
        else:
            rows = store.sessions(player=player, bank=games_of, limit=limit)
            series = store.score_series(player=player, bank=games_of)
            total = store.count_sessions(player=player, bank=games_of)
    if as_json:
        _print_json([r.as_dict() for r in rows])
    elif as_csv:
        _print_csv(
            ["id", "player", "started_at", "ended_at", "mode", "bank", "finished"]
            + ["planned", "answered", "correct", "accuracy", "score", "seconds"]
            + ["ended_early", "participants"],
            [
                [
                    r.id,
                    r.player,
                    r.started_at,
                    r.ended_at,
                    r.mode,
                    r.bank_title,
                    "true" if r.finished else "false",
                    r.planned,
                    r.answered,
                    r.correct,
                    round(r.accuracy, 4),
                    r.score,
                    round(r.seconds, 2),
                    "true" if r.ended_early else "false",
                    len(r.participants) if r.shared else "",
                ]
                for r in rows
            ],
        )
    else:
        from spacequiz.ui.history import show_history

        show_history(_console(no_color=no_color), rows, series, total, _filtered(player, bank))


def stats(
    player: PlayerOption = None,
    bank: BankTitleOption = None,
    game: Annotated[
        str | None,
        typer.Option(
            "--game",
            "-g",
            metavar="ID|last",
            help="One game, by the id history --json gives it, or the last classroom or live "
            "game: its questions in the order asked, and its reliability.",
            show_default=False,
        ),
    ] = None,
    top: Annotated[int, typer.Option("--top", min=1, help="How many questions to list.")] = 20,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
    no_color: NoColorOption = False,
) -> None:
    """Each question as played: how often it is missed, whether it separates strong from weak
    players, which wrong choices are picked, and the time taken; most missed first."""
    from spacequiz.core.items import analyse, most_missed, question_row

    _one_format(as_json, as_csv)
    if game is not None:
        _game_stats(_game_id(game, player, bank), top, as_json, as_csv, no_color)
        return
    of_bank = _bank_at(bank, no_color)
    with _reading(no_color) as store:
        marks, texts = (
            store.item_marks(player=player, bank=None if of_bank else bank, of_bank=of_bank)
            if store
            else ([], {})
        )
    found = most_missed(analyse(marks, texts))
    if as_json:
        _print_json([question_row(s) for s in found])
    elif as_csv:
        _print_stats_csv(found)
    else:
        from spacequiz.ui.history import show_stats

        show_stats(_console(no_color=no_color), found, top, _filtered(player, bank))


def _game_id(game: str, player: str | None, bank: str | None) -> int | None:
    """--game as a game id, or None for 'last'; a usage error for anything else."""
    if player is not None or bank is not None:
        raise typer.BadParameter("--game shows one whole game: leave out --player and --bank")
    if game.strip().lower() == "last":
        return None
    try:
        return int(game)
    except ValueError:
        raise typer.BadParameter(
            f"{game!r} is not a game: give its id (see history --json) or 'last'",
            param_hint="--game",
        ) from None


def _game_stats(which: int | None, top: int, as_json: bool, as_csv: bool, no_color: bool) -> None:
    """One game's item analysis, with its reliability; a game not found is an error."""
    from spacequiz.core.errors import StorageError
    from spacequiz.core.items import analyse, game_reading, question_row, reliability

    with _reading(no_color) as store:
        row = store.game(which) if store else None
        if row is None:
            with _reporting(no_color):
                raise StorageError(
                    f"no game {which} in the history (history --json lists each game's id)"
                    if which is not None
                    else "no classroom or live game in the history yet"
                )
        assert store is not None
        marks, texts = store.item_marks(game=row.id)
    found = analyse(marks, texts)
    who = "teams" if row.mode == "classroom" else "players"
    consistency = reliability(marks)
    reading = game_reading(consistency, found, lambda k: f"question '{k.question_id}'", who)
    if as_json:
        _print_json(
            {
                "game": row.id,
                "mode": row.mode,
                "bank": row.bank_title,
                "started_at": row.started_at,
                "reliability": consistency.as_dict(),
                "reading": reading,
                "questions": [question_row(s) for s in found],
            }
        )
    elif as_csv:
        _print_stats_csv(found)
    else:
        from spacequiz.ui.history import day, show_stats

        title = f"Game {row.id}: {row.bank_title}, {row.mode}, {day(row.started_at)}"
        show_stats(_console(no_color=no_color), found, top, game=title, reading=reading)


def _print_stats_csv(found: Sequence[ItemStats[QuestionKey]]) -> None:
    from spacequiz.core.items import question_row

    rows = [question_row(s) for s in found]
    _print_csv(STATS_COLUMNS, [[_cell(row[name]) for name in STATS_COLUMNS] for row in rows])


STATS_COLUMNS = (
    "question_id",
    "bank",
    "question_hash",
    "prompt",
    "type",
    "asked",
    "missed",
    "miss_rate",
    "players",
    "facility",
    "discrimination",
    "distractors",
    "average_seconds",
    "reading",
)
"""The columns of `stats --csv`: the keys of each `stats --json` row, in order."""


def _cell(value: object) -> Cell:
    """A JSON value as a CSV cell: empty for null, the distractors as a JSON object."""
    import json

    if value is None:
        return ""
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    assert isinstance(value, str | int | float)
    return value


def _bank_at(bank: str | None, no_color: bool) -> Bank | None:
    """The bank --bank names, when it is a path that exists (else it is title text)."""
    if not bank or not Path(bank).exists():  # Path("") would be the current folder
        return None
    with _reporting(no_color):
        return cli.load([Path(bank)], quiet=True)


def _games_of(bank: str | None, no_color: bool) -> str | None:
    """What --bank selects games by: a path that exists is read as a bank and stands for its
    questions' fingerprint; any other text is looked for in titles (or is a fingerprint)."""
    if not bank or not Path(bank).exists():  # Path("") would be the current folder
        return bank
    from spacequiz.storage.history import bank_fingerprint

    with _reporting(no_color):
        return bank_fingerprint(cli.load([Path(bank)], quiet=True))


def _filtered(player: str | None, bank: str | None) -> str:
    """Words for an empty result that a filter caused, so it is not taken for no history."""
    parts = [f"player {_shown(player)!r}" if player else "", f"bank {bank!r}" if bank else ""]
    return " and ".join(p for p in parts if p)


def reset(
    ctx: typer.Context,
    player: PlayerOption = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask; for scripts.")] = False,
    no_color: NoColorOption = False,
) -> None:
    """Delete recorded games: everyone's, or one player's with --player."""
    from spacequiz.storage.history import Store, database_path

    whose = f"the history of {_shown(player)!r}" if player is not None else "every recorded game"
    if not yes:
        if not cli.make_env(ctx, no_color).stdin_isatty:
            from spacequiz.core.errors import SpacequizError

            with _reporting(no_color):
                raise SpacequizError(
                    f"refusing to delete {whose} without --yes (input is not a terminal)"
                )
        try:
            sure = typer.confirm(f"Delete {whose}? This cannot be undone.", default=False)
        except typer.Abort:  # Ctrl-C or end of input at the question
            typer.echo("\nNothing deleted.")
            raise typer.Exit(cli.EXIT_INTERRUPTED) from None
        if not sure:
            typer.echo("Nothing deleted.")
            return
    path = database_path()
    if not path.exists():
        typer.echo("Nothing to delete: no games recorded yet.")
        return
    with _reporting(no_color), Store.open(path) as store:
        removed = store.delete_history(player)
    typer.echo(f"Deleted {removed} game{'s' if removed != 1 else ''}.")
    if removed == 0 and player is not None:
        typer.echo(
            f"No games are recorded for {_shown(player)!r}; "
            "names match whatever their case, spacing or invisible characters."
        )


def review(
    ctx: typer.Context,
    banks: cli.BankOption = None,
    name: Annotated[
        str | None,
        typer.Option("--name", help="The player. Default: your login name.", show_default=False),
    ] = None,
    count: Annotated[
        int, typer.Option("--count", "-n", min=1, help="At most this many questions.")
    ] = 10,
    new: Annotated[
        int, typer.Option("--new", min=0, help="Also this many never-played questions.")
    ] = 0,
    seed: Annotated[
        int | None,
        typer.Option(
            parser=cli.parse_seed,
            metavar="INTEGER",
            help="Shuffle the choices the same way.",
            show_default=False,
        ),
    ] = None,
    plain: Annotated[
        bool, typer.Option("--plain", help="Line-by-line game (automatic when not a terminal).")
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the questions due as JSON; do not play.")
    ] = False,
    no_color: NoColorOption = False,
) -> None:
    """Practise the questions you most need: missed ones come back soon, known ones rarely."""
    import random
    from datetime import UTC, datetime

    from spacequiz.cli.common import load
    from spacequiz.core import schedule
    from spacequiz.core.engine import Round, Selection, shuffled_options
    from spacequiz.storage.history import Store, database_path

    cli.check_seed(seed)
    env = cli.make_env(ctx, no_color)
    player = player_name(name)
    with _reporting(no_color):
        bank = load(banks, quiet=as_json, env=env)
    ids = [q.id for q in bank.questions]

    def memories() -> dict[str, schedule.Memory]:
        path = database_path()
        if not path.exists():
            return {}
        with _reporting(no_color), Store.open_to_read(path) as store:
            answers = store.player_answers(player, bank_title=bank.title)
        wanted = set(ids)
        attempts = [
            schedule.Attempt(qid, datetime.fromisoformat(at), right, seconds, hint)
            for qid, at, right, seconds, hint in answers
            if qid in wanted
        ]
        return schedule.memories(attempts)

    known = memories()
    now = datetime.now(UTC)
    due = schedule.due(known.values(), now, among=ids)
    upcoming = schedule.upcoming(known.values(), now, among=ids)
    unseen = schedule.unseen(known, ids)
    if as_json:
        prompts = {q.id: q.prompt for q in bank.questions}
        _print_json([{**m.as_dict(), "prompt": prompts[m.question_id]} for m in due])
        return
    from spacequiz.ui.history import show_due

    with _reporting(no_color):
        on_stderr = cli.game_on_stderr(env)  # stdout redirected: the game is shown on stderr
    interactive = not plain and env.interactive
    console = env.make_console(stderr=on_stderr, plain=not interactive, styled=interactive)
    show_due(console, player, due, upcoming, len(unseen) if not new else 0, now)
    by_id = {q.id: q for q in bank.questions}
    picked = [by_id[m.question_id] for m in due[:count]] + [by_id[q] for q in unseen[:new]]
    if not picked:
        console.print("Nothing to practise now. Come back later, or play a game.")
        return
    game_seed = seed if seed is not None else random.SystemRandom().randrange(2**31)
    rng = random.Random(game_seed)
    rounds = tuple(
        Round(i, len(picked), q, shuffled_options(q, rng)) for i, q in enumerate(picked, start=1)
    )
    selection = Selection(rounds, len(picked), len(picked))
    err = env.make_console(stderr=True, styled=interactive)
    recorder = Recorder(player, lambda text: err.print(_safe(text, "warn")), mode="review")
    recorder.start(bank, None, game_seed, len(picked))
    try:
        cli.run_recorded_game(
            env,
            console,
            selection,
            recorder,
            interactive=interactive,
            timer=None,
            title=f"Review: {bank.title}",
            seed=game_seed,
        )
    finally:
        recorder.close()
    if not recorder.broken:
        known = memories()
        later = datetime.now(UTC)
        show_due(
            console,
            player,
            schedule.due(known.values(), later, among=ids),
            schedule.upcoming(known.values(), later, among=ids),
            0,
            later,
        )


def _shown(name: str) -> str:
    from spacequiz.core.names import clean_name

    return clean_name(name)


def _safe(text: str, style: str) -> Text:
    from spacequiz.ui.safe import literal

    return literal(text, style)
