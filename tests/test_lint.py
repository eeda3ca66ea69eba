"""The quiz linter: one planted fault per check, the command's output and exit codes."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
from rapidfuzz.fuzz import token_sort_ratio
from typer.testing import CliRunner

from spacequiz.bank import lint
from spacequiz.bank.lint import CHECKS, game_leaks, lint_paths, lint_text
from spacequiz.bank.load import load_banks, load_file, parse_bank, read_bank_text, shipped_bank_path
from spacequiz.cli.app import app
from spacequiz.core.answers import normalise, text_matches
from spacequiz.core.engine import Filters, select
from spacequiz.core.errors import BankError
from spacequiz.core.model import ChoiceQuestion, MultiQuestion, TextQuestion

HERE = Path(__file__).parent
LINT = HERE / "banks" / "lint"
runner = CliRunner()


def found(name: str) -> list[tuple[str, int, str]]:
    return [(f.code, f.line, f.message) for f in lint_paths([LINT / name])]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "leak.yaml",
            [
                (
                    "L101",
                    10,
                    "'Baikonur', an answer of question 'site' (line 4), appears in this prompt",
                )
            ],
        ),
        (
            "hint.yaml",
            [
                ("L102", 8, "the hint gives away the answer 'The Challenge'"),
                ("L102", 13, "the hint gives away the answer '37'"),
                ("L102", 19, "the hint gives away the answer 'To save a cosmonaut'"),
            ],
        ),
        ("prompt.yaml", [("L103", 6, "the prompt holds its own answer 'Tom Cruise'")]),
        (
            "position.yaml",
            [
                (
                    "L201",
                    8,
                    "the right choice of all 4 choice questions in this file stands at place 1",
                )
            ],
        ),
        (
            "longest.yaml",
            [("L202", 8, "the right choice is 45 characters long, the longest wrong one 7")],
        ),
        (
            "duplicate.yaml",
            [("L301", 14, "this prompt nearly repeats question 'month' (line 4; 88% alike)")],
        ),
        (
            "absolute.yaml",
            [("L401", 6, "the statement says 'always': absolute words give true/false away")],
        ),
        (
            "multi.yaml",
            [("L501", 8, "every choice is right: selecting all (or nothing) cannot be wrong")],
        ),
        (
            "fuzzy.yaml",
            [
                ("L601", 9, "'vyzov' is both accepted and rejected"),
                (
                    "L601",
                    13,
                    "typing 'Challenger' (a wrong choice of question 'station') "
                    "would count as right",
                ),
            ],
        ),
        ("ignored.yaml", []),
    ],
)
def test_each_check_finds_its_planted_fault(name: str, expected: list[object]) -> None:
    assert found(name) == expected


def test_every_check_has_a_planted_fault() -> None:
    planted = {f.code for path in LINT.glob("*.yaml") for f in lint_paths([path])}
    assert planted == set(CHECKS) - {"L001"}


def test_no_leak_is_reported_inside_a_family() -> None:
    # leak.yaml's kin-b names Shkaplerov, the answer of kin-a, in the same family.
    assert all("kin" not in f.message for f in lint_paths([LINT / "leak.yaml"]))


def test_a_bank_that_does_not_load_is_one_finding_per_problem() -> None:
    findings = lint_text("questions: 3\n", "x.yaml")
    assert [(f.code, f.line, f.message) for f in findings] == [
        ("L001", 1, "'questions' must be a list")
    ]


@pytest.mark.parametrize(
    "path",
    sorted((HERE / "banks").rglob("*.yaml")) + sorted((HERE / "corpus").rglob("*.*")),
    ids=lambda p: p.name,
)
def test_never_crashes(path: Path) -> None:
    for finding in lint_paths([path]):
        assert finding.code in CHECKS and finding.line >= 1 and finding.column >= 1


def test_the_command_lists_findings_and_exits_1() -> None:
    result = runner.invoke(app, ["lint", "--no-color", str(LINT / "leak.yaml")])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{LINT / 'leak.yaml'}:10:13: L101 'Baikonur', an answer of question 'site' (line 4), "
        "appears in this prompt",
        "  hint: reword one of them, or give both the same 'family:' so no game asks both",
        "1 finding",
    ]


def test_json_output() -> None:
    result = runner.invoke(app, ["lint", "--json", str(LINT / "absolute.yaml")])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["ok"] is False
    assert [(f["code"], f["line"], f["column"], f["question"]) for f in data["findings"]] == [
        ("L401", 6, 13, "tf")
    ]


def test_the_shipped_bank_passes_and_the_command_says_so() -> None:
    result = runner.invoke(app, ["lint"])
    assert result.exit_code == 0, result.output
    assert "No findings" in result.output


def test_no_seeded_game_of_the_shipped_bank_shows_an_answer_before_asking_it() -> None:
    bank = load_banks()
    for seed in range(500):
        questions = [r.question for r in select(bank, Filters(), 10, random.Random(seed)).rounds]
        assert len(questions) == 10
        assert game_leaks(questions) == [], f"seed {seed}"


def test_the_shipped_title_question_rejects_challenger() -> None:
    from spacequiz.core.engine import check
    from spacequiz.core.model import TextQuestion

    (title,) = [
        q
        for q in load_banks().questions
        if isinstance(q, TextQuestion) and q.answer == "The Challenge"
    ]
    assert "Challenger" in title.reject
    assert not check(title, "Challenger").correct
    assert check(title, "the chalenge").correct


def test_the_shipped_bank_keeps_its_balance() -> None:
    questions = load_banks().questions
    assert len(questions) >= 45
    for difficulty in ("easy", "medium", "hard"):
        assert sum(q.difficulty == difficulty for q in questions) * 5 >= len(questions)
    for qtype in ("choice", "multi", "truefalse", "text", "number", "order"):
        assert sum(q.type == qtype for q in questions) >= 4


DRAFTS = """\
version: 1
questions:
  - id: who-flew
    type: text
    prompt: Who flew the crew home?
    answer: Oleg Novitsky
    tags: [draft]
  - id: pick
    type: choice
    prompt: Who docked by hand?
    choices: [Oleg Novitsky, Anton Shkaplerov]
    answer: Anton Shkaplerov
    tags: [{tag}]
