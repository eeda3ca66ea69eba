"""The single door through which bank text and typed text reach the terminal.

Rich parses markup in plain strings and passes most escape sequences straight through, so a
bank could restyle the screen, retitle the window, write the clipboard (OSC 52) or make
hidden links. Every screen turns outside text into `Text` via `literal`, which strips those
sequences and control characters and never interprets markup or emoji codes.
"""

from __future__ import annotations

import re

from rich.text import Text

# ESC (or its one-byte C1 twin) introducing: a control string (OSC, DCS, SOS, PM, APC) running
# to its terminator or to the end of the line; a CSI sequence; or any other escape pair.
_SEQUENCES = re.compile(
    r"""
    (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])   # string introducers
        [^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?
    | (?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?        # CSI ... final byte
    | \x1b[ -/]*[0-~]?                         # two- and three-byte escapes, ESC c, lone ESC
    """,
    re.VERBOSE,
)
# What is left and still unsafe: C0 controls but newline and tab, DEL, the C1 range, and
# the bidi embeddings and overrides (U+202A-U+202E) that can show text reversed.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]")


def clean(text: str) -> str:
    """Text with escape sequences and control characters removed; tabs become spaces."""
    if text.isprintable():
        return text
    text = text.replace("\r\n", "\n")
    return _CONTROLS.sub("", _SEQUENCES.sub("", text)).replace("\t", "    ")


def literal(text: str, style: str = "") -> Text:
    """Outside text as a Rich `Text`: shown exactly as written, never as markup."""
    return Text(clean(text), style=style)
