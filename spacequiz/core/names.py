"""When two names are the same name: one rule for players, teams and live players.

A name arrives from a keyboard, a pipe or a phone, so it may carry escape sequences, invisible
characters or full-width letters. Two names are the same when they read the same: escape
sequences removed whole, then control and invisible characters (but not the joiner inside an
emoji sequence such as 👩‍🚀), then Unicode NFKC and case folding.
"""

from __future__ import annotations

import unicodedata

from spacequiz.core.text import strip_escapes

MAX_NAME_LENGTH = 24

_ZWJ = "\u200d"


def _visible(char: str, before: str, after: str) -> bool:
    """Keep a character unless it is a control or format character; a ZWJ between two
    visible characters (an emoji sequence) stays."""
    if char == _ZWJ:
        return bool(before) and bool(after) and not before.isspace() and not after.isspace()
    return unicodedata.category(char) not in {"Cc", "Cf", "Co", "Cs", "Zl", "Zp"}


def clean_name(text: str) -> str:
    """A name as it is kept and shown: no escapes or invisible characters, spaces tidied."""
    text = strip_escapes(text)
    kept = "".join(
        c
        for i, c in enumerate(text)
        if _visible(c, text[i - 1] if i else "", text[i + 1] if i + 1 < len(text) else "")
    )
    return " ".join(kept.split())


def name_key(text: str) -> str:
    """The key under which two names are the same name."""
    return unicodedata.normalize("NFKC", clean_name(text)).casefold()
