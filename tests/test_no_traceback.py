"""No environment, number or file system ends in a traceback: each gives a clear message and
the README's exit code (1 an error, 2 a usage error)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from spacequiz.cli.app import app

ROOT = Path(__file__).resolve().parent.parent
SMALL = Path(__file__).parent / "banks" / "good" / "small.yaml"
runner = CliRunner()


def spacequiz(
    *args: str, input: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The real program, its streams pipes (bytes decoded leniently, to see what it wrote)."""
    done = subprocess.run(
        [sys.executable, "-m", "spacequiz", *args],
        input=input.encode("utf-8"),
        capture_output=True,
        env={**os.environ, **(env or {})},
        cwd=ROOT,
        timeout=120,
    )
    out = subprocess.CompletedProcess(
        done.args,
        done.returncode,
        done.stdout.decode("utf-8", "replace"),
        done.stderr.decode("utf-8", "replace"),
    )
    assert "Traceback" not in out.stdout + out.stderr, out.stderr
    return out


# Locales that cannot encode every character -------------------------------------------------


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_a_non_utf8_locale_falls_back_to_plain_symbols(encoding: str) -> None:
    env = {"PYTHONIOENCODING": encoding}
    game = spacequiz(
        "play", "--plain", "-b", str(SMALL), "--seed", "1", "-n", "2", "--name", "Вася",
        input="1\n1\n1\n1\n1\n1\n",
        env=env,
    )  # fmt: skip
    assert game.returncode in (0, 130), game.stderr
    assert "Question 2 of 2" in game.stdout
    assert "✔" not in game.stdout and "✘" not in game.stdout
    assert "x Wrong." in game.stdout or "+ Right" in game.stdout  # the marks, as plain text
    for command in (["scores"], ["history"], ["bank", "-b", str(SMALL)], ["stats"]):
        shown = spacequiz(*command, env=env)
        assert shown.returncode == 0, (command, shown.stderr)
    assert "Vasya" not in spacequiz("scores", env=env).stdout  # '?' for letters it lacks


# The command line ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["classroom", "--players", "Ann\x1b]0;owned\x07,Ann\x1b]0;owned\x07"],
        ["play", "--seed", "x\x1b]52;c;aGk=\x07"],
        ["nonsense\x1b]0;owned\x07"],
    ],
    ids=["our own message", "click's message", "an unknown command"],
)
def test_usage_errors_never_echo_escape_sequences_to_a_terminal(args: list[str]) -> None:
    """click repeats the value as typed, and strips nothing on a terminal: the window title
    or the clipboard would be set by the error message."""
    import pexpect

    child = pexpect.spawn(
        sys.executable, ["-m", "spacequiz", *args], encoding="utf-8", timeout=60,
        env={**os.environ, "TERM": "xterm-256color"}, cwd=str(ROOT),
    )  # fmt: skip
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2
    said = child.before or ""
    assert "Error:" in said
    assert "\x1b]" not in said and "\x07" not in said, repr(said)


def test_an_unexpected_error_is_one_line_and_exit_1(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("spacequiz.bank.schema.bank_schema", broken)
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 1
    assert "error: ZeroDivisionError: division by zero" in result.stderr
    assert "SPACEQUIZ_DEBUG=1" in result.stderr


# The file system -------------------------------------------------------------------------


def loop_and_long_paths(tmp_path: Path, suffix: str) -> dict[str, Path]:
    loop = tmp_path / f"loop{suffix}"
    loop.symlink_to(loop)
    return {
        "a symlink loop": loop,
        "a name over 255 bytes": tmp_path / ("x" * 300 + suffix),
        "a file as a folder": SMALL / f"inside{suffix}",
    }


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "{p}"],
        ["play", "--plain", "-b", "{p}"],
        ["bank", "-b", "{p}"],
        ["lint", "{p}"],
        ["export", str(SMALL), "-o", "{p}", "--force", "--format", "gift"],
        ["export", "{p}", "--format", "gift"],
        ["add", "{p}", "--from-json", "-"],
        ["new", "{p}"],
        ["import", "{p}", "-o", "-", "--format", "csv"],
        ["import", str(Path(__file__).parent / "corpus" / "csv" / "spreadsheet.csv"), "-o", "{p}"],
        ["classroom", "--players", "A,B", "--report", "{p}"],
    ],
    ids=lambda args: " ".join(a for a in args if "{p}" not in a and "/" not in a),
)
def test_paths_the_file_system_refuses_are_errors_with_their_name(
    tmp_path: Path, args: list[str]
) -> None:
    suffix = ".csv" if "--report" in args else ".yaml"
    for what, path in loop_and_long_paths(tmp_path, suffix).items():
        done = spacequiz(*(a.replace("{p}", str(path)) for a in args), input="{}")
        assert done.returncode in (1, 2), (what, done.stderr)
        said = (done.stdout + done.stderr).replace("\n", "")
        # validate and lint report on stdout; the message names the path, or its folder.
        assert path.name[:40] in said or f"{path.parent.name} is not a folder" in said, what


