"""Writing questions into bank files without disturbing a byte of what the teacher wrote.

`append_question` works on text: it finds where the `questions` list ends, writes the new
entry there in the list's own indentation and line endings, and checks the result with the
project's loader. Nothing here touches the disk: storage/files saves the text.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import spacequiz
from spacequiz.bank import rules, spec, yamltree
from spacequiz.bank.load import parse_bank, shipped_bank_path
from spacequiz.bank.write import SCHEMA_LINE, entry_lines, scalar
from spacequiz.core.errors import AuthoringError, BankError
from spacequiz.core.ids import Ids
from spacequiz.core.model import Question
from spacequiz.core.text import parse_json

_ITEM_PREFIX = re.compile(r"^( *)-( +)$")
_KEY_ONLY = re.compile(r"^( *)[^\s#-][^:#]*:\s*(#.*)?$")


@dataclass(frozen=True)
class Appended:
    """The bank's new text and the id the new question got."""

    text: str
    question_id: str


def is_shipped(path: Path) -> bool:
    """Whether a path is the shipped bank or anything inside the installed package."""
    target = path.resolve()
    package = Path(spacequiz.__file__).resolve().parent
    return target == shipped_bank_path().resolve() or package in target.parents


def existing_ids(text: str, path: str = "<bank>") -> set[str]:
    """The ids of a bank's questions; raises BankError when the bank is not valid now.

    An empty `questions` list is fine here: it is what adding the first question mends.
    """
    try:
        return set(parse_bank(text.lstrip("\ufeff"), path).id_lines)
    except BankError as error:
        others = [p for p in error.problems if p.code != "no-questions"]
        if others or _empty_questions(text.lstrip("\ufeff")) is None:
            raise BankError(others or error.problems, error.ids) from None
        return set()


def propose_id(prompt: str, taken: set[str]) -> str:
    """A short, unique id made from the prompt's meaningful words."""
    return Ids(taken).propose(prompt)


# Question fields --------------------------------------------------------------------------


def fields_from_json(text: str, taken: Collection[str] | None = None) -> dict[str, object]:
    """One question as a JSON object in the bank's own keys, values made bank-ready.

    The values' shapes are always checked; given `taken` (the ids of the bank it goes
    to), the whole question is. Each problem names its field and its line and column.
    """
    body = text.lstrip("\ufeff")
    repeated: list[list[str]] = []
    try:
        data = parse_json(body, object_pairs_hook=_keeping_repeats(repeated))
    except json.JSONDecodeError as error:
        raise AuthoringError(
            f"the JSON is not valid: {error.msg} (line {error.lineno}, column {error.colno})"
        ) from None
    if not isinstance(data, dict):
        raise AuthoringError('the JSON must be one object, e.g. {"type": "text", ...}')
    fields, issues = _normalised(data)
    # The hook sees the question's own object last; repeats inside its values are left to
    # the rules, which refuse a mapping there anyway.
    repeats = {
        key: rules.Issue(
            "duplicate-key",
            (key,),
            f"duplicate key '{rules.visible(key)}' in the JSON object",
            "JSON readers keep only the last one: delete or rename one of them",
            on_key=True,
        )
        for key in (repeated[-1] if repeated else [])
    }
    issues = list(repeats.values()) + issues
    # An id proposed here is no name for the question in a message about it.
    unnamed = {} if fields.get("id") else {"id": None}
    _, found = check_fields(complete_fields(fields, set(taken or ())) | unnamed, taken or ())
    found = [i for i in found if not (unnamed and i.path == ("id",))]
    if taken is not None or issues or any(i.code in _SHAPE_CODES for i in found):
        # Say everything at once, leaving out what the rules say again about a value the
        # JSON reading already refused.
        refused = {i.path[:1] for i in issues}
        issues += [i for i in found if i.path[:1] not in refused]
    if issues:
        key_places: dict[str, tuple[int, int]] = {}
        places = _json_places(body, key_places)
        places |= {(key,): place for key, place in key_places.items() if key in repeats}
        raise AuthoringError(_not_valid([_located(i, places) for i in issues]))
    return fields


