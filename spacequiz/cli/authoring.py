"""The commands that write banks: `new`, `add`, `import` and `export`.

`cli.app` lists them and imports this module only to run one of them. The formats,
the YAML parser and questionary are imported inside the commands (startup speed). Errors
leave as a message on stderr: exit 1 for a problem with a file, 2 for a usage error, 130
when the person stops the wizard.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from spacequiz.core.errors import UsageError

if TYPE_CHECKING:
    from spacequiz.formats.registry import FormatName
    from spacequiz.ui.authoring import Wizard
    from spacequiz.ui.env import Env

EXIT_INTERRUPTED = 130
STDIO = "-"


class FormatChoice(StrEnum):
    gift = "gift"
    aiken = "aiken"
    opentdb = "opentdb"
    csv = "csv"


def _stderr(no_color: bool = False) -> Any:
    from spacequiz.ui.console import make_console

    return make_console(stderr=True, no_color=no_color, plain=True)


def _say(message: str, style: str = "", *, no_color: bool = False, stdout: bool = False) -> None:
    """A message on stderr, or on stdout for the result of a command that wrote a file."""
    from spacequiz.ui.authoring import say
    from spacequiz.ui.console import make_console

    console = make_console(no_color=no_color, plain=True) if stdout else _stderr(no_color)
    say(console, message, style)


def _reporting(no_color: bool = False) -> AbstractContextManager[None]:
    """The CLI's error reporting, lines left to run on (authoring messages hold paths)."""
    from spacequiz.cli.common import reporting

    return reporting(no_color, plain=True)


def _refuse_shipped(path: Path) -> None:
    from spacequiz.bank.edit import is_shipped
    from spacequiz.core.errors import AuthoringError

    if is_shipped(path):
        raise AuthoringError(
            f"{path} is the bank shipped with spacequiz and is never changed; "
            "start your own with 'spacequiz new my-bank.yaml'"
        )


def _check_output(path: Path, force: bool, inputs: tuple[Path, ...] = ()) -> None:
    """Refuse, before reading anything, an output that must not be written (a folder, a
    device, a read-only file, the shipped bank, one of the command's own inputs)."""
    from spacequiz.core.errors import AuthoringError
    from spacequiz.storage.files import Refused, replaceable, same_file

    _refuse_shipped(path)
    for source in inputs:
        if same_file(path, source):
            raise AuthoringError(f"{path} is the file being read; write the result to another file")
    if path.is_dir():
        raise AuthoringError(f"{path} is a folder; name a file to write")
    if path.exists() and not force:
        raise AuthoringError(f"{path} already exists; use --force to overwrite it")
    try:
        replaceable(path)
    except Refused as error:
        raise AuthoringError(f"will not write {path}: {error.strerror}") from None


def _read_input(source: str, env: Env) -> str:
    """A text file's (or stdin's) contents as UTF-8 text; a BOM is dropped by the readers."""
    from spacequiz.core.errors import AuthoringError

    try:
        data = env.stdin_bytes.read() if source == STDIO else Path(source).read_bytes()
    except FileNotFoundError:
        raise AuthoringError(f"{source}: no such file") from None
    except OSError as error:
        raise AuthoringError(f"{source}: cannot read the file: {error.strerror}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise AuthoringError(
            f"{source}:{line}: the file is not UTF-8; save it as UTF-8 and try again"
        ) from None


NoColorOption = Annotated[bool, typer.Option("--no-color", help="Print without colours.")]
ForceOption = Annotated[
    bool, typer.Option("--force", "-f", help="Overwrite the output file if it exists.")
]


def new(
    bank: Annotated[Path, typer.Argument(help="The bank file to create.", show_default=False)],
    title: Annotated[
        str | None, typer.Option(help="The bank's title. Default: from the file name.")
    ] = None,
    force: ForceOption = False,
    no_color: NoColorOption = False,
) -> None:
    """Start a bank file with a commented example of every question type."""
    from spacequiz.bank.edit import new_bank_text
    from spacequiz.storage.files import save_text

    with _reporting(no_color):
        _check_output(bank, force)
        name = title or bank.stem.replace("-", " ").replace("_", " ").strip().capitalize()
        save_text(bank, new_bank_text(name or "My questions", bank.name))
    _say(
        f"Created {bank} with an example of every question type. "
        f"Edit it, then check it with: spacequiz validate {bank}",
        "right",
        no_color=no_color,
        stdout=True,
    )