"""


def test_leaks_in_drafts_are_explained_as_expected() -> None:
    (finding,) = lint_text(DRAFTS.format(tag="draft"), "drafts.yaml")
    assert (finding.code, finding.question, finding.draft) == ("L101", "pick", True)
    assert finding.hint.startswith("expected in a draft: drafts take their text from the article")
    assert finding.as_dict()["draft"] is True
    (reviewed,) = lint_text(DRAFTS.format(tag="people"), "bank.yaml")
    assert reviewed.draft is False and "expected in a draft" not in reviewed.hint


# Scaling: the cross-question checks compare every pair, as these plain loops do ------------


def pairwise(places: list[lint._Place]) -> list[tuple[str, str, int, int, str]]:
    """L101, L301 and L601 by comparing every pair of questions: the reference the indexed
    checks must agree with, finding for finding."""
    found = []
    for source in places:
        forms = lint.answer_forms(source.question)
        for place in places if forms else []:
            if place is source or lint._kin(place.question, source.question):
                continue
            for name, index, text in lint.shown_texts(place.question):
                form = next((f for f in forms if lint.mentions(text, f)), None)
                if form is not None:
                    found.append(("L101", place.question.id, *place.at(name, index), form))
                    break
    cleaned = [lint._clean_prompt(p.question.prompt) for p in places]
    for j, place in enumerate(places):
        for i in range(j):
            if lint._kin(place.question, places[i].question):
                continue
            score = token_sort_ratio(cleaned[i], cleaned[j])
            if score >= lint.DUPLICATE_SCORE:
                found.append(("L301", place.question.id, *place.at("prompt"), f"{score:.0f}"))
                break
    wrong = [
        (p, c)
        for p in places
        if isinstance(p.question, ChoiceQuestion | MultiQuestion)
        for c in p.question.choices
        if c not in lint.answer_forms(p.question)
    ]
    for place in places:
        question = place.question
        if not isinstance(question, TextQuestion):
            continue
        expected = [question.answer, *question.accept]
        exact = {normalise(e) for e in expected}
        for other, choice in wrong:
            if normalise(choice) not in exact and text_matches(choice, expected, question.reject):
                found.append(("L601", question.id, *place.at("answer"), other.question.id))
    ignored = {p.question.id: p.ignored for p in places}
    return sorted(f for f in found if f[0] not in ignored[f[1]])


def indexed(findings: list[lint.Finding]) -> list[tuple[str, str, int, int, str]]:
    """The same facts read back from the linter's findings."""
    quoted = re.compile(r"'([^']*)'")
    found = []
    for f in findings:
        if f.code == "L101":
            found.append((f.code, f.question, f.line, f.column, quoted.findall(f.message)[0]))
        elif f.code == "L301":
            found.append((f.code, f.question, f.line, f.column, f.message.split("; ")[1][:-8]))
        elif f.code == "L601" and f.message.startswith("typing"):
            found.append((f.code, f.question, f.line, f.column, quoted.findall(f.message)[1]))
    return sorted(found)