def _keeping_repeats(
    repeated: list[list[str]],
) -> Callable[[list[tuple[str, object]]], dict[str, object]]:
    """A JSON object hook that builds the dict as json does (the last value wins) and notes
    the keys given twice, one list per object in the order they close."""

    def hook(pairs: list[tuple[str, object]]) -> dict[str, object]:
        seen: set[str] = set()
        again: list[str] = []
        for key, _ in pairs:
            if key in seen and key not in again:
                again.append(key)
            seen.add(key)
        repeated.append(again)
        return dict(pairs)

    return hook


_SHAPE_CODES = frozenset({"wrong-type", "not-finite"})


def normalise_fields(data: Mapping[str, object]) -> dict[str, object]:
    """Numbers given where text is expected become text (1961 -> "1961"); the values
    JSON alone can hold (NaN, Infinity) are refused."""
    fields, issues = _normalised(data)
    if issues:
        raise AuthoringError(_not_valid([i.said() for i in issues]))
    return fields


def _not_valid(problems: list[str]) -> str:
    return "the question is not valid:\n  " + "\n  ".join(problems)


def _normalised(data: Mapping[str, object]) -> tuple[dict[str, object], list[rules.Issue]]:
    """The fields with numbers as text where the bank wants text, and the numbers a bank
    cannot hold (JSON reads 1e400 as infinity, and Python's reader takes NaN). Every
    other shape is left for the rules to judge."""
    fields: dict[str, object] = {}
    issues: list[rules.Issue] = []
    for key, value in data.items():
        kind = rules.field_kind(key)
        if value is None:
            continue
        values = value if isinstance(value, list) else [value]
        for index, item in enumerate(values):
            if not _is_finite(item):
                path: rules.FieldPath = (key, index) if isinstance(value, list) else (key,)
                issues.append(
                    rules.Issue(
                        "not-finite",
                        path,
                        f"'{key}' must be a finite number",
                        "write a number below 1e308",
                    )
                )
                break
        else:
            if kind in ("text", "slug", "enum", "text_list"):
                value = [_as_text(v) for v in value] if isinstance(value, list) else _as_text(value)
            fields[key] = value
    return fields, issues


def _is_finite(value: object) -> bool:
    return not isinstance(value, float) or math.isfinite(value)


def _as_text(value: object) -> object:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


def _located(issue: rules.Issue, places: Mapping[rules.FieldPath, tuple[int, int]]) -> str:
    """'choices[2] (line 4, column 17): message (hint) [code]': the code as validate
    --json gives it, since the two share their codes."""
    place = places.get(issue.path) or places.get(issue.path[:1])
    where = rules.field_name(issue.path)
    if place is not None:
        where = (
            f"{where} (line {place[0]}, column {place[1]})"
            if where
            else (f"line {place[0]}, column {place[1]}")
        )
    said = f"{issue.said()} [{issue.code}]"
    return f"{where}: {said}" if where else said


def _json_places(
    text: str, repeats: dict[str, tuple[int, int]] | None = None
) -> dict[rules.FieldPath, tuple[int, int]]:
    """Where each top-level key's value, and each entry of a list value, starts in a JSON
    object's text (1-based line and column). Python's own decoder reads each piece.

    Args:
        repeats: filled with where a key given a second time stands (its second time).
    """
    decoder = json.JSONDecoder()
    places: dict[rules.FieldPath, tuple[int, int]] = {}

    def skip(at: int) -> int:
        while at < len(text) and text[at] in " \t\r\n":
            at += 1
        return at

    def place(at: int) -> tuple[int, int]:
        line_start = text.rfind("\n", 0, at) + 1
        return text.count("\n", 0, at) + 1, at - line_start + 1

    try:
        at = skip(0) + 1  # past '{'
        while True:
            at = skip(at)
            if text[at] == "}":
                return places
            key_at = at
            key, at = decoder.raw_decode(text, at)
            if repeats is not None and (key,) in places and key not in repeats:
                repeats[key] = place(key_at)
            at = skip(skip(at) + 1)  # past ':'
            places[(key,)] = place(at)
            if text[at] == "[":
                index, at = 0, skip(at + 1)
                while text[at] != "]":
                    places[(key, index)] = place(at)
                    _, at = decoder.raw_decode(text, at)
                    at = skip(at)
                    at = skip(at + 1) if text[at] == "," else at
                    index += 1
                at += 1
            else:
                _, at = decoder.raw_decode(text, at)
            at = skip(at)
            at = at + 1 if text[at] == "," else at
    except (ValueError, IndexError):  # the text parsed as a whole; this is only a guide
        return places


