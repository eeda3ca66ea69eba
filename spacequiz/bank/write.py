"""Questions -> bank YAML text that our loader reads back exactly, whatever the text holds.

A string is written plain only when no YAML reader could take it for anything but the same
text; everything else is double-quoted with JSON escapes (a JSON string is a valid YAML
double-quoted scalar), plus escapes for the characters YAML forbids raw.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import assert_never

from spacequiz.bank import spec
from spacequiz.bank.yamltree import STR, plain_tag
from spacequiz.core.model import (
    ChoiceQuestion,
    MultiQuestion,
    NumberQuestion,
    OrderQuestion,
    Question,
    TextQuestion,
    TrueFalseQuestion,
)
from spacequiz.core.text import escape_unsafe

SCHEMA_LINE = "# yaml-language-server: $schema=spacequiz-bank.schema.json"
FLOW_WIDTH = 88
"""Lists that fit on a line this long are written `[a, b]`, like the shipped bank does."""

# Plain only: starts with a letter, then letters, digits, spaces and tame punctuation, and
# does not end in a space. No ':', '#', quotes, brackets or commas (they mean something).
_PLAIN = re.compile(r"^[^\W\d_][\w .'()?!/&+-]*(?<=[\w.)?!'])$|^[^\W\d_]$")
# Words some YAML 1.1 reader takes as true/false/null, whatever case.
_RISKY_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})
_YAML11_FLOAT = re.compile(r"^[-+]?[0-9]*\.[0-9]+([eE][-+][0-9]+)?$")

# The order keys are written in, as in the shipped bank.
KEY_ORDER = (
    "id",
    "type",
    "prompt",
    "choices",
    "items",
    "answer",
    "accept",
    "tolerance",
    "unit",
    "explanation",
    "difficulty",
    "tags",
    "hint",
)
_YAML_KEY_ORDER = ("id", "family", *KEY_ORDER[1:7], "reject", *KEY_ORDER[7:])
"""The bank file's order also places the keys CSV has no column for."""


def scalar(text: str) -> str:
    """A string as a YAML scalar: plain when unambiguous, else double-quoted."""
    if (
        _PLAIN.match(text)
        and text.casefold() not in _RISKY_WORDS
        and plain_tag(text) == STR
        and text.isprintable()
    ):
        return text
    # Characters YAML does not allow raw, or a terminal would obey, go as \u escapes.
    return escape_unsafe(json.dumps(text, ensure_ascii=False))


def number(value: float) -> str:
    """A number YAML 1.1 and 1.2 both read as the same number."""
    if isinstance(value, int):
        return str(value)  # exactly: 9007199254740993 is no float
    if not math.isfinite(value):
        raise ValueError(f"not a finite number: {value}")
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = repr(float(value))
    if "e" in text:
        mantissa, exponent = text.split("e")
        if "." not in mantissa:
            mantissa += ".0"
        if exponent[0] not in "+-":
            exponent = "+" + exponent
        text = f"{mantissa}e{exponent}"
    assert _YAML11_FLOAT.match(text), text
    return text


def value_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return number(value)
    if isinstance(value, str):
        return scalar(value)
    if value is None:
        return '""'
    raise TypeError(f"cannot write {type(value).__name__} in a bank")


def question_fields(question: Question) -> dict[str, object]:
    """A question's keys and values as a bank file holds them, defaults left out."""
    fields: dict[str, object] = {"id": question.id, "type": question.type}
    if question.family is not None:
        fields["family"] = question.family
    fields["prompt"] = question.prompt
    match question:
        case ChoiceQuestion():
            fields["choices"] = list(question.choices)
            fields["answer"] = question.answer
        case MultiQuestion():
            fields["choices"] = list(question.choices)
            fields["answer"] = list(question.answer)
        case TrueFalseQuestion():
            fields["answer"] = question.answer
        case TextQuestion():
            fields["answer"] = question.answer
            if question.accept:
                fields["accept"] = list(question.accept)
            if question.reject:
                fields["reject"] = list(question.reject)
        case NumberQuestion():
            fields["answer"] = question.answer
            if question.tolerance:
                fields["tolerance"] = question.tolerance
            if question.unit is not None:
                fields["unit"] = question.unit
        case OrderQuestion():
            fields["items"] = list(question.items)
        case _:
            assert_never(question)
    if question.explanation:
        fields["explanation"] = question.explanation
    fields["difficulty"] = question.difficulty
    if question.tags:
        fields["tags"] = list(question.tags)
    if question.hint is not None:
        fields["hint"] = question.hint
    return fields


def _ordered(fields: Mapping[str, object]) -> list[tuple[str, object]]:
    rank = {key: i for i, key in enumerate(_YAML_KEY_ORDER)}
    return sorted(fields.items(), key=lambda kv: rank.get(kv[0], len(rank)))


def entry_lines(
    fields: Mapping[str, object], dash: str = "  - ", list_indent: int = 2
) -> list[str]:
    """One question as list-item lines (no line ends), its first key after `dash`.

    Args:
        dash: what starts the item's first line, e.g. "  - " or "- "; the other keys line
            up under the first.
        list_indent: how far a block list's '- ' sits right of its key.
    """
    indent = " " * len(dash)
    lines: list[str] = []
    for number_, (key, value) in enumerate(_ordered(fields)):
        lead = dash if number_ == 0 else indent
        name = scalar(key)
        if isinstance(value, list | tuple):
            lines.extend(_list_lines(lead, name, value, indent + " " * list_indent))
        else:
            lines.append(f"{lead}{name}: {value_text(value)}")
    return lines


def _list_lines(lead: str, name: str, values: Sequence[object], item_indent: str) -> list[str]:
    texts = [value_text(v) for v in values]
    flow = f"{lead}{name}: [{', '.join(texts)}]"
    # Plain scalars never hold commas or brackets, so a flow list cannot split an item.
    if len(flow) <= FLOW_WIDTH:
        return [flow]
    return [f"{lead}{name}:", *(f"{item_indent}- {t}" for t in texts)]


def bank_text(
    title: str,
    questions: Iterable[Question],
    *,
    header: Sequence[str] = (),
    schema_line: bool = True,
) -> str:
    """A whole bank file: an optional comment header, version, title and the questions."""
    lines = [SCHEMA_LINE] if schema_line else []
    lines.extend(f"# {h}" if h else "#" for h in header)
    lines += [f"version: {spec.FORMAT_VERSION}", f"title: {scalar(title)}", "questions:"]
    for question in questions:
        lines.append("")
        lines.extend(entry_lines(question_fields(question)))
    return "\n".join(lines) + "\n"
