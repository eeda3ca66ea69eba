"""Bank files -> a checked Bank, or a BankError listing every problem with its place.

One door for every command: `load_banks` reads the files, parses them safely, checks every
question against the format in `spec`, and either returns questions or raises one
BankError whose problems are already worded for the person editing the file.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import os
import re
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, cast

from spacequiz.bank import spec, yamltree
from spacequiz.bank.yamltree import (
    BOOL,
    FLOAT,
    INT,
    MAPPING,
    NULL,
    SCALAR,
    STR,
    TIMESTAMP,
    Node,
    Progress,
)
from spacequiz.core.errors import BankError
from spacequiz.core.model import (
    Bank,
    ChoiceQuestion,
    Difficulty,
    MultiQuestion,
    NumberQuestion,
    OrderQuestion,
    Problem,
    Question,
    QuestionType,
    TextQuestion,
    TrueFalseQuestion,
)

SHIPPED_NAME = "questions.yaml"
BANK_SUFFIXES = (".yaml", ".yml")

# What YAML 1.2 tools (editors, other parsers) read as a number although PyYAML says text.
_YAML12_NUMBER = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_SEPARATED_NUMBER = re.compile(r"^[-+]?[0-9]{1,3}([, \u00a0\u202f][0-9]{3})+(\.[0-9]+)?$")
_SEPARATORS = re.compile("[, \u00a0\u202f]")
_SLUG = re.compile(spec.SLUG_PATTERN)


@dataclass(frozen=True)
class LoadedFile:
    """One file's bank, with where each question id was defined (for cross-file checks)."""

    bank: Bank
    id_lines: dict[str, int]
    id_columns: dict[str, int] = dataclasses.field(default_factory=dict)


def shipped_bank_path() -> Path:
    """The bank that ships inside the package."""
    return Path(str(resources.files("spacequiz").joinpath("data", SHIPPED_NAME)))


def expand_paths(paths: Iterable[str | Path]) -> tuple[list[Path], list[Problem]]:
    """Files to load: a folder stands for every *.yaml (and *.yml) file in it, sorted, but
    hidden ones (`.draft.yaml`, the `._bank.yaml` macOS leaves on other disks).

    Also the problems with the folders themselves (empty, unreadable), so that one bad
    folder does not hide the problems of the other paths.
    """
    found: list[Path] = []
    problems: list[Problem] = []
    for raw in paths:
        path = Path(raw)
        if not _is_dir(path):
            found.append(path)  # reading it reports what is wrong with it
            continue
        try:
            inside = sorted(
                p
                for p in path.iterdir()
                if p.suffix.lower() in BANK_SUFFIXES and not p.name.startswith(".")
            )
        except OSError as error:
            problems.append(
                Problem(str(path), 1, 1, f"cannot read the folder: {error.strerror or error}")
            )
            continue
        if not inside:
            problems.append(
                Problem(
                    str(path),
                    1,
                    1,
                    "this folder holds no .yaml files",
                    "name a bank file, or a folder with .yaml files in it",
                )
            )
        found.extend(inside)
    # The same file named twice (or through its folder) is read once, not reported as
    # duplicating itself.
    unique: dict[Path | str, Path] = {}
    for path in found:
        try:
            key: Path | str = path.resolve()
        except (OSError, RuntimeError):  # a symlink loop: reading it will say so
            key = str(path)
        unique.setdefault(key, path)
    return list(unique.values()), problems


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # a name too long, say: reading it will report that
        return False


