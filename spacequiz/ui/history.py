"""Screens for the history commands: high scores, past games, question stats, review due.

Takes rows from `storage` and memories from `review`; returns nothing but what it prints.
Player names and bank titles are outside text, so they go through `literal`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

from spacequiz.ui.safe import literal

if TYPE_CHECKING:  # only types: the scores and history commands need not load fsrs
    from spacequiz.core.items import ItemStats, QuestionKey
    from spacequiz.core.records import SessionRow
    from spacequiz.core.schedule import Memory

SPARKS = "▁▂▃▄▅▆▇█"
SPARK_WIDTH = 40


def sparkline(values: Sequence[float], width: int = SPARK_WIDTH) -> str:
    """The last `width` values as a row of block characters, lowest to highest."""
    values = list(values)[-width:]
    if not values:
        return ""
    low, high = min(values), max(values)
    span = high - low
    top = len(SPARKS) - 1
    return "".join(SPARKS[round((v - low) / span * top) if span else top // 2] for v in values)


def day(stamp: str) -> str:
    """An ISO time stamp as 'YYYY-MM-DD HH:MM' in local time."""
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp


def from_now(when: datetime, now: datetime) -> str:
    """A due time in words: 'now', 'in 10 minutes', 'in 3 days'."""
    seconds = (when - now).total_seconds()
    if seconds <= 0:
        return "now"
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds >= size:
            count = round(seconds / size)
            return f"in {count} {unit}{'s' if count != 1 else ''}"
    return "in under a minute"


NAMES_MATCH = "names match whatever their case or spacing"


def show_where(console: Console, path: str, exists: bool) -> None:
    console.print(literal(path))
    if not exists:
        console.print("(No games recorded yet: it is created by the first game.)", style="muted")


def show_scores(console: Console, rows: Sequence[SessionRow], filtered: str = "") -> None:
    if not rows:
        if filtered:
            console.print(literal(f"No finished games for {filtered} ({NAMES_MATCH})."))
        else:
            console.print("No finished games yet: play one with 'spacequiz play'.")
        return
    table = Table(title="High scores", title_style="accent", header_style="bold")
    table.add_column("#", justify="right")
    table.add_column("Player")
    table.add_column("Score", justify="right")
    table.add_column("Right", justify="right")
    table.add_column("Bank")
    table.add_column("When")
    for place, row in enumerate(rows, start=1):
        table.add_row(
            str(place),
            literal(row.player, "bold"),
            str(row.score),
            f"{row.correct}/{row.answered} ({row.accuracy:.0%})",
            literal(row.bank_title),
            day(row.started_at),
        )
    console.print(table)


def show_history(
    console: Console,
    rows: Sequence[SessionRow],
    series: dict[str, list[int]],
    shown_of: int,
    filtered: str = "",
) -> None:
    """Past games (the last few, oldest first) and each player's scores as a sparkline."""
    if not rows:
        if filtered:
            console.print(literal(f"No games recorded for {filtered} ({NAMES_MATCH})."))
        else:
            console.print("No games recorded yet: play one with 'spacequiz play'.")
        return
    title = "Games" if shown_of <= len(rows) else f"The last {len(rows)} of {shown_of} games"
    table = Table(title=title, title_style="accent", header_style="bold")
    table.add_column("When")
    table.add_column("Player")
    table.add_column("Bank")
    table.add_column("Score", justify="right")
    table.add_column("Accuracy", justify="right")
    table.add_column("Status")
    for row in rows:
        status = "finished" if row.finished else "unfinished"
        if row.ended_early:
            status = "finished early"
        if row.mode != "play":
            status += f" ({row.mode})"
        table.add_row(
            day(row.started_at),
            who(row),
            literal(row.bank_title),
            str(row.score),
            f"{row.correct}/{row.answered} ({row.accuracy:.0%})",
            Text(status, style="muted" if row.finished else "warn"),
        )
    console.print(table)
    if not series:
        return
    console.print(Text("Scores over time (finished games)", style="accent"))
    width = max(len(name) for name in series)
    for name, scores in series.items():
        spark = sparkline(scores)
        games = "game" if len(scores) == 1 else "games"
        note = f"  {len(scores)} {games}, best {max(scores)}, last {scores[-1]}"
        console.print(
            Text.assemble(
                literal(name.ljust(width), "bold"), "  ", (spark, "right"), (note, "muted")
            )
        )


def who(row: SessionRow) -> Text:
    """The player; in a game played together, the winner (or those tied) and how many played."""
    if not row.shared:
        return literal(row.player, "bold")
    names = row.winners or (row.player,)
    count = len(row.participants)
    kind = row.participants[0].kind if row.participants else "player"
    many = f"{count} {kind}{'s' if count != 1 else ''}"
    verb = "tied" if len(names) > 1 else "won"
    return Text.assemble(
        literal(", ".join(names), "bold"), (f" {verb} · {many}" if count else many, "muted")
    )


