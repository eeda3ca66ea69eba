"""The history commands as a player sees them: words, exit codes, JSON and CSV."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from spacequiz.cli.app import app
from spacequiz.core.engine import Outcome
from spacequiz.storage.history import Store
from tests.fakes import fake_env

runner = CliRunner()

# Three true/false questions: "1" answers True, "2" answers False.
BANK = """\
title: Tiny bank
questions:
  - id: sky-blue
    type: truefalse
    prompt: The sky is blue.
    answer: true
  - id: sea-dry
    type: truefalse
    prompt: The sea is dry.
    answer: false
  - id: moon-cheese
    type: truefalse
    prompt: The Moon is made of cheese.
    answer: false
"""


@pytest.fixture
def bank(write_bank) -> Path:  # type: ignore[no-untyped-def]
    path: Path = write_bank(BANK)
    return path


def play(bank: Path, name: str, answers: str, *extra: str) -> str:
    result = runner.invoke(
        app,
        ["play", "--plain", "--bank", str(bank), "--name", name, "--seed", "1", *extra],
        input=answers,
    )
    assert result.exit_code == 0, result.output
    return result.output


def test_where_names_the_database_under_spacequiz_home(_isolated_home: Path) -> None:
    result = runner.invoke(app, ["where"])
    assert result.exit_code == 0
    assert str(_isolated_home / "history.sqlite3") in result.stdout.replace("\n", "")
    assert "No games recorded yet" in result.stdout


def test_empty_history_is_an_empty_list_and_creates_nothing(_isolated_home: Path) -> None:
    result = runner.invoke(app, ["history", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []
    assert runner.invoke(app, ["scores", "--json"]).stdout.strip() == "[]"
    scores = runner.invoke(app, ["scores"])
    assert "No finished games yet" in scores.stdout
    assert not _isolated_home.exists()


def test_a_played_game_is_in_history_scores_and_stats(bank: Path) -> None:
    play(bank, "Ann", "1\n1\n1\n")
    play(bank, "Bob", "1\n2\n2\n")

    history = json.loads(runner.invoke(app, ["history", "--json"]).stdout)
    assert [(g["player"], g["finished"], g["answered"]) for g in history] == [
        ("Ann", True, 3),
        ("Bob", True, 3),
    ]
    # A game played alone keeps the entry it always had: no participants, no ended_early.
    assert set(history[0]) == {
        "id", "player", "started_at", "ended_at", "mode", "bank", "bank_fingerprint",
        "filters", "seed", "finished", "planned", "answered", "correct", "accuracy", "score",
        "seconds", "answers",
    }  # fmt: skip
    answers = history[1]["answers"]
    assert {a["question_id"] for a in answers} == {"sky-blue", "sea-dry", "moon-cheese"}
    assert set(answers[0]) >= {"question_id", "given", "correct", "points", "seconds"}
    assert all(a["correct"] for a in answers)

    scores = runner.invoke(app, ["scores"])
    assert scores.exit_code == 0
    assert "High scores" in scores.stdout
    assert scores.stdout.index("Bob") < scores.stdout.index("Ann")
    assert "3/3 (100%)" in scores.stdout

    table = runner.invoke(app, ["history", "--player", "Ann"]).stdout
    assert "Ann" in table and "Bob" not in table
    assert "Scores over time" in table

    stats = json.loads(runner.invoke(app, ["stats", "--json"]).stdout)
    assert {s["question_id"] for s in stats if s["missed"]} <= {"sea-dry", "moon-cheese"}
    assert stats[0]["missed"] == 1


def test_history_limit_is_l_and_n_is_not_a_limit(bank: Path) -> None:
    play(bank, "Ann", "1\n1\n1\n")
    play(bank, "Bob", "1\n2\n2\n")
    for limit in ("-l", "--limit"):
        result = runner.invoke(app, ["history", limit, "1"])
        assert result.exit_code == 0
        assert "The last 1 of 2 games" in result.stdout
    assert runner.invoke(app, ["history", "-n", "1"]).exit_code == 2


def test_bank_filter_takes_a_bank_path_as_well_as_title_text(
    bank: Path,
    write_bank: Callable[[str, str], Path],
) -> None:
    (bank.parent / "more").mkdir()
    other = write_bank(BANK.replace("Tiny bank", "Other").replace("dry", "wet"), "more/o.yaml")
    play(bank, "Ann", "1\n1\n1\n")
    play(other, "Bob", "1\n1\n1\n")

    def players(command: str, bank: str) -> list[str]:
        result = runner.invoke(app, [command, "--json", "--bank", bank])
        assert result.exit_code == 0, result.output
        return [row["player"] for row in json.loads(result.stdout)]

    for command in ("scores", "history"):
        assert players(command, str(bank)) == ["Ann"]
        assert players(command, str(other)) == ["Bob"]
        assert players(command, "other") == ["Bob"]  # not a path: words of the title
    assert players("history", str(other.parent)) == ["Bob"]  # a folder is a bank too
    stats = json.loads(runner.invoke(app, ["stats", "--json", "-b", str(other)]).stdout)
    assert {s["question_id"] for s in stats} == {"sky-blue", "sea-wet", "moon-cheese"}


def test_bank_filter_with_a_broken_bank_says_what_is_wrong(write_bank) -> None:  # type: ignore[no-untyped-def]
    broken = write_bank(BANK.replace("answer: true", "answer: maybe"), "broken.yaml")
    result = runner.invoke(app, ["scores", "--bank", str(broken)])
    assert result.exit_code == 1
    assert f"{broken}:6:13: 'answer' must be true or false, not 'maybe'" in result.output


def test_csv_is_a_header_then_data_only(bank: Path) -> None:
    play(bank, "Ann", "1\n1\n1\n")
    for command, first in [("scores", "place"), ("history", "id"), ("stats", "question_id")]:
        result = runner.invoke(app, [command, "--csv"])
        assert result.exit_code == 0
        rows = list(csv.reader(io.StringIO(result.stdout)))
        assert rows[0][0] == first
        assert len(rows) > 1
        assert all(len(r) == len(rows[0]) for r in rows)


def test_json_and_csv_together_are_refused() -> None:
    result = runner.invoke(app, ["scores", "--json", "--csv"])
    assert result.exit_code == 2
    assert "choose one of --json and --csv" in result.output


def test_an_interrupted_game_is_kept_unfinished(bank: Path) -> None:
    result = runner.invoke(
        app, ["play", "--plain", "--bank", str(bank), "--name", "Ann"], input="1\n"
    )
    assert result.exit_code == 130
    (game,) = json.loads(runner.invoke(app, ["history", "--json"]).stdout)
    assert game["finished"] is False
    assert len(game["answers"]) == 1
    assert "unfinished" in runner.invoke(app, ["history"]).stdout
    assert "No finished games yet" in runner.invoke(app, ["scores"]).stdout


def test_reset_refuses_without_yes_when_not_a_terminal(bank: Path) -> None:
    play(bank, "Ann", "1\n1\n1\n")
    result = runner.invoke(app, ["reset"])
    assert result.exit_code == 1
    assert "refusing to delete every recorded game without --yes" in result.stderr
    assert len(json.loads(runner.invoke(app, ["history", "--json"]).stdout)) == 1


def test_reset_asks_first_on_a_terminal(bank: Path) -> None:
    play(bank, "Ann", "1\n1\n1\n")
    play(bank, "Bob", "1\n1\n1\n")
    terminal = fake_env(tty=True)  # the Env says stdin is a terminal; the runner types
    kept = runner.invoke(app, ["reset", "--player", "Ann"], input="n\n", obj=terminal)
    assert kept.exit_code == 0
    assert "Nothing deleted." in kept.stdout
    gone = runner.invoke(app, ["reset", "--player", "Ann"], input="y\n", obj=terminal)
    assert gone.exit_code == 0
    assert "Delete the history of 'Ann'?" in gone.stdout
    assert "Deleted 1 game." in gone.stdout
    players = [g["player"] for g in json.loads(runner.invoke(app, ["history", "--json"]).stdout)]
    assert players == ["Bob"]


def test_reset_yes_deletes_everything(bank: Path) -> None:
    play(bank, "Ann", "1\n1\n1\n")
    result = runner.invoke(app, ["reset", "--yes"])
    assert result.exit_code == 0
    assert "Deleted 1 game." in result.stdout
    assert json.loads(runner.invoke(app, ["history", "--json"]).stdout) == []


def corrupt(home: Path) -> tuple[Path, str]:
    home.mkdir(parents=True, exist_ok=True)
    path = home / "history.sqlite3"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    return path, hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_corrupt_database_does_not_stop_the_game(bank: Path, _isolated_home: Path) -> None:
    path, before = corrupt(_isolated_home)
    output = play(bank, "Ann", "1\n1\n1\n")
    assert "Game over." in output
    assert output.count("Results of this game are not saved") == 1
    assert "Traceback" not in output
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_a_corrupt_database_is_a_clear_error_for_the_history_commands(
    _isolated_home: Path,
) -> None:
    path, before = corrupt(_isolated_home)
    for command in (["scores"], ["history", "--json"], ["stats"], ["reset", "--yes"]):
        result = runner.invoke(app, command)
        assert result.exit_code == 1, command
        assert "is damaged or is not a spacequiz database" in " ".join(result.stderr.split())
        assert result.stdout == ""
        assert result.exception is None or isinstance(result.exception, SystemExit)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def seed_answers(player: str, answers: list[tuple[str, bool]], days_ago: float) -> None:
    at = (datetime.now(UTC) - timedelta(days=days_ago)).isoformat(timespec="seconds")
    with Store.open() as store:
        sid = store.start_session(
            player=player, bank_title="Tiny bank", bank_fingerprint="x", started_at=at
        )
        for i, (qid, right) in enumerate(answers, start=1):
            # A right answer within 5 s rates Easy: FSRS schedules it days ahead.
            outcome = Outcome(
                qid, qid, "easy", (), "x", right, float(right), 0, 0, 3.0, False, False, ""
            )
            store.record_answer(sid, i, outcome, answered_at=at)
        store.finish_session(sid, finished=True)


def test_review_lists_and_plays_the_questions_due(bank: Path) -> None:
    seed_answers("Ann", [("sea-dry", False), ("sky-blue", True)], days_ago=1)
    due = json.loads(
        runner.invoke(app, ["review", "--bank", str(bank), "--name", "Ann", "--json"]).stdout
    )
    assert [d["question_id"] for d in due] == ["sea-dry"]
    assert due[0]["prompt"] == "The sea is dry."

    result = runner.invoke(
        app, ["review", "--plain", "--bank", str(bank), "--name", "Ann"], input="2\n"
    )
    assert result.exit_code == 0, result.output
    assert "1 question due for Ann." in result.stdout
    assert "The sea is dry." in result.stdout
    assert "Moon" not in result.stdout
    assert "0 questions due for Ann." in result.stdout
    assert "Next:" in result.stdout
    games = json.loads(runner.invoke(app, ["history", "--json"]).stdout)
    assert games[-1]["mode"] == "review"
    assert games[-1]["answers"][0]["correct"] is True


def test_review_keeps_a_card_per_bank_when_two_banks_share_an_id(bank: Path, write_bank) -> None:  # type: ignore[no-untyped-def]
    other = write_bank(BANK.replace("Tiny bank", "Other bank"), "other.yaml")
    seed_answers("Ann", [("sea-dry", False)], days_ago=1)  # in "Tiny bank"

    def due(path: Path) -> list[str]:
        result = runner.invoke(app, ["review", "--bank", str(path), "--name", "Ann", "--json"])
        assert result.exit_code == 0, result.output
        return [d["question_id"] for d in json.loads(result.stdout)]

    assert due(bank) == ["sea-dry"]
    assert due(other) == []  # the other bank's sea-dry was never played
    result = runner.invoke(app, ["review", "--plain", "--bank", str(other), "--name", "Ann"])
    assert "3 questions never played yet" in result.stdout


def test_review_with_nothing_due_says_so(bank: Path) -> None:
    result = runner.invoke(app, ["review", "--plain", "--bank", str(bank), "--name", "Zed"])
    assert result.exit_code == 0
    assert "0 questions due for Zed." in result.stdout
    assert "3 questions never played yet" in result.stdout
    assert "Nothing to practise now." in result.stdout


def test_review_new_adds_unseen_questions(bank: Path) -> None:
    result = runner.invoke(
        app,
        ["review", "--plain", "--bank", str(bank), "--name", "Zed", "--new", "1"],
        input="1\n",
    )
    assert result.exit_code == 0, result.output
    assert "Question 1 of 1" in result.stdout


def test_every_history_command_has_help_and_is_in_the_readme() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for command in ("where", "scores", "history", "stats", "review", "reset"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0
        assert f"spacequiz {command}" in readme, command


def test_sparkline_and_due_times_read_well() -> None:
    from spacequiz.ui.history import from_now, sparkline

    assert sparkline([0, 50, 100]) == "▁▅█"
    assert sparkline([7, 7]) == "▄▄"
    assert sparkline([]) == ""
    assert len(sparkline(range(100))) == 40
    now = datetime(2026, 1, 1, tzinfo=UTC)
    assert from_now(now - timedelta(minutes=1), now) == "now"
    assert from_now(now + timedelta(minutes=10), now) == "in 10 minutes"
    assert from_now(now + timedelta(days=1), now) == "in 1 day"


def test_without_spacequiz_home_the_platform_data_folder_is_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from spacequiz.storage import history as storage

    monkeypatch.delenv("SPACEQUIZ_HOME")
    path = storage.database_path()  # only worked out: nothing is created
    assert path.name == "history.sqlite3"
    assert path.parent.name == "spacequiz"


def test_scores_and_history_load_no_prompt_yaml_or_scheduler_modules(
    _isolated_home: Path,
) -> None:
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    code = (
        "import sys\n"
        "from spacequiz.cli.app import app\n"
        "for words in (['scores'], ['history']):\n"
        "    try:\n"
        "        app(words, standalone_mode=False)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "heavy = ('questionary', 'prompt_toolkit', 'yaml', 'fsrs', 'rapidfuzz')\n"
        "print('LOADED', [m for m in heavy if m in sys.modules])\n"
    )
    env = dict(os.environ, PYTHONPATH=str(root))
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "LOADED []" in done.stdout


def test_a_filter_that_matches_nothing_says_so() -> None:
    seed_answers("Ann", [("sea-dry", True)], days_ago=1)
    result = runner.invoke(app, ["history", "--player", "Bo"])
    assert (
        "No games recorded for player 'Bo' (names match whatever their case or spacing)."
        in result.stdout
    )
    csv_rows = runner.invoke(app, ["history", "--csv"]).stdout.splitlines()
    assert csv_rows[1].split(",")[6] == "true"


def test_csv_guards_formulas_and_drops_escape_sequences(bank: Path) -> None:
    """A player's name reaches a spreadsheet and a terminal: neither may run it."""
    formula = '=HYPERLINK("http://evil.example","x")'
    clipboard = "\x1b]52;c;cHduZWQ=\x07Eve"
    play(bank, formula, "1\n1\n1\n")
    play(bank, clipboard, "1\n1\n1\n")
    for command in ("scores", "history"):
        result = runner.invoke(app, [command, "--csv"])
        assert result.exit_code == 0
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout
        players = {row["player"] for row in csv.DictReader(io.StringIO(result.stdout))}
        assert players == {"'" + formula, "Eve"}, command