def generated_bank(count: int, seed: int) -> str:
    """A bank of made-up words whose questions leak, repeat and near-miss each other."""
    rng = random.Random(seed)

    def dumps(value: object) -> str:
        return json.dumps(value, ensure_ascii=False)

    parts = ["ka", "lo", "mi", "ra", "zu", "ven", "tor", "sel", "pa", "dri", "é", "ö"]
    words = ["".join(rng.choices(parts, k=rng.randint(2, 3))) for _ in range(60)]
    names = [f"{rng.choice(words).title()} {rng.choice(words).title()}" for _ in range(40)]
    names += [rng.choice(words).title() for _ in range(10)] + ["3,000", "MS-18", "🚀", "Ab"]
    lines = ["version: 1", "questions:"]
    prompts: list[str] = []
    for i in range(count):
        said = rng.choices(words, k=rng.randint(4, 9))
        if rng.random() < 0.3:
            said.insert(rng.randrange(len(said)), rng.choice(names) + rng.choice(["", "s"]))
        prompt = " ".join(said)
        if prompts and rng.random() < 0.1:  # a near-repeat of an earlier prompt
            prompt = rng.choice(prompts) + rng.choice(["", " again", "s"])
        prompts.append(prompt)
        answer, *others = rng.sample(names, 4)
        if rng.random() < 0.2:
            others[0] = answer[:-1] + "x"  # a wrong choice one slip from some answer
        others = [o for o in dict.fromkeys(others) if o != answer]
        kind = rng.choice(["choice", "multi", "text", "text", "number", "truefalse"])
        lines += [f"  - id: q{i}", f"    prompt: {dumps(prompt + '?')}"]
        if rng.random() < 0.1:
            lines.append(f"    family: f{rng.randrange(5)}")
        if kind in ("choice", "multi"):
            answers = dumps(answer if kind == "choice" else [answer])
            lines += [f"    type: {kind}", f"    choices: {dumps([answer, *others])}"]
            lines.append(f"    answer: {answers}")
        elif kind == "text":
            lines += ["    type: text", f"    answer: {dumps(answer)}"]
            lines.append(f"    accept: {dumps(others[1:2])}")
            if rng.random() < 0.3:
                lines.append(f"    reject: {dumps(others[-1:])}")
        elif kind == "number":
            lines += ["    type: number", f"    answer: {rng.choice([3, 12, 3000, 2.5])}"]
        else:
            lines += ["    type: truefalse", "    answer: true"]
        if rng.random() < 0.3:
            lines.append(f"    hint: {dumps(' '.join(rng.choices(words + names, k=3)))}")
    return "\n".join(lines) + "\n"


BANKS = [
    shipped_bank_path(),
    *sorted((HERE / "banks").rglob("*.yaml")),
    *sorted((HERE / "corpus").rglob("*.yaml")),
]


@pytest.mark.parametrize("path", BANKS, ids=lambda p: p.name)
def test_cross_question_findings_match_comparing_every_pair(path: Path) -> None:
    try:
        text = read_bank_text(path)
        questions = load_file(path).bank.questions
    except BankError:
        return
    places = lint._places(text, str(path), questions)
    assert indexed(lint.lint_places(places)) == pairwise(places)


@pytest.mark.parametrize("seed", range(4))
def test_cross_question_findings_match_comparing_every_pair_in_a_generated_bank(
    seed: int,
) -> None:
    text = generated_bank(120, seed)
    places = lint._places(text, "gen.yaml", parse_bank(text, "gen.yaml").bank.questions)
    expected = pairwise(places)
    assert {code for code, *_ in expected} == {"L101", "L301", "L601"}
    assert indexed(lint.lint_places(places)) == expected


def test_a_planted_near_duplicate_is_found_among_thousands_of_questions() -> None:
    rng = random.Random(7)
    words = ["".join(rng.choices("bcdfgklmnprstvz", k=3)) + "a" for _ in range(3000)]
    lines = ["version: 1", "questions:"]
    for i in range(2000):
        prompt = " ".join(rng.sample(words, 8)) + "?"
        if i == 1500:
            prompt = "In which month did the film crew launch to the station?"
        if i == 1900:
            prompt = "In which month did the film crew launch to the ISS?"
        lines += [
            f"  - id: q{i}",
            f"    prompt: {prompt}",
            "    type: truefalse",
            "    answer: true",
        ]
    (finding,) = lint_text("\n".join(lines) + "\n", "big.yaml")
    assert (finding.code, finding.question) == ("L301", "q1900")
    assert "repeats question 'q1500'" in finding.message