def load_banks(paths: Sequence[str | Path] = (), progress: Progress | None = None) -> Bank:
    """Load and merge banks (the shipped one when none is named); ids must be unique.

    `progress`, if given, is called with (bytes done, bytes in all) as big files are read.
    """
    files, problems = expand_paths(paths) if paths else ([shipped_bank_path()], [])
    loaded: list[tuple[Path, LoadedFile]] = []
    ids_by_file: list[tuple[Path, dict[str, tuple[int, int]]]] = []
    sizes = [_size(p) for p in files]
    total = sum(sizes)
    done = 0
    for path, size in zip(files, sizes, strict=True):

        def step(chars: int, of: int, base: int = done, size: int = size) -> None:
            if progress is not None:
                progress(base + size * chars // max(of, 1), total)

        try:
            result = load_file(path, step)
            loaded.append((path, result))
            places = {q: (n, result.id_columns.get(q, 1)) for q, n in result.id_lines.items()}
        except BankError as error:
            problems.extend(error.problems)
            places = error.ids  # a file with problems still takes part in the id check
        ids_by_file.append((path, places))
        done += size
        if progress is not None:
            progress(done, total)
    first_seen: dict[str, tuple[str, int]] = {}
    for path, places in ids_by_file:
        for qid, (line, column) in places.items():
            if qid in first_seen:
                other, other_line = first_seen[qid]
                problems.append(
                    Problem(
                        str(path),
                        line,
                        column,
                        f"duplicate id '{qid}': already used at {other}:{other_line}",
                        "every id must be unique across the banks played "
                        "together: rename one of them",
                    )
                )
            else:
                first_seen[qid] = (str(path), line)
    if problems:
        order = {str(path): i for i, path in enumerate(files)}
        problems.sort(key=lambda p: (order.get(p.path, len(order)), p.line, p.column))
        raise BankError(problems)
    banks = [result.bank for _, result in loaded]
    title = banks[0].title if len(banks) == 1 else " + ".join(b.title for b in banks)
    return Bank(
        title=title,
        questions=tuple(q for b in banks for q in b.questions),
        sources=tuple(str(p) for p, _ in loaded),
    )


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def load_file(path: str | Path, progress: Progress | None = None) -> LoadedFile:
    """Read and check one bank file."""
    return parse_bank(read_bank_text(path), str(path), progress)


def read_bank_text(path: str | Path) -> str:
    """A bank file's text: UTF-8 (a BOM is fine), at most MAX_BANK_BYTES."""
    name = str(path)
    try:
        if not stat.S_ISREG(os.stat(path).st_mode) and not os.path.isdir(path):
            # Opening a FIFO would wait for a writer forever; a device could be endless.
            raise BankError(
                [
                    Problem(
                        name,
                        1,
                        1,
                        "this is not a regular file (a device, a FIFO or a socket)",
                        "name a bank file",
                    )
                ]
            )
        with open(path, "rb") as handle:
            data = handle.read(spec.MAX_BANK_BYTES + 1)
    except FileNotFoundError:
        raise BankError(  # noqa: B904 - the OS error adds nothing for the reader
            [
                Problem(
                    name,
                    1,
                    1,
                    "no such file",
                    "check the path, or run 'spacequiz new' to start a bank",
                )
            ]
        )
    except IsADirectoryError:  # a folder named bank.yaml inside a folder of banks
        raise BankError([Problem(name, 1, 1, "this is a folder, not a bank file")]) from None
    except OSError as error:
        raise BankError([Problem(name, 1, 1, f"cannot read the file: {error.strerror}")]) from None
    if len(data) > spec.MAX_BANK_BYTES:
        limit = spec.MAX_BANK_BYTES // (1024 * 1024)
        raise BankError(
            [
                Problem(
                    name,
                    1,
                    1,
                    f"the file is larger than {limit} MiB",
                    "split the bank into several files in one folder",
                )
            ]
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        line_start = data.rfind(b"\n", 0, error.start) + 1
        column = len(data[line_start : error.start].decode("utf-8", "replace")) + 1
        raise BankError(  # noqa: B904 - the decode error is restated below
            [
                Problem(
                    name,
                    line,
                    column,
                    f"the file is not UTF-8 (byte 0x{data[error.start]:02x})",
                    "save the file as UTF-8 in your editor",
                )
            ]
        )


def parse_bank(text: str, path: str = "<bank>", progress: Progress | None = None) -> LoadedFile:
    """Check a bank's text; raise BankError with every problem found."""
    checker = _Checker(path)
    tabs = [_located(path, p) for p in yamltree.tab_problems(text)]
    if tabs:
        # Backends disagree on tabs, so neither sees one: they are reported, and the rest of
        # the file is checked as if they were spaces, when some tab width makes it valid.
        expanded = _indent_tabs_expanded(text)
        if expanded is None:
            raise BankError(tabs)
        text = expanded
    try:
        root, early = yamltree.parse(text, progress)
    except yamltree.TreeError as error:
        raise BankError([*tabs, _located(path, error.problem)]) from None
    found = [_located(path, p) for p in early]
    checker.problems.extend(found)
    bank = checker.bank(root)
    # A value whose tag was refused is read as if untagged; what the checks then say about
    # that same value (text, not a list...) would only repeat the problem.
    refused = {(p.line, p.column) for p in found if "tag" in p.message}
    problems = tabs + [
        p for p in checker.problems if p in found or (p.line, p.column) not in refused
    ]
    places = {q: (n, checker.id_columns[q]) for q, n in checker.id_lines.items()}
    if problems:
        raise BankError(sorted(problems, key=lambda p: (p.line, p.column)), places)
    assert bank is not None
    return LoadedFile(bank, checker.id_lines, checker.id_columns)


def _indent_tabs_expanded(text: str) -> str | None:
    """The text with its indentation tabs as spaces, at the first tab width (4, 8, 2) that
    makes it valid YAML; None when none does."""
    lines = text.splitlines(keepends=True)
    for width in (4, 8, 2):
        out = []
        for line in lines:
            stripped = line.lstrip(" \t")
            indent = line[: len(line) - len(stripped)]
            out.append(indent.expandtabs(width) + stripped if "\t" in indent else line)
        candidate = "".join(out)
        try:
            yamltree.parse(candidate)
        except yamltree.TreeError:
            continue
        return candidate
    return None


def _located(path: str, problem: yamltree.TreeProblem) -> Problem:
    return Problem(path, problem.line, problem.column, problem.message, problem.hint)


def _fill_hint(field: spec.Field) -> str:
    """What to do about a required key left empty: 'fill in 'answer''."""
    if field.kind == "text_list":
        return f"write the {field.name} under '{field.name}:'"
    return f"fill in '{field.name}'"


def _suggest(word: str, options: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


_NOT_TEXT = {
    BOOL: "YAML reads it as a true/false value",
    FLOAT: "YAML reads it as a number",
    TIMESTAMP: "YAML reads it as a date",
}


class _Checker:
    """Walks one file's nodes, collecting problems rather than stopping at the first."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.id_lines: dict[str, int] = {}
        self.id_columns: dict[str, int] = {}

    def report(self, node: Node, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.path, node.line, node.column, message, hint))

    # The bank -------------------------------------------------------------------------

    def bank(self, root: Node | None) -> Bank | None:
        if root is None or (root.kind == SCALAR and root.tag == NULL):
            self.problems.append(
                Problem(
                    self.path,
                    1,
                    1,
                    "the file is empty",
                    "start with 'version: 1', a 'title:' and "
                    "a 'questions:' list (see 'spacequiz new')",
                )
            )
            return None
        if root.kind != MAPPING:
            self.report(
                root,
                "a bank must be a mapping with 'title' and 'questions'",
                "start the file with 'version: 1', 'title: ...' and 'questions:'",
            )
            return None
        fields = self.fields(root, spec.BANK_FIELDS, "the bank", "the bank")
        version = fields.get("version")
        if version is not None:
            number = self.number(version, "version")
            if number is not None and number != spec.FORMAT_VERSION:
                self.report(
                    version,
                    f"unsupported format version {version.text}",
                    f"this spacequiz reads version {spec.FORMAT_VERSION}",
                )
        title = self.text(fields["title"], "title") if "title" in fields else None
        questions_node = fields.get("questions")
        questions: list[Question] = []
        if questions_node is None:
            pass  # `fields` reported it.
        elif questions_node.kind != yamltree.SEQUENCE:
            self.report(
                questions_node,
                "'questions' must be a list",
                "start each question with '- ' under 'questions:'",
            )
        elif not questions_node.items:
            self.report(
                questions_node,
                "the bank has no questions",
                "add at least one question under 'questions:'",
            )
        else:
            for item in questions_node.items:
                question = self.question(item)
                if question is not None:
                    questions.append(question)
        return Bank(
            title=title or Path(self.path).stem, questions=tuple(questions), sources=(self.path,)
        )

    def fields(
        self,
        node: Node,
        allowed: Iterable[spec.Field],
        what: str,
        label: str,
        elsewhere: Iterable[str] = (),
        silent_elsewhere: bool = False,
    ) -> dict[str, Node]:
        """A mapping's values by key, reporting unknown and missing keys.

        `what` names the kind of mapping for unknown keys ("choice questions"), `label` the
        mapping itself for missing ones ("question 'launch-site'"). Keys in `elsewhere`
        belong to other question types: reported as such unless `silent_elsewhere`.
        """
        specs = {f.name: f for f in allowed}
        other = set(elsewhere) - set(specs)
        found: dict[str, Node] = {}
        for key, value in node.pairs:
            name = key.text if key.kind == SCALAR else ""
            if name in specs:
                if value.kind == SCALAR and value.tag == NULL and value.plain:
                    if specs[name].required:
                        self.report(value, f"'{name}' is empty", _fill_hint(specs[name]))
                    continue
                found.setdefault(name, value)
            elif name in other:
                if silent_elsewhere:
                    continue
                self.report(
                    key,
                    f"'{name}' is not used by {what}",
                    "remove it, or change the question's type",
                )
            elif name == "<<":
                self.report(
                    key,
                    "YAML merge keys ('<<') are not supported in a bank",
                    "write the keys out in full",
                )
            else:
                shown = name or "a non-text key"
                self.report(
                    key,
                    f"unknown key '{shown}' in {what}",
                    _suggest(name, specs) or f"known keys: {', '.join(specs)}",
                )
        for field in specs.values():
            if (
                field.required
                and field.name not in found
                and not any(k.kind == SCALAR and k.text == field.name for k, _ in node.pairs)
            ):
                self.report(
                    node,
                    f"{label} has no '{field.name}'",
                    f"add '{field.name}:' ({field.description})",
                )
        return found

    # Questions --------------------------------------------------------------------------

    def question(self, node: Node) -> Question | None:
        if node.kind != MAPPING:
            self.report(
                node,
                "each question must be a mapping of keys such as id, type, prompt",
                "start each question with '- id: ...' and indent its other keys",
            )
            return None
        before = len(self.problems)
        type_node = next((v for k, v in node.pairs if k.kind == SCALAR and k.text == "type"), None)
        qtype: QuestionType | None = None
        if type_node is not None:
            raw = self.text(type_node, "type")
            if raw in spec.QUESTION_FIELDS:
                qtype = raw
            elif raw is not None:
                self.report(
                    type_node,
                    f"unknown question type '{raw}'",
                    _suggest(raw, spec.QUESTION_FIELDS)
                    or f"use one of: {', '.join(spec.QUESTION_FIELDS)}",
                )
        allowed = spec.QUESTION_FIELDS[qtype] if qtype else spec.COMMON
        id_node = next((v for k, v in node.pairs if k.kind == SCALAR and k.text == "id"), None)
        label = "the question"
        if id_node is not None and id_node.kind == SCALAR and id_node.text:
            label = f"question '{id_node.text}'"
        fields = self.fields(
            node,
            allowed,
            f"{qtype} questions" if qtype else label,
            label,
            spec.ALL_QUESTION_KEYS,
            silent_elsewhere=qtype is None,  # Which keys belong is unknown without a type.
        )
        values: dict[str, Any] = {}
        for field in allowed:
            value_node = fields.get(field.name)
            if value_node is None or field.name == "type":
                continue
            value = self.value(value_node, field)
            if value is not None:
                values[field.name] = value
        qid = values.get("id")
        if qid is not None:
            assert id_node is not None
            if qid in self.id_lines:
                self.report(
                    id_node,
                    f"duplicate id '{qid}' (first used on line {self.id_lines[qid]})",
                    "every id must be unique: rename one",
                )
            else:
                self.id_lines[qid] = id_node.line
                self.id_columns[qid] = id_node.column
        required = [f.name for f in allowed if f.required and f.name != "type"]
        if qtype is None or any(name not in values for name in required):
            return None
        question = self.build(qtype, values, fields)
        return question if len(self.problems) == before else None

    def build(
        self, qtype: QuestionType, values: dict[str, Any], nodes: dict[str, Node]
    ) -> Question | None:
        """Type-specific checks, then the model object."""
        common: dict[str, Any] = {
            k: values[k] for k in ("id", "prompt", "explanation", "hint", "family") if k in values
        }
        common["difficulty"] = cast(Difficulty, values.get("difficulty", "medium"))
        common["tags"] = tuple(values.get("tags", ()))
        if qtype in ("choice", "multi"):
            choices: tuple[str, ...] = tuple(values["choices"])
            if not self.distinct(nodes["choices"], choices, "choices"):
                return None
            answers = [values["answer"]] if qtype == "choice" else values["answer"]
            if qtype == "multi" and not self.distinct(nodes["answer"], answers, "answers"):
                return None
            answer_nodes = [nodes["answer"]] if qtype == "choice" else nodes["answer"].items
            ok = True
            for answer, answer_node in zip(answers, answer_nodes, strict=True):
                if answer not in choices:
                    ok = False
                    close = [
                        c for c in choices if c.casefold().strip() == answer.casefold().strip()
                    ] or difflib.get_close_matches(answer, choices, n=1)
                    hint = (
                        f"did you mean '{close[0]}'? The answer must match a choice exactly"
                        if close
                        else "copy the answer exactly from 'choices'"
                    )
                    self.report(
                        answer_node, f"the answer '{answer}' is not one of the choices", hint
                    )
            if not ok:
                return None
            if qtype == "choice":
                return ChoiceQuestion(choices=choices, answer=answers[0], **common)
            return MultiQuestion(choices=choices, answer=tuple(answers), **common)
        if qtype == "truefalse":
            return TrueFalseQuestion(answer=values["answer"], **common)
        if qtype == "text":
            return TextQuestion(
                answer=values["answer"],
                accept=tuple(values.get("accept", ())),
                reject=tuple(values.get("reject", ())),
                **common,
            )
        if qtype == "number":
            tolerance = values.get("tolerance", 0.0)
            if tolerance < 0:
                self.report(
                    nodes["tolerance"],
                    "the tolerance cannot be negative",
                    "give how far from the answer still counts, e.g. 'tolerance: 5'",
                )
                return None
            return NumberQuestion(
                answer=values["answer"], tolerance=tolerance, unit=values.get("unit"), **common
            )
        items = tuple(values["items"])
        if not self.distinct(nodes["items"], items, "items"):
            return None
        return OrderQuestion(items=items, **common)

    def distinct(self, node: Node, values: Sequence[str], what: str) -> bool:
        seen: dict[str, str] = {}
        for value, item in zip(values, node.items, strict=True):
            key = " ".join(value.casefold().split())
            if key in seen:
                self.report(
                    item,
                    f"'{value}' appears twice in the {what}",
                    f"each of the {what} must be different: remove or reword one",
                )
                return False
            seen[key] = value
        return True

    # Values -----------------------------------------------------------------------------

    def value(self, node: Node, field: spec.Field) -> Any:
        kind = field.kind
        if kind in ("text", "slug", "enum"):
            text = self.text(node, field.name)
            if text is None:
                return None
            if not text.strip() and field.required:
                self.report(node, f"'{field.name}' is empty", f"write the {field.name} here")
                return None
            if kind == "slug" and not _SLUG.fullmatch(text):
                self.report(
                    node,
                    f"the {field.name} '{text}' is not a simple slug",
                    "use ASCII letters and digits with '-', '_' or '.', e.g. 'launch-site'",
                )
                return None
            if kind == "enum" and text not in field.values:
                self.report(
                    node,
                    f"'{text}' is not a valid {field.name}",
                    _suggest(text, field.values) or f"use one of: {', '.join(field.values)}",
                )
                return None
            return text
        if kind == "text_list":
            return self.text_list(node, field)
        if kind == "number":
            return self.number(node, field.name)
        return self.boolean(node, field.name)

    def text(self, node: Node, name: str) -> str | None:
        if node.kind != SCALAR:
            what = "a list" if node.kind == yamltree.SEQUENCE else "a mapping"
            self.report(
                node,
                f"'{name}' must be text, not {what}",
                "write it on one line after the colon, quoted if needed",
            )
            return None
        if node.tag == STR:
            if node.plain and _YAML12_NUMBER.match(node.text):
                self.report(
                    node,
                    f"'{node.text}' would be read as a number by other YAML tools",
                    f'quote it to keep it text: "{node.text}"',
                )
                return None
            # A block scalar's last line break (`|`) is not part of a choice or an answer.
            return node.text.rstrip("\n")
        if node.tag == INT and node.plain:
            return node.text  # Years and counts written as choices stay exactly as typed.
        reason = _NOT_TEXT.get(node.tag, "it is not text")
        shown = node.text or "(empty)"
        self.report(
            node,
            f"'{name}' should be text, but {reason}: {shown}",
            f'put it in quotes: "{node.text}"',
        )
        return None

    def text_list(self, node: Node, field: spec.Field) -> list[str] | None:
        if node.kind != yamltree.SEQUENCE:
            self.report(
                node,
                f"'{field.name}' must be a list",
                "write it as [first, second] or as lines starting with '- '",
            )
            return None
        texts = [self.text(item, field.name) for item in node.items]
        if any(t is None for t in texts):
            return None
        result = cast(list[str], texts)
        for text, item in zip(result, node.items, strict=True):
            if not text.strip():
                self.report(item, f"an empty entry in '{field.name}'", "remove it or fill it in")
                return None
        if len(result) < field.min_items:
            wanted = (
                "at least one entry"
                if field.min_items == 1
                else f"at least {field.min_items} entries"
            )
            self.report(
                node,
                f"'{field.name}' needs {wanted}, it has {len(result)}",
                f"add more {field.name}",
            )
            return None
        return result

    def number(self, node: Node, name: str) -> float | int | None:
        if (
            node.kind == SCALAR
            and node.plain
            and node.tag == STR
            and _YAML12_NUMBER.match(node.text)
        ):
            value = float(node.text)  # 1.5e3: PyYAML reads text, but people mean a number
            if not math.isfinite(value):
                self.report(
                    node,
                    f"'{name}' must be a finite number, and {node.text} is too large",
                    "write a number below 1e308",
                )
                return None
            return value
        if node.kind == SCALAR and node.tag in (INT, FLOAT):
            try:
                value = _construct_number(node)
            except ValueError:  # a tag such as !!int on text that is no number
                self.report(
                    node,
                    f"'{name}' must be a number, not '{node.text}'",
                    "write a plain number, e.g. 3000 or 12.5",
                )
                return None
            if isinstance(value, float) and not math.isfinite(value):
                self.report(node, f"'{name}' must be a finite number", "write a plain number")
                return None
            reading = _yaml11_reading(node.text) if node.plain else None
            if reading is not None:
                why, other = reading
                shown = f"{value:g}" if isinstance(value, float) else str(value)
                choices = f"{shown} or {other}" if other else shown
                self.report(
                    node,
                    f"'{name}' is {node.text}, which YAML 1.1 reads as {shown} ({why})",
                    f"write the number you mean as plain digits: {choices}",
                )
                return None
            return value
        text = node.text if node.kind == SCALAR else ""
        plain = _plain_number(text)
        if plain is not None and plain == text.strip() and node.tag == STR and not node.plain:
            hint = f"remove the quotes: {plain}"
        elif plain is not None:
            # The fix itself must be valid: "3,000" unquoted is still no number.
            hint = f"write it as a plain number, without quotes or separators: {plain}"
        else:
            hint = "write a number, e.g. 3000 or 12.5"
        self.report(
            node,
            f"'{name}' must be a number, not '{text}'" if text else f"'{name}' must be a number",
            hint,
        )
        return None

    def boolean(self, node: Node, name: str) -> bool | None:
        if node.kind == SCALAR and node.tag == BOOL:
            word = node.text.lower()
            if word in ("true", "yes", "on", "y"):
                return True
            if word in ("false", "no", "off", "n"):
                return False  # anything else came in through a !!bool tag
        text = node.text if node.kind == SCALAR else ""
        hint = "write true or false, without quotes"
        self.report(
            node,
            f"'{name}' must be true or false, not '{text}'"
            if text
            else f"'{name}' must be true or false",
            hint,
        )
        return None


_CONSTRUCTOR: Any = None
_SEXAGESIMAL = re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")
_OCTAL = re.compile(r"^[-+]?0[0-7_]+$")
_BINARY = re.compile(r"^[-+]?0b[01_]+$")


def _yaml11_reading(text: str) -> tuple[str, str] | None:
    """Why YAML 1.1 (PyYAML) reads a plain number as other than it looks, and the number a
    person may have meant instead ("" if none), or None.

    Other YAML readers (1.2) read these as text or as another number: 1:30 is 90 to PyYAML
    and text to them, 010 is 8 to PyYAML and 10 to them.
    """
    if _SEXAGESIMAL.match(text):
        return "base 60, as a time; YAML 1.2 readers see text", ""
    if _OCTAL.match(text):
        decimal = str(int(text.replace("_", "")))
        return f"octal; YAML 1.2 readers see {decimal}", decimal
    if _BINARY.match(text):
        return "binary; YAML 1.2 readers see text", ""
    return None


def _plain_number(text: str) -> str | None:
    """The number in a text written as people write it (3,000, "12.5", 1e3), as plain digits
    that YAML reads as that same number; None when the text holds none."""
    from spacequiz.core.answers import parse_number

    value = parse_number(text) if text.strip() else None
    if value is None or not value.is_finite():
        return None
    digits = format(value, "f")
    return digits if _YAML12_NUMBER.match(digits) and not _OCTAL.match(digits) else None


def _construct_number(node: Node) -> float | int:
    """Read a number exactly as PyYAML would (underscores, hex, octal, .inf)."""
    global _CONSTRUCTOR
    import yaml

    if _CONSTRUCTOR is None:
        _CONSTRUCTOR = yaml.constructor.SafeConstructor()
    scalar = yaml.ScalarNode(node.tag, node.text)
    if node.tag == INT:
        return cast(int, _CONSTRUCTOR.construct_yaml_int(scalar))
    return cast(float, _CONSTRUCTOR.construct_yaml_float(scalar))
