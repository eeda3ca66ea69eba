"""`spacequiz classroom`: teams on one projector, with a report for the teacher."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from spacequiz.cli import common as cli

if TYPE_CHECKING:
    from rich.console import Console

    from spacequiz.core.classroom import Classroom, ClassroomResult, TeamAnswer
    from spacequiz.core.engine import Filters
    from spacequiz.core.model import Bank
    from spacequiz.storage.history import Store
    from spacequiz.ui.env import Env
    from spacequiz.ui.lines import LineReader


class StyleName(StrEnum):
    turns = "turns"
    buzz = "buzz"


def classroom(
    ctx: typer.Context,
    players: Annotated[
        str | None,
        typer.Option(
            "--players",
            callback=lambda value: _checked_players(value),
            help='Team or player names, e.g. "Red,Blue,Green" '
            "(2 to 12). Asked at the start when left out.",
            show_default=False,
        ),
    ] = None,
    banks: cli.BankOption = None,
    tags: cli.TagOption = None,
    difficulties: cli.DifficultyOption = None,
    types: cli.TypeOption = None,
    count: cli.CountOption = 10,
    rounds: Annotated[
        int | None, typer.Option("--rounds", min=1, hidden=True, help="The old name of --count.")
    ] = None,
    timer: Annotated[float, cli.seconds_option("Seconds a turn (0: no timer).")] = 20.0,
    style: Annotated[
        StyleName,
        typer.Option(
            help="turns: each question goes to the next team, a wrong answer may be passed on; "
            "buzz: every team answers every question."
        ),
    ] = StyleName.turns,
    podium: cli.PodiumOption = 3,
    preview: Annotated[
        float | None,
        cli.seconds_option(
            "Seconds each question shows alone before its choices (0: none). "
            "Default: by the question's length, 3 to 10.",
            show_default=False,
        ),
    ] = None,
    talk: Annotated[
        float,
        cli.seconds_option(
            "Seconds for teams to talk with the choices shown, answers locked (0: none)."
        ),
    ] = 0.0,
    no_speed: cli.NoSpeedOption = False,
    report: cli.ReportOption = None,
    seed: cli.SeedOption = None,
    plain: cli.PlainOption = False,
    no_color: cli.NoColorOption = False,
) -> None:
    """Play in class: teams take turns (or all answer) on one projector, with a leaderboard."""
    import random

    from spacequiz.core.classroom import Classroom, parse_teams
    from spacequiz.core.engine import select
    from spacequiz.ui.classroom_control import Clock, Controller, Pacing
    from spacequiz.ui.lines import LineReader

    if rounds is not None:  # the old name, kept working for scripts
        count = rounds
    cli.check_seed(seed)
    env = cli.make_env(ctx, no_color)
    with cli.reporting(no_color):
        on_stderr = cli.game_on_stderr(env)  # stdout redirected: the game is shown on stderr
    interactive = not plain and env.interactive
    console = env.make_console(stderr=on_stderr, plain=not interactive, styled=interactive)
    reader = LineReader(env.stdin_bytes, clock=env.clock)
    with cli.reporting(no_color):
        bank = cli.load(banks, env=env)
        try:
            names = parse_teams(players) if players else _ask_teams(env, interactive, reader)
        except (KeyboardInterrupt, EOFError):
            console.print("No team names given, so no game.", markup=False)
            raise typer.Exit(cli.EXIT_INTERRUPTED) from None
        game_seed = seed if seed is not None else random.SystemRandom().randrange(2**31)
        filters = cli.make_filters(tags, difficulties, types)
        selection = select(bank, filters, count, random.Random(game_seed))
        game = Classroom(
            names, selection.rounds, style=style.value, time_limit=timer or None, speed=not no_speed
        )
    # The lobby, previews, talk time and the podium's pauses are for the projector; on a
    # pipe the game keeps its line protocol, with nothing to confirm or wait for.
    pacing = (
        Pacing.show(preview=preview, talk=talk, podium=podium)
        if interactive
        else Pacing(podium=podium)
    )
    controller = Controller(game, Clock(env.clock), pacing=pacing, title=bank.title)
    interrupted = False
    unreadable = ""
    failure: Exception | None = None
    with _Stopping() as stopping:
        try:
            if interactive:
                from spacequiz.ui.classroom import run_screen

                run_screen(controller, console, env.stdin_bytes)
            else:
                from spacequiz.ui.classroom import run_plain
                from spacequiz.ui.plain import MAX_UNREADABLE

                typed = env.stdin_isatty  # a pipe that sends no answers is given up on
                run_plain(controller, console, reader, None if typed else MAX_UNREADABLE)
        except (KeyboardInterrupt, EOFError) as stop:
            stopping.playing = False
            interrupted = True
            _show_final(console, game, plain=not interactive)
            from spacequiz.ui.plain import UnreadableInput

            if isinstance(stop, UnreadableInput):
                unreadable = str(stop)
        except Exception as error:  # a bug, or a terminal gone (SIGHUP): the report first
            stopping.playing = False
            failure = error
        # Whatever ended the game, what was played is written down; a signal now waits.
        stopping.playing = False
        result = game.result(title=bank.title, seed=game_seed)
        written = report is None or _write_report(report, result, console, no_color)
        # Only a game the teacher ended (q) may count as finished early: not one broken off.
        broken_off = interrupted or stopping.signalled or failure is not None
        _save_history(game, bank, filters, game_seed, console, interrupted=broken_off)
    if failure is not None:
        raise failure
    if unreadable:
        from spacequiz.ui.safe import literal

        said = env.make_console(stderr=True, styled=interactive)
        said.print(literal(f"error: {unreadable}", "error"))
    if not written or unreadable:
        raise typer.Exit(cli.EXIT_ERROR)
    if interrupted or stopping.signalled:
        raise typer.Exit(cli.EXIT_INTERRUPTED)


class _Stopping:
    """SIGTERM and SIGHUP end a classroom game as Ctrl-C does, so the report is written.

    While the game runs a signal interrupts it; once the report is being written, a signal
    is only remembered, so that it cannot cut the report short.
    """

    SIGNALS = ("SIGTERM", "SIGHUP")

    def __init__(self) -> None:
        self.playing = True
        self.signalled = False
        self._saved: dict[int, object] = {}

    def _handle(self, number: int, frame: object) -> None:
        self.signalled = True
        if self.playing:
            self.playing = False
            raise KeyboardInterrupt

    def __enter__(self) -> _Stopping:
        import signal

        for name in self.SIGNALS:
            number = getattr(signal, name, None)
            if number is not None:
                try:
                    self._saved[number] = signal.signal(number, self._handle)
                except (ValueError, OSError):  # not the main thread, or not allowed
                    pass
        return self

    def __exit__(self, *exc: object) -> None:
        import signal

        for number, handler in self._saved.items():
            signal.signal(number, handler)  # type: ignore[arg-type]


def _show_final(console: Console, game: Classroom, *, plain: bool) -> None:
    """The final standings, unless the terminal is gone (SIGHUP): the report still follows."""
    from spacequiz.ui.classroom import show_final

    try:
        show_final(console, game, plain=plain)
    except OSError:
        pass


def _write_report(report: Path, result: ClassroomResult, console: Console, no_color: bool) -> bool:
    """Write the report, or say why it could not be written; whether it was."""
    from spacequiz.formats.report import render_report
    from spacequiz.storage.files import save_report
    from spacequiz.ui.safe import literal

    try:
        with cli.reporting(no_color):
            save_report(report, render_report(result, report))
    except typer.Exit:  # the reason is on stderr; the history is still saved
        return False
    try:
        console.print(literal(f"Report written to {report}", "muted"))
    except OSError:  # the terminal is gone; the report is on disk
        pass
    return True


def _save_history(
    game: Classroom, bank: Bank, filters: Filters, seed: int, console: Console, *, interrupted: bool
) -> None:
    """The game goes into the history as one game (mode "classroom"), each team a participant.

    Written at the end rather than as the game goes, because undo can take answers back. A
    game the teacher ended (q) after at least one question counts as finished early; one
    broken off (Ctrl-C) stays unfinished.
    """
    from spacequiz.cli.recording import HistoryWriter
    from spacequiz.core.engine import Filters, Outcome, answer_text
    from spacequiz.storage.history import bank_fingerprint, now_iso
    from spacequiz.ui.safe import literal

    questions = {r.number: r.question for r in game.rounds}
    stamp = now_iso()

    def outcome(record: TeamAnswer) -> Outcome:
        question = questions[record.round]
        return Outcome(
            question_id=question.id,
            prompt=question.prompt,
            difficulty=question.difficulty,
            tags=question.tags,
            given=record.given,
            correct=record.correct,
            credit=record.credit,
            points=record.points,
            streak=0,
            seconds=record.seconds,
            hint_used=False,
            timed_out=record.timed_out,
            answer=answer_text(question),
        )

    questions_by_id = {r.question.id: r.question for r in game.rounds}
    game_id: int | None = None
    teams: dict[str, int] | None = None
    answered = False

    def save(store: Store) -> None:
        """Safe to run again after a failure: each step is a transaction of its own, and
        what is stored already is not stored twice."""
        nonlocal game_id, teams, answered
        if game_id is None:
            game_id = store.start_game(
                mode="classroom",
                bank_title=bank.title,
                bank_fingerprint=bank_fingerprint(bank),
                filters=filters.describe() if filters != Filters() else "",
                seed=seed,
                planned=len(game.rounds),
            )
        if teams is None:
            ids = store.add_participants(game_id, [(team, "team") for team in game.teams])
            teams = dict(zip(game.teams, ids, strict=True))
        if not answered:
            rows = [(teams[a.team], a.round, outcome(a), stamp) for a in game.state.answers]
            store.record_answers(game_id, rows, questions=questions_by_id)
            answered = True
        store.finish_session(
            game_id,
            finished=game.finished,
            early=not game.finished and not interrupted and game.played() > 0,
        )

    def say(text: str) -> None:
        try:
            console.print(literal(text, "warn"))
        except OSError:  # the terminal is gone (SIGHUP); the game is saved all the same
            pass

    # Through a HistoryWriter: a long wait for another program's lock is said on screen, and
    # a lock time-out or a full disk gets one more patient try before the game is given up.
    writer = HistoryWriter(say)
    writer.write(save)
    writer.close()


def _checked_players(value: str | None) -> str | None:
    """Bad team names are a usage error (exit 2), found before anything starts."""
    from spacequiz.core.classroom import parse_teams
    from spacequiz.core.errors import ClassroomError

    if value is not None:
        try:
            parse_teams(value)
        except ClassroomError as error:
            raise typer.BadParameter(str(error)) from None
    return value


def _ask_teams(env: Env, interactive: bool, reader: LineReader) -> tuple[str, ...]:
    from spacequiz.core.classroom import parse_teams

    if interactive:
        import questionary

        from spacequiz.ui.prompts import guard_prompt

        answer = guard_prompt(
            questionary.text(
                "Team names, separated by commas (2 to 12):",
                validate=lambda text: _valid_teams(text),
                **env.prompt_options,
            )
        ).unsafe_ask()
        return parse_teams(answer)
    print("Team names, separated by commas (2 to 12): ", end="", file=env.stderr, flush=True)
    return parse_teams(reader.readline() or "")


def _valid_teams(text: str) -> bool | str:
    from spacequiz.core.classroom import parse_teams
    from spacequiz.core.errors import ClassroomError

    try:
        parse_teams(text)
    except ClassroomError as error:
        return str(error)
    return True
