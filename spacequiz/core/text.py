"""Untrusted text made harmless: escape sequences, control and bidi characters removed.

Bank, typed and network text may carry sequences that restyle a terminal, retitle its
window, write the clipboard (OSC 52), make hidden links or show text reversed. `clean` takes
them out; ui/safe wraps the result for the screen, and the CSV writer uses it for files.
"""

from __future__ import annotations

import re

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


def strip_controls(text: str) -> str:
    """Text with escape sequences and control characters removed; tabs and newlines stay."""
    if text.isprintable():
        return text
    text = text.replace("\r\n", "\n")
    return _CONTROLS.sub("", _SEQUENCES.sub("", text))


def clean(text: str) -> str:
    """Text with escape sequences and control characters removed; tabs become spaces."""
    return strip_controls(text).replace("\t", "    ")
