"""What differs between Linux, macOS and Windows: waiting on input with a deadline, single
keys, the terminal's modes, signals and the open-file limit.

The only module that imports `termios`, `tty`, `fcntl`, `pty` or `resource`, or hands a file to
`select`. Each is tried, and each has a fallback that works without it: Windows has none of
them, and its `select` takes sockets only. On a console without `termios`, keys come through
prompt_toolkit's own input (raw mode for both kinds of console); anywhere else a reader thread
feeds a queue, so a deadline never waits on a blocking read.
"""

from __future__ import annotations

import importlib
import os
import queue
import signal
import sys
import threading
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType, ModuleType
from typing import Any, BinaryIO, Protocol

POSIX_ONLY = ("termios", "tty", "fcntl", "pty", "resource")
"""Modules that exist on Linux and macOS only; tests/test_system.py keeps them in here."""

CHUNK = 65536


def posix(name: str) -> ModuleType | None:
    """A POSIX-only module, or None where the platform has none."""
    assert name in POSIX_ONLY
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def _fileno(stream: Any) -> int | None:
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):
        return None
    return fd if isinstance(fd, int) else None


def _isatty(fd: int | None) -> bool:
    try:
        return fd is not None and os.isatty(fd)
    except OSError:
        return False


class ByteSource:
    """Chunks of bytes from a stream, each awaited with an optional deadline.

    `select` waits on the file descriptor where it can (Linux, macOS); where it refuses a file
    (Windows) a reader thread takes over for good and feeds a queue, so no byte is read twice
    or lost between the two.
    """

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.fd = _fileno(stream)
        self._chunks: queue.Queue[bytes | BaseException] | None = None

    def read(self, timeout: float | None) -> bytes | None:
        """The next chunk (b"" at the end of input), or None when the deadline passes first."""
        if self._chunks is None:
            if timeout is None:
                return self._read_now()
            ready = self._select(timeout)
            if ready is not None:
                return self._read_now() if ready else None
            self._start_thread()
        assert self._chunks is not None
        try:
            got = self._chunks.get(timeout=None if timeout is None else max(0.0, timeout))
        except queue.Empty:
            return None
        if isinstance(got, BaseException):
            raise got
        return got

    def _read_now(self) -> bytes:
        if self.fd is None:
            return self.stream.readline()
        return os.read(self.fd, CHUNK)

    def _select(self, timeout: float) -> bool | None:
        """Whether input is ready within the timeout; None when `select` cannot wait on it."""
        if self.fd is None:
            return None
        try:
            import select

            return bool(select.select([self.fd], [], [], max(0.0, timeout))[0])
        except (OSError, ValueError, TypeError, ImportError):
            return None

    def _start_thread(self) -> None:
        chunks: queue.Queue[bytes | BaseException] = queue.Queue()
        self._chunks = chunks

        def pump() -> None:
            while True:
                try:
                    chunk = self._read_now()
                except (OSError, ValueError) as error:
                    chunks.put(error)
                    return
                chunks.put(chunk)
                if not chunk:
                    return

        threading.Thread(target=pump, name="spacequiz-input", daemon=True).start()

    def is_terminal(self) -> bool:
        return _isatty(self.fd)


def discard_typeahead(fd: int | None) -> None:
    """Forget what was typed on a terminal and not read yet; a pipe keeps every line."""
    if not _isatty(fd):
        return
    assert fd is not None
    termios = posix("termios")
    if termios is not None:
        try:
            termios.tcflush(fd, termios.TCIFLUSH)
        except (OSError, termios.error):
            pass
        return
    try:
        import msvcrt  # the Windows console's own key queue

        while msvcrt.kbhit():  # type: ignore[attr-defined,unused-ignore]
            msvcrt.getwch()  # type: ignore[attr-defined,unused-ignore]
    except (ImportError, OSError):
        pass