def check_fields(
    fields: Mapping[str, object], taken: Collection[str] = ()
) -> tuple[Question | None, list[rules.Issue]]:
    """The question these fields make, or None, and what the rules say about them."""
    question, issues = rules.check_question(fields)
    if "id" in fields and str(fields["id"]) in taken:
        qid = fields["id"]
        issue = rules.Issue(
            "duplicate-id",
            ("id",),
            f"the id '{qid}' is already used in this bank",
            "choose another",
        )
        return None, [issue, *issues]
    return question, issues


def question_problems(fields: Mapping[str, object], taken: Collection[str] = ()) -> list[str]:
    """What the rules say about this one question, each as 'message (hint)'."""
    _, issues = check_fields(fields, taken)
    return [issue.said() for issue in issues]


def build_question(fields: Mapping[str, object]) -> Question:
    """The model question for valid fields (for a preview)."""
    question, issues = rules.check_question(fields)
    assert question is not None, issues
    return question


def complete_fields(fields: Mapping[str, object], taken: set[str]) -> dict[str, object]:
    """Fields with an id proposed from the prompt when none is given."""
    result = dict(fields)
    if not result.get("id"):
        result = {"id": propose_id(str(result.get("prompt", "")), taken), **result}
    return result


# Appending --------------------------------------------------------------------------------


def append_question(
    text: str,
    fields: Mapping[str, object],
    path: str = "<bank>",
    comments: Sequence[str] = (),
) -> Appended:
    """The bank's text with one question added at the end of its `questions` list.

    Every byte already there stays as it was; the new entry copies the list's indentation,
    its blank-line spacing and its line endings. Raises BankError if the bank is invalid
    before, and AuthoringError if the question is.

    Args:
        comments: lines written as '# ...' comments just above the new entry (where a
            drafted question came from, say); each must hold no line break.
    """
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom) :]
    taken = existing_ids(body, path)
    fields = complete_fields(fields, taken)
    problems = question_problems(fields, taken)
    if problems:
        raise AuthoringError(_not_valid(problems))
    newline = "\r\n" if "\r\n" in body else "\n"
    notes = [f"# {c}".rstrip() for c in comments]
    empty = _empty_questions(body)
    if empty is not None:
        entry = [f"  {n}" for n in notes] + entry_lines(fields)
        result = bom + _fill_empty(body, empty, entry, newline)
        return Appended(_checked(result, path), str(fields["id"]))
    sequence = _questions_node(body, path)
    lines = body.splitlines(keepends=True)
    items = sequence.items
    last = items[-1]
    dash = _dash(lines, last, sequence)
    end = _item_end(lines, last.line, len(dash) - len(dash.lstrip(" ")))
    gap = _uses_blank_lines(lines, items)
    new_lines = entry_lines(fields, dash, list_indent=_list_indent(lines, last.line, end))
    # Blank lines after the last question may belong to it: a block scalar with the keep
    # indicator (`|+`) holds them. Then the new entry goes after them, and no gap is added
    # (it would join that text too). Whichever place leaves the old questions as they were.
    pad = " " * (len(dash) - len(dash.lstrip(" ")))
    for at, gap_here in ((end, gap), (_after_blank_lines(lines, end), False)):
        block = ([""] if gap_here else []) + [pad + n for n in notes] + new_lines
        head = lines[: at + 1]
        if head and not head[-1].endswith(("\n", "\r")):
            head[-1] += newline
        result = "".join(head) + "".join(f"{line}{newline}" for line in block)
        result += "".join(lines[at + 1 :])
        if _same_questions(body, result, path):
            return Appended(_checked(bom + result, path), str(fields["id"]))
    raise AuthoringError(  # pragma: no cover - no known bank reaches this
        f"{path}: the question cannot be added without changing the questions already there; "
        "add it by hand"
    )


