"""Shell completion: commands, options, bank paths and tag names, as a shell asks for them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CLASSROOM = Path(__file__).parent / "banks" / "good" / "classroom.yaml"


def complete(*words: str) -> list[str]:
    """What bash completion offers for the last word of `spacequiz WORDS`."""
    line = ["spacequiz", *words]
    result = subprocess.run(
        [shutil.which("spacequiz", path=str(Path(sys.executable).parent)) or "spacequiz"],
        capture_output=True,
        text=True,
        timeout=60,
        env={
            **os.environ,
            "_SPACEQUIZ_COMPLETE": "complete_bash",
            "COMP_WORDS": " ".join(line),
            "COMP_CWORD": str(len(line) - 1),
        },
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_commands_and_options_complete() -> None:
    assert complete("cl") == ["classroom"]
    assert "--timer" in complete("play", "--ti")


def test_tag_names_complete_from_the_banks_named_so_far() -> None:
    shipped = complete("play", "--tag", "")
    assert "people" in shipped and "places" in shipped
    from spacequiz.bank.load import load_banks

    tags = {t for q in load_banks([CLASSROOM]).questions for t in q.tags}
    assert set(complete("play", "-b", str(CLASSROOM), "--tag", "")) == tags


def test_a_broken_bank_completes_nothing_rather_than_failing(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("questions: [\n", encoding="utf-8")
    assert complete("play", "-b", str(broken), "--tag", "") == []


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish", "powershell"])
def test_the_completion_script_is_there_for_each_shell(shell: str) -> None:
    from typer.testing import CliRunner

    from spacequiz.cli.app import app

    result = CliRunner().invoke(app, ["--show-completion", shell])
    assert result.exit_code == 0, result.output
    assert "_SPACEQUIZ_COMPLETE" in result.output
