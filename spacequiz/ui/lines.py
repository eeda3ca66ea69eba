"""Line input for the plain game: read a line, with an optional deadline, from any stream.

Python's own buffered stdin hides lines it has already read from `select`, so a deadline
would fire while answers are still waiting; we read raw chunks ourselves, through
ui/system.py, which also knows how to wait where `select` cannot (Windows).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import BinaryIO

from spacequiz.ui.system import ByteSource, discard_typeahead


class LineReader:
    def __init__(self, stream: BinaryIO, clock: Callable[[], float] = time.monotonic) -> None:
        self.stream = stream
        self.clock = clock
        self.source = ByteSource(stream)
        self.fd = self.source.fd
        self.buffer = b""
        self.eof = False
        self.started = False

    def readline(self, timeout: float | None = None) -> str | None:
        """The next line without its newline; None when the deadline passes.

        Raises EOFError at the end of input (a last line without a newline still counts).
        On a terminal, what was typed when the deadline passed is dropped with it: a
        half-typed answer, or an Enter pressed as the time ran out, does not carry into
        the next question.
        """
        deadline = None if timeout is None else self.clock() + timeout
        while b"\n" not in self.buffer and not self.eof:
            left = None if deadline is None else deadline - self.clock()
            chunk = None if left is not None and left <= 0 else self.source.read(left)
            if chunk is None:
                self.drop_typeahead()
                return None
            if not chunk:
                self.eof = True
            self.buffer += chunk
        if not self.buffer:
            raise EOFError
        line, _, self.buffer = self.buffer.partition(b"\n")
        if not self.started:  # a BOM some Windows tools put before piped text
            self.started = True
            line = line.removeprefix(b"\xef\xbb\xbf")
        return line.decode("utf-8", "replace").rstrip("\r")

    def drop_typeahead(self) -> None:
        """Forget keys typed ahead on a terminal; lines waiting in a pipe are answers, kept."""
        if self.source.is_terminal():
            self.buffer = b""
            discard_typeahead(self.fd)