def _after_blank_lines(lines: list[str], end: int) -> int:
    """The index of the last blank line right after line `end` (`end` if there is none)."""
    while end + 1 < len(lines) and not lines[end + 1].strip():
        end += 1
    return end


def _same_questions(before: str, after: str, path: str) -> bool:
    """Whether every question of `before` reads the same, value for value, in `after`."""
    old = _questions_node(before, path).items
    new = _questions_node(after, path).items
    return len(new) == len(old) + 1 and all(
        _shape(a) == _shape(b) for a, b in zip(old, new, strict=False)
    )


def _shape(node: yamltree.Node) -> object:
    """A node's values and tags, without positions: what two readings must share."""
    if node.kind == yamltree.SCALAR:
        return (node.tag, node.text)
    if node.kind == yamltree.SEQUENCE:
        return [_shape(item) for item in node.items]
    return [(_shape(key), _shape(value)) for key, value in node.pairs]


def check_size(text: str, path: str) -> None:
    """Refuse bank text the loader would refuse as too large, before it replaces a file."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > spec.MAX_BANK_BYTES:
        limit = spec.MAX_BANK_BYTES // (1024 * 1024)
        raise AuthoringError(
            f"{path} would be {size / (1024 * 1024):.1f} MiB, larger than the {limit} MiB a bank "
            "may hold; the file was not changed: split the questions into several banks "
            "in one folder"
        )


def _checked(result: str, path: str) -> str:
    check_size(result, path)
    try:
        parse_bank(result.lstrip("\ufeff"), path)
    except BankError as error:  # pragma: no cover - a bug here must not reach the disk
        raise AuthoringError(
            f"adding the question would break the bank ({error}); the file was not changed"
        ) from None
    return result


@dataclass(frozen=True)
class _Empty:
    """Where an empty `questions` value stands: its key's line and indent, and the `[]`."""

    line: int  # 0-based
    indent: int
    brackets: tuple[int, int] | None  # columns (0-based) of '[' and just past ']'


def _empty_questions(text: str) -> _Empty | None:
    """Where `questions: []` or a bare `questions:` is, or None when the list has entries."""
    try:
        root, _ = yamltree.parse(text)
    except yamltree.TreeError:
        return None
    if root is None or root.kind != yamltree.MAPPING:
        return None
    pair = next(
        ((k, v) for k, v in root.pairs if k.kind == yamltree.SCALAR and k.text == "questions"),
        None,
    )
    if pair is None:
        return None
    key, value = pair
    lines = text.splitlines()
    if value.kind == yamltree.SEQUENCE and not value.items and value.line == key.line:
        line = lines[key.line - 1]
        start = value.column - 1
        close = line.find("]", start)
        if line[start : start + 1] == "[" and close > 0 and not line[start + 1 : close].strip():
            return _Empty(key.line - 1, key.column - 1, (start, close + 1))
    if value.kind == yamltree.SCALAR and value.tag == yamltree.NULL and not value.text:
        return _Empty(key.line - 1, key.column - 1, None)
    return None


def _fill_empty(body: str, empty: _Empty, entry: list[str], newline: str) -> str:
    """The bank with the first question written under its empty `questions:` key."""
    lines = body.splitlines(keepends=True)
    line = lines[empty.line]
    if empty.brackets is not None:
        start, end = empty.brackets
        line = line[:start].rstrip(" ") + line[end:]
    if not line.endswith(("\n", "\r")):
        line += newline
    pad = " " * empty.indent
    block = "".join(f"{pad}{text}{newline}" for text in entry)
    return "".join(lines[: empty.line]) + line + block + "".join(lines[empty.line + 1 :])


def _questions_node(text: str, path: str) -> yamltree.Node:
    root, _ = yamltree.parse(text)
    assert root is not None and root.kind == yamltree.MAPPING  # parse_bank checked it
    node = next(v for k, v in root.pairs if k.kind == yamltree.SCALAR and k.text == "questions")
    line = text.splitlines()[node.line - 1]
    if line[node.column - 1 : node.column] == "[":
        raise AuthoringError(
            f"{path}: the questions list is written in [brackets] on one line; "
            "rewrite it as a list of '- id: ...' entries to add questions"
        )
    return node


