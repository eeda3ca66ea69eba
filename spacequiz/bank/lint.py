"""The quiz linter: questions that load fine but play badly, each finding located and coded.

Pure checks over loaded banks: no terminal, and the only reading is of the bank files. A
finding is silenced on purpose with a comment on any line of its question:
`# lint-ignore: L101` (several codes: `# lint-ignore: L101, L102`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import assert_never

from spacequiz.bank import yamltree
from spacequiz.bank.load import expand_paths, load_file, read_bank_text, shipped_bank_path
from spacequiz.core.answers import normalise, slips_allowed, text_matches
from spacequiz.core.draft import DRAFT_TAG
from spacequiz.core.errors import BankError
from spacequiz.core.model import (
    ChoiceQuestion,
    MultiQuestion,
    NumberQuestion,
    OrderQuestion,
    Question,
    TextQuestion,
    TrueFalseQuestion,
)

CHECKS: dict[str, str] = {
    "L001": "the bank does not load",
    "L101": "an answer appears in another question",
    "L102": "a hint gives the answer away",
    "L103": "a prompt gives its own answer away",
    "L201": "the right choice always stands at the same place in the file",
    "L202": "the right choice is by far the longest",
    "L301": "two prompts ask nearly the same thing",
    "L401": "a true/false statement says always, never, all or none",
    "L501": "every choice of a multi question is right, or none is",
    "L601": "fuzzy matching of a text answer accepts a wrong answer",
}
"""Every check's stable code and what it finds."""

DRAFT_EXPECTED = frozenset({"L101"})
"""Findings a bank drafted from an article is expected to have: its prompts and choices are
the article's own words, so one question's answer stands in another's text."""
DRAFT_HINT = (
    "expected in a draft: drafts take their text from the article; as you review, reword "
    "one of them or give both one 'family:'"
)

DUPLICATE_SCORE = 85.0
"""rapidfuzz token_sort_ratio (0-100) of two cleaned prompts at or above which they are
reported as asking the same thing."""

LONGEST_RATIO = 1.6
"""The right choice is 'by far the longest' when it is this many times longer than every
wrong one (and at least LONGEST_MARGIN characters longer)."""
LONGEST_MARGIN = 12
SAME_PLACE_MIN = 4
"""How many choice questions a file needs before one place for every answer is a pattern."""

_IGNORE = re.compile(r"#\s*lint-ignore:\s*([A-Za-z0-9_, ]+)")
_ABSOLUTE = re.compile(r"\b(always|never|all|none)\b", re.IGNORECASE)
_BOILERPLATE = re.compile(
    r"^true or false\??|select all that apply\.?|according to the report,?", re.IGNORECASE
)
_STOPWORDS = frozenset(
    "a an the of in on at to and or for from with by is was were be it its this that as".split()
)
_NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen twenty"
).split()


@dataclass(frozen=True)
class Finding:
    """One thing the linter found, located so an editor can jump to it."""

    code: str
    path: str
    line: int
    column: int
    message: str
    hint: str = ""
    question: str = ""
    draft: bool = False
    """Expected in a drafted bank (see DRAFT_EXPECTED): still to mend while reviewing."""

    def location(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "hint": self.hint,
            "question": self.question,
            "draft": self.draft,
        }


@dataclass
class _Place:
    """A question with where it and its fields stand in its file."""

    question: Question
    path: str
    line: int
    column: int
    fields: dict[str, yamltree.Node] = field(default_factory=dict)
    ignored: frozenset[str] = frozenset()

    def location(self) -> str:
        return f"{self.path}:{self.line}"

    def at(self, name: str, index: int | None = None) -> tuple[int, int]:
        node = self.fields.get(name)
        if node is None:
            return self.line, self.column
        if index is not None and node.kind == yamltree.SEQUENCE and index < len(node.items):
            node = node.items[index]
        return node.line, node.column


# Answers and where text mentions them ----------------------------------------------------


def answer_forms(question: Question) -> tuple[str, ...]:
    """The texts that give a question's answer away if a player sees them elsewhere."""
    match question:
        case ChoiceQuestion():
            return (question.answer,)
        case MultiQuestion():
            return question.answer
        case TextQuestion():
            return (question.answer, *question.accept)
        case NumberQuestion():
            return _number_forms(question.answer)
        case TrueFalseQuestion() | OrderQuestion():
            return ()  # not words that can be shown elsewhere
        case _:
            assert_never(question)


