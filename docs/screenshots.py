"""Draw the README's screenshots from the real screens, as SVG: python docs/screenshots.py.

Each picture is the game's own drawing code printed to a recording Rich console with a fixed
size, seed and clock, so the same code always gives the same files; tests/test_screenshots.py
regenerates them and fails when one is missing or stale.
"""

from __future__ import annotations

import io
import random
import sys
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.live import Live

from spacequiz.bank.load import load_banks
from spacequiz.core.classroom import Classroom
from spacequiz.core.engine import Filters, Round, Session, select
from spacequiz.core.model import ChoiceQuestion
from spacequiz.live.host import Lobby
from spacequiz.live.views import ScreenView
from spacequiz.ui.classroom import screen
from spacequiz.ui.classroom_control import Clock, Controller, Pacing, labels
from spacequiz.ui.console import THEME
from spacequiz.ui.screens import show_feedback, show_question, show_summary, show_title

HERE = Path(__file__).resolve().parent / "screens"
WIDTH = 88
TEAMS = ["Red", "Blue", "Green"]


def console(width: int = WIDTH, height: int = 30) -> Console:
    """A recording console of a fixed size, as a colour terminal would draw it."""
    return Console(
        record=True,
        width=width,
        height=height,
        theme=THEME,
        color_system="truecolor",
        force_terminal=True,
        highlight=False,
        emoji=False,
        file=io.StringIO(),  # recorded, not shown
    )


def rounds(count: int, seed: int) -> tuple[Round, ...]:
    """Choice questions from the shipped bank, in a fixed order."""
    bank = load_banks()
    return select(bank, Filters(types=("choice",)), count, random.Random(seed)).rounds


def right(round_: Round) -> str:
    assert isinstance(round_.question, ChoiceQuestion)
    return round_.question.answer


def wrong(round_: Round) -> str:
    return next(o for o in round_.options if o != right(round_))


def play(shown: str) -> Console:
    """A solo game at a terminal: the question, a result, or the summary."""
    out = console()
    game = rounds(3, seed=5)
    bank = load_banks()
    selection = select(bank, Filters(types=("choice",)), 3, random.Random(5))
    session = Session()
    if shown == "question":
        show_title(out, bank.title, selection, False, "")
        show_question(out, game[0], False)
        return out
    for n, round_ in enumerate(game):
        outcome = session.answer(round_.question, wrong(round_) if n == 1 else right(round_))
        if shown == "result" and n == 0:
            show_question(out, round_, False)
            show_feedback(out, round_, outcome, session.score, False)
            return out
    show_summary(out, session.result(title=bank.title, seed=5, planned=3, finished=True), False)
    return out


def classroom(shown: str) -> Console:
    """The projector in a classroom game: a question with the clock, or the podium."""
    out = console(100, 30)
    game = Classroom(TEAMS, rounds(2, seed=2), style="buzz")
    now = [0.0]
    controller = Controller(
        game, Clock(now=lambda: now[0]), Pacing.show(preview=None, talk=0, podium=3), "Space"
    )
    for key in ("\r", "\r", "\r"):  # the lobby, 3-2-1, the question read aloud
        controller.command(key)
        now[0] += 1
    if shown == "podium":
        for rights in ({"Red", "Blue"}, {"Red"}):  # Red first, then Blue, then Green
            round_ = game.round
            letter = {o: labels(round_)[i] for i, o in enumerate(round_.options)}
            picks = [letter[right(round_) if t in rights else wrong(round_)] for t in TEAMS]
            controller.enter_answer(" ".join(f"{t}={p}" for t, p in zip(TEAMS, picks, strict=True)))
            for key in ("r", "\r", "\r", "\r", "\r"):
                controller.command(key)
        while not controller.finale_done():
            controller.command("\r")
    out.print(screen(controller, None, 100, 30))
    return out


def lobby() -> Console:
    """The live lobby on the projector: where to join, the code, the QR code, who joined."""
    out = console(100, 30)
    live = Live(console=out, auto_refresh=False, transient=False)
    view = ScreenView(out, live, time_limit=20)
    url = "http://192.168.1.20:8765/"
    names = ["Ann", "Bo", "Cy", "Dana", "Eli"]
    view.lobby(
        Lobby("The first film shot in space", [url], "482913", f"{url}?code=482913", 5, names)
    )
    out.print(view.body)
    return out


SCREENS: dict[str, Callable[[], Console]] = {
    "question": lambda: play("question"),
    "result": lambda: play("result"),
    "summary": lambda: play("summary"),
    "classroom-question": lambda: classroom("question"),
    "classroom-podium": lambda: classroom("podium"),
    "live-lobby": lobby,
}


def render(name: str) -> str:
    """One screenshot as SVG text."""
    out = SCREENS[name]()
    return out.export_svg(title=f"spacequiz: {name.replace('-', ' ')}")


def write(folder: Path = HERE) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in SCREENS:
        path = folder / f"{name}.svg"
        path.write_text(render(name), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE):
        print(path)
