"""Reports of a classroom game for the teacher: CSV for spreadsheets, JSON, one HTML page.

Pure text builders; storage/files writes them. Team names and bank text come from outside, so
the CSV neutralises spreadsheet formulas and the HTML escapes every piece of text. The JSON
and the HTML add an item analysis of the game (core/items): the CSV stays one row per answer.
"""

from __future__ import annotations

import datetime as dt
import html
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from spacequiz.core.classroom import ClassroomResult, QuestionInfo, TeamAnswer
from spacequiz.core.errors import ReportError
from spacequiz.core.items import (
    MIN_PLAYERS,
    WEAK_DISCRIMINATION,
    ItemStats,
    Reliability,
    analyse,
    game_reading,
    reliability,
)
from spacequiz.core.text import json_text, strip_controls
from spacequiz.formats.table import Cell, csv_text

CSV_COLUMNS = (
    "team",
    "question_number",
    "question_id",
    "question",
    "answer_given",
    "right_answer",
    "correct",
    "points",
    "seconds",
    "passed",
)
"""A classroom report's columns; a live game's first column is `player` instead."""
SUFFIXES = (".csv", ".json", ".html", ".htm")


# CSV -------------------------------------------------------------------------------------


def _played(result: ClassroomResult) -> list[QuestionInfo]:
    """The questions put to the class: not skipped, and not left when the game ended."""
    left_out = set(result.skipped) | set(result.unplayed)
    return [q for q in result.questions if q.number not in left_out]


def _final_answers(result: ClassroomResult) -> dict[tuple[str, int], TeamAnswer]:
    """Each team's answer per question (a team answers a question at most once)."""
    return {(a.team, a.round): a for a in result.answers}


def report_csv(result: ClassroomResult) -> str:
    """One row per team and played question, answered or not; CRLF line ends for spreadsheets."""
    answers = _final_answers(result)
    rows: list[list[Cell]] = []
    for team in result.teams:
        for question in _played(result):
            answer = answers.get((team, question.number))
            rows.append(
                [
                    team,
                    question.number,
                    question.id,
                    question.prompt,
                    answer.given if answer else "",
                    question.answer,
                    # Empty, not false, where the team never answered (not its turn,
                    # or the game ended first): nobody got that one wrong.
                    ("true" if answer.correct else "false") if answer else "",
                    answer.points if answer else 0,
                    answer.seconds if answer else "",
                    "true" if answer and answer.passed else "false",
                ]
            )
    # A typed number such as -12 stays a number.
    columns = CSV_COLUMNS
    if result.participant == "player":
        columns = ("player", *CSV_COLUMNS[1:])
    return csv_text(columns, rows, line_end="\r\n", numbers_are_data=True)


# Item analysis ---------------------------------------------------------------------------


def _analysis(result: ClassroomResult) -> tuple[list[ItemStats[int]], Reliability, str]:
    """Each played question's statistics in game order, the game's reliability, and the
    game in one line ('... Question 4 does not separate strong from weak players.')."""
    marks = result.marks()
    stats = sorted(analyse(marks, result.item_texts()), key=lambda s: s.item)
    found = reliability(marks)
    who = _who(result, plural=True).lower()
    return stats, found, game_reading(found, stats, lambda n: f"question {n}", who)


def _analysis_dict(result: ClassroomResult) -> dict[str, Any]:
    """The analysis for the JSON report: every played question has every key, null where
    there is nothing to compute it from."""
    stats, found, reading = _analysis(result)
    by_number = {s.item: s for s in stats}
    questions = []
    for q in _played(result):
        row: dict[str, Any] = {"number": q.number, "question_id": q.id, "prompt": q.prompt}
        item = by_number.get(q.number)
        if item is None:  # nobody answered it
            row |= {"asked": 0, "right": 0, "facility": None, "discrimination": None}
            row |= {"distractors": None, "average_seconds": None, "reading": None}
        else:
            spread = item.discrimination
            row |= {
                "asked": item.asked,
                "right": item.right,
                "facility": round(item.facility, 4),
                "discrimination": None if spread is None else round(spread, 4),
                "distractors": None if item.distractors is None else dict(item.distractors),
                "average_seconds": round(item.seconds, 2),
                "reading": "; ".join(item.notes(_who(result, plural=True).lower())) or None,
            }
        questions.append(row)
    return {
        "min_players": MIN_PLAYERS,
        "discrimination": "point-biserial: each mark against the share of the other marks",
        "reliability": found.as_dict(),
        "reading": reading,
        "questions": questions,
    }


# JSON ------------------------------------------------------------------------------------


