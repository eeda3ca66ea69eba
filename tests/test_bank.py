"""The loader: every broken bank in tests/banks/broken gives its message at its line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from spacequiz.bank import load as bank_module
from spacequiz.bank import spec, yamltree
from spacequiz.bank.load import load_banks, parse_bank
from spacequiz.core.errors import BankError
from spacequiz.core.model import ChoiceQuestion, NumberQuestion, TrueFalseQuestion

from .conftest import SHIPPED

BROKEN = Path(__file__).parent / "banks" / "broken"

# file -> (line, column, words the message must contain)
EXPECTED = {
    "syntax-error.yaml": (6, 13, "quoted scalar"),
    "tab-indent.yaml": (5, 1, "tab character in the indentation"),
    "duplicate-key.yaml": (9, 5, "duplicate key 'answer'"),
    "unknown-key.yaml": (7, 5, "unknown key 'choises'"),
    "missing-answer.yaml": (4, 5, "question 'one' has no 'answer'"),
    "wrong-type.yaml": (7, 13, "'answer' must be a number, not '3000'"),
    "duplicate-id.yaml": (8, 9, "duplicate id 'same' (first used on line 4)"),
    "answer-not-in-choices.yaml": (8, 13, "the answer 'Vostochny' is not one of the choices"),
    "yaml11-no.yaml": (7, 19, "YAML reads it as a true/false value: no"),
    "yaml11-exponent.yaml": (7, 13, "'1e3' would be read as a number"),
    "yaml11-date.yaml": (7, 13, "YAML reads it as a date: 2021-10-05"),
    "empty.yaml": (1, 1, "the file is empty"),
    "not-utf8.yaml": (2, 19, "not UTF-8 (byte 0xe9)"),
    "python-tag.yaml": (2, 8, "tag !!python/object/apply:os.system is not allowed"),
    "alias-bomb.yaml": (6, 4, "aliases here expand to more than 100,000 values"),
    "self-alias.yaml": (3, 5, "the alias *loop refers to the collection that contains it"),
    "deep-nesting.yaml": (1, 75, "nested more than 64 levels deep"),
    "unknown-type.yaml": (4, 11, "unknown question type 'multiple'"),
    "too-few-choices.yaml": (6, 14, "'choices' needs at least 2 entries, it has 1"),
    "order-one-item.yaml": (6, 12, "'items' needs at least 2 entries, it has 1"),
    "negative-tolerance.yaml": (7, 16, "the tolerance cannot be negative"),
    "not-a-mapping.yaml": (1, 1, "a bank must be a mapping"),
    "no-questions.yaml": (1, 1, "the bank has no 'questions'"),
    "bad-difficulty.yaml": (7, 17, "'extreme' is not a valid difficulty"),
    "truefalse-quoted.yaml": (6, 13, "'answer' must be true or false, not 'yes'"),
    "multi-answer-not-list.yaml": (7, 13, "'answer' must be a list"),
    "two-documents.yaml": (7, 1, "holds one YAML document"),
    "duplicate-choices.yaml": (6, 25, "'baikonur' appears twice in the choices"),
    "bad-version.yaml": (1, 10, "unsupported format version 2"),
}


def test_every_broken_bank_has_an_expectation() -> None:
    assert sorted(p.name for p in BROKEN.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_bank_is_reported_at_its_line(name: str) -> None:
    line, column, words = EXPECTED[name]
    with pytest.raises(BankError) as caught:
        load_banks([BROKEN / name])
    problems = caught.value.problems
    assert len(problems) == 1, [p.message for p in problems]
    problem = problems[0]
    assert problem.path == str(BROKEN / name)
    assert (problem.line, problem.column) == (line, column)
    assert words in problem.message
    assert problem.hint, "every problem says how to fix it"


def test_suggestions_name_the_likely_fix() -> None:
    hints = {}
    for name in ("unknown-key.yaml", "unknown-type.yaml", "wrong-type.yaml", "yaml11-no.yaml"):
        with pytest.raises(BankError) as caught:
            load_banks([BROKEN / name])
        hints[name] = caught.value.problems[0].hint
    assert hints["unknown-key.yaml"] == "did you mean 'choices'?"
    assert hints["unknown-type.yaml"] == "did you mean 'multi'?"
    assert hints["wrong-type.yaml"] == "remove the quotes: 3000"
    assert hints["yaml11-no.yaml"] == 'put it in quotes: "no"'


def test_empty_required_keys_say_what_to_write() -> None:
    text = "version: 1\nquestions:\n  - id: x\n    type: text\n    prompt: P\n    answer:\n"
    with pytest.raises(BankError) as caught:
        parse_bank(text)
    assert [(p.message, p.hint) for p in caught.value.problems] == [
        ("'answer' is empty", "fill in 'answer'")
    ]
    with pytest.raises(BankError) as caught:
        parse_bank("version: 1\nquestions:\n")
    assert [(p.message, p.hint) for p in caught.value.problems] == [
        ("'questions' is empty", "write the questions under 'questions:'")
    ]


def test_every_problem_in_a_file_is_reported(write_bank) -> None:  # type: ignore[no-untyped-def]
    path = write_bank(
        "version: 1\nquestions:\n"
        "  - id: a\n    type: choice\n    prompt: P\n    choices: [x, y]\n    answer: z\n"
        "  - id: b\n    type: truefalse\n    prompt: Q\n    answer: maybe\n"
        "  - id: c\n    type: text\n    prompt: R\n    answr: x\n"
    )
    with pytest.raises(BankError) as caught:
        load_banks([path])
    located = [(p.line, p.message) for p in caught.value.problems]
    assert located == [
        (7, "the answer 'z' is not one of the choices"),
        (11, "'answer' must be true or false, not 'maybe'"),
        (12, "question 'c' has no 'answer'"),
        (15, "unknown key 'answr' in text questions"),
    ]


def test_shipped_bank_is_valid_and_ids_unique() -> None:
    bank = load_banks()
    ids = [q.id for q in bank.questions]
    assert len(ids) == len(set(ids)) >= 45
    assert all(q.explanation for q in bank.questions)
    types = {q.type for q in bank.questions}
    assert types == {"choice", "multi", "truefalse", "text", "number", "order"}
    for qtype in types:
        assert sum(q.type == qtype for q in bank.questions) >= 4


def test_shipped_bank_is_read_from_the_package() -> None:
    path = bank_module.shipped_bank_path()
    assert path.read_bytes() == SHIPPED.read_bytes()


def test_values_become_typed_questions(write_bank) -> None:  # type: ignore[no-untyped-def]
    path = write_bank(
        "version: 1\ntitle: T\nquestions:\n"
        "  - id: year\n    type: choice\n    prompt: Year?\n    choices: [2019, 2020, 2021]\n"
        "    answer: 2021\n    tags: [dates]\n"
        "  - id: n\n    type: number\n    prompt: How many?\n    answer: 3000\n"
        "    tolerance: 250.5\n    unit: applicants\n"
        "  - id: tf\n    type: truefalse\n    prompt: Really?\n    answer: no\n"
    )
    questions = load_banks([path]).questions
    assert questions[0] == ChoiceQuestion(
        id="year",
        prompt="Year?",
        choices=("2019", "2020", "2021"),
        answer="2021",
        tags=("dates",),
    )
    assert isinstance(questions[1], NumberQuestion)
    assert (questions[1].answer, questions[1].tolerance) == (3000, 250.5)
    assert questions[2] == TrueFalseQuestion(id="tf", prompt="Really?", answer=False)


def test_bom_and_crlf_are_fine(tmp_path: Path) -> None:
    text = "version: 1\r\nquestions:\r\n  - id: a\r\n    type: truefalse\r\n    prompt: P\r\n"
    path = tmp_path / "windows.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + (text + "    answer: yes\r\n").encode())
    assert load_banks([path]).questions[0].prompt == "P"
    path.write_bytes(b"\xef\xbb\xbf" + (text + "    answer: maybe\r\n").encode())
    with pytest.raises(BankError) as caught:
        load_banks([path])
    assert caught.value.problems[0].line == 6


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    one = (
        "version: 1\nquestions:\n"
        "  - id: same\n    type: truefalse\n    prompt: A\n    answer: true\n"
    )
    (tmp_path / "a.yaml").write_text(one)
    (tmp_path / "b.yaml").write_text("# second\n" + one)
    with pytest.raises(BankError) as caught:
        load_banks([tmp_path])
    [problem] = caught.value.problems
    assert problem.path == str(tmp_path / "b.yaml")
    assert problem.line == 4
    assert f"already used at {tmp_path / 'a.yaml'}:3" in problem.message


def test_a_folder_means_its_yaml_files(tmp_path: Path) -> None:
    for name, qid in (("b.yaml", "b"), ("a.yml", "a"), ("notes.txt", "x")):
        (tmp_path / name).write_text(
            f"version: 1\nquestions:\n  - id: {qid}\n    type: truefalse\n"
            "    prompt: P\n    answer: true\n"
        )
    bank = load_banks([tmp_path])
    assert [q.id for q in bank.questions] == ["a", "b"]


def test_missing_file_and_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(BankError, match="no such file"):
        load_banks([tmp_path / "nope.yaml"])
    with pytest.raises(BankError, match="holds no .yaml files"):
        load_banks([tmp_path])


def test_size_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spec, "MAX_BANK_BYTES", 1024)
    path = tmp_path / "big.yaml"
    path.write_text("version: 1\n" + "# padding\n" * 200)
    with pytest.raises(BankError, match="larger than"):
        load_banks([path])


def test_loading_never_writes(write_bank) -> None:  # type: ignore[no-untyped-def]
    path = write_bank((BROKEN / "duplicate-key.yaml").read_text())
    before = (path.read_bytes(), os.stat(path).st_mtime_ns)
    with pytest.raises(BankError):
        load_banks([path])
    assert (path.read_bytes(), os.stat(path).st_mtime_ns) == before


def test_tabs_same_answer_with_the_pure_python_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    import yaml

    text = (BROKEN / "tab-indent.yaml").read_text()
    answers = []
    for loader in (yamltree._Loader, yaml.SafeLoader):  # type: ignore[attr-defined]
        monkeypatch.setattr(yamltree, "_Loader", loader)
        with pytest.raises(BankError) as caught:
            parse_bank(text, "t.yaml")
        answers.append([(p.line, p.column, p.message) for p in caught.value.problems])
    assert answers[0] == answers[1]


def test_pure_python_parser_refuses_deep_nesting_without_recursion(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import yaml

    monkeypatch.setattr(yamltree, "_Loader", yaml.SafeLoader)
    deep = "questions: " + "[" * 5000 + "]" * 5000
    with pytest.raises(BankError, match="nested more than"):
        parse_bank(deep, "deep.yaml")


def test_huge_alias_bomb_is_refused(write_bank) -> None:  # type: ignore[no-untyped-def]
    lines = ['a0: &a0 ["lol"]']
    for i in range(1, 40):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    path = write_bank("\n".join(lines) + "\nquestions: *a39\n")
    with pytest.raises(BankError, match="aliases here expand"):
        load_banks([path])


def test_aliases_within_limits_are_allowed(write_bank) -> None:  # type: ignore[no-untyped-def]
    path = write_bank(
        "version: 1\nquestions:\n"
        "  - id: a\n    type: choice\n    prompt: P\n    choices: &crew [Shkaplerov, Peresild]\n"
        "    answer: Peresild\n"
        "  - id: b\n    type: multi\n    prompt: Q\n    choices: *crew\n    answer: [Shkaplerov]\n"
    )
    bank = load_banks([path])
    assert bank.questions[1].choices == ("Shkaplerov", "Peresild")  # type: ignore[union-attr]


def test_progress_is_reported_for_big_files(tmp_path: Path) -> None:
    entry = "  - id: q{0}\n    type: truefalse\n    prompt: Q{0}\n    answer: true\n"
    path = tmp_path / "big.yaml"
    path.write_text("version: 1\nquestions:\n" + "".join(entry.format(i) for i in range(5000)))
    seen: list[tuple[int, int]] = []
    bank = load_banks([path], progress=lambda done, total: seen.append((done, total)))
    assert len(bank.questions) == 5000
    assert len(seen) > 2
    assert seen[-1][0] == seen[-1][1] == path.stat().st_size
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_duplicate_ids_are_found_even_in_files_with_other_problems(tmp_path: Path) -> None:
    one = (
        "version: 1\nquestions:\n"
        "  - id: same\n    type: truefalse\n    prompt: A\n    answer: true\n"
    )
    (tmp_path / "a.yaml").write_text(one)
    (tmp_path / "b.yaml").write_text(one + "  - id: broken\n    type: nonsense\n    prompt: B\n")
    with pytest.raises(BankError) as caught:
        load_banks([tmp_path / "a.yaml", tmp_path / "b.yaml"])
    messages = [(p.path, p.line, p.column, p.message.split(":")[0]) for p in caught.value.problems]
    assert (str(tmp_path / "b.yaml"), 3, 9, "duplicate id 'same'") in messages
    assert any("unknown question type 'nonsense'" in p.message for p in caught.value.problems)


def test_the_same_file_twice_is_read_once(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(
        "version: 1\nquestions:\n  - id: a\n    type: truefalse\n    prompt: P\n    answer: true\n"
    )
    assert len(load_banks([path, path, tmp_path]).questions) == 1


def test_odd_but_readable_values(write_bank) -> None:  # type: ignore[no-untyped-def]
    path = write_bank(
        "version: 1\nquestions:\n"
        "  - id: n\n    type: number\n    prompt: P\n    answer: 1.5e3\n"
        "  - id: c\n    type: choice\n    prompt: Q\n    choices:\n      - |\n        Alpha\n"
        "      - Beta\n    answer: Alpha\n"
    )
    number, choice = load_banks([path]).questions
    assert number.answer == 1500  # type: ignore[union-attr]
    assert choice.choices == ("Alpha", "Beta")  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("snippet", "words"),
    [
        ("type: number\n    prompt: P\n    answer: !!int abc\n", "'answer' must be a number"),
        ("type: truefalse\n    prompt: P\n    answer: !!bool maybe\n", "must be true or false"),
        (
            "type: truefalse\n    prompt: P\n    answer: true\n  - id: ab cd\n"
            "    type: truefalse\n    prompt: P\n    answer: true\n",
            "is not a simple slug",
        ),
    ],
)
def test_tagged_nonsense_is_reported_not_crashed_on(write_bank, snippet: str, words: str) -> None:  # type: ignore[no-untyped-def]
    path = write_bank("version: 1\nquestions:\n  - id: q\n    " + snippet)
    with pytest.raises(BankError) as caught:
        load_banks([path])
    assert any(words in p.message for p in caught.value.problems), caught.value.problems


def test_family_and_reject_are_read_and_written_back(write_bank) -> None:  # type: ignore[no-untyped-def]
    from spacequiz.bank.write import bank_text

    path = write_bank(
        "version: 1\ntitle: T\nquestions:\n"
        "  - id: a\n    type: text\n    prompt: Film?\n    answer: The Challenge\n"
        "    reject: [Challenger]\n    family: film-title\n"
        "  - id: b\n    type: truefalse\n    prompt: Vyzov?\n    answer: yes\n"
        "    family: film-title\n"
    )
    questions = load_banks([path]).questions
    assert [q.family for q in questions] == ["film-title", "film-title"]
    assert questions[0].reject == ("Challenger",)  # type: ignore[union-attr]
    text = bank_text("T", questions)
    assert "    family: film-title\n" in text and "    reject: [Challenger]\n" in text
    assert load_banks([write_bank(text, "again.yaml")]).questions == questions


def test_a_family_must_be_a_slug(write_bank) -> None:  # type: ignore[no-untyped-def]
    path = write_bank(
        "title: T\nquestions:\n"
        "  - id: a\n    type: truefalse\n    prompt: P\n    answer: yes\n    family: two words\n"
    )
    with pytest.raises(BankError) as caught:
        load_banks([path])
    assert [p.message for p in caught.value.problems] == [
        "the family 'two words' is not a simple slug"
    ]
