"""The family of errors spacequiz reports to a person rather than crashing on.

Every layer raises one of these; only the CLI turns them into a message and an exit code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacequiz.core.model import Problem


class SpacequizError(Exception):
    """The root of every error spacequiz reports to a person rather than crashing on."""


class BankError(SpacequizError):
    """A bank could not be loaded; `problems` lists every reason, each located."""

    def __init__(
        self, problems: list[Problem], ids: dict[str, tuple[int, int]] | None = None
    ) -> None:
        self.problems = problems
        self.ids = ids or {}
        """Where each question id that could be read stands (line, column), for checks
        across files even when this one has problems."""
        first = problems[0] if problems else None
        summary = f"{first.location()}: {first.message}" if first else "invalid bank"
        super().__init__(summary)


class NoQuestionsError(SpacequizError):
    """The filters left nothing to ask."""


class ClassroomError(SpacequizError):
    """A classroom set-up or action that cannot be done."""


class StorageError(SpacequizError):
    """The history database could not be opened, read or written.

    `transient` when it may work later as it is (locked past the wait, the disk full, for
    now read-only): a game keeps the answers and tries again, rather than giving up.
    """

    def __init__(self, message: str, *, transient: bool = False) -> None:
        super().__init__(message)
        self.transient = transient


class AuthoringError(SpacequizError):
    """A question or bank file could not be written; the message says what to do."""


class ReportError(SpacequizError):
    """A report cannot be written where or how it was asked for."""


class UsageError(SpacequizError):
    """The command was called in a way that cannot work; exit 2."""


class DraftError(SpacequizError):
    """An article from which no questions can be drafted; the message says why."""
