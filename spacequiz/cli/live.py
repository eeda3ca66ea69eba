"""`spacequiz host`: a live game that students join from their own phones or terminals."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from spacequiz.cli import common as cli

if TYPE_CHECKING:
    from prompt_toolkit.input import Input
    from rich.console import Console

    from spacequiz.cli.live_history import LiveHistory
    from spacequiz.live.game import LiveGame
    from spacequiz.live.host import Host, Lobby
    from spacequiz.live.server import LiveServer
    from spacequiz.live.views import ScreenView
    from spacequiz.storage.journal import Journal
    from spacequiz.ui.env import Env

DEFAULT_PORT = 8765
GAME_OVER = "the last live game is over: there is nothing to resume"


def join(
    ctx: typer.Context,
    address: Annotated[
        str,
        typer.Argument(
            help="The address the host shows, e.g. http://192.168.1.20:8765/?code=123456 "
            "or 192.168.1.20:8765.",
            show_default=False,
        ),
    ],
    name: Annotated[
        str,
        typer.Option(
            "--name",
            help="Your name in the game (1 to 24 characters). The same name again resumes "
            "your game.",
            show_default=False,
        ),
    ],
    code: Annotated[
        str | None,
        typer.Option(
            "--code",
            "-c",
            help="The game's 6-digit code. Default: the code in the address (?code=...).",
            show_default=False,
        ),
    ] = None,
    plain: cli.PlainOption = False,
    no_color: cli.NoColorOption = False,
) -> None:
    """Join a live game that 'spacequiz host' runs: answer on your own terminal."""
    from spacequiz.cli.join import play_join

    play_join(cli.make_env(ctx, no_color), address, name, code, plain)


def host(
    ctx: typer.Context,
    banks: cli.BankOption = None,
    tags: cli.TagOption = None,
    difficulties: cli.DifficultyOption = None,
    types: cli.TypeOption = None,
    count: cli.CountOption = 10,
    timer: Annotated[
        float, cli.seconds_option("Seconds for each question (0: no timer; the host reveals).")
    ] = 20.0,
    seed: cli.SeedOption = None,
    no_speed: cli.NoSpeedOption = False,
    report: cli.ReportOption = None,
    podium: cli.PodiumOption = 3,
    bind: Annotated[
        str,
        typer.Option(
            help="The address to listen on: 0.0.0.0 for every network, 127.0.0.1 for a "
            "demo on this computer only."
        ),
    ] = "0.0.0.0",
    port: Annotated[
        int, typer.Option(min=0, max=65535, help="The port to listen on (0: any free one).")
    ] = DEFAULT_PORT,
    address: Annotated[
        str | None,
        typer.Option(
            help="The address students use to reach this computer (the QR code opens it). "
            "Default: the first likely one found.",
            show_default=False,
        ),
    ] = None,
    lock: Annotated[
        bool, typer.Option("--lock", help="Start locked: nobody new may join.")
    ] = False,
    auto: Annotated[
        float | None,
        typer.Option(
            min=0,
            max=cli.MAX_TIMER,
            help="Run by itself (for unattended demos): start once players have joined and "
            "nobody new has come for this many seconds, and go on this many seconds after "
            "each reveal.",
            show_default=False,
        ),
    ] = None,
    extra_time: Annotated[
        list[str] | None,
        typer.Option(
            "--extra-time",
            help="Give a player more time, e.g. Ann=2 (twice the time) or Ann=1.5 "
            "(repeatable); their deadline is their own and the reveal waits for them.",
            callback=lambda value: _valid_extra(value),
            show_default=False,
        ),
    ] = None,
    max_players: Annotated[
        int, typer.Option(min=1, max=100_000, help="How many players may join.")
    ] = 1000,
    resume: Annotated[
        bool,
        typer.Option(
            "--resume",
            help="Continue the last live game after the host stopped (a crash, a closed "
            "lid): same address, code, players, answers and scores. The game's other "
            "options come from where it stopped.",
        ),
    ] = False,
    new: Annotated[
        bool,
        typer.Option(
            "--new",
            help="Start a new game even though the last one stopped without ending (it can "
            "then no longer be resumed).",
        ),
    ] = False,
    plain: cli.PlainOption = False,
    no_color: cli.NoColorOption = False,
) -> None:
    """Host a live game: students join from a phone browser or `spacequiz join`.

    The lobby shows the join address, a 6-digit code and a QR code. Keys on the projector
    view: Enter starts and moves on, r reveals, l locks, k kicks, e gives a player extra
    time, q ends (after asking). With --plain, one line per event is printed and commands
    are read from standard input: start, reveal, next, kick NAME, extra NAME FACTOR, lock,
    unlock, quit.
    """
    import asyncio
    import gc
    import random
    import secrets

    from spacequiz.core.engine import Filters, select
    from spacequiz.core.errors import SpacequizError
    from spacequiz.live.game import LiveError, LiveGame
    from spacequiz.storage.files import data_home
    from spacequiz.storage.history import bank_fingerprint
    from spacequiz.storage.journal import LIVE_JOURNAL, Journal, read_journal

    cli.check_seed(seed)
    env = cli.make_env(ctx, no_color)
    interactive = env.interactive and not plain
    console = env.make_console(plain=not interactive, styled=interactive)
    journal_path = data_home() / LIVE_JOURNAL
    with cli.reporting(no_color):
        # One host a data folder: two would write one journal, and neither could resume.
        host_lock = _hold_host_lock(journal_path)  # let go as this command returns
        waiting = _waiting_game(read_journal(journal_path)) if not resume else None
    if waiting and not new:
        raise typer.BadParameter(
            f"the last live game ({waiting}) stopped without ending and can still go on: "
            "run 'spacequiz host --resume' to continue it, or add --new to start a new "
            "game and give that one up",
            param_hint="'--resume' or '--new'",
        )
    events: list[dict[str, Any]] = []
    if resume:
        ignored = [
            name
            for name, value in (
                ("--bank", banks),
                ("--tag", tags),
                ("--difficulty", difficulties),
                ("--type", types),
                ("--seed", seed),
            )
            if value
        ]
        if ignored:
            env.make_console(stderr=True, styled=interactive).print(
                f"note: {', '.join(ignored)} left as the game began: a resumed game keeps "
                "its own questions.",
                style="warn",
                markup=False,
            )
        with cli.reporting(no_color):
            setup, events = _resumable(read_journal(journal_path), journal_path)
            try:
                banks = [Path(str(p)) for p in setup["banks"]] or None
                filters = Filters(
                    *(
                        tuple(map(str, setup["filters"][k]))
                        for k in ("tags", "difficulties", "types")
                    )
                )
                count, game_seed = int(setup["count"]), int(setup["seed"])
                code, bind, address = str(setup["code"]), str(setup["bind"]), setup["address"]
                timer, no_speed = float(setup["timer"] or 0.0), not setup["speed"]
                lock, max_players = bool(setup["lock"]), int(setup["max_players"])
                # The same address as before, so the pages and `join` find the host again.
                port = next(
                    (int(e["port"]) for e in reversed(events) if e.get("e") == "port"), port
                )
            except (KeyError, TypeError, ValueError, OverflowError) as error:
                raise SpacequizError(_damaged(journal_path, f"line 1: setup: {error}")) from None
            extra_time = []
    else:
        filters = cli.make_filters(tags, difficulties, types)
        game_seed = seed if seed is not None else random.randrange(1_000_000_000)
        code = f"{secrets.randbelow(1_000_000):06d}"
    with cli.reporting(no_color):
        bank = cli.load(banks, env=env)
        if resume and bank_fingerprint(bank) != setup["fingerprint"]:
            raise SpacequizError(
                "the bank has changed since the game began, so it cannot be resumed"
            )
        selection = select(bank, filters, count, random.Random(game_seed))
    game = LiveGame(
        selection.rounds,
        code=code,
        new_token=lambda: secrets.token_urlsafe(18),
        time_limit=timer or None,
        speed=not no_speed,
        max_players=max_players,
        locked=lock,
    )
    into = 0.0
    if resume:
        from spacequiz.live.journal import replay

        with cli.reporting(no_color):
            try:
                into = replay(game, events)
            except LiveError as damaged:
                raise SpacequizError(_damaged(journal_path, str(damaged))) from None
            if game.phase == "finished":
                raise SpacequizError(GAME_OVER)
    for name, factor in _checked_extra(extra_time):
        game.give_extra_time(name, factor)
    from spacequiz.ui.system import open_file_room

    room = open_file_room(max_players)
    if room < max_players:
        env.make_console(stderr=True, styled=interactive).print(
            f"warning: this system lets the host keep about {room} connections open, "
            f"so at most {room} players can join (raise the limit with `ulimit -n`).",
            style="warn",
            markup=False,
        )
        game.max_players = room
    from spacequiz.cli.live_history import LiveHistory
    from spacequiz.storage.history import now_iso
    from spacequiz.ui.safe import literal

    history = LiveHistory(
        bank,
        filters,
        game_seed,
        len(selection.rounds),
        lambda text: console.print(literal(text, "warn")),
        stamp=now_iso,
    )
    if resume:
        history.resume(game)
    interrupted = False
    wrapped = False

    def wrap_up(interrupted: bool) -> None:
        """Close the history and write the report, once: as soon as the last question is
        over (so closing the window on the podium loses nothing), or when the host stops."""
        nonlocal wrapped
        if wrapped:
            return
        wrapped = True
        # Played to the end: finished. Ended by the teacher (q, quit, SIGTERM) after at
        # least one question: finished early. Broken off with Ctrl-C: unfinished, kept.
        finished = not interrupted and game.phase == "finished" and game.played() == game.total
        early = not finished and not interrupted and game.played() > 0
        history.close(finished=finished, early=early)
        if report is not None and game.players:
            from spacequiz.formats.report import render_report
            from spacequiz.storage.files import save_report

            result = game.result(title=bank.title, seed=game_seed)
            save_report(report, render_report(result, report))

    try:
        with cli.reporting(no_color):
            journal = Journal(journal_path, fresh=not resume)
            if not resume:
                journal.append(
                    {
                        "e": "setup",
                        "v": 1,
                        "banks": [str(p.resolve()) for p in banks or []],
                        "fingerprint": bank_fingerprint(bank),
                        "filters": {
                            "tags": list(filters.tags),
                            "difficulties": list(filters.difficulties),
                            "types": list(filters.types),
                        },
                        "count": count,
                        "seed": game_seed,
                        "code": code,
                        "timer": timer or None,
                        "speed": not no_speed,
                        "lock": lock,
                        "bind": bind,
                        "port": port,
                        "address": address,
                        "max_players": max_players,
                    }
                )
                for name, factor in game.extra.items():
                    journal.append({"e": "extra", "name": name, "factor": factor})
            # The bank, the questions and the libraries live as long as the game: taking them
            # out of the collector's sight keeps its full passes short while answers arrive.
            gc.collect()
            gc.freeze()
            interrupted = asyncio.run(
                _serve(
                    env,
                    game,
                    bank.title,
                    history,
                    journal,
                    console,
                    interactive,
                    (bind, port, address),
                    auto,
                    into,
                    podium=podium,
                    wrap_up=lambda: wrap_up(False),
                )
            )
            journal.close()
    except typer.Exit:
        history.close(finished=False)
        raise
    except KeyboardInterrupt:
        interrupted = True
    if interrupted:  # in memory only, for the report: the journal keeps the game resumable
        game.finish()
    with cli.reporting(no_color):
        wrap_up(interrupted)
    _show_standings(console, game, podium)
    if report is not None and game.players:
        console.print(f"Report written to {report}", style="muted", markup=False)
    host_lock.close()
    if interrupted:
        raise typer.Exit(cli.EXIT_INTERRUPTED)


async def _serve(
    env: Env,
    game: LiveGame,
    title: str,
    history: LiveHistory,
    journal: Journal,
    console: Console,
    interactive: bool,
    where: tuple[str, int, str | None],
    auto: float | None,
    into: float,
    *,
    podium: int = 3,
    wrap_up: Callable[[], None] = lambda: None,
) -> bool:
    """Serve the game until it ends; True when the teacher broke off with Ctrl-C.

    A resumed game (`into` seconds into an open question) gives its players the time
    that was left when the host stopped.
    """
    bind, port, address = where
    from spacequiz.core.errors import SpacequizError
    from spacequiz.live.host import Lobby
    from spacequiz.live.server import LiveServer

    server = LiveServer(
        game, title=title, on_answer=history.record, on_record=journal.append, clock=env.clock
    )
    if game.phase == "question":
        game.opened_at = env.clock() - into
    elif game.phase == "reveal":
        server.last_reveal = game.reveal_of(game.index + 1)
    try:
        actual = await server.start(bind, port)
    except OSError as error:
        raise SpacequizError(f"cannot listen on {bind}:{port}: {error.strerror or error}") from None
    journal.append({"e": "port", "port": actual})
    hosts = [address] if address else _likely_addresses(bind)
    urls = [f"http://{_in_url(h)}:{actual}/?code={game.code}" for h in hosts]
    lobby = Lobby(title, urls, game.code, urls[0], game.total, locked=game.locked)
    try:
        if interactive:
            return await _screen(server, lobby, console, auto, env, podium=podium, wrap_up=wrap_up)
        return await _plain(server, lobby, console, auto, env)
    finally:
        await server.stop()


async def _plain(
    server: LiveServer,
    lobby: Lobby,
    console: Console,
    auto: float | None,
    env: Env,
) -> bool:
    from spacequiz.live.host import Host
    from spacequiz.live.views import PlainView

    host = Host(server, PlainView(console), lobby, auto=auto, clock=env.clock)
    server.on_event = host.on_event
    import asyncio
    import threading

    loop = asyncio.get_running_loop()

    def read() -> None:
        for line in env.stdin:
            loop.call_soon_threadsafe(host.commands.put_nowait, line)
        if auto is None:  # no more commands can come: end the game as `quit` would
            loop.call_soon_threadsafe(host.commands.put_nowait, "quit")

    threading.Thread(target=read, daemon=True, name="commands").start()
    _on_terminate(host)
    await host.run()
    return host.interrupted


async def _screen(
    server: LiveServer,
    lobby: Lobby,
    console: Console,
    auto: float | None,
    env: Env,
    *,
    podium: int = 3,
    wrap_up: Callable[[], None] = lambda: None,
) -> bool:
    from prompt_toolkit.input import create_input
    from prompt_toolkit.keys import Keys
    from rich.live import Live

    from spacequiz.live.host import Host
    from spacequiz.live.views import ScreenView

    keys = create_input(env.stdin)
    interrupted = False
    typing: list[str] | None = None  # a line the teacher is typing after k or e
    confirming = False  # q was pressed: the next key says whether the game ends
    typed_command = ""
    asks = {"kick": "kick whom? ", "extra": "extra time for NAME=FACTOR (e.g. Ann=2): "}
    with Live(console=console, screen=True, auto_refresh=False, transient=False) as live:
        view = ScreenView(console, live, server.game.time_limit, podium)
        host = Host(
            server,
            view,
            lobby,
            auto=auto,
            step_board=True,
            clock=env.clock,
            # Before the podium, since the window may be closed on it; Ctrl-C leaves the
            # game unfinished, which the caller records once the screen is put away.
            on_over=lambda: None if interrupted else wrap_up(),
        )
        server.on_event = host.on_event

        def pressed() -> None:
            nonlocal interrupted, typing, typed_command, confirming
            for press in keys.read_keys():
                key, data = press.key, press.data
                if confirming and key != Keys.ControlC:
                    confirming = False
                    if data in ("y", "Y"):
                        host.commands.put_nowait("quit")
                    else:
                        view.say("the game goes on")
                    continue
                if typing is not None:
                    if key in (Keys.Enter, Keys.ControlM, Keys.ControlJ) and not typing:
                        typing = None  # Enter on an empty line: nothing asked, nothing done
                        view.say("")
                        continue
                    if key in (Keys.Enter, Keys.ControlM, Keys.ControlJ):
                        line = "".join(typing)
                        if typed_command == "extra":
                            line = line.replace("=", " ")
                        host.commands.put_nowait(f"{typed_command} {line}")
                        typing = None
                    elif key == Keys.Escape:
                        typing = None
                        view.say("")
                    elif key in (Keys.Backspace, Keys.ControlH):
                        typing = typing[:-1]
                    elif len(data) == 1 and data.isprintable():
                        typing.append(data)
                    if typing is not None:
                        prompt = asks[typed_command]
                        view.say(f"{prompt}{''.join(typing)}▏ (Enter, or Esc to cancel)")
                    continue
                if key == Keys.ControlC:
                    interrupted = True
                    host.commands.put_nowait("stop")
                elif key in (Keys.Enter, Keys.ControlM, Keys.ControlJ, " "):
                    host.commands.put_nowait("start" if host.stage == "lobby" else "next")
                elif data == "r":
                    host.commands.put_nowait("reveal")
                elif data == "l":
                    host.commands.put_nowait("unlock" if lobby.locked else "lock")
                elif data in ("k", "e"):
                    typed_command, typing = ("kick" if data == "k" else "extra"), []
                    view.say(f"{asks[typed_command]}▏ (Enter, or Esc to cancel)")
                elif data == "q" and (server.game.players or host.stage != "lobby"):
                    # One stray key must not end a game for the whole class.
                    confirming = True
                    view.say("End the game for everyone? y: end it · any other key: go on")
                elif data == "q":
                    host.commands.put_nowait("quit")

        terminated = False

        def terminate() -> None:  # SIGTERM: the game ends as with `quit`, and so does the host
            nonlocal terminated
            terminated = True
            host.commands.put_nowait("quit")

        _on_signals(terminate, lambda: host.commands.put_nowait("stop"))
        with keys.raw_mode(), keys.attach(pressed):
            await host.run()
            if not (interrupted or terminated) and host.server.game.phase == "finished":
                await _finale(view, keys, PODIUM_STEP if auto is None else auto)
    return interrupted or host.interrupted


PODIUM_STEP = 3.0
"""Seconds before the podium shows its next place by itself, as in the classroom."""


async def _finale(view: ScreenView, keys: Input, step: float) -> None:
    """The podium place by place (the worst first), each on a key or after `step` seconds;
    then the final screen stays until a key is pressed (q leaves at once)."""
    import asyncio

    pressed = asyncio.Event()
    leave = False

    def on_key() -> None:
        nonlocal leave
        leave = leave or any(press.data == "q" for press in keys.read_keys())
        pressed.set()

    def stop() -> None:  # SIGTERM or SIGHUP (the window closed): nothing is left to keep
        nonlocal leave
        leave = True
        pressed.set()

    _on_signals(stop)
    with keys.attach(on_key):
        while not leave and view.next_place():
            try:
                await asyncio.wait_for(pressed.wait(), timeout=step)
            except TimeoutError:
                pass
            pressed.clear()
        if not leave:
            view.say("press any key to leave")
            await pressed.wait()


def _on_terminate(host: Host) -> None:
    """SIGTERM ends the game as `quit` does; SIGHUP (the terminal closed) breaks it off as
    Ctrl-C does, so it can be resumed. Either way the report is written."""
    _on_signals(lambda: host.commands.put_nowait("quit"), lambda: host.commands.put_nowait("stop"))


def _on_signals(on_term: Callable[[], None], on_hup: Callable[[], None] | None = None) -> None:
    """Handlers for SIGTERM and SIGHUP (`on_term` for both when no `on_hup`), where the
    system and its event loop have them."""
    import asyncio
    import signal

    loop = asyncio.get_running_loop()
    for name, handler in (("SIGTERM", on_term), ("SIGHUP", on_hup or on_term)):
        number = getattr(signal, name, None)
        if number is None:
            continue
        try:
            loop.add_signal_handler(number, handler)
        except (NotImplementedError, RuntimeError):  # Windows event loops have none
            pass


def _likely_addresses(bind: str) -> list[str]:
    """The addresses of this computer that a phone on the same network may reach."""
    import socket

    if bind not in ("0.0.0.0", "::", ""):
        return [bind]
    found: list[str] = []
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except OSError:
        infos = []
    for info in infos:
        ip = str(info[4][0])
        if not ip.startswith("127.") and ip not in found:
            found.append(ip)
    # Private ranges first: those are the classroom's Wi-Fi; a VPN or container is less likely.
    found.sort(key=lambda ip: not ip.startswith(("192.168.", "10.", "172.")))
    return found or ["127.0.0.1"]


def _in_url(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _hold_host_lock(journal: Path) -> Any:
    """The lock that keeps a second host off this data folder's journal, held open."""
    from spacequiz.core.errors import SpacequizError
    from spacequiz.ui.system import hold_lock

    try:
        journal.parent.mkdir(parents=True, exist_ok=True)
        held = hold_lock(journal.with_suffix(".lock"))
    except OSError as error:
        raise SpacequizError(f"cannot lock {journal.parent}: {error.strerror}") from None
    if held is None:
        raise SpacequizError(
            f"another 'spacequiz host' is running with the data folder {journal.parent}: "
            "stop it first, or give this one a folder of its own with SPACEQUIZ_HOME"
        )
    return held