def add(
    ctx: typer.Context,
    bank: Annotated[
        Path, typer.Argument(help="The bank file to add a question to.", show_default=False)
    ],
    from_json: Annotated[
        str | None,
        typer.Option(
            "--from-json",
            help="Read the question as a JSON object in the bank's keys from FILE "
            "('-' for stdin) instead of asking.",
            metavar="FILE",
            show_default=False,
        ),
    ] = None,
    no_color: NoColorOption = False,
) -> None:
    """Add a question at the end of a bank, leaving the rest of the file exactly as it is."""
    from spacequiz.bank.edit import append_question, existing_ids
    from spacequiz.cli.common import make_env
    from spacequiz.core.errors import AuthoringError
    from spacequiz.storage.files import locked, save_text

    env = make_env(ctx, no_color)
    with _reporting(no_color):
        _refuse_shipped(bank)
        if not bank.exists():
            raise AuthoringError(f"{bank}: no such file; start a bank with 'spacequiz new {bank}'")
        _check_output(bank, force=True)  # a read-only bank is refused before any question
        taken = existing_ids(_bank_file_text(bank), str(bank))
        if from_json is not None:
            from spacequiz.bank.edit import fields_from_json

            fields = fields_from_json(_read_input(from_json, env), taken)
        else:
            fields_or_none = _run_wizard(bank, taken, env)
            if fields_or_none is None:
                _say("Nothing was written.", "muted", no_color=no_color)
                return
            fields = fields_or_none
        # Read again under the lock: another add may have written the file since.
        with locked(bank, lambda words: _say(words, "muted", no_color=no_color)):
            appended = append_question(_bank_file_text(bank), fields, str(bank))
            save_text(bank, appended.text)
    _say(
        f"Added question '{appended.question_id}' to {bank}.",
        "right",
        no_color=no_color,
        stdout=True,
    )


def _bank_file_text(bank: Path) -> str:
    """A bank's text; a missing, huge or non-UTF-8 file is reported in the usual words."""
    from spacequiz.bank.load import read_bank_text

    read_bank_text(bank)
    return bank.read_bytes().decode("utf-8")


def make_wizard(env: Env) -> Wizard:
    """The wizard on the Env's terminal (a test's fake Env feeds it keys through a pipe)."""
    from spacequiz.ui.authoring import Wizard

    return Wizard(env.make_console(), **env.prompt_options)


def _run_wizard(bank: Path, taken: set[str], env: Env) -> dict[str, object] | None:
    from spacequiz.bank.edit import build_question, propose_id, question_problems
    from spacequiz.ui.authoring import show_preview

    no_color = env.no_color
    wizard = make_wizard(env)
    if not env.interactive:
        raise UsageError(
            "'spacequiz add' asks its questions on a terminal, and this is not one; "
            "for scripts, pass the question as JSON with --from-json FILE (or - for stdin)"
        )
    try:
        while True:
            fields = wizard.ask(taken, lambda prompt: propose_id(prompt, taken))
            problems = question_problems(fields, taken)
            if problems:
                for problem in problems:
                    _say(f"problem: {problem}", "error", no_color=no_color)
                if wizard.confirm("Start this question again?"):
                    continue
                return None
            show_preview(wizard.console, build_question(fields))
            return fields if wizard.confirm(f"Save this question to {bank}?") else None
    except (KeyboardInterrupt, EOFError):
        _say("Cancelled; nothing was written.", "muted", no_color=no_color)
        raise typer.Exit(EXIT_INTERRUPTED) from None


def _format_for(name: str, given: FormatChoice | None, text: str | None) -> FormatName:
    """The format given, or guessed from a file's name (`text` is None for an output)."""
    from spacequiz.formats.registry import guess

    if given is not None:
        return given.value
    if name == STDIO:
        # '-' is the default output, so the person may never have typed it: say what it is.
        stream = "reading standard input" if text is not None else "writing to standard output"
        raise UsageError(f"{stream}: give --format gift|aiken|opentdb|csv")
    found = guess(name, text)
    if found is None:
        raise UsageError(
            f"cannot tell the format of '{name}' from its name; "
            "pass --format gift, aiken, opentdb or csv"
        )
    return found


FormatOption = Annotated[
    FormatChoice | None,
    typer.Option(
        "--format",
        "-F",
        help="gift, aiken, opentdb or csv. Default: from the file extension "
        "(.gift, .aiken, .json, .csv; a .txt file by its content).",
        show_default=False,
        case_sensitive=False,
    ),
]


