"""The rules of a bank and its questions, on plain values: one set of checks for every way in.

A question comes as a mapping of the bank's keys to plain values (str, int, float, bool,
list, dict, None): read from a YAML file, a JSON object, typed into the `add` wizard, or
made by an importer. These functions say what is wrong with it as `Issue`s, each with a
stable code (core.problem_codes) and the path of the field it is about, e.g.
("choices", 2); the caller turns a path into a place in its own source (a line and column
in YAML or JSON, a prompt in the wizard). Pure: no I/O, no YAML.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, assert_never, cast

from spacequiz.bank import spec
from spacequiz.core.model import (
    ChoiceQuestion,
    Difficulty,
    MultiQuestion,
    NumberQuestion,
    OrderQuestion,
    Question,
    QuestionType,
    TextQuestion,
    TrueFalseQuestion,
)

FieldPath = tuple[str | int, ...]
"""Where a value stands inside the checked mapping: ("choices", 2) is its third choice."""

YAML12_NUMBER = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
"""What YAML 1.2 tools (editors, other parsers) read as a number."""
OCTAL = re.compile(r"^[-+]?0[0-7_]+$")
_SLUG = re.compile(spec.SLUG_PATTERN)
_KINDS = {f.name: f for fields in spec.QUESTION_FIELDS.values() for f in fields}


@dataclass(frozen=True)
class Issue:
    """One thing wrong with the checked data, before it is given a place in a source."""

    code: str
    path: FieldPath
    message: str
    hint: str = ""
    on_key: bool = False
    """About the key at `path` (an unknown key), not its value."""

    def said(self) -> str:
        """'message (hint)', for a place that shows one line per problem."""
        return f"{self.message} ({self.hint})" if self.hint else self.message


def field_name(path: FieldPath) -> str:
    """A path as people write it: ("questions", 2, "choices", 1) -> 'questions[2].choices[1]'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{visible(part)}" if out else visible(part)
    return out


def visible(text: str) -> str:
    """Text with its control, format and lone-surrogate characters shown as escapes
    ('promp\\x1b[31mt'), for a message about a key or a value that holds them: the screen
    would remove them, and the message would then name another key than the one written."""
    if text.isprintable():
        return text
    return "".join(
        c if c.isprintable() else c.encode("unicode_escape", "backslashreplace").decode("ascii")
        for c in text
    )


