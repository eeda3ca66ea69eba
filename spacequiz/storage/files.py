"""The one writer of user files: whole files replaced atomically, and the data folder.

A reader (or a crash) never sees half a file: the text goes to a temporary file in the same
folder, is flushed to disk, and then takes the target's name in one `os.replace`. Bank files,
exports and classroom reports all come through here; formats only build the text.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from spacequiz.core.errors import AuthoringError, ReportError

HOME_VARIABLE = "SPACEQUIZ_HOME"


def data_home() -> Path:
    """The data folder: $SPACEQUIZ_HOME, else the platform's user-data folder."""
    override = os.environ.get(HOME_VARIABLE)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return platformdirs.user_data_path("spacequiz", appauthor=False)


def write_atomic(path: Path, text: str, *, mode: int | None = None) -> None:
    """Write `text` as UTF-8 (line ends as given) to `path`, atomically; raises OSError.

    Args:
        mode: the new file's permissions. None: an existing file keeps its own, and a new
            one gets what the umask allows, as if it had been opened for writing (the
            temporary file itself is private, 0600).
    """
    target = path.resolve() if path.is_symlink() else path
    if mode is None:
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask()
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with open(fd, "wb") as file:
            file.write(text.encode("utf-8"))
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temp, mode)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    _sync_folder(target.parent)


def save_text(path: Path, text: str) -> None:
    """Write a bank or an export, worded as an AuthoringError when it cannot be done."""
    folder = (path.resolve() if path.is_symlink() else path).parent
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        raise AuthoringError(f"the folder {folder} {what}")
    try:
        write_atomic(path, text)
    except OSError as error:
        raise AuthoringError(f"cannot write in {folder}: {error.strerror or error}") from None


def save_report(path: Path, text: str) -> None:
    """Write a classroom report (readable by all, 0644), worded as a ReportError."""
    try:
        write_atomic(path, text, mode=0o644)
    except OSError as error:
        raise ReportError(f"cannot write a report to {path}: {error.strerror or error}") from None


def _umask() -> int:
    """The process's umask (reading it means setting it, so it is set straight back)."""
    current = os.umask(0o022)
    os.umask(current)
    return current


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable where the platform allows it (not on Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
