"""Untrusted text made harmless: escape sequences, control and bidi characters removed.

Bank, typed and network text may carry sequences that restyle a terminal, retitle its
window, write the clipboard (OSC 52), make hidden links or show text reversed. `clean` takes
them out; ui/safe wraps the result for the screen, and the CSV writer uses it for files.
`ESCAPES` is the one pattern for escape sequences: core/names removes them the same way.
"""

from __future__ import annotations

import re

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
# Lone surrogates come from undecodable command-line bytes; no encoder accepts them.
_SURROGATES = re.compile("[\ud800-\udfff]")
# Characters that join emoji into one picture (ZWJ, the emoji presentation selector, skin
# tones). Terminals disagree on how wide the joined picture is (two cells, or the sum of its
# parts), so a panel's border would stand crooked in some of them; without the joiners every
# terminal and Rich agree.
_JOINERS = re.compile("[\u200d\ufe0f\U0001f3fb-\U0001f3ff]")


def strip_escapes(text: str) -> str:
    """Text with whole escape sequences (CSI, OSC, DCS...) removed."""
    return ESCAPES.sub("", text)


def strip_controls(text: str) -> str:
    """Text with escape sequences and control characters removed; tabs and newlines stay."""
    if text.isprintable():
        return text
    text = text.replace("\r\n", "\n")
    return _SURROGATES.sub("\ufffd", _CONTROLS.sub("", strip_escapes(text)))


def clean(text: str) -> str:
    """Text for a terminal: no escapes, controls or emoji joiners; tabs become spaces."""
    return _JOINERS.sub("", strip_controls(text)).replace("\t", "    ")
