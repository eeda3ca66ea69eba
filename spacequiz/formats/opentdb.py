"""Open Trivia DB's JSON (`{"response_code": 0, "results": [...]}`) <-> questions.

Its text is HTML-entity encoded (the category too) and its booleans are "True"/"False".
Asked with `encode=base64` or `encode=url3986` (or the older `urlLegacy`), every string of a
result, its type too, comes encoded that way instead; each result is decoded as it came.
"""

from __future__ import annotations

import base64
import html
import json
import re
import urllib.parse
from collections.abc import Callable, Iterable
from typing import Any, assert_never

from spacequiz.core.ids import Ids
from spacequiz.core.model import (
    DIFFICULTIES,
    ChoiceQuestion,
    MultiQuestion,
    NumberQuestion,
    OrderQuestion,
    Question,
    TextQuestion,
    TrueFalseQuestion,
)
from spacequiz.core.records import Skipped
from spacequiz.core.text import json_brackets, json_text, parse_json
from spacequiz.formats.common import Entry, Exported, FormatError, Imported, clean_text


def read(text: str) -> Imported:
    """Parse an Open Trivia DB response; unusable results are skipped with their line."""
    text = text.lstrip("\ufeff")
    try:
        data = parse_json(text)
    except json.JSONDecodeError as error:
        raise FormatError(error.lineno, f"not valid JSON: {error.msg}") from None
    if isinstance(data, list):
        results: Any = data
    elif isinstance(data, dict) and isinstance(data.get("results"), list):
        code = data.get("response_code", 0)
        if code not in (0, None):
            raise FormatError(1, f"the response_code is {code}, so the file holds no questions")
        results = data["results"]
    else:
        raise FormatError(1, "expected an object with a 'results' list")
    lines = _object_lines(text)
    entries: list[Entry] = []
    skipped: list[Skipped] = []
    ids = Ids()
    for index, item in enumerate(results):
        line = lines[index] if index < len(lines) else 0
        result = _question(item, ids)
        if isinstance(result, Skipped):
            skipped.append(Skipped(line, result.reason, result.label or f"result {index + 1}"))
        else:
            entries.append(Entry(result, line))
    return Imported(tuple(entries), tuple(skipped))


def _text(value: object) -> str:
    return clean_text(value, entities=True) if isinstance(value, str) else ""


_TYPES = ("multiple", "boolean")
# What url3986 leaves of a text: unreserved characters and %XX (urlLegacy: '+' for a space).
_URL_ENCODED = re.compile(r"[A-Za-z0-9._~+%-]*%[0-9A-Fa-f]{2}[A-Za-z0-9._~+%-]*")


def _decoded(item: dict[str, Any]) -> dict[str, Any]:
    """A result with its strings decoded from base64 or URL encoding, when they are so;
    decoded text is plain, with no HTML entities to decode. Raises ValueError."""
    kind = item.get("type")
    if isinstance(kind, str) and kind not in _TYPES:
        try:
            in_base64 = base64.b64decode(kind, validate=True).decode("ascii") in _TYPES
        except ValueError:  # not base64 (binascii.Error), or not ASCII once decoded
            in_base64 = False
        if in_base64:
            return _each_string(item, _from_base64)
    question = item.get("question")
    if isinstance(question, str) and _URL_ENCODED.fullmatch(question):
        return _each_string(item, lambda text: urllib.parse.unquote_plus(text, errors="strict"))
    return item


def _from_base64(text: str) -> str:
    return base64.b64decode(text, validate=True).decode("utf-8")


def _each_string(item: dict[str, Any], decode: Callable[[str], str]) -> dict[str, Any]:
    def one(value: Any) -> Any:
        if isinstance(value, str):
            return html.escape(decode(value), quote=False)  # read back through _text
        if isinstance(value, list):
            return [one(v) for v in value]
        return value

    return {key: one(value) for key, value in item.items()}


def _question(item: object, ids: Ids) -> Question | Skipped:
    if not isinstance(item, dict):
        return Skipped(0, "a result must be an object")
    try:
        item = _decoded(item)
    except ValueError:
        return Skipped(0, "its text is neither plain, base64 nor URL encoding")
    prompt = _text(item.get("question"))
    label = prompt[:40]
    kind = item.get("type")
    if not prompt:
        return Skipped(0, "no question text", label)
    difficulty = item.get("difficulty", "medium")
    if difficulty not in DIFFICULTIES:
        return Skipped(0, f"unknown difficulty '{difficulty}'", label)
    category = _text(item.get("category"))
    common: dict[str, Any] = {
        "id": ids.propose(prompt),
        "prompt": prompt,
        "difficulty": difficulty,
        "tags": (category,) if category else (),
    }
    correct = _text(item.get("correct_answer"))
    wrong = item.get("incorrect_answers")
    if kind == "boolean":
        if correct not in ("True", "False"):
            return Skipped(0, f"a boolean answer must be True or False, not '{correct}'", label)
        return TrueFalseQuestion(answer=correct == "True", **common)
    if kind == "multiple":
        if not correct or not isinstance(wrong, list) or not wrong:
            return Skipped(0, "needs a correct_answer and incorrect_answers", label)
        choices = (correct, *(_text(w) for w in wrong))
        return ChoiceQuestion(choices=choices, answer=correct, **common)
    return Skipped(0, f"unknown question type '{kind}'", label)


def _object_lines(text: str) -> list[int]:
    """The line on which each object of the results list opens (JSON keeps no positions)."""
    lines: list[int] = []
    # A bare list holds results at depth 2; the usual object holds them at depth 3.
    wanted = 2 if text.lstrip().startswith("[") else 3
    line, counted = 1, 0
    for index, bracket, depth in json_brackets(text):
        if bracket == "{" and depth == wanted:
            line += text.count("\n", counted, index)
            counted = index
            lines.append(line)
    return lines


def write(questions: Iterable[Question], title: str = "") -> Exported:
    """Choice and true/false questions as an Open Trivia DB response; others are skipped."""
    results: list[dict[str, object]] = []
    skipped: list[Skipped] = []
    for question in questions:
        common = {
            "category": html.escape(question.tags[0]) if question.tags else "General Knowledge",
            "difficulty": question.difficulty,
            "question": html.escape(question.prompt),
        }
        match question:
            case ChoiceQuestion():
                wrong = [html.escape(c) for c in question.choices if c != question.answer]
                results.append(
                    {
                        "type": "multiple",
                        **common,
                        "correct_answer": html.escape(question.answer),
                        "incorrect_answers": wrong,
                    }
                )
            case TrueFalseQuestion():
                results.append(
                    {
                        "type": "boolean",
                        **common,
                        "correct_answer": str(question.answer),
                        "incorrect_answers": [str(not question.answer)],
                    }
                )
            case MultiQuestion() | TextQuestion() | NumberQuestion() | OrderQuestion():
                skipped.append(
                    Skipped(0, f"Open Trivia DB has no {question.type} questions", question.id)
                )
            case _:
                assert_never(question)
    data = {"response_code": 0, "results": results}
    return Exported(json_text(data) + "\n", len(results), tuple(skipped))