def _number_forms(value: float) -> tuple[str, ...]:
    if value != int(value):
        return (f"{value:g}",)
    whole = int(value)
    forms = [str(whole)]
    if abs(whole) >= 1000:
        forms += [f"{whole:,}", f"{whole:,}".replace(",", " ")]
    if 0 <= whole < len(_NUMBER_WORDS):
        forms.append(_NUMBER_WORDS[whole])
    if whole and whole % 1000 == 0 and whole // 1000 < len(_NUMBER_WORDS):
        forms.append(f"{_NUMBER_WORDS[whole // 1000]} thousand")
    return tuple(forms)


def shown_texts(question: Question) -> list[tuple[str, int | None, str]]:
    """What a player reads before answering: (field, index in a list, text)."""
    shown: list[tuple[str, int | None, str]] = [("prompt", None, question.prompt)]
    match question:
        case ChoiceQuestion() | MultiQuestion():
            shown += [("choices", i, c) for i, c in enumerate(question.choices)]
        case OrderQuestion():
            shown += [("items", i, item) for i, item in enumerate(question.items)]
        case TrueFalseQuestion() | TextQuestion() | NumberQuestion():
            pass  # True and False give nothing away; typed answers show no options
        case _:
            assert_never(question)
    if question.hint:
        shown.append(("hint", None, question.hint))
    return shown


def mentions(text: str, form: str) -> bool:
    """Whether `form` appears in `text` as whole words (a plural 's' allowed)."""
    if not normalise(form):
        return False
    wanted = re.escape(_spaced(form))
    return re.search(rf"(?<![\w]){wanted}s?(?![\w])", _spaced(text)) is not None


def _spaced(text: str) -> str:
    """Normalised text in which '3,000' and '3 000' stay whole numbers."""
    return normalise(re.sub(r"(?<=\d)[,\u00a0\u202f ](?=\d{3}\b)", "", text))


def gives_away(texts: Iterable[str], question: Question) -> str | None:
    """The first of a question's answer forms mentioned in any of `texts`, if any."""
    forms = answer_forms(question)
    for text in texts:
        for form in forms:
            if mentions(text, form):
                return form
    return None


# Reading and the checks -------------------------------------------------------------------


def lint_paths(paths: Sequence[str | Path] = ()) -> list[Finding]:
    """Lint bank files (the shipped bank when none is named) as one game would play them."""
    files, problems = expand_paths(paths) if paths else ([shipped_bank_path()], [])
    findings: list[Finding] = [_load_finding(p) for p in problems]
    places: list[_Place] = []
    for path in files:
        try:
            loaded = load_file(path)
            text = read_bank_text(path)
        except BankError as error:
            findings += [_load_finding(p) for p in error.problems]
            continue
        places += _places(text, str(path), loaded.bank.questions)
    findings += lint_places(places)
    return findings


def lint_text(text: str, path: str = "<bank>") -> list[Finding]:
    """Lint one bank given as text."""
    from spacequiz.bank.load import parse_bank

    try:
        loaded = parse_bank(text, path)
    except BankError as error:
        return [_load_finding(p) for p in error.problems]
    return lint_places(_places(text, path, loaded.bank.questions))


def _load_finding(problem: object) -> Finding:
    from spacequiz.core.model import Problem

    assert isinstance(problem, Problem)
    return Finding(
        "L001", problem.path, problem.line, problem.column, problem.message, problem.hint
    )


def _places(text: str, path: str, questions: Sequence[Question]) -> list[_Place]:
    root, _ = yamltree.parse(text)
    items: list[yamltree.Node] = []
    if root is not None and root.kind == yamltree.MAPPING:
        for key, value in root.pairs:
            if key.text == "questions" and value.kind == yamltree.SEQUENCE:
                items = value.items
    lines = text.splitlines()
    starts = [node.line for node in items] + [len(lines) + 1]
    places: list[_Place] = []
    for index, (question, node) in enumerate(zip(questions, items, strict=False)):
        fields = {k.text: v for k, v in node.pairs if k.kind == yamltree.SCALAR}
        ignored: set[str] = set()
        for line in lines[starts[index] - 1 : starts[index + 1] - 1]:
            match = _IGNORE.search(line)
            if match:
                ignored.update(c.strip().upper() for c in match[1].split(",") if c.strip())
        places.append(_Place(question, path, node.line, node.column, fields, frozenset(ignored)))
    return places


