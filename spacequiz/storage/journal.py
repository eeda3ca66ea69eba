"""An append-only journal of JSON lines: what a live game needs to survive its host's crash.

Each event is one `os.write` on a file opened with O_APPEND, done before the player hears
that the answer counted: once written, a SIGKILL of the host cannot take it back (the
kernel holds the bytes), and a torn last line from a power cut is skipped when read.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from spacequiz.core.errors import StorageError

LIVE_JOURNAL = "live-game.jsonl"


class Journal:
    """Appends events; the file is private to the user (it holds players' tokens)."""

    def __init__(self, path: Path, *, fresh: bool) -> None:
        self.path = path
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_BINARY", 0)
        if fresh:
            flags |= os.O_TRUNC
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.fd: int | None = os.open(path, flags, 0o600)
        except OSError as error:
            raise StorageError(
                f"cannot write the game's journal {path}: {error.strerror}"
            ) from None

    def append(self, event: dict[str, Any]) -> None:
        if self.fd is None:
            return
        line = json.dumps(event, ensure_ascii=False, separators=(",", ":")) + "\n"
        try:
            os.write(self.fd, line.encode("utf-8"))
        except OSError as error:
            self.close()
            raise StorageError(f"cannot write the game's journal: {error.strerror}") from None

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def read_journal(path: Path) -> list[dict[str, Any]]:
    """Every whole event in the journal, in order; a torn or foreign line ends the reading."""
    try:
        if path.exists() and not path.is_file():  # a FIFO would block the read for ever
            raise StorageError(f"the game's journal {path} is not a regular file")
        data = path.read_bytes()
    except FileNotFoundError:
        return []
    except OSError as error:
        raise StorageError(f"cannot read the game's journal {path}: {error.strerror}") from None
    events: list[dict[str, Any]] = []
    for raw in data.split(b"\n"):
        if not raw.strip():
            continue
        try:
            event = json.loads(raw)
        except (ValueError, RecursionError):
            break  # a line cut short by a crash: what came before it is whole
        if not isinstance(event, dict) or not isinstance(event.get("e"), str):
            break
        events.append(event)
    return events
