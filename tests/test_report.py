"""Classroom reports: CSV rows and formula guard, JSON round trip, escaped self-contained HTML,
and the atomic writer with its suffix and folder checks."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
from pathlib import Path

import pytest

from spacequiz.core.classroom import ClassroomResult
from spacequiz.core.errors import ReportError, SpacequizError
from spacequiz.formats.report import (
    CSV_COLUMNS,
    check_report_path,
    render_report,
    report_csv,
    report_html,
    report_json,
)
from spacequiz.storage.files import save_report
from tests.report_game import (
    FORMULA_TEAM,
    HTML_TEAM,
    RUSSIAN_TEAM,
    SCRIPT_PROMPT,
    TEAMS,
    TITLE,
    play,
    play_buzz_ended_early,
    play_hand_computed,
    play_wide,
)

DAY = dt.date(2026, 3, 14)


@pytest.fixture(scope="module")
def result() -> ClassroomResult:
    return play()


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


# CSV -------------------------------------------------------------------------------------


def test_csv_header_is_exact(result: ClassroomResult) -> None:
    header = next(csv.reader(io.StringIO(report_csv(result), newline="")))
    assert header == [
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
    ]
    assert tuple(header) == CSV_COLUMNS


def test_csv_has_a_row_per_team_and_played_question(result: ClassroomResult) -> None:
    table = rows(report_csv(result))
    assert result.skipped == (3,)
    assert len(table) == len(TEAMS) * 4
    # Team names come back neutralised; the order is team by team, question by question.
    assert [(r["team"], r["question_number"]) for r in table] == [
        (team, str(n))
        for team in ("'" + FORMULA_TEAM, RUSSIAN_TEAM, HTML_TEAM)
        for n in (1, 2, 4, 5)
    ]
    assert "q-skip" not in {r["question_id"] for r in table}


def test_csv_values(result: ClassroomResult) -> None:
    table = {(r["team"], r["question_id"]): r for r in rows(report_csv(result))}
    wrong = table["'" + FORMULA_TEAM, "q-choice"]
    assert wrong["answer_given"] == "No"
    assert wrong["right_answer"] == "Yes"
    assert (wrong["correct"], wrong["points"], wrong["seconds"], wrong["passed"]) == (
        "false",
        "0",
        "3.25",
        "false",
    )
    passed = table[RUSSIAN_TEAM, "q-choice"]
    assert passed["question"] == SCRIPT_PROMPT  # quotes, & and < survive the round trip
    assert (passed["correct"], passed["points"], passed["passed"]) == ("true", "100", "true")
    timed_out = table[RUSSIAN_TEAM, "q-text"]
    assert timed_out["answer_given"] == "(no answer)"
    assert (timed_out["correct"], timed_out["points"], timed_out["seconds"]) == (
        "false",
        "0",
        "20.0",
    )
    assert timed_out["question"] == "Кто снял фильм «Вызов»? 🎬"
    assert timed_out["right_answer"] == "Клим Шипенко"
    right = table["'" + FORMULA_TEAM, "q-plus"]
    assert right["answer_given"] == "юлия пересильд"
    assert (right["correct"], right["points"]) == ("true", "300")
    # A newline and commas inside a prompt stay inside one cell.
    assert right["question"].endswith("line one\nline two, with a comma")


def test_csv_unanswered_questions_are_blank_not_wrong(result: ClassroomResult) -> None:
    for row in rows(report_csv(result)):
        if row["team"] == HTML_TEAM:
            assert row["answer_given"] == ""
            assert (row["correct"], row["points"], row["passed"]) == ("", "0", "false")


def test_csv_formula_cells_are_neutralised(result: ClassroomResult) -> None:
    table = rows(report_csv(result))
    assert {r["team"] for r in table} == {"'" + FORMULA_TEAM, RUSSIAN_TEAM, HTML_TEAM}
    plus = next(r for r in table if r["question_id"] == "q-plus")
    assert plus["question"].startswith("'+ Who played")
    # No text cell a spreadsheet would run as a formula is left.
    for row in table:
        for value in row.values():
            assert not value.startswith(("=", "+", "@", "\t", "\r")), value
            if value.startswith("-"):
                assert re.fullmatch(r"-\d+(\.\d+)?", value), value


def test_csv_numbers_stay_numbers(result: ClassroomResult) -> None:
    table = {(r["team"], r["question_id"]): r for r in rows(report_csv(result))}
    negative = table[RUSSIAN_TEAM, "q-minus"]
    assert (negative["answer_given"], negative["right_answer"]) == ("-12", "-12")
    assert negative["points"] == "200"
    for row in table.values():
        int(row["question_number"])
        int(row["points"])


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "x"),  # a carriage return is a control character: removed, nothing to guard
        ("\x1b]52;c;cHduZWQ=\x07=cmd", "'=cmd"),  # an OSC 52 escape removed, then guarded
        ("-12", "-12"),
        ("+3.5", "+3.5"),
        ("1e3", "1e3"),
        ("a=b", "a=b"),
    ],
)
def test_formula_guard(text: str, cell: str) -> None:
    from spacequiz.formats.table import cell as table_cell

    assert table_cell(text, numbers_are_data=True) == cell


def test_csv_uses_crlf_rows_as_the_csv_module_writes_them(result: ClassroomResult) -> None:
    text = report_csv(result)
    assert text.startswith(",".join(CSV_COLUMNS) + "\r\n")
    # The newline inside the prompt stays a bare \n, inside quotes.
    assert "line one\nline two" in text


# JSON ------------------------------------------------------------------------------------


def test_json_round_trips(result: ClassroomResult) -> None:
    text = report_json(result)
    data = json.loads(text)
    data.pop("analysis")
    assert data == json.loads(json.dumps(result.as_dict()))
    assert "Красные 🚀" in text  # not \u escapes
    assert text.startswith("{\n  ")


# HTML ------------------------------------------------------------------------------------


def test_html_escapes_all_outside_text(result: ClassroomResult) -> None:
    page = report_html(result, date=DAY)
    assert "<script" not in page.lower()
    assert "<b>Co</b>" not in page
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt; Is this &quot;quoted&quot; &amp; ampersanded?"
        in (page)
    )
    assert "Blue &amp; &lt;b&gt;Co&lt;/b&gt;" in page
    assert "=HYPERLINK(&quot;x&quot;)" in page
    assert "Space &lt;Quiz&gt; &amp; «Вызов»" in page
    assert TITLE not in page


def test_html_has_the_title_date_teams_and_scores(result: ClassroomResult) -> None:
    page = report_html(result, date=DAY)
    assert page.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in page
    assert '<meta name="viewport"' in page
    assert "2026-03-14" in page
    board = page[page.index('id="leaderboard"') : page.index("</section>")]
    assert "#1f6feb" in page
    rendered = re.findall(r'<td class="team">(.*?)</td><td class="num score">(\d+)</td>', board)
    assert rendered == [
        ("=HYPERLINK(&quot;x&quot;)", "300"),
        ("Красные 🚀", "300"),
        ("Blue &amp; &lt;b&gt;Co&lt;/b&gt;", "0"),
    ]
    # The leaderboard comes before the rest of the page.
    assert page.index('id="leaderboard"') < page.index("Question by question")


def test_html_says_which_team_was_asked_in_turns_style(result: ClassroomResult) -> None:
    page = report_html(result, date=DAY)
    formula, russian = "=HYPERLINK(&quot;x&quot;)", RUSSIAN_TEAM
    # The choice question: the formula team was asked, got it wrong, passed it on.
    assert (
        f'Asked {formula}: <span class="wrong">✘ wrong</span>; '
        f'passed to {russian}: <span class="right">✔ right</span>'
    ) in page
    assert f'Asked {russian}: <span class="wrong">✘ time ran out</span>' in page
    assert f'Asked {formula}: <span class="right">✔ right</span>' in page
    assert "teams right" not in page  # one team was asked: no share of the class
    assert 'class="bar"' not in page
    assert "Right answer: Клим Шипенко" in page
    assert "Skipped: not scored." in page
    assert '<div class="given">✘ time ran out</div>' in page
    assert '<div class="given">✔ Yes (passed)</div><div>100 pts</div>' in page


def test_html_in_buzz_style_shows_partial_credit_and_leaves_out_unplayed_questions() -> None:
    page = report_html(play_buzz_ended_early(), date=DAY)
    assert "1 of 3 teams right, 1 partly (◐)" in page
    table = page[page.index('<table class="answers">') :]
    blue = table[table.index('<td class="team">Blue</td>') :]
    blue = blue[: blue.index("</tr>")]
    assert '<td class="partial" data-label="Q1"><div class="given">◐ Soyuz</div>' in blue
    assert "<div>100 pts · 50%</div>" in blue
    assert "✘" not in blue
    assert page.count("Not played: the game ended first.") == 2
    assert "0 of 3 teams right" not in page
    assert "Q2</th>" not in page and "Q3</th>" not in page  # no columns for them
    assert "3 teams · 1 question (2 not played) · everyone answers (buzz)" in page


def test_csv_and_json_leave_out_or_name_the_unplayed_questions() -> None:
    ended = play_buzz_ended_early()
    assert {r["question_number"] for r in rows(report_csv(ended))} == {"1"}
    assert json.loads(report_json(ended))["unplayed"] == [2, 3]


def test_a_live_report_speaks_of_players() -> None:
    from dataclasses import replace

    page = report_html(replace(play_buzz_ended_early(), participant="player"), date=DAY)
    assert "1 of 3 players right" in page
    assert "<th>Player</th>" in page and '<th class="team">Player</th>' in page
    assert "3 players · " in page


# Item analysis ---------------------------------------------------------------------------


def test_json_has_the_item_analysis_worked_out_by_hand() -> None:
    analysis = json.loads(report_json(play_hand_computed()))["analysis"]
    # The numbers of tests/test_items.py: facility .6 .6 .4, discrimination .6455 0 .3273,
    # KR-20 .4615 (the arithmetic is written out there).
    rows = analysis["questions"]
    assert [r["question_id"] for r in rows] == ["cosmodrome", "iss", "days"]
    assert [r["facility"] for r in rows] == [0.6, 0.6, 0.4]
    assert [r["discrimination"] for r in rows] == [0.6455, 0.0, 0.3273]
    assert [r["distractors"] for r in rows] == [{"Plesetsk": 2, "Vostochny": 0}, {"False": 2}, None]
    assert [r["reading"] for r in rows] == [
        "nobody picked Vostochny: a wasted choice",
        "does not separate strong from weak teams",
        None,
    ]
    assert analysis["reliability"] == {
        "method": "Cronbach's alpha (KR-20 when every mark is right or wrong)",
        "alpha": 0.4615,
        "players": 5,
        "questions": 3,
    }
    assert analysis["min_players"] == 5
    assert analysis["reading"] == (
        "Cronbach's alpha 0.46 (5 teams, 3 questions): low: the questions do not agree on who "
        "is strong. Question 2 does not separate strong from weak teams."
    )
    assert set(rows[0]) == {
        "number", "question_id", "prompt", "asked", "right", "facility", "discrimination",
        "distractors", "average_seconds", "reading",
    }  # fmt: skip


def test_html_shows_how_the_questions_worked() -> None:
    page = report_html(play_hand_computed(), date=DAY)
    section = page[page.index('<h2 id="analysis">') :]
    assert "How the questions worked" in section
    assert (
        "Cronbach&#x27;s alpha 0.46 (5 teams, 3 questions): low: the questions do not agree on "
        "who is strong. Question 2 does not separate strong from weak teams."
    ) in section
    assert '<td class="num" data-label="Discrimination">0.65</td>' in section
    assert '<td class="num weak" data-label="Discrimination">0.00</td>' in section
    assert 'Plesetsk <b>2</b><br>Vostochny <b class="weak">0</b>' in section
    assert "typed answers" in section
    assert "nobody picked Vostochny: a wasted choice" in section
    assert "Both need at least 5 teams" in section


def test_with_fewer_than_five_the_analysis_says_so_and_guesses_nothing() -> None:
    ended = play_buzz_ended_early()  # three teams
    analysis = json.loads(report_json(ended))["analysis"]
    assert analysis["reliability"]["alpha"] is None
    assert [r["discrimination"] for r in analysis["questions"]] == [None]
    assert [r["facility"] for r in analysis["questions"]] == [0.5]  # 1 + .5 + 0 over 3
    page = report_html(ended, date=DAY)
    assert "Reliability needs at least 2 questions." in page  # one was played
    assert '<td class="num none" data-label="Discrimination">—</td>' in page
    wide = report_html(play_wide(), date=DAY)  # four teams, ten questions
    assert "Reliability needs at least 5 teams who answered every question (4 did)." in wide


def test_turns_style_says_why_there_is_no_analysis(result: ClassroomResult) -> None:
    page = report_html(result, date=DAY)
    assert "In turns style each question goes to one team, so there is nothing to compare" in page
    assert '<table class="analysis">' not in page


def test_a_live_reports_analysis_speaks_of_players() -> None:
    from dataclasses import replace

    page = report_html(replace(play_hand_computed(), participant="player"), date=DAY)
    assert "(5 players, 3 questions)" in page
    assert "does not separate strong from weak players" in page


def test_html_is_self_contained(result: ClassroomResult) -> None:
    page = report_html(result, date=DAY).lower()
    for outside in ("http://", "https://", "<link", "src=", "url(", "@import", "<script"):
        assert outside not in page, outside


def test_html_stays_the_same_for_the_same_day(result: ClassroomResult) -> None:
    assert report_html(result, date=DAY) == report_html(result, date=DAY)


def write_report(result: ClassroomResult, path: Path, *, date: dt.date | None = None) -> None:
    """What the classroom command does with --report: render with formats, write with storage."""
    save_report(path, render_report(result, path, date=date))


# Writing ---------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".csv", ".json", ".html", ".htm", ".HTML"])
def test_write_report_picks_the_format_from_the_suffix(
    result: ClassroomResult, tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / f"results{suffix}"
    write_report(result, path, date=DAY)
    data = path.read_bytes()
    expected = {
        ".csv": report_csv(result),
        ".json": report_json(result),
        ".html": report_html(result, date=DAY),
        ".htm": report_html(result, date=DAY),
    }[suffix.lower()]
    assert data == expected.encode("utf-8")  # UTF-8, line ends exactly as built
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temp file left


def test_write_report_replaces_an_old_report(result: ClassroomResult, tmp_path: Path) -> None:
    path = tmp_path / "results.csv"
    path.write_text("old", encoding="utf-8")
    write_report(result, path)
    assert rows(path.read_text(encoding="utf-8"))[0]["team"] == "'" + FORMULA_TEAM


def test_write_report_leaves_the_old_file_whole_when_writing_fails(
    result: ClassroomResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "results.json"
    path.write_text("old", encoding="utf-8")

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(ReportError, match="No space left on device"):
        write_report(result, path)
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["results.json"]


def test_write_report_turns_a_refused_temp_file_into_a_report_error(
    result: ClassroomResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(**kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("spacequiz.storage.files.tempfile.mkstemp", refused)
    with pytest.raises(ReportError, match=r"results\.csv: Permission denied"):
        write_report(result, tmp_path / "results.csv")


@pytest.mark.parametrize("name", ["results.txt", "results", "results.csv.bak"])
def test_a_bad_suffix_names_the_allowed_ones(
    result: ClassroomResult, tmp_path: Path, name: str
) -> None:
    path = tmp_path / name
    with pytest.raises(ReportError) as caught:
        write_report(result, path)
    message = str(caught.value)
    assert str(path) in message
    assert ".csv, .json, .html, .htm" in message
    assert not path.exists()
    assert isinstance(caught.value, SpacequizError)


def test_check_report_path_fails_fast_on_a_missing_folder(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "results.html"
    with pytest.raises(ReportError, match=r"the folder .*nowhere does not exist"):
        check_report_path(path)


def test_check_report_path_refuses_a_folder(tmp_path: Path) -> None:
    (tmp_path / "results.csv").mkdir()
    with pytest.raises(ReportError, match="it is a folder"):
        check_report_path(tmp_path / "results.csv")


def test_check_report_path_refuses_a_read_only_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Root may write anywhere, so the folder's refusal is simulated where the check asks.
    folder = tmp_path / "locked"
    folder.mkdir()
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode: False if Path(p) == folder else real_access(p, mode)
    )
    with pytest.raises(ReportError, match="is not writable"):
        check_report_path(folder / "results.csv")


def test_check_report_path_accepts_a_good_path(tmp_path: Path) -> None:
    check_report_path(tmp_path / "results.html")
    assert not (tmp_path / "results.html").exists()  # checking writes nothing


def _live_result() -> ClassroomResult:
    """A live game: Ann and Bob play an order question, Cat joins for the second question."""
    from tests.test_live_game import ORDER, TF, game

    g = game(ORDER, TF)
    ann = g.join("123456", "Ann").player
    bob = g.join("123456", "Bob").player
    g.start(now=0.0)
    g.answer(ann, 1, [1, 2, 0], now=1.0)
    g.answer(bob, 1, [0, 1, 2], now=1.0)
    g.reveal()
    cat = g.join("123456", "Cat").player
    g.next(now=2.0)
    for player in (ann, bob, cat):
        g.answer(player, 2, 1, now=3.0)
    g.reveal()
    g.next(now=4.0)
    return g.result(title="Live", seed=1)


def test_a_live_report_names_players_and_leaves_late_joiners_out_of_earlier_questions() -> None:
    result = _live_result()
    table = rows(report_csv(result))
    assert next(iter(table[0])) == "player" and CSV_COLUMNS[0] == "team"
    cat_first = next(r for r in table if r["player"] == "Cat" and r["question_number"] == "1")
    assert (cat_first["answer_given"], cat_first["correct"]) == ("", "")
    page = report_html(result, date=DAY)
    assert "live: every player on their own device" in page and "buzz" not in page
    assert "1 of 2 players right" in page  # question 1 was Ann's and Bob's, not Cat's
    assert "3 of 3 players right" in page
    assert page.count("joined later") == 1
    assert "items put in order" in page and "typed answers" not in page