def lint_places(places: Sequence[_Place]) -> list[Finding]:
    found: list[tuple[_Place, Finding]] = []
    for check in (
        _leaks,
        _hints_and_prompts,
        _same_place,
        _longest,
        _duplicates,
        _absolutes,
        _all_or_none,
        _fuzzy,
    ):
        found += check(places)
    kept = [_as_draft(place, f) for place, f in found if f.code not in place.ignored]
    return sorted(kept, key=lambda f: (f.path, f.line, f.column, f.code))


def _as_draft(place: _Place, finding: Finding) -> Finding:
    """A finding on a drafted question that drafts are expected to have, explained so."""
    if finding.code in DRAFT_EXPECTED and DRAFT_TAG in place.question.tags:
        return replace(finding, hint=DRAFT_HINT, draft=True)
    return finding


def _finding(
    place: _Place, code: str, where: tuple[int, int], message: str, hint: str
) -> tuple[_Place, Finding]:
    line, column = where
    return place, Finding(code, place.path, line, column, message, hint, place.question.id)


def _kin(one: Question, other: Question) -> bool:
    return one.family is not None and one.family == other.family


def _leaks(places: Sequence[_Place]) -> list[tuple[_Place, Finding]]:
    shown = [
        [(name, index, _spaced(text)) for name, index, text in shown_texts(place.question)]
        for place in places
    ]
    index = _WordIndex(shown)
    found = []
    for source in places:
        forms = [(form, _Mention(form)) for form in answer_forms(source.question)]
        forms = [(form, mention) for form, mention in forms if mention.wanted]
        if not forms:
            continue
        # Only questions whose texts hold a form's words can mention it: look those up,
        # then check each as before, in bank order.
        candidates = sorted({i for _, mention in forms for i in index.holding(mention)})
        for i in candidates:
            place = places[i]
            if place is source or _kin(place.question, source.question):
                continue
            for name, at, text in shown[i]:
                form = next((f for f, mention in forms if mention.found_in(text)), None)
                if form is None:
                    continue
                found.append(
                    _finding(
                        place,
                        "L101",
                        place.at(name, at),
                        f"'{form}', an answer of question '{source.question.id}' "
                        f"(line {source.line}), appears in this {_field_name(name)}",
                        "reword one of them, or give both the same 'family:' so no game asks both",
                    )
                )
                break  # one finding per pair of questions
    return found


_ODD = re.compile(r"[^\w ]")
"""A character that is no word character and no space: then words need not start at spaces."""


class _Mention:
    """`mentions(text, form)` for one form, on texts already passed through `_spaced`."""

    def __init__(self, form: str) -> None:
        self.wanted = _spaced(form) if normalise(form) else ""
        self.words = self.wanted.split(" ")
        self.odd = _ODD.search(self.wanted) is not None
        self._pattern = re.compile(rf"(?<![\w]){re.escape(self.wanted)}s?(?![\w])")

    def found_in(self, spaced: str) -> bool:
        return self._pattern.search(spaced) is not None


class _WordIndex:
    """Which questions' shown texts hold which words, to find the few that can mention a form.

    A normalised text is words of word characters between single spaces, so a form can
    match only where its words stand whole, its last one perhaps with a plural 's'. Texts
    (or forms) holding any other character are always looked at, as are all questions for
    such a form.
    """

    def __init__(self, shown: Sequence[Sequence[tuple[str, int | None, str]]]) -> None:
        self.everyone = range(len(shown))
        self.odd: set[int] = set()
        self.words: dict[str, set[int]] = {}
        for i, texts in enumerate(shown):
            for _, _, text in texts:
                if _ODD.search(text):
                    self.odd.add(i)
                for word in text.split(" "):
                    self.words.setdefault(word, set()).add(i)

    def holding(self, mention: _Mention) -> Iterable[int]:
        if mention.odd:
            return self.everyone
        *inner, last = mention.words
        groups = [self.words.get(word, set()) for word in inner]
        groups.append(self.words.get(last, set()) | self.words.get(last + "s", set()))
        return min(groups, key=len) | self.odd


def _field_name(name: str) -> str:
    return {"choices": "choice", "items": "item"}.get(name, name)


