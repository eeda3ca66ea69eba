"""Moodle's GIFT format: text <-> questions, following Moodle's own importer.

Questions are separated by blank lines; a line starting with `//` is a comment; `$CATEGORY:`
sets the category (our tags) for the questions after it. What a bank cannot hold (essay,
matching, HTML text, partial credit that is not "select all that apply") is skipped with
the line the question starts on.

On export, what GIFT has no place for (difficulty, hint, unit) travels in a comment line
`// spacequiz: {...}` just before the question, which Moodle ignores and we read back.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, assert_never

from spacequiz.bank import spec
from spacequiz.core.ids import Ids
from spacequiz.core.model import (
    DIFFICULTIES,
    ChoiceQuestion,
    Difficulty,
    MultiQuestion,
    NumberQuestion,
    OrderQuestion,
    Question,
    TextQuestion,
    TrueFalseQuestion,
)
from spacequiz.core.records import Skipped
from spacequiz.core.text import json_text, parse_json, strip_controls
from spacequiz.formats.common import Entry, Exported, Imported, clean_text, unsafe_text

EXTRA_MARK = "// spacequiz: "
"""A comment line carrying what GIFT has no syntax for, read back by our importer."""

# Escaped characters are swapped for private-use stand-ins while the structure is parsed,
# then turned back into the characters they stand for.
_ESCAPES = {
    "\\\\": "\ue000",
    "\\:": "\ue001",
    "\\#": "\ue002",
    "\\=": "\ue003",
    "\\{": "\ue004",
    "\\}": "\ue005",
    "\\~": "\ue006",
    "\\n": "\ue007",
}
_ESCAPE_RE = re.compile(r"\\[\\:#={}~n]")
_RESTORE = {v: ("\n" if k == "\\n" else k[1]) for k, v in _ESCAPES.items()}
_RESTORE_RE = re.compile("[\ue000-\ue007]")
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
_HTML_TAG = re.compile(
    r"</?(p|br|b|i|em|strong|img|div|span|a|u|sub|sup|ul|ol|li|table|tr|td|h[1-6]|pre|code)"
    r"\b[^>]*>",
    re.IGNORECASE,
)
_FORMAT_MARK = re.compile(r"^\[(html|moodle|plain|markdown)\]", re.IGNORECASE)
_TRUE_FALSE = {"t": True, "true": True, "f": False, "false": False}
_SLUG = re.compile(spec.SLUG_PATTERN)
_SKIPPED_CATEGORY_PARTS = {"$course$", "$system$", "$module$", "$coursecategory$", "top"}


class _Skip(Exception):
    """This question cannot come across; the message says why."""


@dataclass(frozen=True)
class _Answer:
    mark: str  # "=" or "~"
    weight: float | None
    text: str
    feedback: str


def _protect(text: str) -> str:
    return _ESCAPE_RE.sub(lambda m: _ESCAPES[m.group()], text)


def _restore(text: str) -> str:
    return _RESTORE_RE.sub(lambda m: _RESTORE[m.group()], text)


def _text(text: str) -> str:
    # Moodle shows GIFT text as HTML, so entities such as &amp; stand for their characters.
    return _restore(clean_text(text, entities=True)).strip()


# Reading ----------------------------------------------------------------------------------


def read(text: str) -> Imported:
    """Parse GIFT text; every question that cannot come across is in `skipped`."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    entries: list[Entry] = []
    skipped: list[Skipped] = []
    changed: list[Skipped] = []
    ids = Ids()
    tags: tuple[str, ...] = ()
    for line, block, extra in _blocks(text):
        if block.lstrip().startswith("$CATEGORY:"):
            first, _, rest = block.lstrip().partition("\n")
            tags = _category_tags(first[len("$CATEGORY:") :])
            if not rest.strip():
                continue
            block = rest
        title = ""
        try:
            protected = _protect(block)
            title, body = _split_title(protected)
            losses: list[str] = []
            question = _question(title, body, tags, extra, ids, losses)
        except _Skip as reason:
            skipped.append(Skipped(line, str(reason), title))
            continue
        entries.append(Entry(question, line))
        changed += [Skipped(line, loss, title, kept=True) for loss in losses]
    return Imported(tuple(entries), tuple(skipped), changed=tuple(changed))


