"""Bank files -> a checked Bank, or a BankError listing every problem with its place.

One door for every command: `load_banks` reads the files, parses them safely, checks every
question against the format in `spec`, and either returns questions or raises one
BankError whose problems are already worded for the person editing the file.
"""

from __future__ import annotations

import dataclasses
import math
import os
import re
import stat
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, cast

from spacequiz.bank import rules, spec, yamltree
from spacequiz.bank.rules import FieldPath
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
from spacequiz.core.model import Bank, Problem, Question, QuestionType

SHIPPED_NAME = "questions.yaml"
BANK_SUFFIXES = (".yaml", ".yml")

# What YAML 1.2 tools (editors, other parsers) read as a number although PyYAML says text.
_SEPARATED_NUMBER = re.compile(r"^[-+]?[0-9]{1,3}([, \u00a0\u202f][0-9]{3})+(\.[0-9]+)?$")
_SEPARATORS = re.compile("[, \u00a0\u202f]")


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
                Problem(
                    str(path),
                    1,
                    1,
                    f"cannot read the folder: {error.strerror or error}",
                    code="unreadable",
                )
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
                    code="empty-folder",
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
                        code="duplicate-id",
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
                        code="not-a-file",
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
                    code="no-such-file",
                )
            ]
        )
    except IsADirectoryError:  # a folder named bank.yaml inside a folder of banks
        raise BankError(
            [Problem(name, 1, 1, "this is a folder, not a bank file", code="not-a-file")]
        ) from None
    except OSError as error:
        raise BankError(
            [Problem(name, 1, 1, f"cannot read the file: {error.strerror}", code="unreadable")]
        ) from None
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
                    code="too-large",
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
                    code="not-utf8",
                )
            ]
        )


def parse_bank(text: str, path: str = "<bank>", progress: Progress | None = None) -> LoadedFile:
    """Check a bank's text; raise BankError with every problem found."""
    checker = _Reader(path)
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
    refused = {(p.line, p.column) for p in found if p.code == "yaml-tag"}
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
    return Problem(
        path,
        problem.line,
        problem.column,
        problem.message,
        problem.hint,
        code=problem.code,
        field=rules.field_name(problem.path),
    )


_NOT_TEXT = {
    BOOL: "YAML reads it as a true/false value",
    FLOAT: "YAML reads it as a number",
    TIMESTAMP: "YAML reads it as a date",
}
_REFUSED = object()
"""A value the reader refused, having said why: the rules leave its key alone."""
_QUESTION_KINDS = {
    qtype: {f.name: f.kind for f in fields} for qtype, fields in spec.QUESTION_FIELDS.items()
}
_COMMON_KINDS = {f.name: f.kind for f in spec.COMMON}
_NODES = "nodes"
_BANK_KINDS: dict[str, str] = {"version": "number", "title": "text", "questions": _NODES}