def _hints_and_prompts(places: Sequence[_Place]) -> list[tuple[_Place, Finding]]:
    found = []
    for place in places:
        question = place.question
        hint = question.hint or ""
        form = gives_away([hint], question) if hint else None
        if form is None and hint:
            form = _most_words(hint, answer_forms(question))
        if form is not None:
            found.append(
                _finding(
                    place,
                    "L102",
                    place.at("hint"),
                    f"the hint gives away the answer '{form}'",
                    "hint at how to think about it, without the answer's words",
                )
            )
        if isinstance(question, ChoiceQuestion | TextQuestion | NumberQuestion):
            form = gives_away([question.prompt], question)
            if form is not None:
                found.append(
                    _finding(
                        place,
                        "L103",
                        place.at("prompt"),
                        f"the prompt holds its own answer '{form}'",
                        "reword the prompt so it does not name the answer",
                    )
                )
    return found


def _most_words(text: str, forms: Iterable[str]) -> str | None:
    """A form most of whose content words the text holds (in any word form: save, saving)."""
    words = {_stem(w) for w in normalise(text).split()}
    for form in forms:
        content = [_stem(w) for w in normalise(form).split() if w not in _STOPWORDS]
        if content and sum(w in words for w in content) * 2 > len(content):
            return form
    return None