def report_json(result: ClassroomResult) -> str:
    """The game as `ClassroomResult.as_dict()` has it, with its item analysis."""
    data = {**result.as_dict(), "analysis": _analysis_dict(result)}
    return json_text(data) + "\n"


# HTML ------------------------------------------------------------------------------------

_STYLE = """
:root { color-scheme: light; --accent: #1f6feb; --good: #2da44e; --bad: #cf222e;
  --part: #9a6700; --muted: #57606a; --line: #d0d7de; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial,
  sans-serif; color: #1f2328; background: #f6f8fa; }
main { max-width: 960px; margin: 0 auto; padding: 24px 16px 48px; }
@media (min-width: 1280px) { main { max-width: 1200px; } }  /* room for the answer table */
h1 { margin: 0 0 4px; font-size: 1.9rem; }
h2 { margin: 32px 0 12px; font-size: 1.3rem; }
.meta { margin: 0 0 20px; color: var(--muted); }
#leaderboard { background: #1f6feb; color: #fff; border-radius: 12px; padding: 20px 24px 24px;
  box-shadow: 0 2px 8px rgb(0 0 0 / 15%); }
#leaderboard h2 { margin: 0 0 16px; color: #fff; }
.podium { display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-end;
  justify-content: center; margin: 0 0 20px; padding: 0; list-style: none; }
/* A name never breaks inside a word: a step is at least as wide as its longest word, and
   steps that do not fit go on a second row. */
.podium li { flex: 1 1 0; min-width: min-content; max-width: 220px; text-align: center;
  border-radius: 10px 10px 0 0; background: rgb(255 255 255 / 18%); padding: 12px 8px; }
.podium .p1 { order: 2; min-height: 150px; background: #ffd33d; color: #1f2328; }
.podium .p2 { order: 1; min-height: 120px; }
.podium .p3 { order: 3; min-height: 100px; background: #d4a373; color: #1f2328; }
.podium .place { display: block; font-size: 2rem; font-weight: 700; }
.podium .team { display: block; font-weight: 600; }
.podium .score { display: block; font-size: 1.2rem; }
table { width: 100%; border-collapse: collapse; background: #fff; }
th, td { padding: 6px 10px; border-bottom: 1px solid var(--line); text-align: left;
  vertical-align: top; }
th { background: #eaeef2; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
#leaderboard table { background: transparent; color: #fff; }
#leaderboard th { background: rgb(0 0 0 / 18%); color: #fff; }
#leaderboard td, #leaderboard th { border-bottom-color: rgb(255 255 255 / 30%); }
.questions { list-style: none; margin: 0; padding: 0; }
.questions li { background: #fff; border: 1px solid var(--line); border-radius: 8px;
  padding: 10px 14px; margin: 0 0 10px; break-inside: avoid; }
.prompt { font-weight: 600; white-space: pre-line; }  /* keep a prompt's own lines */
.answer { color: var(--muted); }
.bar { height: 14px; background: #eaeef2; border-radius: 7px; overflow: hidden; margin: 6px 0 2px; }
.bar span { display: block; height: 100%; background: var(--good); }
.right { color: var(--good); font-weight: 600; }
.wrong { color: var(--bad); }
.partial { color: var(--part); }
.none { color: var(--muted); font-style: italic; }
.skipped { color: var(--muted); }
.verdict { margin-top: 4px; }
/* Every answer: a column per question. Words wrap whole; when the columns do not fit, the
   table scrolls sideways in its box, the names staying in view. */
.scroll { overflow-x: auto; }
table.answers { width: auto; min-width: 100%; }
table.answers td { min-width: 4em; }
table.answers .given { min-width: 6.5em; }
table.answers .team { position: sticky; left: 0; background: #fff; min-width: 5em;
  box-shadow: inset -1px 0 var(--line); }
table.answers .score { position: sticky; right: 0; background: #fff;
  box-shadow: inset 1px 0 var(--line); }
table.answers th.team, table.answers th.score { background: #eaeef2; }
@media (max-width: 600px) {  /* a phone: each team a card of the questions it answered */
  table.answers, table.answers tbody, table.answers tr, table.answers td { display: block;
    min-width: 0; }
  table.answers thead, table.answers td.none { display: none; }
  table.answers tr { padding: 6px 0; border-bottom: 1px solid var(--line); }
  table.answers td { position: static; border: 0; padding: 2px 12px; text-align: left;
    box-shadow: none; }
  table.answers td.team { font-weight: 700; font-size: 1.1rem; }
  table.answers td::before { content: attr(data-label) ": "; color: var(--muted);
    font-weight: 600; }
  table.answers td.team::before { content: none; }
  table.answers .given { display: inline; }
  /* the analysis too: a card per question */
  table.analysis, table.analysis tbody, table.analysis tr, table.analysis td { display: block; }
  table.analysis thead, table.analysis td:empty { display: none; }
  table.analysis tr { padding: 6px 0; border-bottom: 1px solid var(--line); }
  table.analysis td { border: 0; padding: 2px 12px; text-align: left; }
  table.analysis td::before { content: attr(data-label) ": "; color: var(--muted);
    font-weight: 600; }
}
.reading { margin: 0 0 12px; }
.note { color: var(--muted); font-size: .9rem; }
table.analysis .weak { color: var(--bad); font-weight: 600; }
footer { margin-top: 32px; color: var(--muted); font-size: .85rem; }
@media print {
  body { background: #fff; font-size: 11pt; }
  main { max-width: none; padding: 0; }
  #leaderboard { box-shadow: none; print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  .bar, .bar span { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  h2 { break-after: avoid; }
  tr, .questions li { break-inside: avoid; }
}
"""