def _blocks(text: str) -> Iterable[tuple[int, str, dict[str, Any]]]:
    """(first line number, text, spacequiz extras) of each block.

    Blocks are separated by blank lines, and a `$CATEGORY:` line always starts a new one.
    """
    lines: list[str] = []
    start = 0
    extra: dict[str, Any] = {}
    for number, raw in enumerate(text.split("\n"), start=1):
        stripped = raw.strip()
        if stripped.startswith("//"):
            if stripped.startswith(EXTRA_MARK.strip()):
                extra = _read_extra(stripped[len(EXTRA_MARK.strip()) :])
            continue
        # Like Moodle, a `$CATEGORY:` line ends the block before it even with no blank line.
        if not stripped or stripped.startswith("$CATEGORY:"):
            if lines:
                yield start, "\n".join(lines), extra
                lines, extra = [], {}
            if not stripped:
                continue
        if not lines:
            start = number
        lines.append(raw)
    if lines:
        yield start, "\n".join(lines), extra


def _read_extra(raw: str) -> dict[str, Any]:
    """What our comment line carries: text values, and `tags` as a list of text."""
    try:
        data = parse_json(raw)
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    extra: dict[str, Any] = {
        k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)
    }
    tags = data.get("tags")
    if isinstance(tags, list) and all(isinstance(t, str) for t in tags):
        extra["tags"] = tuple(tags)
    return extra


# Moodle writes a '/' inside a category name as '//' and splits the path on single slashes.
_PATH_SLASH = re.compile(r"(?<!/)/(?!/)")


def _category_tags(path: str) -> tuple[str, ...]:
    parts = [_text(p.replace("//", "/")) for p in _PATH_SLASH.split(_protect(path.strip()))]
    return tuple(
        p
        for p in parts
        if p and p.casefold() not in _SKIPPED_CATEGORY_PARTS and not p.startswith("Default for")
    )


def _category_path(tags: tuple[str, ...]) -> str:
    """The `$CATEGORY:` path Moodle reads as nested categories and we read back as tags."""
    return "/".join(["$course$", "top", *(escape(t).replace("/", "//") for t in tags)])


def _split_title(block: str) -> tuple[str, str]:
    stripped = block.lstrip()
    if not stripped.startswith("::"):
        return "", block
    end = stripped.find("::", 2)
    if end < 0:
        raise _Skip("the title has no closing '::'")
    return _text(stripped[2:end]), stripped[end + 2 :]


def _question(
    title: str,
    body: str,
    tags: tuple[str, ...],
    extra: dict[str, Any],
    ids: Ids,
    losses: list[str],
) -> Question:
    body = body.strip()
    marker = _FORMAT_MARK.match(body)
    if marker:
        if marker.group(1).lower() == "html":
            raise _Skip("HTML text ([html]) cannot be shown in a terminal")
        body = body[marker.end() :]
    if _HTML_TAG.search(body):
        raise _Skip("HTML text (tags such as <p> or <b>) cannot be shown in a terminal")
    start = body.find("{")
    if start < 0:
        raise _Skip("no answer in braces { }")
    end = body.find("}", start)
    if end < 0:
        raise _Skip("the answer's '{' is never closed with '}'")
    before, answer_part, after = body[:start], body[start + 1 : end], body[end + 1 :]
    if "{" in answer_part or "{" in after or "}" in after:
        raise _Skip("more than one answer in braces (embedded answers are not supported)")
    if _FORMAT_MARK.match(answer_part.strip()):
        answer_part = _FORMAT_MARK.sub("", answer_part.strip())
    prompt = _text(before)
    if _text(after):
        prompt = f"{prompt} _____ {_text(after)}".strip()
    if not prompt:
        raise _Skip("the question has no text")
    answer_part, general = _general_feedback(answer_part)
    common = _common(title, prompt, tags, extra, ids)
    stripped = answer_part.strip()
    if not stripped:
        raise _Skip("essay questions have no answer to check")
    if stripped.startswith("#"):
        return _numerical(stripped[1:], general, common, extra, losses)
    if "~" in stripped:
        return _multiple_choice(stripped, general, common, losses)
    if stripped.startswith("=") and "->" in stripped:
        raise _Skip("matching questions are not supported")
    head, _, feedback = stripped.partition("#")
    if head.strip().lower() in _TRUE_FALSE:
        # Moodle: the first feedback is shown for a wrong answer, the second for a right one.
        parts = [_text(p) for p in stripped.split("#")[1:]]
        explanation = (
            general or (parts[1] if len(parts) > 1 else "") or next((p for p in parts if p), "")
        )
        return TrueFalseQuestion(
            answer=_TRUE_FALSE[head.strip().lower()], explanation=explanation, **common
        )
    return _short_answer(stripped, general, common, losses)


