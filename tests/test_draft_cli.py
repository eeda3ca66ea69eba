"""`spacequiz draft` as a teacher meets it: the bank it writes, its refusals, the review."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pexpect
import pytest
from prompt_toolkit.input.base import PipeInput
from typer.testing import CliRunner

from spacequiz.bank.load import load_banks, parse_bank
from spacequiz.cli.app import app
from spacequiz.core.draft.questions import draft_questions
from spacequiz.ui.env import Env
from tests.fakes import keys as fake_keys
from tests.fakes import output
from tests.test_terminal import start

ARTICLES = Path(__file__).parent / "articles"
EVEREST = ARTICLES / "everest.txt"
runner = CliRunner()
DOWN, ENTER, KILL_LINE = "\x1b[B", "\r", "\x15"
BANK = """\
# My class's bank: kept exactly as written.
version: 1
title: 'Mountains'
questions:

  - id: k2
    type: text
    prompt: Which is the second-highest mountain?
    answer: K2
"""


def one_line(text: str) -> str:
    return " ".join(text.split())


def test_draft_writes_a_bank_that_validates(tmp_path: Path) -> None:
    out = tmp_path / "drafts.yaml"
    result = runner.invoke(app, ["draft", str(EVEREST), "-o", str(out), "--count", "12"])
    assert result.exit_code == 0, result.output
    assert one_line(result.stdout).startswith(f"Drafted 12 questions from {EVEREST} (")
    assert result.stderr == ""
    assert len(load_banks([out]).questions) == 12
    assert runner.invoke(app, ["validate", str(out)]).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "# everest.txt:3: “On 29 May 1953, Edmund Hillary and Tenzing Norgay became" in text
    assert "title: Drafts from everest.txt" in text
    again = runner.invoke(app, ["draft", str(EVEREST), "-o", str(out)])
    assert again.exit_code == 1
    assert "already exists; use --force" in one_line(again.stderr)
    assert runner.invoke(app, ["draft", str(EVEREST), "-o", str(out), "-f"]).exit_code == 0


def test_draft_prints_the_bank_on_stdout_by_default() -> None:
    result = runner.invoke(app, ["draft", str(EVEREST), "--seed", "3"])
    assert result.exit_code == 0
    assert parse_bank(result.stdout).bank.title == "Drafts from everest.txt"
    assert "Drafted 30 questions" in result.stderr
    same = runner.invoke(app, ["draft", str(EVEREST), "--seed", "3"])
    assert same.stdout == result.stdout


def test_lint_explains_the_findings_expected_in_drafts(tmp_path: Path) -> None:
    out = tmp_path / "drafts.yaml"
    runner.invoke(app, ["draft", str(ARTICLES / "cave.txt"), "-o", str(out)])
    result = runner.invoke(app, ["lint", str(out)])
    assert result.exit_code == 1
    assert "hint: expected in a draft: drafts take their text from the article" in result.stdout
    assert one_line(result.stdout).endswith("of them expected in drafts")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty: there is nothing to draft from"),
        (b"  \n\n \t\n", "is empty: there is nothing to draft from"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is not a text file"),
        ("Caf\u00e9 au lait.".encode("latin-1"), ":1: the file is not UTF-8 text"),
        (b"it rained. we stayed in and read.\n", "found no names, numbers or dates"),
        (b"x" * (1024 * 1024 + 1), "MB; spacequiz drafts from articles of up to 1 MB"),
    ],
)
def test_unusable_articles_are_refused_with_a_message(
    tmp_path: Path, content: bytes, message: str
) -> None:
    article = tmp_path / "article.txt"
    article.write_bytes(content)
    result = runner.invoke(app, ["draft", str(article)])
    assert result.exit_code == 1
    assert message in one_line(result.stderr)
    assert one_line(result.stderr).startswith("error: ")
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_a_missing_file_or_a_folder_is_refused(tmp_path: Path) -> None:
    missing = runner.invoke(app, ["draft", str(tmp_path / "nope.txt")])
    assert missing.exit_code == 1
    assert one_line(missing.stderr) == f"error: {tmp_path / 'nope.txt'}: no such file"
    folder = runner.invoke(app, ["draft", str(tmp_path)])
    assert folder.exit_code == 1
    assert "is a folder; name an article file" in one_line(folder.stderr)


def test_review_needs_a_terminal_and_no_output(tmp_path: Path) -> None:
    bank = tmp_path / "bank.yaml"
    piped = runner.invoke(app, ["draft", str(EVEREST), "--review", str(bank)])
    assert piped.exit_code == 2
    assert "asks on a terminal, and this is not one" in one_line(piped.stderr)
    both = runner.invoke(app, ["draft", str(EVEREST), "--review", str(bank), "-o", "x.yaml"])
    assert both.exit_code == 2
    assert not bank.exists()


# The review, keys fed through a pipe ---------------------------------------------------------


@pytest.fixture
def keys() -> Iterator[tuple[PipeInput, Env]]:
    """Feed the review keys through a pipe, in a fake Env; its screen is the Env's stdout."""
    with fake_keys() as (pipe, env):
        yield pipe, env


