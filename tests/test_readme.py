"""Every shell example in the README runs as written, the way a newcomer would follow it.

The examples run in README order, in one fresh folder with its own data home, so a later
example sees what an earlier one made (`new` writes the bank that `add` extends). Commands
that read a terminal run in a pseudo-terminal until their first screen shows, then get Ctrl-C.
Shown output (a `console` block's lines without `$`) must be what the command prints.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pexpect
import pytest

from tests import pty_tools

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
TIMEOUT = 60  # generous: CI machines are small and noisy

pytestmark = pytest.mark.skipif(
    sys.platform == "win32" or shutil.which("bash") is None,
    reason="the README's examples are POSIX shell",
)

# Examples not run, by how the command starts, each with the reason.
NOT_RUN = {
    "python3 -m venv": "installs spacequiz into a new virtual environment (.ci/run runs it)",
    ".venv/bin/python -m pytest": "runs this test suite",
    "ruff check": "the lint step, run by .ci/run",
    "python benchmarks/": "a benchmark that takes minutes",
    "spacequiz stats --game last": (
        "needs a classroom or live game in the history first "
        "(tests/test_stats_cli.py plays one and reads it back)"
    ),
    "spacequiz host": (
        "a live game server listening on every network interface "
        "(tests/test_live_host.py plays one on 127.0.0.1)"
    ),
}

# Commands that need a terminal, and what their first screen shows.
AT_A_TERMINAL = {
    "spacequiz play": r"Question 1 of \d+",
    "spacequiz classroom": "Enter start",
    "spacequiz add space-facts.yaml\n": r"Question type",
    "spacequiz draft everest.txt --review": "What should happen to this draft",
    "spacequiz reset --player": r"Delete .*\?",
}

# The files the examples name, from the test corpora; my-class.yaml is the README's own example.
FILES = {
    "everest.txt": ROOT / "tests" / "articles" / "everest.txt",
    "moodle-quiz.gift": ROOT / "tests" / "corpus" / "gift" / "moodle-docs.gift",
    "trivia.json": ROOT / "tests" / "corpus" / "opentdb" / "api-response.json",
}
MORE = """\
version: 1
title: More
questions:
  - id: more-crew
    type: truefalse
    prompt: The film crew flew to the station in a Soyuz.
    answer: true
"""


@dataclass(frozen=True)
class Example:
    line: int  # where the command starts in README.md
    command: str
    shown: str | None  # the output a console block shows, if any


def code_blocks(text: str) -> list[tuple[int, str, str]]:
    """Each fenced block as (first line, language, body)."""
    return [
        (text[: m.start()].count("\n") + 2, m.group(1), m.group(2))
        for m in re.finditer(r"^```(\w*)\n(.*?)^```", text, re.S | re.M)
    ]


def examples(text: str) -> list[Example]:
    """The commands of the `sh` and `console` blocks, in order."""
    found: list[Example] = []
    for first, language, body in code_blocks(text):
        lines = body.splitlines()
        if language == "sh":
            found += [Example(first + i, line, None) for i, line in enumerate(lines) if line]
        elif language == "console":
            i = 0
            while i < len(lines):
                assert lines[i].startswith("$ "), f"README.md:{first + i}: expected '$ '"
                start, command = i, lines[i][2:]
                i += 1
                while re.sub(r"\s#.*", "", command).count("'") % 2:  # a quote goes on
                    command += "\n" + lines[i]
                    i += 1
                output = []
                while i < len(lines) and not lines[i].startswith("$ "):
                    output.append(lines[i])
                    i += 1
                found.append(Example(first + start, command, "\n".join(output) or None))
    return found


def not_run(command: str) -> str | None:
    return next((why for start, why in NOT_RUN.items() if command.startswith(start)), None)


def at_a_terminal(command: str) -> str | None:
    bare = re.sub(r"\s+#.*", "", command) + "\n"
    return next((shows for start, shows in AT_A_TERMINAL.items() if bare.startswith(start)), None)


@pytest.fixture
def newcomer(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A fresh folder with the files the examples name, and an environment to run them."""
    folder = tmp_path / "work"
    (folder / "more").mkdir(parents=True)
    for name, source in FILES.items():
        shutil.copyfile(source, folder / name)
    yaml_blocks = [body for _, language, body in code_blocks(readme()) if language == "yaml"]
    (folder / "my-class.yaml").write_text(yaml_blocks[0], encoding="utf-8")
    (folder / "more" / "more.yaml").write_text(MORE, encoding="utf-8")
    env = {
        **os.environ,
        # `spacequiz` is the one installed next to this Python, as in the quick start.
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "HOME": str(tmp_path),
        "SPACEQUIZ_HOME": str(tmp_path / "home"),
        "TERM": "xterm-256color",
        "LC_ALL": "C.UTF-8",
    }
    return folder, env


def readme() -> str:
    return README.read_text(encoding="utf-8")


def run_at_a_terminal(example: Example, shows: str, folder: Path, env: dict[str, str]) -> None:
    child = pexpect.spawn(
        "bash",
        ["-c", example.command],
        cwd=folder,
        env=env,
        encoding="utf-8",
        timeout=TIMEOUT,
        dimensions=(30, 100),
    )
    child.logfile_read = io.StringIO()
    try:
        child.expect(shows)
        child.send("\x03")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    where = f"README.md:{example.line}: {example.command}\n{pty_tools.transcript(child)[-2000:]}"
    assert child.exitstatus == 130, where


def run_in_a_pipe(example: Example, folder: Path, env: dict[str, str]) -> str:
    done = subprocess.run(
        ["bash", "-c", example.command],
        cwd=folder,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    where = f"README.md:{example.line}: {example.command}\n{done.stderr}"
    assert done.returncode == 0, where
    assert "Traceback" not in done.stderr, where
    return done.stderr + done.stdout


def test_every_example_is_a_spacequiz_command_or_named_as_not_run() -> None:
    found = examples(readme())
    assert len(found) > 30
    for example in found:
        runs = re.match(r"(printf|echo) .*\| spacequiz |spacequiz ", example.command, re.S)
        assert not_run(example.command) or runs, example
    # Each reason still names an example: the list does not outlive the README.
    for start in NOT_RUN:
        assert any(e.command.startswith(start) for e in found), start


@pytest.mark.slow
def test_every_readme_example_runs(newcomer: tuple[Path, dict[str, str]]) -> None:
    folder, env = newcomer
    for example in examples(readme()):
        if not_run(example.command):
            continue
        shows = at_a_terminal(example.command)
        if shows is not None:
            run_at_a_terminal(example, shows, folder, env)
            continue
        printed = run_in_a_pipe(example, folder, env)
        if example.shown is not None:
            assert printed.strip() == example.shown, f"README.md:{example.line}"