class _Reader:
    """Reads one file's nodes into the plain values the rules check, says what only YAML
    can get wrong (quoting, tags, YAML 1.1 numbers), and places every problem in the file.

    Collects problems rather than stopping at the first.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.id_lines: dict[str, int] = {}
        self.id_columns: dict[str, int] = {}
        self.at: FieldPath = ()
        """The path of the value being read, for the problems said about it."""

    def report(self, node: Node, code: str, message: str, hint: str = "") -> None:
        field = rules.field_name(self.at)
        self.problems.append(
            Problem(self.path, node.line, node.column, message, hint, code=code, field=field)
        )

    def place(self, issues: Iterable[rules.Issue], node: Node | None, prefix: FieldPath) -> None:
        """The rules' issues at the place in the file of the value (or key) each is about."""
        for issue in issues:
            at = _find(node, issue.path, issue.on_key) if node is not None else None
            line, column = (at.line, at.column) if at is not None else (1, 1)
            self.problems.append(
                Problem(
                    self.path,
                    line,
                    column,
                    issue.message,
                    issue.hint,
                    code=issue.code,
                    field=rules.field_name((*prefix, *issue.path)),
                )
            )

    # The bank -------------------------------------------------------------------------

    def bank(self, root: Node | None) -> Bank | None:
        data: object = None
        skip: set[str] = set()
        if root is not None and root.kind == MAPPING:
            data, skip = self.mapping(root, _BANK_KINDS, ())
        elif root is not None and not (root.kind == SCALAR and root.tag == NULL):
            data = _shape(root)
        parts = rules.check_bank(data, skip)
        self.place(parts.issues, root, ())
        if data is None or not isinstance(data, dict):
            return None
        questions: list[Question] = []
        for index, item in enumerate(parts.questions):
            question = self.question(cast(Node, item), index)
            if question is not None:
                questions.append(question)
        return Bank(
            title=parts.title or Path(self.path).stem,
            questions=tuple(questions),
            sources=(self.path,),
        )

    def mapping(
        self, node: Node, kinds: Mapping[str, str], prefix: FieldPath
    ) -> tuple[dict[str, object], set[str]]:
        """A mapping's values by key, each read as its field wants it (the first of two
        equal keys wins: the parser said so), and the keys whose value was refused."""
        data: dict[str, object] = {}
        refused: set[str] = set()
        for key, value in node.pairs:
            name = key.text if key.kind == SCALAR else ""
            if name in data or name in refused:
                continue
            if value.kind == SCALAR and value.tag == NULL and value.plain:
                data[name] = None
                continue
            kind = kinds.get(name)
            self.at = (*prefix, name)
            read = _shape(value) if kind is None else self.read(value, name, kind)
            if read is _REFUSED:
                refused.add(name)
            else:
                data[name] = read
        return data, refused

    # Questions --------------------------------------------------------------------------

    def question(self, node: Node, index: int) -> Question | None:
        prefix: FieldPath = ("questions", index)
        if node.kind != MAPPING:
            _, issues = rules.check_question(_shape(node))
            self.place(issues, node, prefix)
            return None
        before = len(self.problems)
        type_node = next((v for k, v in node.pairs if k.kind == SCALAR and k.text == "type"), None)
        kinds = _COMMON_KINDS
        if type_node is not None and type_node.kind == SCALAR and type_node.tag == STR:
            kinds = _QUESTION_KINDS.get(cast(QuestionType, type_node.text), _COMMON_KINDS)
        data, refused = self.mapping(node, kinds, prefix)
        question, issues = rules.check_question(data, refused, f"question {index + 1}")
        self.place(issues, node, prefix)
        qid = data.get("id")
        if (
            isinstance(qid, str)
            and "id" not in refused
            and not any(i.path and i.path[0] == "id" for i in issues)
        ):
            id_node = next(v for k, v in node.pairs if k.kind == SCALAR and k.text == "id")
            if qid in self.id_lines:
                issue = rules.duplicate_id(qid, f"on line {self.id_lines[qid]}")
                self.place([issue], node, prefix)
            else:
                self.id_lines[qid] = id_node.line
                self.id_columns[qid] = id_node.column
        return question if len(self.problems) == before else None

    # Values -----------------------------------------------------------------------------

    def read(self, node: Node, name: str, kind: str) -> object:
        """A value as its field wants it, _REFUSED when YAML reads it as something else
        (said here), or its plain shape for the rules to judge."""
        if kind == _NODES:  # the bank's questions: each is read and checked on its own
            return list(node.items) if node.kind == yamltree.SEQUENCE else _shape(node)
        if node.kind != SCALAR:
            if kind == "text_list" and node.kind == yamltree.SEQUENCE:
                field = self.at
                texts = []
                for index, item in enumerate(node.items):
                    self.at = (*field, index)
                    texts.append(self.text(item, name))
                return _REFUSED if any(t is _REFUSED for t in texts) else texts
            return _shape(node)
        if kind == "number":
            return self.number(node, name)
        if kind == "bool":
            return self.boolean(node)
        return self.text(node, name)

    def text(self, node: Node, name: str) -> object:
        if node.kind != SCALAR:
            return _shape(node)
        if node.tag == STR:
            if node.plain and rules.YAML12_NUMBER.match(node.text):
                self.report(
                    node,
                    "ambiguous-number",
                    f"'{node.text}' would be read as a number by other YAML tools",
                    f'quote it to keep it text: "{node.text}"',
                )
                return _REFUSED
            # A block scalar's last line break (`|`) is not part of a choice or an answer.
            return node.text.rstrip("\n")
        if node.tag == INT and node.plain:
            return node.text  # Years and counts written as choices stay exactly as typed.
        if node.tag == NULL and node.plain:
            return None  # an empty entry of a list ('- ' alone, '~', null): the rules say so
        reason = _NOT_TEXT.get(node.tag, "it is not text")
        shown = node.text or "(empty)"
        self.report(
            node,
            "wrong-type",
            f"'{name}' should be text, but {reason}: {shown}",
            f'put it in quotes: "{node.text}"',
        )
        return _REFUSED

    def number(self, node: Node, name: str) -> object:
        if node.plain and node.tag == STR and rules.YAML12_NUMBER.match(node.text):
            value = float(node.text)  # 1.5e3: PyYAML reads text, but people mean a number
            if not math.isfinite(value):
                self.report(
                    node,
                    "not-finite",
                    f"'{name}' must be a finite number, and {node.text} is too large",
                    "write a number below 1e308",
                )
                return _REFUSED
            return value
        if node.tag in (INT, FLOAT):
            try:
                value = _construct_number(node)
            except ValueError:
                if node.tag == INT and _DIGITS.match(node.text):
                    # Python reads no whole number past 4300 digits from text.
                    value = math.inf
                else:  # a tag such as !!int on text that is no number
                    self.report(
                        node,
                        "wrong-type",
                        f"'{name}' must be a number, not '{rules.shown_number(node.text)}'",
                        "write a plain number, e.g. 3000 or 12.5",
                    )
                    return _REFUSED
            if not rules.is_finite_number(value):
                issue = rules.not_finite(name, self.at)
                self.report(node, issue.code, issue.message, issue.hint)
                return _REFUSED
            reading = _yaml11_reading(node.text) if node.plain else None
            if reading is not None:
                why, other = reading
                shown = f"{value:g}" if isinstance(value, float) else str(value)
                choices = f"{shown} or {other}" if other and other != shown else shown
                self.report(
                    node,
                    "yaml11-number",
                    f"'{name}' is {node.text}, which YAML 1.1 reads as {shown} ({why})",
                    f"write the number you mean as plain digits: {choices}",
                )
                return _REFUSED
            return value
        text = node.text
        plain = rules.plain_number(text)
        if plain is not None and plain == text.strip() and node.tag == STR and not node.plain:
            hint = f"remove the quotes: {plain}"
        elif plain is not None:
            # The fix itself must be valid: "3,000" unquoted is still no number.
            hint = f"write it as a plain number, without quotes or separators: {plain}"
        else:
            hint = "write a number, e.g. 3000 or 12.5"
        self.report(
            node,
            "wrong-type",
            f"'{name}' must be a number, not '{rules.shown_number(text)}'"
            if text
            else f"'{name}' must be a number",
            hint,
        )
        return _REFUSED

    def boolean(self, node: Node) -> object:
        if node.tag == BOOL:
            word = node.text.lower()
            if word in ("true", "yes", "on", "y"):
                return True
            if word in ("false", "no", "off", "n"):
                return False
        return node.text  # anything else (text, a !!bool tag on it): the rules say why