class KeyReader(Protocol):
    def read(self, timeout: float) -> str | None:
        """Keys pressed within the timeout, as text ("\\r" Enter, "\\x1b" Escape, "\\x7f"
        Backspace); None when none came. Raises EOFError at the end of input and
        KeyboardInterrupt for Ctrl-C."""
        ...

    def release(self) -> None:
        """Give the terminal back its usual modes (before a suspend)."""
        ...

    def retake(self) -> None:
        """Single keys again (after the shell brings the program back)."""
        ...


class _ByteKeys:
    """Keys as the bytes a terminal in cbreak mode (or a pipe) sends."""

    def __init__(self, source: ByteSource, saved: list[Any] | None = None) -> None:
        self.source = source
        self.saved = saved  # the terminal's modes before cbreak, on a POSIX terminal

    def release(self) -> None:
        termios = posix("termios")
        if self.saved is not None and termios is not None and self.source.fd is not None:
            termios.tcsetattr(self.source.fd, termios.TCSADRAIN, self.saved)

    def retake(self) -> None:
        tty = posix("tty")
        if self.saved is not None and tty is not None and self.source.fd is not None:
            tty.setcbreak(self.source.fd)

    def read(self, timeout: float) -> str | None:
        data = self.source.read(timeout)
        if data is None:
            return None
        if not data:
            raise EOFError
        text = data.decode("utf-8", "replace")
        if text.startswith("\x1b[") or text.startswith("\x1bO"):
            return None  # arrows and function keys mean nothing here
        if "\x03" in text:  # a console in raw mode sends Ctrl-C as a key
            raise KeyboardInterrupt
        return text.replace("\r\n", "\r")


class ToolkitKeys:
    """Keys from a prompt_toolkit input (the Windows console, or a pipe in tests), collected
    by an event loop in a thread of its own so the caller can wait with a deadline."""

    def __init__(self, keys: Any) -> None:
        self.keys = keys
        self.pressed: queue.Queue[str | BaseException] = queue.Queue()
        self._stop: Callable[[], object] | None = None
        self._thread: threading.Thread | None = None

    def __enter__(self) -> ToolkitKeys:
        import asyncio

        started = threading.Event()

        async def collect() -> None:
            loop = asyncio.get_running_loop()
            stop = asyncio.Event()
            self._stop = lambda: loop.call_soon_threadsafe(stop.set)
            with self.keys.attach(self._collect):
                started.set()
                await stop.wait()

        def run() -> None:
            try:
                asyncio.run(collect())
            except BaseException as error:  # pragma: no cover - reported to the reader
                self.pressed.put(error)
                started.set()

        self._raw = self.keys.raw_mode()
        self._raw.__enter__()
        self._thread = threading.Thread(target=run, name="spacequiz-keys", daemon=True)
        self._thread.start()
        started.wait(5)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._stop is not None:
            try:
                self._stop()
            except RuntimeError:  # its loop has ended already
                pass
        if self._thread is not None:
            self._thread.join(2)
        self._raw.__exit__(None, None, None)

    def _collect(self) -> None:
        for press in self.keys.read_keys():
            try:
                text = key_text(press.key, press.data)
            except KeyboardInterrupt as interrupt:  # raised where the reader waits
                self.pressed.put(interrupt)
                continue
            if text:
                self.pressed.put(text)
        if self.keys.closed:
            self.pressed.put(EOFError())

    def release(self) -> None:
        """Nothing to do: Windows has no job control to suspend for."""

    def retake(self) -> None:
        """Nothing to do: see `release`."""

    def read(self, timeout: float) -> str | None:
        try:
            got = self.pressed.get(timeout=max(0.0, timeout))
        except queue.Empty:
            return None
        if isinstance(got, BaseException):
            raise got
        return got


def key_text(key: Any, data: str) -> str | None:
    """A prompt_toolkit key press as the text a cbreak terminal would have sent; None for keys
    that mean nothing to the projector view (arrows, function keys)."""
    from prompt_toolkit.keys import Keys

    if not isinstance(key, Keys):
        return str(key)
    if key is Keys.ControlC:
        raise KeyboardInterrupt
    named = {
        Keys.ControlM: "\r",
        Keys.ControlJ: "\r",
        Keys.Escape: "\x1b",
        Keys.ControlH: "\x7f",
        Keys.ControlU: "\x15",
        Keys.BracketedPaste: data.replace("\r\n", "\r").replace("\n", "\r"),
    }
    return named.get(key)