def _general_feedback(answer_part: str) -> tuple[str, str]:
    index = answer_part.find("####")
    if index < 0:
        return answer_part, ""
    return answer_part[:index], _text(answer_part[index + 4 :])


def _common(
    title: str, prompt: str, tags: tuple[str, ...], extra: dict[str, Any], ids: Ids
) -> dict[str, Any]:
    difficulty: Difficulty = "medium"
    if extra.get("difficulty") in DIFFICULTIES:
        difficulty = extra["difficulty"]
    common: dict[str, Any] = {
        "id": _take_id(ids, title, prompt),
        "prompt": prompt,
        "tags": extra.get("tags", tags),
        "difficulty": difficulty,
    }
    if extra.get("hint"):
        common["hint"] = extra["hint"]
    return common


def _take_id(ids: Ids, title: str, prompt: str) -> str:
    if title and _SLUG.match(title) and title.casefold() not in ids.taken:
        ids.taken.add(title.casefold())
        return title  # A title that is already an id (as we export them) is kept as it is.
    return ids.propose(title, prompt)


def _answers(text: str) -> list[_Answer]:
    """Split `=a#fb ~%50%b` into answers; text before the first mark is an error."""
    pieces = re.split(r"([=~])", text)
    if pieces[0].strip():
        raise _Skip(f"text before the first answer mark: '{_text(pieces[0])}'")
    answers = []
    for mark, raw in zip(pieces[1::2], pieces[2::2], strict=True):
        weight = None
        raw = raw.strip()
        match = _WEIGHT.match(raw)
        if match:
            weight = float(match.group(1))
            raw = raw[match.end() :]
        body, _, feedback = raw.partition("#")
        answers.append(_Answer(mark, weight, _text(body), _text(feedback)))
    return answers


def _partial(answers: list[_Answer], losses: list[str]) -> None:
    """Say which answers lose their partial credit: spacequiz marks full or nothing."""
    for answer in answers:
        if answer.weight is not None and 0 < answer.weight < 100:
            losses.append(
                f"the {answer.weight:g}% answer '{answer.text}' now counts as wrong "
                "(spacequiz gives full marks or none)"
            )


def _multiple_choice(
    text: str, general: str, common: dict[str, Any], losses: list[str]
) -> Question:
    answers = _answers(text)
    if any(not a.text for a in answers):
        raise _Skip("an answer is empty")
    choices = tuple(a.text for a in answers)
    right = [a for a in answers if a.mark == "="]
    if len(right) > 1:
        raise _Skip("more than one answer marked '='; use ~%50% weights for several answers")
    if right:
        _partial(answers, losses)
        explanation = general or right[0].feedback
        return ChoiceQuestion(
            choices=choices, answer=right[0].text, explanation=explanation, **common
        )
    correct = [a for a in answers if (a.weight or 0) > 0]
    if not correct:
        raise _Skip("no answer is marked right ('=' or a positive ~%weight%)")
    if len(correct) == 1 and correct[0].weight is not None and correct[0].weight >= 100:
        _partial(answers, losses)
        explanation = general or correct[0].feedback
        return ChoiceQuestion(
            choices=choices, answer=correct[0].text, explanation=explanation, **common
        )
    explanation = general or " ".join(a.feedback for a in correct if a.feedback)
    return MultiQuestion(
        choices=choices,
        answer=tuple(a.text for a in correct),
        explanation=explanation,
        **common,
    )


def _short_answer(text: str, general: str, common: dict[str, Any], losses: list[str]) -> Question:
    answers = _answers(text if text.startswith("=") else "=" + text)
    full = [a for a in answers if a.weight is None or a.weight >= 100]
    if not full or not full[0].text:
        raise _Skip("no answer with full marks")
    _partial(answers, losses)
    explanation = general or full[0].feedback
    return TextQuestion(
        answer=full[0].text,
        accept=tuple(a.text for a in full[1:] if a.text),
        explanation=explanation,
        **common,
    )


def _numerical(
    text: str, general: str, common: dict[str, Any], extra: dict[str, Any], losses: list[str]
) -> Question:
    text = text.strip()
    answers = _answers(text) if text.startswith("=") else [_single_number(text)]
    full = [a for a in answers if a.weight is None or a.weight >= 100]
    if not full:
        raise _Skip("no numerical answer with full marks")
    _partial(answers, losses)
    value, tolerance = _number_range(full[0].text)
    explanation = general or full[0].feedback
    unit = extra.get("unit")
    return NumberQuestion(
        answer=value,
        tolerance=tolerance,
        unit=unit,
        explanation=explanation,
        **common,
    )