def _stem(word: str) -> str:
    """A crude English stem, enough to see 'saving' in 'save' and 'landed' in 'land'."""
    for suffix in ("ing", "ed", "es", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _same_place(places: Sequence[_Place]) -> list[tuple[_Place, Finding]]:
    found = []
    for path in dict.fromkeys(p.path for p in places):
        for kind in ("choice", "multi"):
            group = [p for p in places if p.path == path and isinstance(p.question, _KINDS[kind])]
            if len(group) < SAME_PLACE_MIN:
                continue
            positions = {_position(p.question) for p in group}
            if len(positions) != 1:
                continue
            (position,) = positions
            first = group[0]
            found.append(
                _finding(
                    first,
                    "L201",
                    first.at("answer"),
                    f"the right {'choice' if kind == 'choice' else 'choices'} of all "
                    f"{len(group)} {kind} questions in this file {position}",
                    "vary where the right choice stands: exports such as Aiken and GIFT "
                    "keep the file's order",
                )
            )
    return found


_KINDS: dict[str, type] = {"choice": ChoiceQuestion, "multi": MultiQuestion}


def _position(question: Question) -> str:
    if isinstance(question, ChoiceQuestion):
        return f"stands at place {question.choices.index(question.answer) + 1}"
    assert isinstance(question, MultiQuestion)
    if set(question.choices[: len(question.answer)]) == set(question.answer):
        return "come first"
    if set(question.choices[-len(question.answer) :]) == set(question.answer):
        return "come last"
    return f"mixed ({question.id})"  # different for each question, so never one pattern


def _longest(places: Sequence[_Place]) -> list[tuple[_Place, Finding]]:
    found = []
    for place in places:
        question = place.question
        if not isinstance(question, ChoiceQuestion):
            continue
        wrong = max(len(c) for c in question.choices if c != question.answer)
        right = len(question.answer)
        if right >= wrong * LONGEST_RATIO and right - wrong >= LONGEST_MARGIN:
            found.append(
                _finding(
                    place,
                    "L202",
                    place.at("answer"),
                    f"the right choice is {right} characters long, the longest wrong one {wrong}",
                    "make the wrong choices as detailed as the right one, or shorten it",
                )
            )
    return found


def _clean_prompt(prompt: str) -> str:
    return normalise(_BOILERPLATE.sub(" ", prompt))


def _duplicates(places: Sequence[_Place]) -> list[tuple[_Place, Finding]]:
    from rapidfuzz.fuzz import ratio
    from rapidfuzz.process import extract

    found = []
    # token_sort_ratio is the ratio of the texts with their words sorted: sort each once.
    cleaned = [" ".join(sorted(_clean_prompt(p.question.prompt).split())) for p in places]
    for j, place in enumerate(places):
        # Every earlier prompt alike enough, scored in one call; the first one not kin is
        # the one named, as when they were compared one by one.
        alike = extract(
            cleaned[j],
            cleaned[:j],
            scorer=ratio,
            score_cutoff=DUPLICATE_SCORE,
            limit=None,
        )
        for _, score, i in sorted(alike, key=lambda match: match[2]):
            other = places[i]
            if _kin(place.question, other.question):
                continue
            where = f"line {other.line}" if other.path == place.path else other.location()
            found.append(
                _finding(
                    place,
                    "L301",
                    place.at("prompt"),
                    f"this prompt nearly repeats question '{other.question.id}' "
                    f"({where}; {score:.0f}% alike)",
                    "ask a different fact, or put both in one family",
                )
            )
            break
    return found


def _absolutes(places: Sequence[_Place]) -> list[tuple[_Place, Finding]]:
    found = []
    for place in places:
        if not isinstance(place.question, TrueFalseQuestion):
            continue
        match = _ABSOLUTE.search(place.question.prompt)
        if match:
            found.append(
                _finding(
                    place,
                    "L401",
                    place.at("prompt"),
                    f"the statement says '{match[1]}': absolute words give true/false away",
                    "state the fact itself, without always, never, all or none",
                )
            )
    return found


def _all_or_none(places: Sequence[_Place]) -> list[tuple[_Place, Finding]]:
    found = []
    for place in places:
        question = place.question
        if not isinstance(question, MultiQuestion):
            continue
        if set(question.answer) >= set(question.choices) or not question.answer:
            what = "every choice is right" if question.answer else "no choice is right"
            found.append(
                _finding(
                    place,
                    "L501",
                    place.at("answer"),
                    f"{what}: selecting all (or nothing) cannot be wrong",
                    "add a wrong choice, or ask a choice question",
                )
            )
    return found


def _fuzzy(places: Sequence[_Place]) -> list[tuple[_Place, Finding]]:
    from rapidfuzz.distance import Levenshtein
    from rapidfuzz.process import extract

    found = []
    wrong_choices = [
        (p, c)
        for p in places
        if isinstance(p.question, ChoiceQuestion | MultiQuestion)
        for c in p.question.choices
        if c not in answer_forms(p.question)
    ]
    # A typed text counts only when it is within a few edits of an answer (or, for an
    # answer of symbols only, the same text): find those choices in one pass over the
    # distinct normalised choices, then judge each as before.
    by_text: dict[str, list[int]] = {}
    for number, (_, choice) in enumerate(wrong_choices):
        by_text.setdefault(normalise(choice), []).append(number)
    texts = list(by_text)
    for place in places:
        question = place.question
        if not isinstance(question, TextQuestion):
            continue
        expected = [question.answer, *question.accept]
        exact = {normalise(e) for e in expected}
        for entry in question.reject:
            if normalise(entry) in exact:
                found.append(
                    _finding(
                        place,
                        "L601",
                        place.at("reject"),
                        f"'{entry}' is both accepted and rejected",
                        "remove it from 'reject' or from 'accept'",
                    )
                )
        near: set[int] = set()
        for target in exact:
            if not target:
                near.update(range(len(wrong_choices)))
                continue
            slips = slips_allowed(target)
            for text, _, _ in extract(
                target, texts, scorer=Levenshtein.distance, score_cutoff=slips, limit=None
            ):
                near.update(by_text[text])
        for number in sorted(near):
            other, choice = wrong_choices[number]
            if normalise(choice) in exact:
                continue
            if text_matches(choice, expected, question.reject):
                found.append(
                    _finding(
                        place,
                        "L601",
                        place.at("answer"),
                        f"typing '{choice}' (a wrong choice of question "
                        f"'{other.question.id}') would count as right",
                        f"add '{choice}' under 'reject:'",
                    )
                )
    return found


# Whole games -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Leak:
    """In one game, `shown` (asked earlier) showed `form`, an answer of `asked` (asked later)."""

    shown: str
    asked: str
    form: str


def game_leaks(questions: Sequence[Question], explanations: bool = False) -> list[Leak]:
    """Answers a game shows before it asks for them, questions taken in the order asked.

    With `explanations`, what is shown after each answer counts too.
    """
    leaks = []
    for j, later in enumerate(questions):
        for earlier in questions[:j]:
            texts = [text for _, _, text in shown_texts(earlier)]
            if explanations and earlier.explanation:
                texts.append(earlier.explanation)
            form = gives_away(texts, later)
            if form is not None:
                leaks.append(Leak(earlier.id, later.id, form))
    return leaks
