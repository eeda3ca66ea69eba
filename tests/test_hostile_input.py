"""Input a hostile tester sends: numbers too large for a float, text no encoder can write,
duplicate JSON keys, racing writers. Every one is refused with a located message, and no
question is ever lost or half written."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from spacequiz.bank import rules, spec
from spacequiz.bank.edit import fields_from_json
from spacequiz.bank.load import parse_bank
from spacequiz.cli.app import app
from spacequiz.core.errors import AuthoringError, BankError
from spacequiz.storage.files import lock_path, locked

runner = CliRunner()

BANK = """\
version: 1
title: Mine
questions:
  - id: one
    type: text
    prompt: One?
    answer: a
"""

NUMBER = {"id": "n", "type": "number", "prompt": "P", "answer": 1}


def one_line(text: str) -> str:
    return " ".join(text.split())


def codes(data: object) -> list[tuple[str, rules.FieldPath]]:
    _, found = rules.check_question(data)
    return [(i.code, i.path) for i in found]


def problems(text: str) -> list[tuple[int, int, str, str, str]]:
    with pytest.raises(BankError) as caught:
        parse_bank(text)
    return [(p.line, p.column, p.code, p.field, p.message) for p in caught.value.problems]


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    path = tmp_path / "bank.yaml"
    path.write_text(BANK, encoding="utf-8")
    return path


def add_json(bank: Path, question: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["add", str(bank), "--from-json", "-"], input=question)
    return result.exit_code, result.stdout, result.stderr


# Numbers a float cannot hold ---------------------------------------------------------------


@pytest.mark.parametrize("field", ["answer", "tolerance"])
def test_a_whole_number_too_large_for_a_float_is_not_finite(field: str) -> None:
    assert codes({**NUMBER, field: 10**400}) == [("not-finite", (field,))]


@pytest.mark.parametrize("digits", [400, 5000])
def test_add_refuses_a_huge_whole_number_in_json(bank: Path, digits: int) -> None:
    question = '{"type": "number", "prompt": "P", "answer": 1, "tolerance": ' + "9" * digits + "}"
    code, _, stderr = add_json(bank, question)
    assert code == 1
    assert "tolerance (line 1, column 61): 'tolerance' must be a finite number" in stderr
    assert "Traceback" not in stderr and "bug" not in stderr
    assert bank.read_text(encoding="utf-8") == BANK


@pytest.mark.parametrize("digits", [400, 5000])
def test_a_huge_whole_number_in_yaml_is_not_finite(digits: int) -> None:
    text = (
        BANK + "  - {id: n, type: number, prompt: P, answer: 1, tolerance: " + "9" * digits + "}\n"
    )
    assert problems(text) == [
        (8, 60, "not-finite", "questions[1].tolerance", "'tolerance' must be a finite number")
    ]


def test_a_long_number_in_quotes_is_shown_cut_short() -> None:
    text = BANK + '  - {id: n, type: number, prompt: P, answer: "' + "9" * 5000 + '"}\n'
    [(_, _, code, _, message)] = problems(text)
    assert code == "wrong-type" and len(message) < 100


# Text no file can hold ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"prompt": "lone \ud800?"}, ("prompt",)),
        ({"accept": ["fine", "x\udfff"]}, ("accept", 1)),
        ({"explanation": "\udc80"}, ("explanation",)),
    ],
)
def test_a_lone_surrogate_is_refused_at_its_field(change: dict[str, object], path: object) -> None:
    question = {"id": "t", "type": "text", "prompt": "P", "answer": "x", **change}
    assert codes(question) == [("bad-character", path)]


def test_add_refuses_a_lone_surrogate_from_json(bank: Path) -> None:
    code, _, stderr = add_json(bank, r'{"type":"text","prompt":"lone \ud800?","answer":"x"}')
    assert code == 1
    assert (
        "prompt (line 1, column 25): 'prompt' holds half of a character pair "
        "(U+D800, a lone surrogate) at character 6, which no UTF-8 file can hold"
    ) in " ".join(stderr.split())
    assert "bug" not in stderr
    assert bank.read_text(encoding="utf-8") == BANK


def test_the_wizard_refuses_a_lone_surrogate() -> None:
    from spacequiz.bank.edit import question_problems

    fields = {"id": "t", "type": "text", "prompt": "P\udcff", "answer": "x"}
    [problem] = question_problems(fields)
    assert "lone surrogate" in problem


def test_import_skips_a_question_with_a_lone_surrogate(tmp_path: Path) -> None:
    entry = '{"type":"boolean","difficulty":"easy","category":"x","question":"%s",'
    entry += '"correct_answer":"True","incorrect_answers":["False"]}'
    source = tmp_path / "trivia.json"
    results = ",".join([entry % r"lone \ud800?", entry % "Fine?"])
    source.write_text('{"response_code":0,"results":[' + results + "]}", encoding="utf-8")
    out = tmp_path / "out.yaml"
    result = runner.invoke(app, ["import", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "1 imported, 1 skipped" in result.stdout
    assert "lone surrogate" in result.stderr
    assert parse_bank(out.read_text(encoding="utf-8")).bank.questions[0].prompt == "Fine?"


# Writers racing for one bank ---------------------------------------------------------------


def test_ten_adds_at_once_keep_ten_questions(bank: Path) -> None:
    sources = []
    for number in range(10):
        source = bank.with_name(f"q{number}.json")
        question = {"type": "text", "prompt": f"Parallel {number}?", "answer": "x"}
        source.write_text(json.dumps({**question, "id": f"par{number}"}), encoding="utf-8")
        sources.append(source)
    adds = [
        subprocess.Popen(
            [sys.executable, "-m", "spacequiz", "add", str(bank), "--from-json", str(source)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for source in sources
    ]
    for add in adds:
        out, err = add.communicate(timeout=120)
        assert add.returncode == 0, err.decode()
        assert out.decode().startswith("Added question 'par")
    ids = [q.id for q in parse_bank(bank.read_text(encoding="utf-8")).bank.questions]
    assert sorted(ids) == sorted(["one", *(f"par{n}" for n in range(10))])
    assert not lock_path(bank).exists()


def test_a_lock_left_by_a_process_that_is_gone_is_taken_over(bank: Path) -> None:
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], text=True,
                          capture_output=True, check=True).stdout.strip()  # fmt: skip
    lock_path(bank).write_text(f"{gone} {socket.gethostname()}\n", encoding="utf-8")
    code, stdout, _ = add_json(bank, '{"type": "text", "prompt": "After a crash?", "answer": "x"}')
    assert code == 0 and "Added question" in stdout
    assert not lock_path(bank).exists()


def test_a_lock_older_than_a_minute_is_taken_over(bank: Path) -> None:
    lock = lock_path(bank)
    lock.write_text(f"{os.getpid()} some-other-host\n", encoding="utf-8")
    old = time.time() - 120
    os.utime(lock, (old, old))
    with locked(bank):
        assert lock.read_text(encoding="utf-8").split()[0] == str(os.getpid())
    assert not lock.exists()


def test_a_held_lock_is_waited_for_then_refused_clearly(bank: Path) -> None:
    lock_path(bank).write_text(f"{os.getpid()} {socket.gethostname()}\n", encoding="utf-8")
    now = [0.0]
    said: list[str] = []

    def pause(seconds: float) -> None:
        now[0] += seconds

    with (
        pytest.raises(AuthoringError) as refused,
        locked(bank, said.append, wait=3, clock=lambda: now[0], pause=pause),
    ):
        pass  # pragma: no cover - never reached
    owner = f"process {os.getpid()} on {socket.gethostname()}"
    assert said == [f"Waiting for another spacequiz ({owner}) to finish writing {bank}..."]
    assert str(refused.value) == (
        f"{bank} is being changed by another spacequiz ({owner}) and it did not finish within "
        f"3 seconds; try again, or delete {lock_path(bank)} if no spacequiz is running"
    )
    assert bank.read_text(encoding="utf-8") == BANK


def test_the_review_keeps_what_another_command_wrote_meanwhile(bank: Path) -> None:
    from spacequiz.cli.draft import _append

    before = bank.read_text(encoding="utf-8")  # the review read the bank...
    code, _, _ = add_json(
        bank, '{"id": "meanwhile", "type": "text", "prompt": "M?", "answer": "x"}'
    )
    assert code == 0  # ... another add wrote it, then the teacher keeps a draft
    fields: dict[str, object] = {"id": "kept", "type": "text", "prompt": "K?", "answer": "y"}
    _append(bank, before, fields, [], False)
    ids = [q.id for q in parse_bank(bank.read_text(encoding="utf-8")).bank.questions]
    assert ids == ["one", "meanwhile", "kept"]


# Sizes ---------------------------------------------------------------------------------------


def test_a_text_value_has_a_length_limit() -> None:
    long = "x" * (spec.MAX_TEXT_CHARS + 1)
    assert codes({"id": "t", "type": "text", "prompt": long, "answer": "x"}) == [
        ("too-long", ("prompt",))
    ]
    assert codes({"id": "t", "type": "text", "prompt": long[1:], "answer": "x"}) == []


def test_add_refuses_a_twenty_megabyte_prompt(bank: Path) -> None:
    question = json.dumps({"type": "text", "prompt": "x" * 20_000_000, "answer": "x"})
    code, _, stderr = add_json(bank, question)
    assert code == 1
    assert (
        "prompt (line 1, column 28): 'prompt' is 20,000,000 characters long, more than the "
        "10,000 a value may hold" in " ".join(stderr.split())
    )
    assert bank.read_text(encoding="utf-8") == BANK


def test_add_never_writes_a_bank_the_loader_would_refuse_as_too_large(
    bank: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(spec, "MAX_BANK_BYTES", len(BANK) + 50)
    question = json.dumps({"type": "text", "prompt": "A prompt a little too long?", "answer": "x"})
    code, _, stderr = add_json(bank, question)
    assert code == 1
    assert "larger than the 0 MiB a bank may hold; the file was not changed" in one_line(stderr)
    assert bank.read_text(encoding="utf-8") == BANK
    assert runner.invoke(app, ["validate", str(bank)]).exit_code == 0


def test_import_never_writes_a_bank_too_large_to_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(spec, "MAX_BANK_BYTES", 100)
    source = tmp_path / "quiz.aiken"
    source.write_text("Which?\nA. one\nB. two\nANSWER: A\n", encoding="utf-8")
    result = runner.invoke(app, ["import", str(source), "-o", str(tmp_path / "out.yaml")])
    assert result.exit_code == 1
    assert "larger than the 0 MiB a bank may hold" in one_line(result.stderr)
    assert not (tmp_path / "out.yaml").exists()


# Duplicate keys in JSON --------------------------------------------------------------------


def test_a_key_twice_in_the_json_is_a_duplicate_key_at_its_second_place(bank: Path) -> None:
    question = '{"type": "text", "prompt": "First?",\n "answer": "x", "prompt": "Second?"}'
    code, _, stderr = add_json(bank, question)
    assert code == 1
    assert (
        "prompt (line 2, column 17): duplicate key 'prompt' in the JSON object (JSON readers "
        "keep only the last one: delete or rename one of them)"
    ) in one_line(stderr)
    assert bank.read_text(encoding="utf-8") == BANK


# Every problem of a question ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"prompt": "", "choices": ["a", "b"], "answer": "c"},
            [("empty-value", ("prompt",)), ("answer-not-in-choices", ("answer",))],
        ),
        (
            {"choices": ["a", "a"], "answer": "c"},
            [("duplicate-choice", ("choices", 1)), ("answer-not-in-choices", ("answer",))],
        ),
        (
            {"type": "multi", "choices": ["a", "a"], "answer": ["c", "C"]},
            [
                ("duplicate-choice", ("choices", 1)),
                ("duplicate-answer", ("answer", 1)),
                ("answer-not-in-choices", ("answer", 0)),
                ("answer-not-in-choices", ("answer", 1)),
            ],
        ),
        (  # a rule whose input is broken is skipped: no answer check without choices
            {"choices": "a", "answer": "c", "difficulty": "x"},
            [("wrong-type", ("choices",)), ("unknown-value", ("difficulty",))],
        ),
    ],
)
def test_every_independent_problem_of_a_question_is_reported(
    change: dict[str, object], expected: list[tuple[str, object]]
) -> None:
    question = {"id": "a", "type": "choice", "prompt": "P", **change}
    assert sorted(codes(question), key=str) == sorted(expected, key=str)


def test_a_number_question_with_a_bad_prompt_and_a_negative_tolerance() -> None:
    question = {**NUMBER, "prompt": ["a"], "tolerance": -1}
    assert codes(question) == [("wrong-type", ("prompt",)), ("negative-tolerance", ("tolerance",))]


def test_validate_reports_both_problems_of_one_question(tmp_path: Path) -> None:
    bank = tmp_path / "m.yaml"
    bank.write_text(
        'version: 1\ntitle: x\nquestions:\n  - {id: a, type: choice, prompt: "", '
        "choices: [a, b], answer: c}\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["validate", str(bank), "--json"])
    found = json.loads(result.stdout)["problems"]
    assert [(p["code"], p["field"]) for p in found] == [
        ("empty-value", "questions[0].prompt"),
        ("answer-not-in-choices", "questions[0].answer"),
    ]


# Messages that say what is there -------------------------------------------------------------


def test_a_null_entry_in_a_list_is_called_empty(bank: Path) -> None:
    code, _, stderr = add_json(bank, '{"type": "order", "prompt": "P", "items": ["a", 1, null]}')
    assert code == 1
    assert (
        "items[2] (line 1, column 52): an empty entry (null) in 'items' "
        "(remove it or fill it in) [empty-entry]"
    ) in one_line(stderr)


def test_a_question_without_an_id_is_named_by_its_place() -> None:
    with pytest.raises(AuthoringError) as refused:
        fields_from_json('{"answer": "x"}', set())
    assert "type: the question has no 'type'" in str(refused.value)
    assert "'question'" not in str(refused.value)
    text = BANK + '  - {prompt: "P", answer: c}\n'
    assert problems(text)[:2] == [
        (8, 5, "missing-key", "questions[1].id", "question 2 has no 'id'"),
        (8, 5, "missing-key", "questions[1].type", "question 2 has no 'type'"),
    ]


def test_a_key_with_an_escape_sequence_is_shown_with_it_visible(bank: Path) -> None:
    code, _, stderr = add_json(bank, '{"type":"text","promp\\u001b[31mt":"P","answer":"x"}')
    assert code == 1
    assert (
        "promp\\x1b[31mt (line 1, column 35): unknown key 'promp\\x1b[31mt' in text questions "
        "(did you mean 'prompt'?) [unknown-key]"
    ) in one_line(stderr)


def test_a_null_entry_in_a_yaml_list_is_called_empty() -> None:
    text = BANK + "  - {id: o, type: order, prompt: P, items: [a, b, null]}\n"
    assert problems(text) == [
        (8, 51, "empty-entry", "questions[1].items[2]", "an empty entry (null) in 'items'")
    ]


@pytest.mark.parametrize(
    ("entry", "code", "field"),
    [
        ("{id: b, type: text, prompt: P, answer: x, tags: [a, !!python/x b]}", "yaml-tag",
         "questions[1].tags[1]"),
        ("{id: b, type: text, prompt: !foo [P], answer: x}", "yaml-tag", "questions[1].prompt"),
        ("{id: b, type: text, prompt: P, answer: x, answer: y}", "duplicate-key",
         "questions[1].answer"),
        ("{id: b, type: text, prompt: *nope, answer: x}", "bad-alias", "questions[1].prompt"),
    ],
)  # fmt: skip
def test_problems_the_parser_finds_name_their_field(entry: str, code: str, field: str) -> None:
    found = problems(BANK + f"  - {entry}\n")
    assert (code, field) in [(p[2], p[3]) for p in found]


def test_digits_grouped_with_underscores_are_a_yaml11_number() -> None:
    """PyYAML reads 1_000 as 1000, YAML 1.2 readers (editors, other tools) as text: the
    same file would mean two things, as 010 and 0b101 do, so it gets their code."""
    found = problems(
        "version: 1\nquestions:\n  - id: a\n    type: number\n    prompt: How many?\n"
        "    answer: 1_000\n    tolerance: 10\n"
    )
    assert [(p[0], p[2]) for p in found] == [(6, "yaml11-number")], found
    assert "is 1_000, which YAML 1.1 reads as 1000" in found[0][4]
