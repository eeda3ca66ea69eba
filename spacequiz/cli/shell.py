"""The outermost shell of every command: the output streams, and errors no command caught.

Commands turn the errors they expect into words (cli.common.reporting). This is the net
under them, so that nothing a person types, no file system and no terminal ends in a
traceback: a usage error is shown without the control characters it may carry (click
echoes the value as typed), any OSError is named with its file, and anything else is one
line with exit code 1 (SPACEQUIZ_DEBUG=1 shows the traceback, for a bug report).
"""

from __future__ import annotations

import codecs
import io
import os
import sys
from collections.abc import Sequence
from typing import Any

import typer
from typer.core import TyperGroup

EXIT_ERROR = 1
EXIT_INTERRUPTED = 130
DEBUG_VARIABLE = "SPACEQUIZ_DEBUG"
# The click typer runs on (some typer versions carry their own copy): its base error class.
ClickException: type[Exception] = next(
    c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException"
)


def prepare_streams() -> None:
    """Where stdout or stderr cannot encode everything (an ISO-8859-1 or ASCII locale, a
    Windows code page), characters it lacks are written as plain symbols (ui/system)
    instead of stopping the program; a UTF-8 start imports nothing for it."""
    if any(not _utf8(stream) for stream in (sys.stdout, sys.stderr)):
        from spacequiz.ui.system import symbols_that_fit

        symbols_that_fit()


def _utf8(stream: Any) -> bool:
    try:
        return codecs.lookup(getattr(stream, "encoding", None) or "ascii").name == "utf-8"
    except LookupError:
        return False


def _say(message: str) -> None:
    from spacequiz.core.text import strip_controls

    try:
        sys.stderr.write(strip_controls(message))
        sys.stderr.flush()
    except (OSError, ValueError):  # stderr itself is gone
        pass


def describe_os_error(error: OSError) -> str:
    """'path: No such file or directory', without the errno numbers."""
    reason = error.strerror or str(error) or type(error).__name__
    where = error.filename if error.filename is not None else ""
    return f"{where}: {reason}" if where != "" else reason


class SafeGroup(TyperGroup):
    """The app's click group: runs a command and turns every way out into a code."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        prepare_streams()
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        try:
            result = super().main(
                args, prog_name, complete_var, False, windows_expand_args, **extra
            )
        except ClickException as error:
            shown = io.StringIO()
            error.show(file=shown)  # type: ignore[attr-defined]
            _say(shown.getvalue())
            sys.exit(error.exit_code)  # type: ignore[attr-defined]
        except typer.Abort:  # the end of input at a prompt of click's
            _say("\nInterrupted.\n")
            sys.exit(EXIT_INTERRUPTED)
        except KeyboardInterrupt:
            sys.exit(EXIT_INTERRUPTED)
        except BrokenPipeError:
            # The reader went away (`spacequiz history | head`): nothing more to say to it.
            _quiet_stdout()
            sys.exit(EXIT_ERROR)
        except OSError as error:
            _say(f"error: {describe_os_error(error)}\n")
            sys.exit(EXIT_ERROR)
        except Exception as error:
            loop = _symlink_loop(error)
            if loop is not None:  # pathlib's word for ELOOP before Python 3.13
                _say(f"error: {loop}: Too many levels of symbolic links\n")
                sys.exit(EXIT_ERROR)
            if os.environ.get(DEBUG_VARIABLE):
                raise
            _say(
                f"error: {type(error).__name__}: {error}\n"
                f"This is a bug in spacequiz; run again with {DEBUG_VARIABLE}=1 to see where.\n"
            )
            sys.exit(EXIT_ERROR)
        sys.exit(result if isinstance(result, int) else 0)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        """The command, set to leave reading its paths to itself.

        A file that cannot be read is an error the command words with the others (the
        loader lists an unreadable bank among its problems, exit 1), where click's own
        readable check would stop first as a usage error (exit 2). Done here, as each
        command is looked up, so that commands built lazily are set too and a start
        builds no command it does not run.
        """
        command = super().get_command(ctx, cmd_name)
        for param in getattr(command, "params", ()):
            if getattr(param.type, "readable", False) and hasattr(param.type, "exists"):
                param.type.readable = False
        return command


def _symlink_loop(error: Exception) -> str | None:
    """The path of pathlib's "Symlink loop from '...'" RuntimeError, else None."""
    text = str(error)
    prefix = "Symlink loop from "
    if isinstance(error, RuntimeError) and text.startswith(prefix):
        return text[len(prefix) :].strip("'\"")
    return None


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's last flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
