"""The one writer of user files: whole files replaced atomically, and the data folder.

A reader (or a crash) never sees half a file: the text goes to a temporary file in the same
folder, is flushed to disk, and then takes the target's name in one `os.replace`. Bank files,
exports and classroom reports all come through here; formats only build the text.
"""

from __future__ import annotations

import errno
import os
import socket
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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


class Refused(OSError):
    """A file spacequiz will not replace; `strerror` says why in words for the person."""


def replaceable(path: Path) -> Path:
    """The file a write to `path` replaces (a symlink's target), or Refused.

    Only a regular file the user can write to is ever replaced: the rename would put a
    plain file where a device node (/dev/null), a FIFO or a folder stood, and would go
    around the read-only mode the user gave a file.
    """
    try:
        target = path.resolve() if path.is_symlink() else path
    except RuntimeError:  # pathlib's symlink loop, before Python 3.13
        raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), str(path)) from None
    try:
        info = target.stat()
    except FileNotFoundError:
        return target
    if stat.S_ISDIR(info.st_mode):
        raise Refused(errno.EISDIR, "it is a folder; name a file to write", str(path))
    if not stat.S_ISREG(info.st_mode):
        raise Refused(
            errno.EPERM,
            "it is not a regular file (a device, a FIFO or a socket), and spacequiz only ever "
            "replaces regular files",
            str(path),
        )
    if not info.st_mode & 0o222:
        raise Refused(
            errno.EACCES,
            "the file is read-only; make it writable first (chmod u+w) if it may be replaced",
            str(path),
        )
    return target


def same_file(first: Path, second: Path) -> bool:
    """Whether two paths name one existing file (through links, '..' or another spelling)."""
    try:
        return first.exists() and second.exists() and os.path.samefile(first, second)
    except (OSError, RuntimeError):
        return False


def write_atomic(path: Path, text: str, *, mode: int | None = None) -> None:
    """Write `text` as UTF-8 (line ends as given) to `path`, atomically; raises OSError
    (Refused for what must not be replaced: see `replaceable`).

    Args:
        mode: the new file's permissions. None: an existing file keeps its own, and a new
            one gets what the umask allows, as if it had been opened for writing (the
            temporary file itself is private, 0600).
    """
    target = replaceable(path)
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
    try:
        folder = replaceable(path).parent
        if not folder.is_dir():
            what = "is not a folder" if folder.exists() else "does not exist"
            raise AuthoringError(f"the folder {folder} {what}")
        write_atomic(path, text)
    except Refused as error:
        raise AuthoringError(f"will not write {path}: {error.strerror}") from None
    except OSError as error:
        raise AuthoringError(f"cannot write {path}: {error.strerror or error}") from None


LOCK_WAIT = 10.0
"""Seconds a writer waits for another to finish with the same file before giving up."""
STALE_LOCK = 60.0
"""A lock file older than this is left over from a crash: no write holds one this long."""
_SAY_WAITING_AFTER = 1.0


def lock_path(path: Path) -> Path:
    """The lock file beside a file (hidden, and not .yaml, so no folder of banks lists it)."""
    return path.with_name(f".{path.name}.lock")


@contextmanager
def locked(
    path: Path,
    on_wait: Callable[[str], None] | None = None,
    *,
    wait: float = LOCK_WAIT,
    clock: Callable[[], float] = time.monotonic,
    pause: Callable[[float], None] = time.sleep,
) -> Iterator[None]:
    """Hold the file's lock while its text is read, changed and replaced, so that two
    spacequiz processes writing one bank never lose each other's questions.

    The lock is a file made with O_CREAT|O_EXCL beside the target (portable, and works on
    network folders). One left by a process that crashed (its pid gone, on this machine,
    or older than STALE_LOCK) is taken over. `on_wait` is told once when the wait passes a
    second; after `wait` seconds an AuthoringError says who holds the lock.
    """
    target = replaceable(path)
    lock = lock_path(target)
    started = clock()
    told = False
    while True:
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            owner = _lock_owner(lock)
            if owner is None or _is_stale(lock, owner):
                _take_over(lock, owner)
                continue
            waited = clock() - started
            who = f"another spacequiz ({owner})" if owner else "another spacequiz"
            if waited >= wait:
                raise AuthoringError(
                    f"{path} is being changed by {who} and it did not "
                    f"finish within {wait:g} seconds; try again, or delete {lock} "
                    "if no spacequiz is running"
                ) from None
            if not told and waited >= _SAY_WAITING_AFTER and on_wait is not None:
                on_wait(f"Waiting for {who} to finish writing {path}...")
                told = True
            pause(0.05)
            continue
        except OSError as error:
            raise AuthoringError(
                f"cannot write {path}: cannot make its lock file {lock}: {error.strerror or error}"
            ) from None
        with open(fd, "w", encoding="utf-8") as file:
            file.write(f"{os.getpid()} {socket.gethostname()}\n")
        break
    try:
        yield
    finally:
        lock.unlink(missing_ok=True)


def _lock_owner(lock: Path) -> str | None:
    """'process 123 on host' as the lock file says, '' while it is being written, or None
    when it is gone."""
    try:
        words = lock.read_text(encoding="utf-8", errors="replace").split()
    except FileNotFoundError:
        return None
    except OSError:
        return ""
    if len(words) >= 2 and words[0].isdigit():
        return f"process {words[0]} on {words[1]}"
    return ""


def _is_stale(lock: Path, owner: str) -> bool:
    try:
        age = time.time() - lock.stat().st_mtime
    except FileNotFoundError:
        return True
    if age > STALE_LOCK:
        return True
    words = owner.split()
    if len(words) == 4 and words[3] == socket.gethostname() and os.name == "posix":
        # os.kill with signal 0 only asks whether the process exists (on Windows it would
        # end it, so there a lock goes stale by its age alone).
        try:
            os.kill(int(words[1]), 0)
        except ProcessLookupError:
            return True
        except OSError:
            return False
    return False


def _take_over(lock: Path, owner: str | None) -> None:
    """Remove a stale lock, unless another process took it over first."""
    if owner is None:
        return
    aside = lock.with_name(f"{lock.name}.{os.getpid()}.stale")
    try:
        os.replace(lock, aside)
    except FileNotFoundError:
        return
    if _lock_owner(aside) != owner:  # a fresh lock was moved: put it back
        try:
            os.link(aside, lock)
        except OSError:
            pass
    aside.unlink(missing_ok=True)


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