def show_stats(
    console: Console,
    stats: Sequence[ItemStats[QuestionKey]],
    top: int,
    filtered: str = "",
    *,
    game: str = "",
    reading: str = "",
) -> None:
    """Each question as played, most missed first: the share right, whether it separates
    strong from weak players, the wrong choices picked, the time; then what stands out.

    Args:
        game: for one game, its title: the questions are in the order asked.
        reading: for one game, its reliability and weak questions in a line.
    """
    from spacequiz.core.items import MIN_PLAYERS, WEAK_DISCRIMINATION

    if game:
        console.print(literal(game, "accent"))
    if not stats:
        if game:
            console.print("No answers recorded in this game.")
        elif filtered:
            console.print(literal(f"No answers recorded for {filtered} (names match exactly)."))
        else:
            console.print("No answers recorded yet.")
        return
    asked = sum(s.asked for s in stats)
    shown = stats[:top]
    banks = {s.item.bank for s in stats}
    versions: dict[tuple[str, str], int] = {}
    for row in stats:
        pair = (row.item.bank, row.item.question_id)
        versions[pair] = versions.get(pair, 0) + 1
    order = "in the order asked" if game else "by how often they are missed"
    table = Table(
        title=f"Questions {order} ({len(shown)} of {len(stats)})",
        title_style="accent",
        header_style="bold",
        leading=1,  # a question takes several lines: a blank one keeps them apart
        expand=True,
    )
    table.add_column("Question", ratio=3, min_width=12, overflow="fold")
    table.add_column("Asked", justify="right")
    bars = console.width >= 72  # on a narrow screen the share alone
    table.add_column("Right", min_width=9 if bars else 4)
    table.add_column("Discr.", justify="right")
    table.add_column("Wrong choices picked", ratio=2, min_width=8, overflow="fold")
    table.add_column("Time", justify="right")
    for item in shown:
        key = item.item
        question = Text.assemble(literal(key.question_id, "bold"))
        if versions[(key.bank, key.question_id)] > 1:
            question.append_text(literal(f" {_version(key.version)}", "muted"))
        if item.text is not None:
            question.append("\n")
            question.append_text(literal(item.text.prompt, "muted"))
        if len(banks) > 1:
            question.append("\n")
            question.append_text(literal(key.bank, "muted"))
        filled = round(item.facility * 5) if bars else 0
        spread = item.discrimination
        table.add_row(
            question,
            str(item.asked),
            Text.assemble(
                ("█" * filled, "right"),
                ("░" * (5 - filled) + " " if bars else "", "muted"),
                f"{item.facility:.0%}",
            ),
            Text("—", "muted")
            if spread is None
            else Text(f"{spread:.2f}", "warn" if spread < WEAK_DISCRIMINATION else ""),
            _distractors(item),
            f"{item.seconds:.1f} s",
        )
    console.print(table)
    for row in shown:
        where = f" ({row.item.bank})" if len(banks) > 1 else ""
        for note in row.notes():
            console.print(
                Text.assemble(
                    "• ", literal(row.item.question_id, "bold"), literal(f"{where}: {note}")
                )
            )
    if reading:
        console.print(literal(reading, "accent"))
    console.print(
        f"{asked} answers to {len(stats)} questions. Right: the average mark. Discr.: "
        "discrimination, the point-biserial correlation of a question with the rest of each "
        f"player's score; under {WEAK_DISCRIMINATION} it does not separate strong from weak "
        f"players; — below {MIN_PLAYERS} players.",
        style="muted",
    )


def _version(version: str | None) -> str:
    """Which version of a question a row is: its hash, shortened, or 'earlier' for answers
    from before versions were kept."""
    return f"v{version[:6]}" if version else "(earlier answers)"


def _distractors(stats: ItemStats[QuestionKey]) -> Text:
    """Each wrong choice and how often it was picked, one a line; with enough players, a
    choice nobody picked is a warning."""
    from spacequiz.core.items import MIN_PLAYERS

    if stats.distractors is None:
        typed = stats.text is not None and stats.text.choices is None
        return Text("typed answers" if typed else "—", "muted")
    if not stats.distractors:
        return Text("none: every choice is right", "muted")
    parts = Text()
    for n, (choice, count) in enumerate(stats.distractors):
        if n:
            parts.append("\n")  # one a line: a choice never parts from its count
        parts.append_text(literal(choice))
        wasted = count == 0 and stats.players >= MIN_PLAYERS
        parts.append(f" {count}", "warn" if wasted else "bold")
    return parts


def show_due(
    console: Console,
    player: str,
    due: Sequence[Memory],
    upcoming: Sequence[Memory],
    unseen: int,
    now: datetime,
) -> None:
    """How many questions are due for a player, and when the next ones fall due."""
    count = len(due)
    words = f"{count} question{'s' if count != 1 else ''} due"
    console.print(Text.assemble((words, "accent"), " for ", literal(player, "bold"), "."))
    if upcoming:
        first = upcoming[0].due
        soon = [m for m in upcoming if (m.due - first).total_seconds() < 3600]
        console.print(
            f"Next: {len(soon)} more due {from_now(first, now)}"
            f" ({day(first.isoformat())}); {len(upcoming)} scheduled in all.",
            style="muted",
        )
    if unseen:
        console.print(
            f"{unseen} question{'s' if unseen != 1 else ''} never played yet"
            " (add them with --new N).",
            style="muted",
        )