@contextmanager
def single_keys(stream: BinaryIO) -> Iterator[KeyReader]:
    """Single key presses without Enter or echo, for as long as the block runs; Ctrl-C still
    interrupts. The terminal's modes are restored however the block ends."""
    source = ByteSource(stream)
    termios, tty = posix("termios"), posix("tty")
    fd = source.fd
    if fd is not None and _isatty(fd) and termios is not None and tty is not None:
        saved = termios.tcgetattr(fd)
        try:
            tty.setcbreak(fd)
            yield _ByteKeys(source, saved)
        finally:
            termios.tcsetattr(fd, termios.TCSADRAIN, saved)
        return
    if fd is not None and _isatty(fd):
        toolkit = _toolkit_input(stream)
        if toolkit is not None:
            with ToolkitKeys(toolkit) as keys:
                yield keys
            return
    yield _ByteKeys(source)  # a pipe, or a console nothing can switch: keys come with Enter


def _toolkit_input(stream: BinaryIO) -> Any:
    """prompt_toolkit's input for this console, or None where it cannot open one."""
    try:
        from prompt_toolkit.input import create_input

        return create_input(sys.stdin if _fileno(sys.stdin) == _fileno(stream) else None)
    except Exception:  # e.g. its POSIX input without termios
        return None


@contextmanager
def ending_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP unwind the block as Ctrl-C does, so every `finally` restores the
    cursor and the terminal's modes. Windows has no SIGHUP; only the signals that exist."""

    def interrupt(number: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    saved: list[tuple[int, Any]] = []
    if threading.current_thread() is threading.main_thread():
        for name in ("SIGTERM", "SIGHUP"):
            number = getattr(signal, name, None)
            if number is None:
                continue
            try:
                saved.append((number, signal.signal(number, interrupt)))
            except (OSError, ValueError):
                pass
    try:
        yield
    finally:
        for number, handler in saved:
            signal.signal(number, handler)


@contextmanager
def suspendable(before: Callable[[], None], after: Callable[[], None]) -> Iterator[None]:
    """Ctrl-Z stops the program as usual: `before` runs first (restore the terminal, stop the
    clock) and `after` once the shell brings it back. Where there is no job control (Windows),
    nothing changes."""
    stop = getattr(signal, "SIGTSTP", None)
    if stop is None or threading.current_thread() is not threading.main_thread():
        yield
        return

    def suspend(number: int, frame: FrameType | None) -> None:
        before()
        signal.signal(stop, signal.SIG_DFL)
        os.kill(os.getpid(), stop)  # stops here until `fg`
        signal.signal(stop, suspend)
        after()

    previous = signal.signal(stop, suspend)
    try:
        yield
    finally:
        signal.signal(stop, previous)


def hold_lock(path: os.PathLike[str] | str) -> BinaryIO | None:
    """An open file holding an exclusive lock on `path` (created), or None when another
    process holds it. The system lets go when the process ends, even by SIGKILL, so a crash
    leaves no stale lock. Without `fcntl` or `msvcrt` the lock is not checked."""
    handle = open(path, "a+b")  # noqa: SIM115 - the caller holds it open as the lock
    fcntl = posix("fcntl")
    try:
        if fcntl is not None:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        elif sys.platform == "win32":  # pragma: no cover - only on Windows
            import msvcrt

            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
    except OSError:
        handle.close()
        return None
    return handle


def open_file_room(players: int, spare: int = 64) -> int:
    """Raise the soft limit on open files to fit every player where the platform allows
    (macOS starts at 256); returns how many players the limit leaves room for. Windows has
    no such per-process limit to raise."""
    resource = posix("resource")
    if resource is None:
        return players
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = players + spare
    if soft != resource.RLIM_INFINITY and soft < wanted:
        target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):
            pass
    return players if soft == resource.RLIM_INFINITY else max(1, min(players, soft - spare))