def _shape(node: Node) -> object:
    """A node as a plain value with the same shape, for the rules to judge: a scalar as its
    text, a list or a mapping as an (empty) list or dict."""
    if node.kind == SCALAR:
        return node.text
    return [] if node.kind == yamltree.SEQUENCE else {}


def _find(node: Node, path: FieldPath, on_key: bool) -> Node:
    """The node at `path` inside `node` (the key's node if `on_key`), or the deepest found."""
    for step, part in enumerate(path):
        if isinstance(part, str) and node.kind == MAPPING:
            pair = next(
                ((k, v) for k, v in node.pairs if (k.text if k.kind == SCALAR else "") == part),
                None,
            )
            if pair is None:
                return node
            node = pair[0] if on_key and step == len(path) - 1 else pair[1]
        elif isinstance(part, int) and node.kind == yamltree.SEQUENCE and part < len(node.items):
            node = node.items[part]
        else:
            return node
    return node


_CONSTRUCTOR: Any = None
_SEXAGESIMAL = re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")
_OCTAL = re.compile(r"^[-+]?0[0-7_]+$")
_BINARY = re.compile(r"^[-+]?0b[01_]+$")
_GROUPED = re.compile(r"^[-+]?[0-9][0-9_]*_[0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?$")
_DIGITS = re.compile(r"^[-+]?[0-9_]+$")


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
    if _GROUPED.match(text):
        return "digits grouped with '_'; YAML 1.2 readers see text", text.replace("_", "")
    return None


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
