"""`spacequiz lint`: questions that load but play badly (leaks, giveaways, duplicates).

The checks live in `spacequiz.bank.lint` and are imported inside the command, so
`--help` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from spacequiz.cli.common import JsonOption, NoColorOption, open_console, print_json

EXIT_FINDINGS = 1


def lint(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Bank files or folders of *.yaml files. Default: the shipped bank.",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOption = False,
    no_color: NoColorOption = False,
) -> None:
    """Find questions that give answers away, repeat each other or are easy to guess.

    Each finding is 'path:line:column: CODE message' with a hint; exit 1 when there are any.
    Silence one on purpose with '# lint-ignore: CODE' on a line of its question.
    """
    from spacequiz.bank.lint import CHECKS, lint_paths

    findings = lint_paths(paths or ())
    if as_json:
        print_json(
            {
                "ok": not findings,
                "findings": [f.as_dict() for f in findings],
                "checks": CHECKS,
            }
        )
    else:
        from spacequiz.ui.reports import show_findings

        show_findings(open_console(no_color=no_color), findings)
    if findings:
        raise typer.Exit(EXIT_FINDINGS)
