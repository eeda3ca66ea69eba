"""Safe YAML: text -> a tree of located nodes, or located problems.

PyYAML's own `compose` recurses (pure Python raises RecursionError a few hundred levels
deep; the C extension crashes the interpreter far deeper), expands nothing but walks aliases
freely, and keeps the last of two duplicate keys without a word. So we build the tree
ourselves from the parser's event stream, which both backends produce iteratively, and
enforce the limits as we go. Nothing here constructs an object from a tag: values stay
text until the bank validator decides what each field should be.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import yaml

try:  # The C parser is several times faster; pure Python gives the same events.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_DEPTH = 64
"""Deepest nesting accepted; a bank needs four levels."""

MAX_ALIAS_EXPANSION = 100_000
"""How many values aliases may add beyond those written out (stops 'billion laughs')."""

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"
TIMESTAMP = "tag:yaml.org,2002:timestamp"
SEQ = "tag:yaml.org,2002:seq"
MAP = "tag:yaml.org,2002:map"
_ALLOWED_TAGS = {STR, INT, FLOAT, BOOL, NULL, SEQ, MAP}

_IMPLICIT = _Loader.yaml_implicit_resolvers
_WILDCARD = _IMPLICIT.get(None, [])

SCALAR, SEQUENCE, MAPPING = 0, 1, 2


class Node:
    """A YAML value with its 1-based position.

    A scalar keeps its source text in `value` and its resolved tag in `tag`; a sequence
    holds a list of nodes; a mapping a list of (key, value) node pairs in file order.
    """

    __slots__ = ("kind", "value", "tag", "plain", "line", "column", "size", "closed")

    def __init__(self, kind: int, value: object, tag: str, plain: bool, line: int, column: int):
        self.kind = kind
        self.value = value
        self.tag = tag
        self.plain = plain
        self.line = line
        self.column = column
        self.size = 1
        self.closed = kind == SCALAR

    @property
    def items(self) -> list[Node]:
        assert self.kind == SEQUENCE
        return self.value  # type: ignore[return-value]

    @property
    def pairs(self) -> list[tuple[Node, Node]]:
        assert self.kind == MAPPING
        return self.value  # type: ignore[return-value]

    @property
    def text(self) -> str:
        assert self.kind == SCALAR
        return self.value  # type: ignore[return-value]


@dataclass(frozen=True)
class TreeProblem:
    """A problem found while parsing, before the bank format is even considered."""

    line: int
    column: int
    message: str
    hint: str = ""
    code: str = "yaml-syntax"
    """One of core.problem_codes.PROBLEM_CODES."""
    path: tuple[str | int, ...] = ()
    """Where in the document the value it is about stands, when known: ('questions', 2)."""


class TreeError(Exception):
    def __init__(self, problem: TreeProblem) -> None:
        self.problem = problem
        super().__init__(problem.message)


def plain_tag(value: str) -> str:
    """The tag YAML 1.1 (PyYAML's reading) gives an unquoted scalar."""
    resolvers = _IMPLICIT.get(value[0] if value else "", [])
    for tag, regexp in (*resolvers, *_WILDCARD):
        if regexp.match(value):
            return str(tag)
    return STR


def tab_problems(text: str) -> list[TreeProblem]:
    """Tabs used as indentation, which the two PyYAML backends report differently."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.lstrip(" \t")
        indent = line[: len(line) - len(stripped)]
        if "\t" in indent and stripped and not stripped.startswith("#"):
            found.append(
                TreeProblem(
                    number,
                    indent.index("\t") + 1,
                    "tab character in the indentation",
                    "YAML indents with spaces only: replace the tab with spaces",
                    "tab-indent",
                )
            )
    return found


Progress = Callable[[int, int], None]
"""Called now and then with (characters parsed, total characters)."""


def parse(text: str, progress: Progress | None = None) -> tuple[Node | None, list[TreeProblem]]:
    """Parse one YAML document into nodes (None when empty) and the problems that did not
    stop it: duplicate keys, and tags that would build objects (the value is read as if
    the tag were not there, so the rest of the file is still checked).

    Raises TreeError for anything that stops parsing: syntax, aliases that loop or explode,
    nesting past MAX_DEPTH, a second document.
    """
    builder = _Builder(text, progress)
    return builder.build(), builder.problems


class _Builder:
    def __init__(self, text: str, progress: Progress | None) -> None:
        self.text = text
        self.progress = progress
        self.anchors: dict[str, Node] = {}
        self.problems: list[TreeProblem] = []
        self.stack: list[tuple[Node, set[str] | None, Node | None]] = []
        self.paths: dict[int, tuple[str | int, ...]] = {}
        """Each open collection's path, by id()."""

    def here(self) -> tuple[str | int, ...]:
        """The path of the value the parser is at: the next item of the open list, or the
        value of the open mapping's pending key (the mapping itself while a key is read)."""
        if not self.stack:
            return ()
        node, _, pending = self.stack[-1]
        path = self.paths.get(id(node), ())
        if node.kind == SEQUENCE:
            return (*path, len(node.items))
        if pending is not None and pending.kind == SCALAR:
            return (*path, pending.text)
        return path

    def build(self) -> Node | None:
        stack = self.stack
        root: Node | None = None
        documents = 0
        written = 0
        events = 0
        try:
            for event in yaml.parse(self.text, Loader=_Loader):
                events += 1
                if self.progress is not None and not events & 0x3FFF and event.start_mark:
                    self.progress(event.start_mark.index, len(self.text))
                if isinstance(event, yaml.ScalarEvent):
                    written += 1
                    root = self._attach(stack, self._scalar(event), root)
                elif isinstance(event, yaml.AliasEvent):
                    root = self._attach(stack, self._alias(event), root)
                elif isinstance(event, yaml.CollectionStartEvent):
                    if len(stack) >= MAX_DEPTH:
                        raise TreeError(
                            _at(
                                event,
                                f"values are nested more than {MAX_DEPTH} levels deep",
                                "a bank needs only a few levels: flatten the structure",
                                "too-deep",
                            )
                        )
                    self.paths[id(node := self._collection(event))] = self.here()
                    written += 1
                    root = self._attach(stack, node, root)
                    keys: set[str] | None = set() if node.kind == MAPPING else None
                    stack.append((node, keys, None))
                elif isinstance(event, yaml.CollectionEndEvent):
                    node, _, pending = stack.pop()
                    if pending is not None:  # pragma: no cover - the parser pairs keys
                        raise TreeError(_at(event, "a key has no value"))
                    node.closed = True
                    if stack:
                        parent = stack[-1][0]
                        parent.size += node.size
                    if node.size - written > MAX_ALIAS_EXPANSION:
                        raise TreeError(_alias_bomb(node))
                elif isinstance(event, yaml.DocumentStartEvent):
                    documents += 1
                    if documents > 1:
                        raise TreeError(
                            _at(
                                event,
                                "a bank file holds one YAML document, this is a second one",
                                "remove the '---' line and everything after it, "
                                "or move it to a file of its own",
                                "second-document",
                            )
                        )
        except yaml.MarkedYAMLError as error:
            raise TreeError(_syntax_problem(error)) from None
        except yaml.YAMLError as error:  # pragma: no cover - unmarked errors are rare
            raise TreeError(TreeProblem(1, 1, f"YAML error: {error}")) from None
        if root is not None and root.size - written > MAX_ALIAS_EXPANSION:
            raise TreeError(_alias_bomb(root))
        return root

    def _attach(
        self,
        stack: list[tuple[Node, set[str] | None, Node | None]],
        node: Node,
        root: Node | None,
    ) -> Node | None:
        if not stack:
            return node
        parent, keys, pending = stack[-1]
        if parent.kind == SEQUENCE:
            parent.items.append(node)
            if node.closed:
                parent.size += node.size
        elif pending is None:
            if keys is not None and node.kind == SCALAR:
                if node.value in keys:
                    self.problems.append(
                        TreeProblem(
                            node.line,
                            node.column,
                            f"duplicate key '{node.value}' in the same mapping",
                            "YAML would silently keep only the last one: "
                            "delete or rename one of them",
                            "duplicate-key",
                            (*self.paths.get(id(parent), ()), node.text),
                        )
                    )
                keys.add(node.text)
            stack[-1] = (parent, keys, node)
        else:
            parent.pairs.append((pending, node))
            if node.closed:
                parent.size += node.size
            stack[-1] = (parent, keys, None)
        return root

    def _scalar(self, event: yaml.ScalarEvent) -> Node:
        tag = event.tag
        plain = not event.style and tag is None
        if tag is None or tag == "!":
            resolved = plain_tag(event.value) if plain else STR
        else:
            resolved = self._check_tag(event, tag, STR)
        node = Node(SCALAR, event.value, resolved, plain, *_position(event))
        self._anchor(event, node)
        return node

    def _collection(self, event: yaml.CollectionStartEvent) -> Node:
        is_map = type(event) is yaml.MappingStartEvent
        default = MAP if is_map else SEQ
        tag = event.tag
        resolved = default if tag is None or tag == "!" else self._check_tag(event, tag, default)
        if resolved != default:
            self.problems.append(
                _at(
                    event,
                    f"the tag {tag} cannot be used on a collection",
                    code="yaml-tag",
                    path=self.here(),
                )
            )
            resolved = default
        node = Node(MAPPING if is_map else SEQUENCE, [], resolved, False, *_position(event))
        self._anchor(event, node)
        return node

    def _check_tag(self, event: yaml.NodeEvent, tag: str, default: str) -> str:
        """An allowed tag as it is; any other is reported and read as `default`."""
        if tag in _ALLOWED_TAGS:
            return tag
        self.problems.append(
            _at(
                event,
                f"the YAML tag {_short_tag(tag)} is not allowed in a bank",
                "banks hold plain text, numbers, lists and mappings: remove the tag",
                "yaml-tag",
                self.here(),
            )
        )
        return default

    def _anchor(self, event: yaml.NodeEvent, node: Node) -> None:
        if event.anchor is not None:
            self.anchors[event.anchor] = node

    def _alias(self, event: yaml.AliasEvent) -> Node:
        target = self.anchors.get(event.anchor or "")
        if target is None:
            raise TreeError(
                _at(
                    event,
                    f"the alias *{event.anchor} refers to no anchor defined above it",
                    f"define '&{event.anchor}' before using '*{event.anchor}'",
                    "bad-alias",
                    self.here(),
                )
            )
        if not target.closed:
            raise TreeError(
                _at(
                    event,
                    f"the alias *{event.anchor} refers to the collection that contains it",
                    "a value cannot contain itself: remove the alias",
                    "bad-alias",
                    self.here(),
                )
            )
        return target


def _position(event: yaml.Event) -> tuple[int, int]:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


def _at(
    event: yaml.Event,
    message: str,
    hint: str = "",
    code: str = "yaml-syntax",
    path: tuple[str | int, ...] = (),
) -> TreeProblem:
    line, column = _position(event)
    return TreeProblem(line, column, message, hint, code, path)


def _short_tag(tag: str) -> str:
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix) :] if tag.startswith(prefix) else tag