def test_a_data_folder_the_file_system_refuses(tmp_path: Path) -> None:
    for home in (tmp_path / ("h" * 300), SMALL):  # too long a name; a file, not a folder
        env = {"SPACEQUIZ_HOME": str(home)}
        for command in (["scores"], ["history", "--json"], ["where"], ["reset", "--yes"]):
            done = spacequiz(*command, env=env)
            assert done.returncode in (0, 1), (command, done.stderr)
        game = spacequiz(
            "play", "--plain", "-b", str(SMALL), "-n", "1", "--seed", "1", input="1\n", env=env
        )
        assert game.returncode == 0, game.stderr
        assert "not saved" in " ".join(game.stderr.split())


# Numbers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["play", "--plain", "-b", str(SMALL)],
        ["review", "--plain", "-b", str(SMALL)],
        ["classroom", "--plain", "--players", "A,B", "-b", str(SMALL)],
        ["host", "--plain", "-b", str(SMALL), "--bind", "127.0.0.1", "--port", "0"],
        ["draft", str(SMALL)],
    ],
    ids=lambda command: command[0],
)
@pytest.mark.parametrize(
    "seed", [str(2**64), str(-(2**63) - 1), "9" * 4000, "9" * 5000, "-" + "9" * 30]
)
def test_a_seed_beyond_64_bits_is_a_usage_error(command: list[str], seed: str) -> None:
    done = spacequiz(*command, "--seed", seed)
    assert done.returncode == 2, done.stderr
    assert "--seed" in done.stderr and "64 bits" in done.stderr
    assert len(done.stderr) < 1000  # not the 4,000 digits back


@pytest.mark.parametrize("seed", ["abc", "1.5", "\u0661\u0662", "9" * 5000 + "x"])
def test_a_seed_that_is_no_whole_number_is_a_usage_error(seed: str) -> None:
    done = spacequiz("play", "--plain", "-b", str(SMALL), "--seed", seed)
    assert done.returncode == 2, done.stderr
    assert "not a whole number" in done.stderr
    assert len(done.stderr) < 1000


def test_the_largest_seeds_play_and_are_kept() -> None:
    for seed in (str(2**63 - 1), str(-(2**63))):
        done = spacequiz("play", "--plain", "-b", str(SMALL), "-n", "1", "--seed", seed,
                         input="1\n1\n1\n")  # fmt: skip
        assert done.returncode in (0, 130), done.stderr
        assert f"Seed: {seed}" in done.stdout
        assert "not saved" not in done.stderr


NUMBERS = """\
version: 1
title: Numbers
questions:
  - id: big
    type: number
    prompt: The first odd number a double cannot hold?
    answer: 9007199254740993
  - id: decimal
    type: number
    prompt: Two point three?
    answer: 2.3
"""


def test_numbers_are_compared_exactly_not_through_a_float() -> None:
    from spacequiz.core.engine import check
    from spacequiz.core.model import NumberQuestion

    big = NumberQuestion(id="b", prompt="?", answer=9007199254740993)
    assert not check(big, "9007199254740992").correct  # equal as floats
    assert check(big, "9,007,199,254,740,993").correct
    assert check(NumberQuestion(id="d", prompt="?", answer=2.3), "2.3").correct
    assert check(NumberQuestion(id="t", prompt="?", answer=0.3, tolerance=0.1), "0.4").correct
    assert not check(big, "1e400").correct
    assert not check(big, "9" * 5000).correct


