"""Question ids: short ASCII slugs of a prompt, unique within a bank."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

MAX_ID_LENGTH = 48
"""Ids proposed from a prompt stay short enough to read and to type."""

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_STOP_WORDS = frozenset(
    "a an the of in on at to for and or is are was were be by with what which who whom "
    "whose when where why how did does do true false".split()
)
# Cyrillic has no ASCII decomposition, so ids from Russian prompts are transliterated.
_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяі",
        "a b v g d e e zh z i i k l m n o p r s t u f kh ts ch sh shch _ y _ e iu ia i".split(),
        strict=True,
    )
) | {"ъ": "", "ь": ""}


def slugify(text: str) -> str:
    """A short ASCII slug of a text's meaningful words, e.g. 'launch-site'."""
    text = "".join(_CYRILLIC.get(c, c) for c in text.lower())
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = [w for w in _NOT_SLUG.split(ascii_text.lower()) if w]
    meaningful = [w for w in words if w not in _STOP_WORDS] or words
    slug = ""
    for word in meaningful:
        longer = f"{slug}-{word}" if slug else word
        if len(longer) > MAX_ID_LENGTH:
            break
        slug = longer
    return slug or (meaningful[0][:MAX_ID_LENGTH] if meaningful else "")


class Ids:
    """Hands out unique ids: from a title or prompt, with -2, -3... when one is taken."""

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self.taken = {t.casefold() for t in taken}

    def propose(self, *sources: str) -> str:
        base = next((s for s in map(slugify, sources) if s), "") or "question"
        candidate, number = base, 2
        while candidate.casefold() in self.taken:
            candidate = f"{base}-{number}"
            number += 1
        self.taken.add(candidate.casefold())
        return candidate
