"""Reports of a classroom game for the teacher: CSV for spreadsheets, JSON, one HTML page.

Pure text builders; storage/files writes them. Team names and bank text come from outside, so
the CSV neutralises spreadsheet formulas and the HTML escapes every piece of text.
"""

from __future__ import annotations

import datetime as dt
import html
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from spacequiz.core.classroom import ClassroomResult, QuestionInfo, TeamAnswer
from spacequiz.core.errors import ReportError
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
SUFFIXES = (".csv", ".json", ".html", ".htm")


# CSV -------------------------------------------------------------------------------------


def _played(result: ClassroomResult) -> list[QuestionInfo]:
    skipped = set(result.skipped)
    return [q for q in result.questions if q.number not in skipped]


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
    return csv_text(CSV_COLUMNS, rows, line_end="\r\n", numbers_are_data=True)


# JSON ------------------------------------------------------------------------------------


def report_json(result: ClassroomResult) -> str:
    return json_text(result.as_dict()) + "\n"


# HTML ------------------------------------------------------------------------------------

_STYLE = """
:root { color-scheme: light; --accent: #1f6feb; --good: #2da44e; --bad: #cf222e;
  --muted: #57606a; --line: #d0d7de; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial,
  sans-serif; color: #1f2328; background: #f6f8fa; }
main { max-width: 960px; margin: 0 auto; padding: 24px 16px 48px; }
h1 { margin: 0 0 4px; font-size: 1.9rem; }
h2 { margin: 32px 0 12px; font-size: 1.3rem; }
.meta { margin: 0 0 20px; color: var(--muted); }
#leaderboard { background: #1f6feb; color: #fff; border-radius: 12px; padding: 20px 24px 24px;
  box-shadow: 0 2px 8px rgb(0 0 0 / 15%); }
#leaderboard h2 { margin: 0 0 16px; color: #fff; }
.podium { display: flex; gap: 12px; align-items: flex-end; justify-content: center;
  margin: 0 0 20px; padding: 0; list-style: none; }
.podium li { flex: 1 1 0; max-width: 220px; text-align: center; border-radius: 10px 10px 0 0;
  background: rgb(255 255 255 / 18%); padding: 12px 8px; overflow-wrap: anywhere; }
.podium .p1 { order: 2; min-height: 150px; background: #ffd33d; color: #1f2328; }
.podium .p2 { order: 1; min-height: 120px; }
.podium .p3 { order: 3; min-height: 100px; background: #d4a373; color: #1f2328; }
.podium .place { display: block; font-size: 2rem; font-weight: 700; }
.podium .team { display: block; font-weight: 600; }
.podium .score { display: block; font-size: 1.2rem; }
table { width: 100%; border-collapse: collapse; background: #fff; }
th, td { padding: 6px 10px; border-bottom: 1px solid var(--line); text-align: left;
  vertical-align: top; overflow-wrap: anywhere; }
th { background: #eaeef2; }
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
.none { color: var(--muted); font-style: italic; }
.skipped { color: var(--muted); }
.scroll { overflow-x: auto; }
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
        '<table><thead><tr><th class="num">Rank</th><th>Team</th>'
        '<th class="num">Score</th></tr></thead>\n'
        f"<tbody>\n{rows}\n</tbody></table>\n</section>"
    )


def _question_chart(result: ClassroomResult) -> str:
    answers = _final_answers(result)
    teams = len(result.teams)
    items = []
    for q in result.questions:
        head = f'<div class="prompt">{_e(q.number)}. {_e(q.prompt)}</div>'
        if q.number in result.skipped:
            items.append(f'<li>{head}<div class="skipped">Skipped: not scored.</div></li>')
            continue
        right = sum(
            1 for t in result.teams if (a := answers.get((t, q.number))) is not None and a.correct
        )
        share = round(100 * right / teams) if teams else 0
        items.append(
            f"<li>{head}"
            f'<div class="answer">Right answer: {_e(q.answer)}</div>'
            f'<div class="bar" role="img" aria-label="{right} of {teams} teams right">'
            f'<span style="width:{share}%"></span></div>'
            f"<div>{right} of {teams} teams right</div></li>"
        )
    return '<ol class="questions">\n' + "\n".join(items) + "\n</ol>"


def _answer_table(result: ClassroomResult) -> str:
    answers = _final_answers(result)
    played = _played(result)
    head = (
        "".join(f'<th title="{_e(q.prompt)}">Q{_e(q.number)}</th>' for q in played)
        + '<th class="num">Score</th>'
    )
    scores = {s.team: s.score for s in result.standings}
    rows = []
    for team in result.teams:
        cells = [("team", _e(team))]
        for q in played:
            a = answers.get((team, q.number))
            if a is None:
                cells.append(("none", "—"))
            else:
                mark = "✔" if a.correct else "✘"
                given = "time ran out" if a.timed_out else _e(a.given)
                extra = " (passed)" if a.passed else ""
                cells.append(
                    (
                        "right" if a.correct else "wrong",
                        f"{mark} {given}{extra}<br>{_e(a.points)} pts",
                    )
                )
        cells.append(("num", _e(scores.get(team, 0))))
        rows.append(cells)
    return (
        '<div class="scroll"><table class="answers">'
        f"<thead><tr><th>Team</th>{head}</tr></thead>\n"
        f"<tbody>\n{_rows(rows)}\n</tbody></table></div>"
    )


def report_html(result: ClassroomResult, *, date: dt.date | None = None) -> str:
    """One self-contained page: leaderboard, a chart per question, every answer.

    Args:
        date: the day the game was played (today unless given, for repeatable output).
    """
    day = (date or dt.date.today()).isoformat()
    style = "turns" if result.style == "turns" else "everyone answers (buzz)"
    played = len(_played(result))
    meta = (
        f"{_e(day)} · {len(result.teams)} teams · {played} questions"
        f"{f' ({len(result.skipped)} skipped)' if result.skipped else ''} · {_e(style)}"
        f"{'' if result.finished else ' · stopped early'}"
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