def test_a_number_of_thousands_of_digits_is_asked_again(write_bank) -> None:  # type: ignore[no-untyped-def]
    bank = write_bank(NUMBERS)
    digits = "9" * 5000
    game = spacequiz(
        "play", "--plain", "-b", str(bank), "--seed", "1", "--json", "--name", "x",
        input=f"{digits}\n1e400\n9007199254740992\n2.3\n",
    )  # fmt: skip
    assert game.returncode == 0, game.stderr
    assert game.stderr.count("Please type a number") == 1  # the 5000 digits, asked again
    choice = spacequiz(
        "play", "--plain", "-b", str(SMALL), "--seed", "1", "-n", "1", input=f"{digits}\n1\n"
    )
    assert choice.returncode == 0
    assert "Please type a number from 1 to 3." in choice.stdout
    classroom = spacequiz(
        "classroom", "--plain", "--players", "A,B", "-b", str(SMALL), "--seed", "1",
        "--rounds", "1", "--timer", "0", input=f"{digits}\nA\nreveal\nnext\n",
    )  # fmt: skip
    assert classroom.returncode == 0, classroom.stderr


def test_a_bank_number_too_large_for_any_reader_is_reported(write_bank) -> None:  # type: ignore[no-untyped-def]
    bank = write_bank(NUMBERS.replace("answer: 2.3", "answer: 1e400"))
    done = spacequiz("validate", str(bank))
    assert done.returncode == 1
    assert "'answer' must be a finite number, and 1e400 is too large" in done.stdout


# Files that parsers refuse --------------------------------------------------------------


def test_a_csv_cell_over_the_csv_modules_limit_is_located(tmp_path: Path) -> None:
    source = tmp_path / "big.csv"
    source.write_text(
        "prompt,answer,type\nShort?,yes,text\n" + "a" * 200_000 + ",x,text\n", encoding="utf-8"
    )
    done = spacequiz("import", str(source), "-o", "-")
    assert done.returncode == 1
    assert f"{source}:3: a cell holds more than 131,072 characters" in done.stderr


@pytest.mark.parametrize(
    "shape", ["[" * 100_000 + "]" * 100_000, '{"a":' * 100_000 + "1" + "}" * 100_000]
)
def test_json_nested_100000_deep_is_refused_with_its_place(tmp_path: Path, shape: str) -> None:
    source = tmp_path / "deep.json"
    source.write_text(shape, encoding="utf-8")
    imported = spacequiz("import", str(source), "-o", "-")
    assert imported.returncode == 1
    assert "nested more than 64 levels deep" in imported.stderr
    bank = tmp_path / "bank.yaml"
    bank.write_text(NUMBERS, encoding="utf-8")
    added = spacequiz("add", str(bank), "--from-json", str(source))
    assert added.returncode == 1
    column = 65 if shape.startswith("[") else 321  # where the 65th level opens
    assert f"nested more than 64 levels deep (line 1, column {column})" in added.stderr
    assert bank.read_text(encoding="utf-8") == NUMBERS
    gift = tmp_path / "deep.gift"
    gift.write_text("// spacequiz: " + shape[:5000] + "\n::q::Filmed in orbit? {T}\n")
    assert spacequiz("import", str(gift), "-o", "-").returncode == 0


# Standard streams the shell closed -----------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "code"),
    [
        (["play", "-n", "2"], 130),  # no answers can come: stopped, as at the end of a pipe
        (["review", "--new", "2"], 130),
        (["classroom", "--players", "Red,Blue", "-n", "2"], 130),
        (["host", "--bind", "127.0.0.1", "--port", "0", "-n", "1"], 0),  # no commands: quit
    ],
    ids=lambda value: value[0] if isinstance(value, list) else str(value),
)
def test_a_closed_stdin_reads_as_empty(command: list[str], code: int, tmp_path: Path) -> None:
    """`spacequiz play <&-`: Python's sys.stdin is None; it was a crash, and a hang for the
    classroom and the host."""
    import shlex

    line = " ".join(shlex.quote(a) for a in [sys.executable, "-m", "spacequiz", *command])
    done = subprocess.run(
        ["bash", "-c", f"exec {line} -b {shlex.quote(str(SMALL))} <&-"],
        capture_output=True,
        text=True,
        env={**os.environ, "SPACEQUIZ_HOME": str(tmp_path)},
        timeout=60,
    )
    assert done.returncode == code, done.stderr
    assert "Traceback" not in done.stderr and "bug in spacequiz" not in done.stderr
