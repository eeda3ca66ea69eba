"""Which reader and writer go with which format name and file extension."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import PurePath
from typing import Literal

from spacequiz.core.model import Question
from spacequiz.formats import aiken, csvfmt, gift, opentdb
from spacequiz.formats.common import Exported, Imported

FormatName = Literal["gift", "aiken", "opentdb", "csv"]
FORMAT_NAMES: tuple[FormatName, ...] = ("gift", "aiken", "opentdb", "csv")

READERS: dict[FormatName, Callable[[str], Imported]] = {
    "gift": gift.read,
    "aiken": aiken.read,
    "opentdb": opentdb.read,
    "csv": csvfmt.read,
}
WRITERS: dict[FormatName, Callable[[Iterable[Question], str], Exported]] = {
    "gift": gift.write,
    "aiken": aiken.write,
    "opentdb": opentdb.write,
    "csv": csvfmt.write,
}
EXTENSIONS: dict[str, FormatName] = {
    ".gift": "gift",
    ".aiken": "aiken",
    ".json": "opentdb",
    ".csv": "csv",
}
_AIKEN_ANSWER = re.compile(r"^\s*ANSWER:\s*[A-Z]\s*$", re.MULTILINE | re.IGNORECASE)


def guess(path: str, text: str | None = None) -> FormatName | None:
    """The format a file name says; a .txt file is read by its content (when given).

    Moodle users save both GIFT and Aiken as .txt: text with `ANSWER: X` lines and no
    braces is Aiken, text with braces is GIFT; anything else is left to `--format`.
    """
    suffix = PurePath(path).suffix.lower()
    if suffix in EXTENSIONS:
        return EXTENSIONS[suffix]
    if suffix == ".txt" and text is not None:
        if "{" in text:
            return "gift"
        if _AIKEN_ANSWER.search(text):
            return "aiken"
    return None
