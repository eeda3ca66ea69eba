"""The CLI as a script sees it: exit codes, the words printed, JSON."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from spacequiz import __version__
from spacequiz.cli.app import app

from .conftest import ROOT, SHIPPED

BROKEN = Path(__file__).parent / "banks" / "broken"
HOSTILE = Path(__file__).parent / "banks" / "good" / "hostile.yaml"
runner = CliRunner()


def run(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), input=input)


def command_names() -> list[str]:
    group = typer.main.get_command(app)
    return sorted(group.commands)  # type: ignore[attr-defined]


# Runs the real entry point, then lists the spacequiz modules and heavy libraries it loaded.
IMPORTS_PROBE = """
import sys
from spacequiz.cli.app import main
sys.argv = ["spacequiz", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
heavy = ("yaml", "rich", "questionary", "asyncio", "sqlite3", "websockets", "typer")
loaded = [m for m in sys.modules if m.startswith("spacequiz.cli.") or m in heavy]
print(" ".join(sorted(loaded)), file=sys.stderr)
"""


def imported_by(*args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", IMPORTS_PROBE, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    return set(done.stderr.split())


def test_a_command_imports_only_its_own_module() -> None:
    assert imported_by("--version") == {"spacequiz.cli.app"}
    # cli.shell is the net under every command (streams, errors no command caught).
    assert imported_by("play", "--help") == {
        "spacequiz.cli.app",
        "spacequiz.cli.commands",
        "spacequiz.cli.root",
        "spacequiz.cli.shell",
        "spacequiz.cli.common",
        "spacequiz.cli.play",
        "typer",
    }
    assert "spacequiz.cli.classroom" not in imported_by("scores", "--help")


def test_help_lists_every_command_without_importing_any() -> None:
    assert imported_by("--help") == {
        "spacequiz.cli.app",
        "spacequiz.cli.commands",
        "spacequiz.cli.root",
        "spacequiz.cli.shell",
        "typer",
    }


def test_each_summary_is_its_commands_first_paragraph() -> None:
    """The root help lists the summaries in cli.commands, so they must say what the commands do."""
    import importlib
    import inspect

    from spacequiz.cli.commands import COMMANDS, SUMMARIES

    assert set(SUMMARIES) == set(COMMANDS)
    for name, where in COMMANDS.items():
        module, function = where.split(":")
        doc = inspect.getdoc(getattr(importlib.import_module(module), function)) or ""
        assert SUMMARIES[name] == " ".join(doc.split("\n\n")[0].split()), name


def test_the_root_help_reads_the_same_with_every_command_built() -> None:
    group = typer.main.get_command(app)
    context = typer.Context(group, info_name="spacequiz")
    fast = group.get_help(context)
    for name in command_names():
        group.get_command(context, name)  # type: ignore[attr-defined]
    assert group.table.built.keys() == set(command_names())  # type: ignore[attr-defined]
    assert group.get_help(context) == fast


def test_a_mistyped_command_gets_a_suggestion() -> None:
    result = run("plya")
    assert result.exit_code == 2
    assert "No such command 'plya'. Did you mean 'play'?" in result.output


def test_a_short_option_means_one_thing_in_every_command() -> None:
    group = typer.main.get_command(app)
    meanings: dict[str, set[str]] = {"-h": {"--help"}}
    listed = group.commands  # type: ignore[attr-defined]
    for command in [group, *listed.values()]:
        for param in command.params:
            names = [*param.opts, *param.secondary_opts]
            long = next((n for n in names if n.startswith("--")), param.name)
            for short in (n for n in names if not n.startswith("--") and n.startswith("-")):
                meanings.setdefault(short, set()).add(long)
    assert {short: sorted(longs) for short, longs in meanings.items() if len(longs) > 1} == {}
    assert meanings["-n"] == {"--count"}  # the number of questions, in classroom too
    assert meanings["-p"] == {"--player"}
    # The README's table of short options is this one.
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = dict(re.findall(r"^\| `(-\w)` \| `(--[\w-]+)` \|", readme, flags=re.M))
    assert table == {short: next(iter(longs)) for short, longs in meanings.items()}


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"spacequiz {__version__}"


@pytest.mark.parametrize("name", command_names())
def test_every_command_has_help_and_is_in_the_readme(name: str) -> None:
    result = run(name, "--help")
    assert result.exit_code == 0
    assert "Usage" in result.output
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"spacequiz {name}\b", readme), f"README does not show 'spacequiz {name}'"


def test_validate_shipped_bank() -> None:
    result = run("validate")
    assert result.exit_code == 0
    assert re.search(r"OK: \d+ questions in 1 file, no problems found\.", result.output)


def test_validate_reports_every_file_and_exits_1() -> None:
    result = run("validate", str(BROKEN / "unknown-key.yaml"), str(BROKEN / "yaml11-no.yaml"))
    assert result.exit_code == 1
    assert f"{BROKEN / 'unknown-key.yaml'}:7:5: unknown key 'choises'" in result.output
    assert "  hint: did you mean 'choices'?" in result.output
    assert f"{BROKEN / 'yaml11-no.yaml'}:7:19:" in result.output
    # Both files use the id 'one': that is a third problem.
    assert f"{BROKEN / 'yaml11-no.yaml'}:4:9: duplicate id 'one'" in result.output
    assert "3 problems in 2 files" in result.output


def test_validate_json() -> None:
    result = run("validate", "--json", str(BROKEN / "duplicate-key.yaml"))
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["ok"] is False
    assert data["problems"][0]["line"] == 9
    assert data["problems"][0]["message"].startswith("duplicate key 'answer'")
    ok = json.loads(run("validate", "--json").output)
    assert ok["ok"] is True and ok["questions"] >= 45


def test_bank_summary_and_json() -> None:
    result = run("bank", "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert sum(data["types"].values()) == data["questions"] == sum(data["difficulties"].values())
    table = run("bank")
    assert "truefalse" in table.output and "Difficulty" in table.output


def test_bank_takes_paths_as_arguments_like_validate(tmp_path: Path) -> None:
    def questions(*args: str) -> int:
        count: int = json.loads(run("bank", "--json", *args).output)["questions"]
        return count

    shipped = questions()
    assert questions(str(HOSTILE)) == questions("--bank", str(HOSTILE)) < shipped
    assert questions(str(HOSTILE), "-b", str(SHIPPED)) == questions(str(HOSTILE)) + shipped
    missing = run("bank", str(tmp_path / "nope.yaml"))
    assert missing.exit_code == 1
    assert "nope.yaml:1:1: no such file" in missing.output


def test_schema_is_json_schema_from_the_spec() -> None:
    result = run("schema")
    schema = json.loads(result.output)
    assert schema["$schema"].startswith("http://json-schema.org/")
    rules = schema["properties"]["questions"]["items"]["allOf"]
    choice = next(r["then"] for r in rules if r["if"]["properties"]["type"]["const"] == "choice")
    assert set(choice["required"]) == {"id", "type", "prompt", "choices", "answer"}
    assert choice["additionalProperties"] is False


def test_schema_accepts_the_shipped_bank_and_rejects_a_broken_one() -> None:
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema not installed")
    import yaml

    schema = json.loads(run("schema").output)
    shipped = yaml.safe_load((ROOT / "data" / "questions.yaml").read_text(encoding="utf-8"))
    jsonschema.validate(shipped, schema)
    broken = yaml.safe_load((BROKEN / "unknown-key.yaml").read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


def test_play_with_a_broken_bank_uses_the_same_messages() -> None:
    result = run("play", "--bank", str(BROKEN / "answer-not-in-choices.yaml"))
    assert result.exit_code == 1
    assert "answer-not-in-choices.yaml:8:13: the answer 'Vostochny' is not one of the choices" in (
        result.output
    )


def test_play_usage_errors_exit_2() -> None:
    assert run("play", "--count", "0").exit_code == 2
    assert run("play", "--difficulty", "extreme").exit_code == 2
    assert run("nonsense").exit_code == 2


def test_play_no_match_is_exit_1() -> None:
    result = run("play", "--tag", "no-such-tag")
    assert result.exit_code == 1
    assert "no question in the bank matches tag no-such-tag" in result.output


def test_the_readme_example_bank_is_valid(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", readme, flags=re.S)
    example = next(b for b in blocks if "questions:" in b)
    path = tmp_path / "example.yaml"
    path.write_text(example, encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 0, result.output
    types = json.loads(run("bank", "--json", "--bank", str(path)).output)["types"]
    assert all(count == 1 for count in types.values())