PLAIN_SYMBOLS = {
    "✔": "+",
    "✘": "x",
    "◐": "~",
    "·": "-",
    "…": "...",
    "—": "-",
    "–": "-",
    "→": "->",
    "←": "<-",
    "↑": "^",
    "↓": "v",
    "▲": "^",
    "▼": "v",
    "±": "+/-",
    "█": "#",
    "▇": "#",
    "▆": "=",
    "▅": "=",
    "▀": "#",
    "▄": "#",
    "▃": "-",
    "▂": "_",
    "▁": "_",
    "░": ".",
    "▏": "|",
    "─": "-",
    "│": "|",
    "🥇": "1st",
    "🥈": "2nd",
    "🥉": "3rd",
    "🏆": "*",
    "💡": "*",
    "🚀": "*",
    "⏱": "",
    "⏸": "||",
    "↺": "<-",
}
"""What a symbol becomes on an output that cannot show it (a Windows code page, a C locale,
an ISO-8859-1 or ASCII locale)."""
PLAIN_ERRORS = "spacequiz-plain"


def _plain_symbols(error: UnicodeError) -> tuple[str, int]:
    """A codec error handler: a symbol the encoding lacks becomes its plain form, a letter
    its unaccented one (é: e), and anything else '?'."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    out = []
    for char in error.object[error.start : error.end]:
        plain = PLAIN_SYMBOLS.get(char)
        if plain is None:
            decomposed = unicodedata.normalize("NFKD", char)
            plain = decomposed.encode("ascii", "ignore").decode("ascii") or "?"
        out.append(plain)
    return "".join(out), error.end


def symbols_that_fit() -> None:
    """Output that cannot encode everything (a redirected stream on Windows is in the ANSI
    code page; a Linux locale may be ISO-8859-1 or ASCII) gets plain symbols instead of a
    UnicodeEncodeError; a UTF-8 output (Windows' own console is, through Python) is left as
    it is."""
    import codecs

    codecs.register_error(PLAIN_ERRORS, _plain_symbols)
    for stream in (sys.stdout, sys.stderr):
        if _is_utf8(stream):
            continue
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors=PLAIN_ERRORS)
            except (ValueError, OSError):  # a closed or unusual stream: leave it
                pass


def _is_utf8(stream: Any) -> bool:
    """Whether an output is UTF-8, so it can encode every character."""
    import codecs

    try:
        return codecs.lookup(getattr(stream, "encoding", None) or "ascii").name == "utf-8"
    except LookupError:
        return False


@contextmanager
def keys_held(stream: Any) -> Iterator[None]:
    """For the length of a solo game: no echo, no line buffering, no signal keys and Enter
    kept as typed on `stream`'s terminal, so keys typed before a prompt is ready wait unseen
    for it (Ctrl-C included: every prompt and pause ends the game on it). Nothing changes
    where that is not a POSIX terminal."""
    termios = posix("termios")
    fd = _fileno(stream)
    mode: list[Any] | None = None
    if termios is not None and fd is not None:
        try:
            mode = termios.tcgetattr(fd)
        except (termios.error, OSError, ValueError):
            mode = None
    if termios is None or fd is None or mode is None:
        yield
        return
    held = list(mode)
    held[0] &= ~termios.ICRNL  # Enter stays a carriage return, as the prompts expect it
    # No signal keys either: as a signal, a Ctrl-C that lands while a prompt is starting can
    # be lost (asyncio takes it for a cancellation the prompt never sees).
    held[3] &= ~(termios.ECHO | termios.ICANON | termios.ISIG)
    held[6] = list(mode[6])
    held[6][termios.VMIN], held[6][termios.VTIME] = 1, 0
    termios.tcsetattr(fd, termios.TCSANOW, held)
    try:
        yield
    finally:
        termios.tcsetattr(fd, termios.TCSANOW, mode)
