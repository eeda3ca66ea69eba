"""Typed access to what a pexpect child printed and matched, for the terminal tests."""

from __future__ import annotations

import io
import re
from typing import Any

from pexpect.spawnbase import SpawnBase


def transcript(child: SpawnBase[str]) -> str:
    """Everything the child printed, kept by the `io.StringIO` set as its `logfile_read`."""
    log = child.logfile_read
    assert isinstance(log, io.StringIO), "set child.logfile_read = io.StringIO() first"
    return log.getvalue()


def matched(child: SpawnBase[Any]) -> re.Match[str]:
    """The match of the child's last `expect` on a regular expression."""
    match = child.match
    assert isinstance(match, re.Match), f"the last expect matched {match!r}, not a pattern"
    return match
