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
    assert "x Wrong." in game.stdout or "v Right" in game.stdout  # the marks, as letters
    for command in (["scores"], ["history"], ["bank", "-b", str(SMALL)], ["stats"]):
        shown = spacequiz(*command, env=env)
        assert shown.returncode == 0, (command, shown.stderr)
    assert "Vasya" not in spacequiz("scores", env=env).stdout  # '?' for letters it lacks


# The command line ------------------------------------------------------------------------


def test_usage_errors_never_echo_escape_sequences() -> None:
    """click repeats the value as typed; a terminal would run the escape sequence in it."""
    bad = spacequiz("classroom", "--players", "Ann\x1b]0;owned\x07,Ann\x1b]0;owned\x07")
    assert bad.returncode == 2
    assert "\x1b" not in bad.stderr and "\x07" not in bad.stderr
    assert "given twice" in bad.stderr


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