def _dash(lines: list[str], item: yamltree.Node, sequence: yamltree.Node) -> str:
    """What starts an item's first line in this file, e.g. '  - ' or '- '."""
    line = lines[item.line - 1]
    prefix = line[: item.column - 1]
    if _ITEM_PREFIX.match(prefix):
        return prefix
    return " " * (sequence.column - 1) + "- "


def _item_end(lines: list[str], start: int, dash_indent: int) -> int:
    """Index of the last line holding the item that starts on line `start` (1-based)."""
    end = start - 1
    for index in range(start, len(lines)):
        stripped = lines[index].strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(lines[index]) - len(lines[index].lstrip(" "))
        if indent <= dash_indent:
            break
        end = index
    return end


def _uses_blank_lines(lines: list[str], items: list[yamltree.Node]) -> bool:
    """Whether the file separates its questions with a blank line (before their comments)."""
    last = items[-1].line - 2  # the line above the last item, 0-based
    while last >= 0 and lines[last].strip().startswith("#"):
        last -= 1
    return last >= 0 and not lines[last].strip()


def _list_indent(lines: list[str], start: int, end: int) -> int:
    """How far this file indents a block list under its key (0 for '- ' under the key)."""
    for index in range(start - 1, end):
        key = _KEY_ONLY.match(lines[index].rstrip("\r\n"))
        if key and index + 1 < len(lines):
            following = lines[index + 1]
            stripped = following.lstrip(" ")
            if stripped.startswith("- "):
                return len(following) - len(stripped) - len(key.group(1))
    return 2


# New banks --------------------------------------------------------------------------------

NEW_BANK = """\
{schema}
# Make the schema file for your editor with: spacequiz schema > spacequiz-bank.schema.json
#
# A spacequiz bank. Check it with 'spacequiz validate {name}', play it with
# 'spacequiz play --bank {name}', add questions with 'spacequiz add {name}'.
# There is one example of every question type below: change them or delete them.
# Quote text that YAML could read as something else: "yes", "no", "1e3", "2021-10-05".
version: 1
title: {title}
questions:

  # Pick the one right choice. The answer is written exactly as in choices.
  - id: example-choice
    type: choice
    prompt: From which cosmodrome did the film crew lift off?
    choices: [Baikonur, Plesetsk, Vostochny]
    answer: Baikonur
    explanation: "Optional: one or two sentences shown after the answer."
    difficulty: easy  # easy, medium (the default) or hard
    tags: [places]
    hint: "Optional: shown when the player asks for a hint."

  # Select every right choice.
  - id: example-multi
    type: multi
    prompt: Which of these flew up on the same Soyuz? Select all that apply.
    choices: [Yulia Peresild, Klim Shipenko, Tom Cruise]
    answer: [Yulia Peresild, Klim Shipenko]

  # Say whether a statement is true: answer is true or false, without quotes.
  - id: example-truefalse
    type: truefalse
    prompt: True or false? The film was shot aboard the ISS.
    answer: true

  # Type a short answer; accept lists other spellings that also count.
  - id: example-text
    type: text
    prompt: What is the English title of the film?
    answer: The Challenge
    accept: [Challenge, Vyzov]

  # Type a number; anything within tolerance of the answer counts.
  - id: example-number
    type: number
    prompt: How many days did the film crew spend in space?
    answer: 12
    tolerance: 1
    unit: days

  # Put the items (written here in the right order) back in order.
  - id: example-order
    type: order
    prompt: Put these steps of the mission in order.
    items:
      - Launch from Baikonur
      - Docking with the ISS
      - Landing in Kazakhstan
"""


def new_bank_text(title: str, name: str) -> str:
    """A new bank: the editor's schema line, then a commented example of every type."""
    text = NEW_BANK.format(schema=SCHEMA_LINE, title=scalar(title), name=name)
    parse_bank(text, name)  # the template must always be a valid bank
    return text