def test_one_player_whatever_escapes_case_or_width_their_name_carries(bank: Path) -> None:
    """The one name rule (core/names): history, scores and review see one player."""
    play(bank, "Ann", "1\n1\n1\n")  # 3 right
    play(bank, "Ann\x1b[0m", "2\n1\n1\n")  # 1 right
    play(bank, "ＡＮＮ\u200b", "2\n2\n2\n")  # full-width letters and a zero-width space
    scores = json.loads(runner.invoke(app, ["scores", "--json"]).stdout)
    assert len(scores) == 1 and scores[0]["player"] in ("Ann", "ＡＮＮ")
    history = json.loads(runner.invoke(app, ["history", "--json"]).stdout)
    assert [row["player"] for row in history] == ["Ann", "Ann", "ＡＮＮ"]
    shown = runner.invoke(app, ["history"]).stdout
    assert shown.count("Ann ") + shown.count("Ann\n") >= 1 and "\x1b" not in shown
    for who in ("ann", "Ann\x1b]0;title\x07", "ANN"):
        mine = json.loads(runner.invoke(app, ["history", "--json", "--player", who]).stdout)
        assert len(mine) == 3, who
    assert "Deleted 3 games." in runner.invoke(app, ["reset", "--player", "aNN", "--yes"]).stdout


def test_the_bank_filter_folds_case_in_every_script(write_bank) -> None:  # type: ignore[no-untyped-def]
    cyrillic = write_bank(BANK.replace("Tiny bank", "Вызов ТЕСТ"), "cyrillic.yaml")
    play(cyrillic, "Ann", "1\n1\n1\n")
    for text in ("вызов", "ВЫЗОВ", "тест"):
        found = json.loads(runner.invoke(app, ["scores", "--json", "--bank", text]).stdout)
        assert len(found) == 1, text
