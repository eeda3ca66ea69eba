"""The commands about a bank as a whole: `validate`, `bank` and `schema`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from spacequiz.cli.common import (
    EXIT_ERROR,
    BankOption,
    JsonOption,
    NoColorOption,
    count_of,
    load,
    open_console,
    print_json,
    reporting,
)
from spacequiz.core.errors import BankError

PathsArgument = Annotated[
    list[Path] | None,
    typer.Argument(
        help="Bank files or folders of *.yaml files. Default: the shipped bank.",
        show_default=False,
    ),
]


def validate(
    paths: PathsArgument = None,
    as_json: JsonOption = False,
    no_color: NoColorOption = False,
) -> None:
    """Check bank files and report every problem with its file, line and column."""
    try:
        bank = load(paths, quiet=as_json)
    except BankError as error:
        if as_json:
            print_json({"ok": False, "problems": [p.as_dict() for p in error.problems]})
        else:
            from spacequiz.ui.reports import show_problems

            show_problems(open_console(no_color=no_color), error.problems)
        raise typer.Exit(EXIT_ERROR) from None
    if as_json:
        print_json(
            {
                "ok": True,
                "problems": [],
                "questions": len(bank.questions),
                "files": list(bank.sources),
            }
        )
        return
    from spacequiz.ui.safe import literal

    files = len(bank.sources)
    open_console(no_color=no_color).print(
        literal(
            f"OK: {count_of(len(bank.questions), 'question')} in {files} "
            f"{'file' if files == 1 else 'files'}, no problems found."
        ),
        style="right",
    )


def bank_command(
    paths: PathsArgument = None,
    banks: BankOption = None,
    as_json: JsonOption = False,
    no_color: NoColorOption = False,
) -> None:
    """Show the bank at a glance: questions by type, difficulty and tag."""
    from spacequiz.ui.reports import bank_counts, show_bank

    with reporting(no_color):
        bank = load([*(paths or ()), *(banks or ())], quiet=as_json)
    if as_json:
        print_json(bank_counts(bank))
    else:
        show_bank(open_console(no_color=no_color), bank)


def schema() -> None:
    """Print the JSON Schema of the bank format, for editors such as VS Code."""
    from spacequiz.bank.schema import bank_schema

    print_json(bank_schema())