def _single_number(text: str) -> _Answer:
    body, _, feedback = text.partition("#")
    return _Answer("=", None, _text(body), _text(feedback))


def _number_range(text: str) -> tuple[float, float]:
    """'3000:500' -> (3000, 500); '2000..4000' -> (3000, 1000); '3000' -> (3000, 0)."""
    try:
        if ".." in text:
            low_text, high_text = text.split("..", 1)
            low, high = float(low_text), float(high_text)
            value, tolerance = (low + high) / 2, abs(high - low) / 2
        elif ":" in text:
            value_text, tolerance_text = text.split(":", 1)
            value, tolerance = float(value_text), abs(float(tolerance_text))
        else:
            value, tolerance = float(text), 0.0
    except ValueError:
        raise _Skip(f"'{text}' is not a number") from None
    if not (math.isfinite(value) and math.isfinite(tolerance)):
        raise _Skip(f"'{text}' is not a finite number")
    return value, tolerance


# Writing ----------------------------------------------------------------------------------

_SPECIAL = re.compile(r"([\\~=#{}:])")


def escape(text: str) -> str:
    """Text safe inside GIFT: & < > as entities (Moodle reads HTML), specials escaped."""
    text = html.escape(text, quote=False)
    return _SPECIAL.sub(r"\\\1", text).replace("\n", "\\n")


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else repr(value)


def _weight(value: float) -> str:
    text = f"{value:.5f}".rstrip("0").rstrip(".")
    return f"%{text}%"


def write(questions: Iterable[Question], title: str = "") -> Exported:
    """Questions as GIFT; ordering questions have no GIFT form and are skipped."""
    out: list[str] = []
    if title:
        # A comment line: one line, and nothing a terminal showing the file would obey.
        out += [f"// {' '.join(strip_controls(title).split())}", ""]
    skipped: list[Skipped] = []
    category: tuple[str, ...] | None = None
    written = 0
    for question in questions:
        parts = _answer_text(question)
        if parts is None:
            skipped.append(Skipped(0, f"GIFT has no {question.type} questions", question.id))
            continue
        unsafe = unsafe_text(question)
        if unsafe is not None:
            skipped.append(Skipped(0, unsafe, question.id))
            continue
        if question.tags != category:
            category = question.tags
            # Moodle reads the path as nested categories; we read its parts back as tags.
            out += [f"$CATEGORY: {_category_path(category)}", ""]
        extra: dict[str, Any] = {"difficulty": question.difficulty}
        if _category_tags(_category_path(question.tags)) != question.tags:
            extra["tags"] = list(question.tags)  # what the path cannot say ('top', a '/' at an end)
        if question.hint is not None:
            extra["hint"] = question.hint
        answer, own = parts
        extra.update(own)
        out.append(EXTRA_MARK + json_text(extra, indent=None))
        out.append(f"::{escape(question.id)}::{escape(question.prompt)} {{")
        out.extend(answer)
        if question.explanation:
            out.append(f"####{escape(question.explanation)}")
        out += ["}", ""]
        written += 1
    return Exported("\n".join(out), written, tuple(skipped))


def _answer_text(question: Question) -> tuple[list[str], dict[str, str]] | None:
    """The lines of the answer block, and the extra fields only this type has (the unit);
    None when GIFT has no such type."""
    own: dict[str, str] = {}
    match question:
        case ChoiceQuestion():
            lines = [f"{'=' if c == question.answer else '~'}{escape(c)}" for c in question.choices]
        case MultiQuestion():
            right = _weight(100 / len(question.answer))
            lines = [
                f"~{right if c in question.answer else '%-100%'}{escape(c)}"
                for c in question.choices
            ]
        case TrueFalseQuestion():
            lines = ["TRUE" if question.answer else "FALSE"]
        case TextQuestion():
            lines = [f"={escape(a)}" for a in (question.answer, *question.accept)]
        case NumberQuestion():
            value = _number_text(question.answer)
            if question.tolerance:
                value += f":{_number_text(question.tolerance)}"
            lines = [f"#{value}"]
            if question.unit is not None:
                own["unit"] = question.unit
        case OrderQuestion():
            return None  # GIFT can match pairs but has no ordering question
        case _:
            assert_never(question)
    return lines, own