def _alias_bomb(node: Node) -> TreeProblem:
    return TreeProblem(
        node.line,
        node.column,
        f"aliases here expand to more than {MAX_ALIAS_EXPANSION:,} values",
        "write the values out, or use fewer nested aliases",
        "alias-bomb",
    )


def _syntax_problem(error: yaml.MarkedYAMLError) -> TreeProblem:
    problem = error.problem or "invalid YAML"
    mark = error.problem_mark
    context = error.context or ""
    if error.context_mark is not None and context:
        started = f"line {error.context_mark.line + 1}, column {error.context_mark.column + 1}"
        # An unclosed quote or bracket is found only at the end: point where it began.
        if "end of stream" in problem or mark is None:
            mark = error.context_mark
        problem = f"{problem} ({context} that starts at {started})"
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    hint = "check the indentation and punctuation on this line and the one above"
    if "mapping values are not allowed" in problem:
        hint = "a value containing ': ' must be quoted, e.g. prompt: \"Vyzov: the film\""
    elif "quoted scalar" in problem:
        hint = "close the quote, or escape a quote inside the text"
    elif "could not find expected ':'" in problem:
        hint = "each key needs a colon and a space after it, e.g. prompt: ..."
    elif "special characters are not allowed" in problem or "unacceptable character" in problem:
        hint = "remove the control character, or write it as an escape in double quotes"
    return TreeProblem(line, column, f"YAML syntax error: {problem}", hint)