def import_command(
    ctx: typer.Context,
    source: Annotated[
        str,
        typer.Argument(
            help="The file to import ('-' for stdin).", metavar="FILE", show_default=False
        ),
    ],
    output: Annotated[
        str,
        typer.Option(
            "--output",
            "-o",
            help="The bank file to write ('-' for stdout).",
            metavar="BANK",
            show_default=False,
        ),
    ],
    fmt: FormatOption = None,
    title: Annotated[
        str | None, typer.Option(help="The new bank's title. Default: from the file name.")
    ] = None,
    force: ForceOption = False,
    no_color: NoColorOption = False,
) -> None:
    """Import questions from a GIFT, Aiken, Open Trivia DB or CSV file into a new bank."""
    from spacequiz.cli.common import make_env
    from spacequiz.core.errors import AuthoringError
    from spacequiz.formats.common import FormatError, summary
    from spacequiz.formats.registry import READERS
    from spacequiz.formats.yamlout import checked_bank
    from spacequiz.storage.files import save_text
    from spacequiz.ui.authoring import show_skipped

    with _reporting(no_color):
        if output != STDIO:
            _check_output(Path(output), force, () if source == STDIO else (Path(source),))
        text = _read_input(source, make_env(ctx, no_color))
        name = _format_for(source, fmt, text)
        try:
            imported = READERS[name](text)
        except FormatError as error:
            raise AuthoringError(f"{source}:{error.line}: {error}") from None
        stem = Path(source).stem if source != STDIO else "Imported questions"
        bank_title = title or imported.title or stem.replace("-", " ").replace("_", " ")
        bank_text, kept, refused = checked_bank(bank_title, imported.entries, source)
        skipped = sorted((*imported.skipped, *refused), key=lambda s: s.line)
        kept_lines = {entry.line for entry in kept}
        changed = [c for c in imported.changed if c.line in kept_lines]
        show_skipped(_stderr(no_color), source, sorted((*skipped, *changed), key=lambda s: s.line))
        if not kept:
            raise AuthoringError(
                f"no question in {source} could be imported ({summary(0, len(skipped))})"
            )
        if output == STDIO:
            typer.echo(bank_text, nl=False)
        else:
            from spacequiz.bank.edit import check_size

            check_size(bank_text, output)
            save_text(Path(output), bank_text)
    # With -o -, stdout holds the bank itself, so the summary stays on stderr.
    where = "" if output == STDIO else f" into {output}"
    message = f"{summary(len(kept), len(skipped))}{where}."
    _say(message, "right", no_color=no_color, stdout=output != STDIO)


def export_command(
    bank: Annotated[
        Path | None,
        typer.Argument(
            help="The bank file to export. Default: the shipped bank.", show_default=False
        ),
    ] = None,
    output: Annotated[
        str,
        typer.Option("--output", "-o", help="The file to write ('-' for stdout).", metavar="FILE"),
    ] = STDIO,
    fmt: FormatOption = None,
    force: ForceOption = False,
    no_color: NoColorOption = False,
) -> None:
    """Export a bank as GIFT (Moodle), Aiken, Open Trivia DB JSON or CSV."""
    from spacequiz.bank.load import load_file, shipped_bank_path
    from spacequiz.core.records import Skipped
    from spacequiz.formats.common import summary
    from spacequiz.formats.registry import WRITERS
    from spacequiz.storage.files import save_text
    from spacequiz.ui.authoring import show_skipped

    with _reporting(no_color):
        path = bank or shipped_bank_path()
        name = _format_for(output, fmt, None)
        if output != STDIO:
            _check_output(Path(output), force, (path,))
        loaded = load_file(path)
        exported = WRITERS[name](loaded.bank.questions, loaded.bank.title)
        skipped = [
            Skipped(loaded.id_lines.get(s.label, 0), s.reason, s.label) for s in exported.skipped
        ]
        show_skipped(_stderr(no_color), str(path), skipped)
        if output == STDIO:
            typer.echo(exported.text, nl=False)
        else:
            save_text(Path(output), exported.text)
    where = "" if output == STDIO else f" to {output}"
    message = f"{summary(exported.written, len(skipped), 'exported')}{where}."
    _say(message, "right", no_color=no_color, stdout=output != STDIO)
