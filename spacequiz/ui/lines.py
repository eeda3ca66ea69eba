"""Line input for the plain game: read a line, with an optional deadline, from any stream.

Python's own buffered stdin hides lines it has already read from `select`, so a deadline
would fire while answers are still waiting; we read the file descriptor ourselves.
"""

from __future__ import annotations

import os
import select
import time
from typing import BinaryIO


class LineReader:
    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        try:
            self.fd: int | None = stream.fileno()
        except (AttributeError, OSError, ValueError):
            self.fd = None
        self.buffer = b""
        self.eof = False
        self.started = False

    def readline(self, timeout: float | None = None) -> str | None:
        """The next line without its newline; None when the deadline passes.

        Raises EOFError at the end of input (a last line without a newline still counts).
        """
        deadline = None if timeout is None else time.monotonic() + timeout
        while b"\n" not in self.buffer and not self.eof:
            if self.fd is None:
                chunk = self.stream.readline()
            else:
                if deadline is not None:
                    left = deadline - time.monotonic()
                    if left <= 0 or not select.select([self.fd], [], [], left)[0]:
                        return None
                chunk = os.read(self.fd, 65536)
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