def _waiting_game(events: list[dict[str, Any]]) -> str:
    """How the journal's game is described when it stopped with players and no end; ''
    when there is nothing to lose by starting anew."""
    if not events or events[0].get("e") != "setup" or any(e.get("e") == "end" for e in events):
        return ""
    players = {e.get("name") for e in events if e.get("e") == "join"}
    answers = sum(1 for e in events if e.get("e") == "answer")
    if not players:
        return ""
    return (
        f"code {events[0].get('code')}, {len(players)} player{'s' if len(players) != 1 else ''}, "
        f"{answers} answer{'s' if answers != 1 else ''}"
    )


def _damaged(journal: Path, where: str) -> str:
    return (
        f"the live game's journal {journal} is damaged ({where}), so the game cannot be "
        "resumed; 'spacequiz host --new' starts a new one"
    )


def _resumable(
    events: list[dict[str, Any]], journal: Path
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The setup and the events of the last live game, if it can go on."""
    from spacequiz.core.errors import SpacequizError

    if not events and journal.is_file() and journal.stat().st_size:
        raise SpacequizError(_damaged(journal, "line 1 is no game's setup"))
    if not events or events[0].get("e") != "setup" or events[0].get("v") != 1:
        raise SpacequizError("there is no live game to resume")
    if any(e.get("e") == "end" for e in events):
        raise SpacequizError(GAME_OVER)
    return events[0], events[1:]


def _valid_extra(values: list[str] | None) -> list[str] | None:
    """The option's callback: refuse a bad pair before anything starts, keep the text."""
    _checked_extra(values)
    return values


def _checked_extra(values: list[str] | None) -> list[tuple[str, float]]:
    """NAME=FACTOR pairs; a bad one is a usage error (exit 2) before anything starts."""
    import math

    pairs: list[tuple[str, float]] = []
    for value in values or []:
        name, sep, number = value.rpartition("=")
        try:
            factor = float(number)
        except ValueError:
            factor = math.nan
        if not sep or not name.strip() or not 1.0 <= factor <= 3.0:
            raise typer.BadParameter(f"write NAME=FACTOR with a factor from 1 to 3, not {value!r}")
        pairs.append((name.strip(), factor))
    return pairs


def _show_standings(console: Console, game: LiveGame, podium: int) -> None:
    """The standings once, for the scrollback."""
    from spacequiz.ui.safe import literal

    standings = game.standings()
    if not standings:
        console.print("Nobody joined.", style="muted")
        return
    players = f"{len(standings)} player{'s' if len(standings) != 1 else ''}"
    console.print(f"Final standings ({players}):", style="accent")
    for s in standings[: max(podium, 10)]:
        console.print(literal(f"  {s.rank}. {s.team}  {s.score}"))