def _e(text: object) -> str:
    """Text for the page: escaped, and without the control and bidi characters that a browser
    would show as boxes or use to reorder the text."""
    return html.escape(strip_controls(str(text)), quote=True)


def _tag(name: str, body: str, cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return f"<{name}{attr}>{body}</{name}>"


def _rows(rows: Iterable[Iterable[tuple[str, str]]]) -> str:
    """Table rows from (class, escaped html) cells."""
    return "\n".join(
        "<tr>" + "".join(_tag("td", body, cls) for cls, body in row) + "</tr>" for row in rows
    )


def _leaderboard(result: ClassroomResult) -> str:
    podium = "\n".join(
        f'<li class="p{s.rank}"><span class="place">{_e(s.rank)}</span>'
        f'<span class="team">{_e(s.team)}</span><span class="score">{_e(s.score)} pts</span></li>'
        for s in result.standings
        if s.rank <= 3
    )
    rows = _rows(
        [("num", _e(s.rank)), ("team", _e(s.team)), ("num score", _e(s.score))]
        for s in result.standings
    )
    return (
        '<section id="leaderboard" aria-labelledby="leaderboard-title">\n'
        '<h2 id="leaderboard-title">Leaderboard</h2>\n'
        f'<ol class="podium" aria-hidden="true">\n{podium}\n</ol>\n'
        f'<table><thead><tr><th class="num">Rank</th><th>{_who(result)}</th>'
        '<th class="num">Score</th></tr></thead>\n'
        f"<tbody>\n{rows}\n</tbody></table>\n</section>"
    )


def _who(result: ClassroomResult, plural: bool = False) -> str:
    """What the class is made of: 'Team' or 'Player' (or their plurals)."""
    word = "Player" if result.participant == "player" else "Team"
    return word + "s" if plural else word


def _mark(answer: TeamAnswer) -> tuple[str, str]:
    """The class and the sign of an answer: right, partly right (with the share), wrong."""
    if answer.correct:
        return "right", "✔"
    if answer.credit > 0:
        return "partial", f"◐ {answer.credit:.0%}"
    return "wrong", "✘"


def _verdict(answer: TeamAnswer | None) -> str:
    """An answer in words, as escaped html: '✔ right', '◐ 50% right', '✘ time ran out'."""
    if answer is None:
        return '<span class="none">no answer</span>'
    cls, sign = _mark(answer)
    if cls != "wrong":
        return f'<span class="{cls}">{sign} right</span>'
    return f'<span class="wrong">{sign} {"time ran out" if answer.timed_out else "wrong"}</span>'


def _turns(result: ClassroomResult, question: QuestionInfo) -> str:
    """Turns style: the team asked and its verdict, then the team it was passed to, if any."""
    given = [a for a in result.answers if a.round == question.number]
    first = next((a for a in given if not a.passed), None)
    asked = first.team if first else question.asked
    parts = [f"Asked {_e(asked)}: {_verdict(first)}"]
    parts += [f"passed to {_e(a.team)}: {_verdict(a)}" for a in given if a.passed]
    return f'<div class="verdict">{"; ".join(parts)}</div>'


def _joined_later(result: ClassroomResult, team: str, number: int) -> bool:
    """Whether a live player joined after question `number` was asked: it was not theirs."""
    return any(name == team and number < first for name, first in result.joined)


def _everyone(result: ClassroomResult, question: QuestionInfo) -> str:
    """Every team (or player) answered: how many were right, as a bar and in words."""
    given = [a for a in result.answers if a.round == question.number]
    right = sum(1 for a in given if a.correct)
    partly = sum(1 for a in given if not a.correct and a.credit > 0)
    count = len(result.teams) - sum(question.number < first for _, first in result.joined)
    who = _who(result, plural=count != 1).lower()
    share = round(100 * right / count) if count else 0
    words = f"{right} of {count} {who} right"
    if partly:
        words += f", {partly} partly (◐)"
    return (
        f'<div class="bar" role="img" aria-label="{_e(words)}">'
        f'<span style="width:{share}%"></span></div><div>{_e(words)}</div>'
    )


def _question_chart(result: ClassroomResult) -> str:
    items = []
    for q in result.questions:
        head = f'<div class="prompt">{_e(q.number)}. {_e(q.prompt)}</div>'
        if q.number in result.skipped:
            items.append(f'<li>{head}<div class="skipped">Skipped: not scored.</div></li>')
            continue
        if q.number in result.unplayed:
            items.append(
                f'<li>{head}<div class="skipped">Not played: the game ended first.</div></li>'
            )
            continue
        body = _turns(result, q) if result.style == "turns" else _everyone(result, q)
        items.append(f'<li>{head}<div class="answer">Right answer: {_e(q.answer)}</div>{body}</li>')
    return '<ol class="questions">\n' + "\n".join(items) + "\n</ol>"


def _answer_table(result: ClassroomResult) -> str:
    """A row per team (or player), a column per question played; on a phone, a card each."""
    answers = _final_answers(result)
    played = _played(result)
    head = (
        "".join(f'<th title="{_e(q.prompt)}">Q{_e(q.number)}</th>' for q in played)
        + '<th class="num score">Score</th>'
    )
    scores = {s.team: s.score for s in result.standings}
    rows = []
    for team in result.teams:
        cells = [f'<td class="team">{_e(team)}</td>']
        for q in played:
            a = answers.get((team, q.number))
            label = f'data-label="Q{_e(q.number)}"'
            if a is None:
                later = _joined_later(result, team, q.number)
                cells.append(f'<td class="none" {label}>{"joined later" if later else "—"}</td>')
                continue
            cls, sign = _mark(a)
            given = "time ran out" if a.timed_out else _e(a.given)
            extra = " (passed)" if a.passed else ""
            share = f" · {a.credit:.0%}" if cls == "partial" else ""
            cells.append(
                f'<td class="{cls}" {label}><div class="given">{sign[0]} {given}{extra}</div>'
                f"<div>{_e(a.points)} pts{share}</div></td>"
            )
        cells.append(f'<td class="num score" data-label="Score">{_e(scores.get(team, 0))}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    body = "\n".join(rows)
    return (
        '<div class="scroll"><table class="answers">'
        f'<thead><tr><th class="team">{_who(result)}</th>{head}</tr></thead>\n'
        f"<tbody>\n{body}\n</tbody></table></div>"
    )


def _item_analysis(result: ClassroomResult) -> str:
    """The game as a test: its reliability in a line, then a row per question played."""
    who = _who(result, plural=True).lower()
    if result.style == "turns":
        return (
            f'<p class="reading">In turns style each question goes to one {_who(result).lower()},'
            f" so there is nothing to compare: play in buzz style, where all {who} answer"
            " every question, for an analysis of the questions.</p>"
        )
    stats, _, reading = _analysis(result)
    by_number = {s.item: s for s in stats}
    rows = []
    for q in _played(result):
        item = by_number.get(q.number)
        label = f'<td class="num" data-label="Question">{_e(q.number)}</td>'
        if item is None:
            rows.append(f'<tr>{label}<td colspan="5" class="none">nobody answered</td></tr>')
            continue
        spread = item.discrimination
        weak = spread is not None and spread < WEAK_DISCRIMINATION
        cells = [
            label,
            f'<td class="num" data-label="Right">{item.facility:.0%}</td>',
            '<td class="num none" data-label="Discrimination">—</td>'
            if spread is None
            else f'<td class="num{" weak" if weak else ""}" data-label="Discrimination">'
            f"{spread:.2f}</td>",
            f'<td data-label="Wrong choices picked">{_picks(item, q.type)}</td>',
            f'<td class="num" data-label="Time">{item.seconds:.1f} s</td>',
            f'<td data-label="Reading">{_e("; ".join(item.notes(who)))}</td>',
        ]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    body = "\n".join(rows)
    return (
        f'<p class="reading">{_e(reading)}</p>\n'
        '<div class="scroll"><table class="analysis"><thead><tr><th class="num">Q</th>'
        '<th class="num">Right</th><th class="num">Discrimination</th>'
        '<th>Wrong choices picked</th><th class="num">Time</th><th>Reading</th></tr></thead>\n'
        f"<tbody>\n{body}\n</tbody></table></div>\n"
        f'<p class="note">Right: the average mark. Discrimination: how a {_who(result).lower()}\'s'
        " mark on the question goes with their share of the marks on the others (point-biserial);"
        f" under {WEAK_DISCRIMINATION} the question does not separate strong from weak {who}."
        " Reliability: Cronbach's alpha over the"
        f" {who} who answered every question. Both need at least {MIN_PLAYERS} {who} (—"
        " where there are fewer).</p>"
    )


WEAK_CLASS = ' class="weak"'


def _picks(item: ItemStats[int], kind: str = "") -> str:
    """The wrong choices and how often each was picked, as escaped html."""
    if item.distractors is None:
        words = "items put in order" if kind == "order" else "typed answers"
        return f'<span class="none">{words}</span>'
    if not item.distractors:
        return '<span class="none">every choice is right</span>'
    enough = item.players >= MIN_PLAYERS  # with fewer, an unpicked choice says little
    return "<br>".join(
        f"{_e(choice)} <b{WEAK_CLASS if enough and count == 0 else ''}>{count}</b>"
        for choice, count in item.distractors
    )


def report_html(result: ClassroomResult, *, date: dt.date | None = None) -> str:
    """One self-contained page: leaderboard, a chart per question, every answer.

    Args:
        date: the day the game was played (today unless given, for repeatable output).
    """
    day = (date or dt.date.today()).isoformat()
    style = "turns" if result.style == "turns" else "everyone answers (buzz)"
    if result.participant == "player":
        style = "live: every player on their own device"
    played = len(_played(result))
    left_out = [f"{len(result.skipped)} skipped"] if result.skipped else []
    left_out += [f"{len(result.unplayed)} not played"] if result.unplayed else []
    count = len(result.teams)
    noted = f" ({', '.join(left_out)})" if left_out else ""
    meta = (
        f"{_e(day)} · {count} {_who(result, plural=count != 1).lower()} · {played} question"
        f"{'s' if played != 1 else ''}"
        f"{noted} · {_e(style)}{'' if result.finished else ' · stopped early'}"
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(result.title)} — results</title>\n"
        f"<style>{_STYLE}</style>\n</head>\n<body>\n<main>\n"
        f"<h1>{_e(result.title)}</h1>\n"
        f'<p class="meta"><time datetime="{_e(day)}">{meta}</time></p>\n'
        f"{_leaderboard(result)}\n"
        f"<h2>Question by question</h2>\n{_question_chart(result)}\n"
        f"<h2>Every answer</h2>\n{_answer_table(result)}\n"
        f'<h2 id="analysis">How the questions worked</h2>\n{_item_analysis(result)}\n'
        f"<footer>Seed {_e(result.seed)}: the same seed replays the same questions.</footer>\n"
        "</main>\n</body>\n</html>\n"
    )


# Writing ---------------------------------------------------------------------------------

_BUILDERS: dict[str, Callable[[ClassroomResult, dt.date | None], str]] = {
    ".csv": lambda result, _: report_csv(result),
    ".json": lambda result, _: report_json(result),
    ".html": lambda result, date: report_html(result, date=date),
    ".htm": lambda result, date: report_html(result, date=date),
}


def check_report_path(path: Path) -> None:
    """Fail fast, before a game, on a report path that could not be written."""
    suffix = path.suffix.lower()
    if suffix not in _BUILDERS:
        allowed = ", ".join(SUFFIXES)
        shown = f"'{suffix}'" if suffix else "no suffix"
        raise ReportError(f"cannot write a report to {path}: {shown}; use one of {allowed}")
    folder = path.parent
    if not folder.is_dir():
        raise ReportError(f"cannot write a report to {path}: the folder {folder} does not exist")
    if path.is_dir():
        raise ReportError(f"cannot write a report to {path}: it is a folder")
    if path.exists() and not path.is_file():
        raise ReportError(
            f"cannot write a report to {path}: it is not a regular file (a device, a FIFO "
            "or a socket), and spacequiz only ever replaces regular files"
        )
    if path.is_file() and not path.stat().st_mode & 0o222:
        raise ReportError(f"cannot write a report to {path}: the file is read-only")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ReportError(f"cannot write a report to {path}: the folder {folder} is not writable")


def render_report(result: ClassroomResult, path: Path, *, date: dt.date | None = None) -> str:
    """The report the path's suffix names, checked first; storage/files writes it."""
    check_report_path(path)
    return _BUILDERS[path.suffix.lower()](result, date)
