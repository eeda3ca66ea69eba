"""`spacequiz stats` as a teacher reads it: item analysis keyed by bank, id and version."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from spacequiz.bank.load import load_banks
from spacequiz.cli.app import app
from spacequiz.core.engine import Session
from spacequiz.storage.history import Store, bank_fingerprint, database_path, now_iso
from spacequiz.storage.schema import MIGRATIONS

runner = CliRunner()

BANK = """\
title: {title}
questions:
  - id: cosmodrome
    type: choice
    prompt: {prompt}
    choices: [Baikonur, Plesetsk, Vostochny]
    answer: Baikonur
  - id: iss
    type: truefalse
    prompt: The film was shot aboard the ISS.
    answer: true
  - id: days
    type: number
    prompt: How many days did the crew spend in space?
    answer: 12
"""
PROMPT = "From which cosmodrome did the crew lift off?"

# The game worked out by hand in tests/test_items.py, played live by five players:
#   right (1) or wrong (0) on cosmodrome, iss, days
GRID = {
    "Ann": (1, 1, 1),
    "Bo": (1, 1, 0),
    "Cy": (1, 0, 1),
    "Di": (0, 1, 0),
    "Ed": (0, 0, 0),
}
RIGHT: dict[str, str | bool] = {"cosmodrome": "Baikonur", "iss": True, "days": "12"}
WRONG: dict[str, str | bool] = {"cosmodrome": "Plesetsk", "iss": False, "days": "40"}


def bank_file(tmp_path: Path, name: str, title: str = "Mission One", prompt: str = PROMPT) -> Path:
    path = tmp_path / name
    path.write_text(BANK.format(title=title, prompt=prompt), encoding="utf-8")
    return path


def play_live(path: Path) -> None:
    """Store the hand-computed game as a live game, the way the host writes it."""
    bank = load_banks([path])
    questions = {q.id: q for q in bank.questions}
    with Store.open() as store:
        game = store.start_game(
            mode="live", bank_title=bank.title, bank_fingerprint=bank_fingerprint(bank)
        )
        ids = store.add_participants(game, [(name, "player") for name in GRID])
        for pid, row in zip(ids, GRID.values(), strict=True):
            session = Session()
            answers = []
            for number, (qid, right) in enumerate(zip(questions, row, strict=True), start=1):
                given = RIGHT[qid] if right else WRONG[qid]
                outcome = session.answer(questions[qid], given, seconds=float(number + 2))
                answers.append((pid, number, outcome, now_iso()))
            store.record_answers(game, answers, questions=questions)
        store.finish_session(game, finished=True)


def play(path: Path, name: str, answers: str) -> None:
    result = runner.invoke(
        app,
        ["play", "--plain", "--bank", str(path), "--name", name, "--seed", "1"],
        input=answers,
    )
    assert result.exit_code == 0, result.output


def stats_json(*args: str) -> dict[tuple[str, str, str | None], dict[str, object]]:
    result = runner.invoke(app, ["stats", "--json", *args])
    assert result.exit_code == 0, result.output
    return {(r["bank"], r["question_id"], r["question_hash"]): r for r in json.loads(result.stdout)}


def test_the_hand_computed_game_comes_out_of_stats(tmp_path: Path) -> None:
    play_live(bank_file(tmp_path, "one.yaml"))
    rows = {key[1]: row for key, row in stats_json().items()}
    # The numbers of tests/test_items.py, worked out there by hand.
    assert rows["cosmodrome"]["facility"] == 0.6
    assert rows["cosmodrome"]["discrimination"] == 0.6455
    assert rows["iss"]["discrimination"] == 0.0
    assert rows["days"]["discrimination"] == 0.3273
    assert rows["cosmodrome"]["distractors"] == {"Plesetsk": 2, "Vostochny": 0}
    assert rows["iss"]["distractors"] == {"False": 2}
    assert rows["days"]["distractors"] is None  # typed answers
    assert rows["cosmodrome"]["reading"] == "nobody picked Vostochny: a wasted choice"
    assert rows["iss"]["reading"] == "does not separate strong from weak players"
    assert rows["days"]["reading"] is None
    assert rows["cosmodrome"]["prompt"] == PROMPT
    assert rows["cosmodrome"]["bank"] == "Mission One"
    assert rows["cosmodrome"]["average_seconds"] == 3.0
    assert (rows["days"]["asked"], rows["days"]["missed"], rows["days"]["players"]) == (5, 3, 5)


def test_the_screen_shows_the_analysis_and_what_stands_out(tmp_path: Path) -> None:
    play_live(bank_file(tmp_path, "one.yaml"))
    result = runner.invoke(app, ["stats", "--no-color"])
    assert result.exit_code == 0
    text = result.output
    flat = " ".join(text.replace("│", " ").split())  # the words, whatever the wrapping
    for words in ("Wrong choices", "Plesetsk 2", "Vostochny 0", "0.65", "0.33", "typed answers"):
        assert words in text, words
    for line in (
        "• cosmodrome: nobody picked Vostochny: a wasted choice",
        "• iss: does not separate strong from weak players",
    ):
        assert line in text.splitlines()
    assert "under 0.2 it does not separate strong from weak players; — below 5 players." in flat
    assert "From which cosmodrome" in flat


def test_every_row_carries_every_column_in_json_and_csv(tmp_path: Path) -> None:
    path = bank_file(tmp_path, "one.yaml")
    play(path, "Ann", "1\n1\n12\n")  # one player: no discrimination yet
    columns = [
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
    ]
    rows = list(stats_json().values())
    assert len(rows) == 3
    assert all(list(row) == columns for row in rows)
    assert all(row["discrimination"] is None and row["reading"] is None for row in rows)
    assert all(row["question_hash"] for row in rows)  # a game played alone names versions too
    result = runner.invoke(app, ["stats", "--csv"])
    table = list(csv.reader(io.StringIO(result.stdout)))
    assert table[0] == columns
    by_id = {row[0]: dict(zip(columns, row, strict=True)) for row in table[1:]}
    choice = by_id["cosmodrome"]
    assert (choice["bank"], choice["prompt"], choice["type"]) == ("Mission One", PROMPT, "choice")
    assert choice["discrimination"] == ""  # null: one player is too few
    assert json.loads(choice["distractors"]) in ({"Plesetsk": 0, "Vostochny": 0}, {
        "Plesetsk": 1, "Vostochny": 0}, {"Plesetsk": 0, "Vostochny": 1})  # fmt: skip
    assert by_id["days"]["distractors"] == ""


def test_two_banks_with_one_id_are_kept_apart(tmp_path: Path) -> None:
    one = bank_file(tmp_path, "one.yaml", "Mission One")
    two = bank_file(tmp_path, "two.yaml", "Mission Two")
    play_live(one)
    play(two, "Ann", "1\n1\n12\n")
    rows = stats_json()
    assert sorted((bank, qid) for bank, qid, _ in rows) == [
        ("Mission One", "cosmodrome"),
        ("Mission One", "days"),
        ("Mission One", "iss"),
        ("Mission Two", "cosmodrome"),
        ("Mission Two", "days"),
        ("Mission Two", "iss"),
    ]
    assert {r["asked"] for k, r in rows.items() if k[0] == "Mission One"} == {5}
    assert {r["asked"] for k, r in rows.items() if k[0] == "Mission Two"} == {1}
    # The same question in both: one version, two rows, as each bank has its own players.
    assert len({k[2] for k in rows if k[1] == "cosmodrome"}) == 1
    only_two = stats_json("--bank", str(two))
    assert {k[0] for k in only_two} == {"Mission Two"}
    screen = runner.invoke(app, ["stats", "--no-color"]).output
    assert "• iss (Mission One): does not separate strong from weak players" in screen


def test_fixing_a_typo_in_one_question_keeps_the_others_statistics(tmp_path: Path) -> None:
    path = bank_file(tmp_path, "one.yaml", prompt="From wich cosmodrome did the crew lift off?")
    play_live(path)
    before = stats_json("--bank", str(path))
    bank_file(tmp_path, "one.yaml", prompt=PROMPT)  # the typo fixed
    play(path, "Flo", "1\n1\n12\n")
    after = stats_json("--bank", str(path))
    by_id = {key[1]: row for key, row in after.items()}
    assert (by_id["iss"]["asked"], by_id["days"]["asked"]) == (6, 6)  # 5 live + Flo
    assert by_id["cosmodrome"]["asked"] == 1  # a new version: Flo's answer alone
    assert by_id["cosmodrome"]["prompt"] == PROMPT
    old = next(key for key in before if key[1] == "cosmodrome")
    new = next(key for key in after if key[1] == "cosmodrome")
    assert old[2] != new[2]
    assert {k[2] for k in before if k[1] != "cosmodrome"} == {
        k[2] for k in after if k[1] != "cosmodrome"
    }
    # Without --bank the fixed question's first version is still there, with its words.
    everything = stats_json()
    assert everything[old]["asked"] == 5
    assert str(everything[old]["prompt"]).startswith("From wich")
    screen = runner.invoke(app, ["stats", "--no-color"]).output
    assert f"cosmodrome v{old[2][:6]}" in screen  # type: ignore[index]


def test_answers_from_before_versions_are_grouped_by_bank_and_id(tmp_path: Path) -> None:
    """A history from before schema 4: answers have no version; --bank gives their words."""
    path = bank_file(tmp_path, "one.yaml")
    bank = load_banks([path])
    db_path = database_path()
    db_path.parent.mkdir(parents=True)
    old = sqlite3.connect(db_path)
    for step in MIGRATIONS[:2]:
        assert isinstance(step, str)
        old.executescript(step)
    step = MIGRATIONS[2]
    assert callable(step)
    step(old)
    old.execute("PRAGMA user_version = 3")
    for n, (title, fingerprint) in enumerate(
        [("Mission One", bank_fingerprint(bank)), ("Mission Two", "0" * 16)], start=1
    ):
        old.execute(
            "INSERT INTO sessions (player, started_at, ended_at, bank_title, bank_fingerprint,"
            " finished) VALUES ('ann', '2024-01-01T10:00:00+00:00', '2024-01-01T10:05:00+00:00',"
            " ?, ?, 1)",
            (title, fingerprint),
        )
        old.execute(
            "INSERT INTO answers (session_id, position, question_id, given, correct, credit,"
            " points, seconds, answered_at) VALUES (?, 1, 'cosmodrome', 'Plesetsk', 0, 0.0, 0,"
            " 2.5, '2024-01-01T10:01:00+00:00')",
            (n,),
        )
    old.commit()
    old.close()
    rows = stats_json()
    assert sorted(rows) == [
        ("Mission One", "cosmodrome", None),
        ("Mission Two", "cosmodrome", None),
    ]
    assert all(r["prompt"] is None and r["distractors"] is None for r in rows.values())
    (row,) = stats_json("--bank", str(path)).values()
    assert (row["bank"], row["prompt"]) == ("Mission One", PROMPT)
    assert row["distractors"] == {"Plesetsk": 1, "Vostochny": 0}
    screen = runner.invoke(app, ["stats", "--no-color"]).output
    assert "cosmodrome" in screen and "—" in screen


def test_one_game_gives_its_reliability_and_questions_in_the_order_asked(tmp_path: Path) -> None:
    path = bank_file(tmp_path, "one.yaml")
    play_live(path)
    play(path, "Flo", "1\n1\n12\n")  # a later game played alone: not the last live game
    result = runner.invoke(app, ["stats", "--game", "last", "--json"])
    assert result.exit_code == 0, result.output
    game = json.loads(result.stdout)
    assert (game["game"], game["mode"], game["bank"]) == (1, "live", "Mission One")
    # KR-20 of the hand-computed game: 0.4615 (worked out in tests/test_items.py).
    assert game["reliability"]["alpha"] == 0.4615
    assert (game["reliability"]["players"], game["reliability"]["questions"]) == (5, 3)
    assert game["reading"] == (
        "Cronbach's alpha 0.46 (5 players, 3 questions): low: the questions do not agree on "
        "who is strong. Question 'iss' does not separate strong from weak players."
    )
    assert [q["question_id"] for q in game["questions"]] == ["cosmodrome", "iss", "days"]
    assert [q["asked"] for q in game["questions"]] == [5, 5, 5]  # Flo's answers are not in it
    screen = runner.invoke(app, ["stats", "--game", "1", "--no-color"]).output
    assert screen.startswith("Game 1: Mission One, live, ")
    assert "Questions in the order asked (3 of 3)" in screen
    assert "Question 'iss' does not separate strong" in " ".join(screen.split())
    alone = runner.invoke(app, ["stats", "-g", "2", "--no-color"]).output
    assert "Reliability needs at least 5 players who answered every question (1 did)." in alone
    table = list(csv.reader(io.StringIO(runner.invoke(app, ["stats", "-g", "1", "--csv"]).stdout)))
    assert [row[0] for row in table[1:]] == ["cosmodrome", "iss", "days"]


def test_a_game_that_is_not_there_is_a_clear_error(tmp_path: Path) -> None:
    nothing = runner.invoke(app, ["stats", "--game", "last"])
    assert nothing.exit_code == 1
    assert "no classroom or live game in the history yet" in nothing.stderr
    play_live(bank_file(tmp_path, "one.yaml"))
    missing = runner.invoke(app, ["stats", "--game", "99"])
    assert missing.exit_code == 1
    assert "no game 99 in the history (history --json lists each game's id)" in missing.stderr
    for bad in (["--game", "first"], ["--game", "1", "--player", "Ann"]):
        usage = runner.invoke(app, ["stats", *bad])
        assert usage.exit_code == 2, bad
        assert "Traceback" not in usage.output
    assert "give its id (see history --json) or 'last'" in " ".join(
        runner.invoke(app, ["stats", "--game", "first"]).stderr.split()
    )


def test_hostile_bank_text_reaches_the_screen_harmless() -> None:
    from spacequiz.core.model import ChoiceQuestion

    sneaky = "\x1b[2J[bold]Vostochny\x1b]52;c;eA==\x07"
    question = ChoiceQuestion(
        id="cosmodrome",
        prompt="[link=http://x]Which?[/link]",
        choices=("Baikonur", "Plesetsk", sneaky),
        answer="Baikonur",
    )
    other = ChoiceQuestion(id="other", prompt="Other?", choices=("A", "B"), answer="A")
    questions = {q.id: q for q in (question, other)}
    with Store.open() as store:
        game = store.start_game(mode="live", bank_title="[red]Bank\x1b[31m", bank_fingerprint="f")
        ids = store.add_participants(game, [(f"p{n}", "player") for n in range(5)])
        for n, pid in enumerate(ids):
            session = Session()
            answers = [
                (pid, 1, session.answer(question, "Baikonur" if n < 3 else "Plesetsk"), now_iso()),
                (pid, 2, session.answer(other, "A" if n % 2 else "B"), now_iso()),
            ]
            store.record_answers(game, answers, questions=questions)
    screen = runner.invoke(app, ["stats"]).output
    assert "\x1b[2J" not in screen and "\x1b]52" not in screen and "\x1b[31m" not in screen
    flat = " ".join(screen.replace("│", " ").split())
    assert "[link=http://x]Which?[/link]" in flat
    assert "[bold]Vostochny" in flat  # shown as typed, not taken for markup