def test_review_keeps_edits_and_skips_appending_only_new_lines(
    tmp_path: Path, keys: tuple[PipeInput, Env]
) -> None:
    pipe, env = keys
    bank = tmp_path / "mountains.yaml"
    bank.write_bytes(BANK.encode())
    drafts = draft_questions(EVEREST.read_text(encoding="utf-8"), "everest.txt", count=4)
    pipe.send_text(
        ENTER  # draft 1: keep
        + DOWN * 2 + ENTER  # draft 2: skip
        + DOWN + ENTER  # draft 3: edit a field...
        + DOWN * 3 + ENTER  # ... the prompt (id, family, type, prompt)
        + KILL_LINE + "Who stood on the summit first?" + ENTER
        + ENTER  # ... then keep it
        + DOWN * 3 + ENTER  # draft 4: stop
    )  # fmt: skip
    result = runner.invoke(
        app, ["draft", str(EVEREST), "--count", "4", "--review", str(bank)], obj=env
    )
    assert result.exit_code == 0, result.output
    assert one_line(result.stdout) == f"Kept 2 drafts of 4 in {bank}."
    shown = output(env)
    assert "Draft 1 of 4" in shown and "Draft 4 of 4" in shown
    assert "everest.txt:3: “On 29 May 1953" in shown
    assert f"Kept as '{drafts[0].question.id}' in {bank}." in one_line(shown)
    text = bank.read_text(encoding="utf-8")
    assert text.startswith(BANK)  # every byte the teacher wrote is still there
    questions = load_banks([bank]).questions
    assert [q.id for q in questions] == ["k2", drafts[0].question.id, drafts[2].question.id]
    assert questions[2].prompt == "Who stood on the summit first?"
    assert all("draft" not in q.tags for q in questions)
    assert text.count("  # everest.txt:") >= 2


def test_review_starts_a_new_bank_and_ctrl_c_keeps_what_was_kept(
    tmp_path: Path, keys: tuple[PipeInput, Env]
) -> None:
    pipe, env = keys
    bank = tmp_path / "new.yaml"
    pipe.send_text(ENTER + "\x03")  # keep the first, then Ctrl-C
    result = runner.invoke(
        app, ["draft", str(EVEREST), "--count", "3", "--review", str(bank)], obj=env
    )
    assert result.exit_code == 130
    assert one_line(result.stderr) == f"Kept 1 draft of 3 in {bank}."
    assert "Traceback" not in result.output
    loaded = load_banks([bank])
    assert loaded.title == "Questions from everest.txt" and len(loaded.questions) == 1


def test_review_refuses_the_shipped_bank_and_a_broken_one(tmp_path: Path) -> None:
    from spacequiz.bank.load import shipped_bank_path

    shipped = runner.invoke(app, ["draft", str(EVEREST), "--review", str(shipped_bank_path())])
    assert shipped.exit_code in (1, 2)
    broken = tmp_path / "broken.yaml"
    broken.write_text("version: 1\nquestions:\n  - id: a\n    type: nope\n")
    result = runner.invoke(app, ["draft", str(EVEREST), "--review", str(broken)])
    assert result.exit_code in (1, 2)
    assert "Traceback" not in result.output


def test_review_refuses_its_article_and_a_read_only_bank_before_any_draft(
    tmp_path: Path, keys: tuple[PipeInput, Env]
) -> None:
    _, env = keys
    article = tmp_path / "everest.txt"
    article.write_bytes(EVEREST.read_bytes())
    onto_article = runner.invoke(app, ["draft", str(article), "--review", str(article)], obj=env)
    assert onto_article.exit_code == 1
    assert "is the file being read" in one_line(onto_article.stderr)
    assert article.read_bytes() == EVEREST.read_bytes()
    bank = tmp_path / "bank.yaml"
    bank.write_text(BANK, encoding="utf-8")
    bank.chmod(0o444)
    read_only = runner.invoke(app, ["draft", str(article), "--review", str(bank)], obj=env)
    assert read_only.exit_code == 1
    assert "read-only" in one_line(read_only.stderr)
    assert output(env) == ""  # refused before the first draft was shown
    assert bank.read_text(encoding="utf-8") == BANK


# The review in a real terminal -------------------------------------------------------------


def test_review_in_a_terminal(tmp_path: Path) -> None:
    bank = tmp_path / "class.yaml"
    child = start("draft", str(EVEREST), "-n", "2", "--review", str(bank))
    child.expect("Draft 1 of 2")
    child.expect("everest.txt:3")
    child.expect("Answer:")
    child.expect("What should happen to this draft")
    child.send(ENTER)
    child.expect("Kept as")
    child.expect("Draft 2 of 2")
    child.expect("What should happen to this draft")
    child.send(DOWN * 3 + ENTER)
    child.expect(r"Kept 1 draft of 2 in")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert len(load_banks([bank]).questions) == 1


@pytest.mark.parametrize("terminal", [True, False])
def test_a_long_article_shows_progress_on_a_terminal_only(tmp_path: Path, terminal: bool) -> None:
    from tests.fakes import fake_env
    from tests.test_draft import long_article

    article = tmp_path / "log.txt"
    article.write_text(long_article(200), encoding="utf-8")  # over 50 KB
    env = fake_env(tty=terminal)
    result = runner.invoke(app, ["draft", str(article), "-n", "3"], obj=env)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# yaml-language-server") or "questions:" in result.output
    assert isinstance(env.stderr, io.StringIO)
    assert ("Drafting" in env.stderr.getvalue()) is terminal