def suggest(word: str, options: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def field_kind(name: str) -> spec.FieldKind:
    """The kind of a question key whatever the type ('text' for keys of no type)."""
    field = _KINDS.get(name)
    return field.kind if field is not None else "text"


def fields_of(qtype: str | None) -> tuple[spec.Field, ...]:
    """The keys a question of this type takes (the common ones for an unknown type)."""
    return spec.QUESTION_FIELDS.get(cast(QuestionType, qtype), spec.COMMON)


# The bank -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BankParts:
    """What a bank mapping holds once checked: its title and its (unchecked) questions."""

    title: str | None
    questions: Sequence[object]
    issues: list[Issue]


def check_bank(data: object, skip: Collection[str] = ()) -> BankParts:
    """A bank's own keys (version, title, questions); each question is checked on its own.

    Args:
        skip: keys whose value the reader already refused (and said why).
    """
    issues: list[Issue] = []
    if data is None:
        issues.append(
            Issue(
                "empty-bank",
                (),
                "the file is empty",
                "start with 'version: 1', a 'title:' and a 'questions:' list (see 'spacequiz new')",
            )
        )
        return BankParts(None, (), issues)
    if not isinstance(data, Mapping):
        issues.append(
            Issue(
                "not-a-mapping",
                (),
                "a bank must be a mapping with 'title' and 'questions'",
                "start the file with 'version: 1', 'title: ...' and 'questions:'",
            )
        )
        return BankParts(None, (), issues)
    present = _keys(data, spec.BANK_FIELDS, "the bank", "the bank", issues)
    issues = [
        Issue("no-questions", i.path, i.message, i.hint)
        if i.code == "empty-value" and i.path == ("questions",)
        else i
        for i in issues
    ]
    if "version" in present and "version" not in skip:
        version = number_value(present["version"], ("version",), issues)
        if version is not None and version != spec.FORMAT_VERSION:
            issues.append(
                Issue(
                    "bad-version",
                    ("version",),
                    f"unsupported format version {version}",
                    f"this spacequiz reads version {spec.FORMAT_VERSION}",
                )
            )
    title = None
    if "title" in present and "title" not in skip:
        title = text_value(present["title"], ("title",), "title", issues)
    questions = present.get("questions")
    if questions is None:
        return BankParts(title, (), issues)  # `_keys` said so
    if not isinstance(questions, list):
        issues.append(
            Issue(
                "wrong-type",
                ("questions",),
                "'questions' must be a list",
                "start each question with '- ' under 'questions:'",
            )
        )
        return BankParts(title, (), issues)
    if not questions:
        issues.append(
            Issue(
                "no-questions",
                ("questions",),
                "the bank has no questions",
                "add at least one question under 'questions:'",
            )
        )
    return BankParts(title, questions, issues)


def duplicate_id(qid: str, first: str) -> Issue:
    """The id is already taken; `first` says where ('line 4', 'bank.yaml:4')."""
    return Issue(
        "duplicate-id",
        ("id",),
        f"duplicate id '{qid}' (first used {first})",
        "every id must be unique: rename one",
    )


# One question -------------------------------------------------------------------------------


def check_question(
    data: object, skip: Collection[str] = (), unnamed: str = "the question"
) -> tuple[Question | None, list[Issue]]:
    """The question these fields make, or None, and everything wrong with them.

    Args:
        skip: keys whose value the reader already refused: not reported again, and not
            reported missing either.
        unnamed: what messages call a question that has no id of its own ('question 3').
    """
    issues: list[Issue] = []
    if not isinstance(data, Mapping):
        issues.append(
            Issue(
                "not-a-mapping",
                (),
                "each question must be a mapping of keys such as id, type, prompt",
                "start each question with '- id: ...' and indent its other keys",
            )
        )
        return None, issues
    qtype: QuestionType | None = None
    raw_type = data.get("type")
    if raw_type is not None and "type" not in skip:
        text = text_value(raw_type, ("type",), "type", issues)
        if text in spec.QUESTION_FIELDS:
            qtype = text
        elif text is not None:
            issues.append(
                Issue(
                    "unknown-type",
                    ("type",),
                    f"unknown question type '{text}'",
                    suggest(text, spec.QUESTION_FIELDS)
                    or f"use one of: {', '.join(spec.QUESTION_FIELDS)}",
                )
            )
    allowed = fields_of(qtype)
    qid = data.get("id")
    label = f"question '{qid}'" if isinstance(qid, str) and qid else unnamed
    present = _keys(
        data,
        allowed,
        f"{qtype} questions" if qtype else label,
        label,
        issues,
        spec.ALL_QUESTION_KEYS,
        silent_elsewhere=qtype is None,  # Which keys belong is unknown without a type.
        skip=skip,
    )
    values: dict[str, Any] = {}
    for field in allowed:
        if field.name == "type" or field.name not in present or field.name in skip:
            continue
        value = check_value(field, present[field.name], issues)
        if value is not None:
            values[field.name] = value
    if qtype is None:
        return None, issues
    # Every problem at once: the checks across fields run on the values that were read,
    # whatever else is wrong with the question.
    _relations(qtype, values, issues)
    required = [f.name for f in allowed if f.required and f.name != "type"]
    if issues or any(name not in values for name in required):
        return None, issues
    return _build(qtype, values), issues


def check_field(qtype: QuestionType, name: str, value: object, path: FieldPath = ()) -> list[Issue]:
    """What is wrong with one field of a question of this type (for a prompt that asks
    for that field alone), including what a question of this type needs of it: distinct
    choices, a tolerance that is not negative."""
    field = next(f for f in fields_of(qtype) if f.name == name)
    issues: list[Issue] = []
    checked = check_value(field, value, issues, path or (name,))
    if checked is None or issues:
        return issues
    if name in ("choices", "items") or (name == "answer" and qtype == "multi"):
        _distinct(checked, path or (name,), name if name != "answer" else "answers", issues)
    if name == "tolerance" and checked < 0:
        issues.append(_negative_tolerance(path or (name,)))
    return issues


def _keys(
    data: Mapping[str, object],
    allowed: Iterable[spec.Field],
    what: str,
    label: str,
    issues: list[Issue],
    elsewhere: Iterable[str] = (),
    silent_elsewhere: bool = False,
    skip: Collection[str] = (),
) -> dict[str, object]:
    """The known keys' values (None left out), saying which keys are unknown or missing.

    `what` names the kind of mapping for unknown keys ("choice questions"), `label` the
    mapping itself for missing ones ("question 'launch-site'"). Keys in `elsewhere`
    belong to other question types: said so unless `silent_elsewhere`.
    """
    specs = {f.name: f for f in allowed}
    other = set(elsewhere) - set(specs)
    found: dict[str, object] = {}
    for name, value in data.items():
        if name in specs:
            if value is None:
                if specs[name].required:
                    issues.append(
                        Issue("empty-value", (name,), f"'{name}' is empty", _fill_hint(specs[name]))
                    )
                continue
            found[name] = value
        elif name in other:
            if not silent_elsewhere:
                issues.append(
                    Issue(
                        "not-for-type",
                        (name,),
                        f"'{name}' is not used by {what}",
                        "remove it, or change the question's type",
                        on_key=True,
                    )
                )
        elif name == "<<":
            issues.append(
                Issue(
                    "merge-key",
                    (name,),
                    "YAML merge keys ('<<') are not supported in a bank",
                    "write the keys out in full",
                    on_key=True,
                )
            )
        else:
            issues.append(
                Issue(
                    "unknown-key",
                    (name,),
                    f"unknown key '{visible(name) or 'a non-text key'}' in {what}",
                    suggest(name, specs) or f"known keys: {', '.join(specs)}",
                    on_key=True,
                )
            )
    for field in specs.values():
        if field.required and field.name not in data and field.name not in skip:
            issues.append(
                Issue(
                    "missing-key",
                    (field.name,),  # placed at the mapping, as the key is not there
                    f"{label} has no '{field.name}'",
                    f"add '{field.name}:' ({field.description})",
                )
            )
    return found


def _fill_hint(field: spec.Field) -> str:
    """What to do about a required key left empty: 'fill in 'answer''."""
    if field.kind == "text_list":
        return f"write the {field.name} under '{field.name}:'"
    return f"fill in '{field.name}'"


def _relations(qtype: QuestionType, values: dict[str, Any], issues: list[Issue]) -> None:
    """The checks that need more than one value: each runs when its values could be read."""
    match qtype:
        case "choice" | "multi":
            multi = qtype == "multi"
            choices = values.get("choices")
            if choices is not None:
                _distinct(choices, ("choices",), "choices", issues)
            if "answer" not in values:
                return
            answers = values["answer"] if multi else [values["answer"]]
            if multi:
                _distinct(answers, ("answer",), "answers", issues)
            if choices is None:
                return
            for index, answer in enumerate(answers):
                if answer not in choices:
                    issues.append(
                        _not_a_choice(answer, choices, ("answer", index) if multi else ("answer",))
                    )
        case "number":
            if values.get("tolerance", 0) < 0:
                issues.append(_negative_tolerance(("tolerance",)))
        case "order":
            if "items" in values:
                _distinct(values["items"], ("items",), "items", issues)
        case "truefalse" | "text":
            pass
        case _:
            assert_never(qtype)


def _build(qtype: QuestionType, values: dict[str, Any]) -> Question:
    """The model object for values that passed every check."""
    common: dict[str, Any] = {
        k: values[k] for k in ("id", "prompt", "explanation", "hint", "family") if k in values
    }
    common["difficulty"] = cast(Difficulty, values.get("difficulty", "medium"))
    common["tags"] = tuple(values.get("tags", ()))
    match qtype:
        case "choice":
            return ChoiceQuestion(
                choices=tuple(values["choices"]), answer=values["answer"], **common
            )
        case "multi":
            return MultiQuestion(
                choices=tuple(values["choices"]), answer=tuple(values["answer"]), **common
            )
        case "truefalse":
            return TrueFalseQuestion(answer=values["answer"], **common)
        case "text":
            return TextQuestion(
                answer=values["answer"],
                accept=tuple(values.get("accept", ())),
                reject=tuple(values.get("reject", ())),
                **common,
            )
        case "number":
            return NumberQuestion(
                answer=values["answer"],
                tolerance=values.get("tolerance", 0.0),
                unit=values.get("unit"),
                **common,
            )
        case "order":
            return OrderQuestion(items=tuple(values["items"]), **common)
        case _:
            assert_never(qtype)


def _negative_tolerance(path: FieldPath) -> Issue:
    return Issue(
        "negative-tolerance",
        path,
        "the tolerance cannot be negative",
        "give how far from the answer still counts, e.g. 'tolerance: 5'",
    )


def _not_a_choice(answer: str, choices: Sequence[str], path: FieldPath) -> Issue:
    close = [
        c for c in choices if c.casefold().strip() == answer.casefold().strip()
    ] or difflib.get_close_matches(answer, choices, n=1)
    hint = (
        f"did you mean '{close[0]}'? The answer must match a choice exactly"
        if close
        else "copy the answer exactly from 'choices'"
    )
    return Issue(
        "answer-not-in-choices", path, f"the answer '{answer}' is not one of the choices", hint
    )


_DUPLICATE_CODES = {"choices": "duplicate-choice", "answers": "duplicate-answer"}


def same_text(text: str) -> str:
    """Two entries of one list are the same when they differ only in case and spacing."""
    return " ".join(text.casefold().split())


def _distinct(values: Sequence[str], path: FieldPath, what: str, issues: list[Issue]) -> bool:
    seen: set[str] = set()
    for index, value in enumerate(values):
        key = same_text(value)
        if key in seen:
            issues.append(
                Issue(
                    _DUPLICATE_CODES.get(what, "duplicate-item"),
                    (*path, index),
                    f"'{value}' appears twice in the {what}",
                    f"each of the {what} must be different: remove or reword one",
                )
            )
            return False
        seen.add(key)
    return True


# Values ---------------------------------------------------------------------------------------


def check_value(field: spec.Field, value: object, issues: list[Issue], path: FieldPath = ()) -> Any:
    """The value as the field wants it, or None after adding what is wrong to `issues`."""
    path = path or (field.name,)
    kind = field.kind
    if kind in ("text", "slug", "enum"):
        text = text_value(value, path, field.name, issues)
        if text is None:
            return None
        if not text.strip() and field.required:
            issues.append(
                Issue(
                    "empty-value", path, f"'{field.name}' is empty", f"write the {field.name} here"
                )
            )
            return None
        if kind == "slug" and not _SLUG.fullmatch(text):
            issues.append(
                Issue(
                    "bad-id" if field.name == "id" else "bad-family",
                    path,
                    f"the {field.name} '{text}' is not a simple slug",
                    "use ASCII letters and digits with '-', '_' or '.', e.g. 'launch-site'",
                )
            )
            return None
        if kind == "enum" and text not in field.values:
            issues.append(
                Issue(
                    "unknown-value",
                    path,
                    f"'{text}' is not a valid {field.name}",
                    suggest(text, field.values) or f"use one of: {', '.join(field.values)}",
                )
            )
            return None
        return text
    if kind == "text_list":
        return _text_list(value, field, path, issues)
    if kind == "number":
        return number_value(value, path, issues)
    if isinstance(value, bool):
        return value
    shown = _shown(value)
    issues.append(
        Issue(
            "wrong-type",
            path,
            f"'{field.name}' must be true or false, not '{shown}'"
            if shown
            else f"'{field.name}' must be true or false",
            "write true or false, without quotes",
        )
    )
    return None


def _shown(value: object) -> str:
    """A scalar as it would be quoted in a message ('' for a list or a mapping)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    return ""


_SURROGATE = re.compile("[\ud800-\udfff]")


def text_value(value: object, path: FieldPath, name: str, issues: list[Issue]) -> str | None:
    if isinstance(value, str):
        if len(value) > spec.MAX_TEXT_CHARS:
            issues.append(
                Issue(
                    "too-long",
                    path,
                    f"'{name}' is {len(value):,} characters long, "
                    f"more than the {spec.MAX_TEXT_CHARS:,} a value may hold",
                    "shorten it: a question is read on one screen",
                )
            )
            return None
        half = _SURROGATE.search(value)
        if half is None:
            return value
        # JSON's "\ud800" escape, or bytes a terminal could not decode: no file can hold it.
        issues.append(
            Issue(
                "bad-character",
                path,
                f"'{name}' holds half of a character pair (U+{ord(half.group()):04X}, a lone "
                f"surrogate) at character {half.start() + 1}, which no UTF-8 file can hold",
                "remove it, or write the whole character: in JSON both halves, e.g. \\ud83d\\ude80",
            )
        )
        return None
    if value is None:  # an entry of a list (a key's empty value is left out before)
        in_list = bool(path) and isinstance(path[-1], int)
        issues.append(
            Issue(
                "empty-entry" if in_list else "empty-value",
                path,
                f"an empty entry (null) in '{name}'" if in_list else f"'{name}' is empty",
                "remove it or fill it in",
            )
        )
        return None
    if isinstance(value, list | dict):
        what = "a list" if isinstance(value, list) else "a mapping"
        message = f"'{name}' must be text, not {what}"
        hint = "write it on one line after the colon, quoted if needed"
    else:
        what = "true/false" if isinstance(value, bool) else "a number"
        message = f"'{name}' must be text, not {what}: {_shown(value)}"
        hint = f'put it in quotes: "{_shown(value)}"'
    issues.append(Issue("wrong-type", path, message, hint))
    return None


def _text_list(
    value: object, field: spec.Field, path: FieldPath, issues: list[Issue]
) -> list[str] | None:
    if not isinstance(value, list):
        issues.append(
            Issue(
                "wrong-type",
                path,
                f"'{field.name}' must be a list",
                "write it as [first, second] or as lines starting with '- '",
            )
        )
        return None
    before = len(issues)
    texts = [text_value(item, (*path, i), field.name, issues) for i, item in enumerate(value)]
    if len(issues) > before:
        return None
    result = cast(list[str], texts)
    for index, text in enumerate(result):
        if not text.strip():
            issues.append(
                Issue(
                    "empty-entry",
                    (*path, index),
                    f"an empty entry in '{field.name}'",
                    "remove it or fill it in",
                )
            )
            return None
    if len(result) < field.min_items:
        wanted = (
            "at least one entry" if field.min_items == 1 else f"at least {field.min_items} entries"
        )
        issues.append(
            Issue(
                "too-few",
                path,
                f"'{field.name}' needs {wanted}, it has {len(result)}",
                f"add more {field.name}",
            )
        )
        return None
    return result


def number_value(value: object, path: FieldPath, issues: list[Issue]) -> float | int | None:
    name = str(path[-1]) if path and isinstance(path[-1], str) else field_name(path)
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not is_finite_number(value):
            issues.append(not_finite(name, path))
            return None
        return value
    text = value if isinstance(value, str) else _shown(value)
    plain = plain_number(text) if isinstance(value, str) else None
    if plain is not None:
        # The fix itself must be valid: "3,000" unquoted is still no number.
        hint = f"write it as a plain number, without quotes or separators: {plain}"
    else:
        hint = "write a number, e.g. 3000 or 12.5"
    issues.append(
        Issue(
            "wrong-type",
            path,
            f"'{name}' must be a number, not '{shown_number(text)}'"
            if text
            else f"'{name}' must be a number",
            hint,
        )
    )
    return None


def is_finite_number(value: float) -> bool:
    """Whether a number is one a game can hold: a finite float (a whole number of 400
    digits is exact in Python, and too large for any float)."""
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


def not_finite(name: str, path: FieldPath) -> Issue:
    """A number too large for a float (1e400, a 400-digit whole number), or NaN."""
    return Issue(
        "not-finite", path, f"'{name}' must be a finite number", "write a number below 1e308"
    )


def shown_number(text: str) -> str:
    """A number's text for a message, cut short when it is very long."""
    return text if len(text) <= 40 else f"{text[:20]}... ({len(text)} characters)"


def plain_number(text: str) -> str | None:
    """The number in a text written as people write it (3,000, "12.5", 1e3), as plain digits
    that YAML reads as that same number; None when the text holds none."""
    from spacequiz.core.answers import parse_number

    value = parse_number(text) if text.strip() else None
    if value is None or not value.is_finite() or not is_finite_number(float(value)):
        return None
    digits = format(value, "f")
    return digits if YAML12_NUMBER.match(digits) and not OCTAL.match(digits) else None
