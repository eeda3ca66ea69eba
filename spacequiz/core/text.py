"""Untrusted text made harmless: escape sequences, control and bidi characters removed.

Bank, typed and network text may carry sequences that restyle a terminal, retitle its
window, write the clipboard (OSC 52), make hidden links or show text reversed. `clean` takes
them out; ui/safe wraps the result for the screen, and the CSV writer uses it for files.
`ESCAPES` is the one pattern for escape sequences: core/names removes them the same way.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from typing import Any

# ESC (or its one-byte C1 twin) introducing: a control string (OSC, DCS, SOS, PM, APC) running
# to its terminator or to the end of the line; a CSI sequence; or any other escape pair.
ESCAPES = re.compile(
    r"""
    (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])   # string introducers
        [^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?
    | (?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?        # CSI ... final byte
    | \x1b[ -/]*[0-~]?                         # two- and three-byte escapes, ESC c, lone ESC
    """,
    re.VERBOSE,
)
# What is left and still unsafe: C0 controls but newline and tab, DEL, the C1 range, and the
# bidi controls that can show text in another order than it is read ("Trojan Source"): the
# embeddings and overrides U+202A-U+202E, the isolates U+2066-U+2069 and the marks
# (U+061C, U+200E, U+200F).
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_CONTROLS_BUT_CR = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
# Lone surrogates come from undecodable command-line bytes; no encoder accepts them.
_SURROGATES = re.compile("[\ud800-\udfff]")
# Characters that join emoji into one picture (ZWJ, the emoji presentation selector, skin
# tones). Terminals disagree on how wide the joined picture is (two cells, or the sum of its
# parts), so a panel's border would stand crooked in some of them; without the joiners every
# terminal and Rich agree.
_JOINERS = re.compile("[\u200d\ufe0f\U0001f3fb-\U0001f3ff]")


# Characters a data file (JSON, YAML) holds only as \u escapes: json.dumps leaves them raw,
# and a terminal showing the file would obey them (C1 controls, bidi controls), or no encoder
# could write them (lone surrogates), or a YAML reader refuses them.
_RAW_IN_DATA = re.compile(
    "[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    "\ufeff\ufffe\uffff\ud800-\udfff]"
)


def strip_escapes(text: str) -> str:
    """Text with whole escape sequences (CSI, OSC, DCS...) removed."""
    return ESCAPES.sub("", text)


def strip_controls(text: str, *, keep_cr: bool = False) -> str:
    """Text with escape sequences and control characters removed; tabs and newlines stay.

    Args:
        keep_cr: keep carriage returns too, as a CSV cell holds them (quoted, as data).
    """
    if text.isprintable():
        return text
    if keep_cr:
        return _SURROGATES.sub("\ufffd", _CONTROLS_BUT_CR.sub("", strip_escapes(text)))
    text = text.replace("\r\n", "\n")
    return _SURROGATES.sub("\ufffd", _CONTROLS.sub("", strip_escapes(text)))


def first_unsafe(text: str, allowed: str = "\n\t") -> str | None:
    """The first character a data file may not hold raw, as 'U+001B', or None.

    For formats with no escape for it (GIFT, Aiken, CSV): the exporter says so and leaves
    the question out rather than write it raw or drop it quietly.
    """
    if text.isprintable():
        return None
    for char in text:
        if char not in allowed and (_CONTROLS.match(char) or _SURROGATES.match(char)):
            return f"U+{ord(char):04X}"
    return None


def clean(text: str) -> str:
    """Text for a terminal: no escapes, controls or emoji joiners; tabs become spaces."""
    return _JOINERS.sub("", strip_controls(text)).replace("\t", "    ")


def escape_unsafe(quoted: str) -> str:
    """JSON text (or a YAML double-quoted scalar) with every unsafe character as \\uXXXX.

    Only ever applied to text json.dumps wrote: the characters can stand only inside its
    strings, where a \\u escape means the same character.
    """
    return _RAW_IN_DATA.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def json_text(data: Any, *, indent: int | None = 2) -> str:
    """Data as JSON that keeps every character (escape sequences as \\u001b) and is safe to
    show on a terminal: readable letters of any script, no raw control character."""
    return escape_unsafe(json.dumps(data, indent=indent, ensure_ascii=False))


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th ... 11th, 12th, 13th ... 21st."""
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


MAX_JSON_DEPTH = 64
"""Nesting reported when JSON is too deep for Python's parser (a bank needs four levels)."""


def parse_json(text: str, **options: Any) -> Any:
    """json.loads (given `options`), with nesting too deep for Python's parser (it raises
    RecursionError) reported as a JSONDecodeError at the place it goes past MAX_JSON_DEPTH
    levels. A whole number too long for Python to read from text (past 4300 digits) is
    read as infinity, which every reader of a number refuses as not finite."""
    options.setdefault("parse_int", _whole_number)
    try:
        return json.loads(text, **options)
    except RecursionError:
        raise json.JSONDecodeError(
            f"values are nested more than {MAX_JSON_DEPTH} levels deep",
            text,
            _too_deep_at(text),
        ) from None


def _whole_number(digits: str) -> int | float:
    try:
        return int(digits)
    except ValueError:
        return -math.inf if digits.startswith("-") else math.inf


def _too_deep_at(text: str) -> int:
    """Where the nesting of `text` first goes past MAX_JSON_DEPTH (strings skipped)."""
    for index, _bracket, depth in json_brackets(text):
        if depth > MAX_JSON_DEPTH:
            return index
    return 0


def json_brackets(text: str) -> Iterator[tuple[int, str, int]]:
    """Each bracket of JSON text outside its strings, as (index, bracket, depth).

    An opening bracket and its closing one share a depth, 1 at the top. Python's json keeps
    no positions, so this is how a place found in the data is found again in the text.
    """
    depth, in_string, escaped = 0, False, False
    for index, char in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            yield index, char, depth
        elif char in "]}":
            yield index, char, depth
            depth -= 1
