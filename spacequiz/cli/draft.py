"""`spacequiz draft`: a bank of draft questions from an article, offline, or a review of them.

Registered through the command table in cli/commands.py. The drafting code (and its sentence
splitter) is imported inside the command, so `--help` stays fast. Errors leave as a message
on stderr: exit 1 for an article or bank that cannot be used, 2 for a usage error, 130 when
the teacher stops a review with Ctrl-C (every draft kept until then is already saved).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from spacequiz.cli.common import (
    EXIT_INTERRUPTED,
    NoColorOption,
    make_env,
    parse_seed,
    progress_bar,
    reporting,
)
from spacequiz.core.errors import DraftError, UsageError

if TYPE_CHECKING:
    from spacequiz.core.draft.questions import Draft
    from spacequiz.core.model import Question
    from spacequiz.ui.drafting import Reviewer
    from spacequiz.ui.env import Env

MAX_ARTICLE_BYTES = 1024 * 1024
"""Articles are news reports and chapters: past 1 MiB, a file is refused, not cut."""
STDOUT = "-"
PROGRESS_CHARACTERS = 50_000
"""From about this long, drafting takes a second or more: a bar shows on a terminal."""


def draft(
    ctx: typer.Context,
    article: Annotated[
        Path,
        typer.Argument(
            help="A plain-text or Markdown article (UTF-8).", metavar="ARTICLE", show_default=False
        ),
    ],
    output: Annotated[
        str,
        typer.Option(
            "--output",
            "-o",
            help="The draft bank to write ('-' for stdout).",
            metavar="BANK",
        ),
    ] = STDOUT,
    count: Annotated[
        int, typer.Option("--count", "-n", min=1, max=500, help="At most this many drafts.")
    ] = 30,
    seed: Annotated[
        int,
        typer.Option(
            parser=parse_seed,
            metavar="INTEGER",
            help="Another seed drafts other wordings, choices and picks.",
        ),
    ] = 0,
    review: Annotated[
        Path | None,
        typer.Option(
            "--review",
            help="Walk through the drafts one by one and add the ones you keep to BANK.",
            metavar="BANK",
            show_default=False,
        ),
    ] = None,
    title: Annotated[
        str | None, typer.Option(help="The bank's title. Default: from the article's name.")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", "-f", help="Overwrite the output file if it exists.")
    ] = False,
    no_color: NoColorOption = False,
) -> None:
    """Draft quiz questions from an article, offline: names, numbers, dates, who did what.

    Every draft cites its line and sentence and is tagged 'draft': check each one.
    """
    from collections import Counter

    from spacequiz.core.draft.questions import draft_questions

    with reporting(no_color, plain=True):
        if review is not None and output != STDOUT:
            raise UsageError("--review adds the drafts you keep to BANK; leave out --output")
        if output != STDOUT:
            _check_output(Path(output), force, article)
        text = read_article(article)
        if len(text) < PROGRESS_CHARACTERS:
            drafts = draft_questions(text, article.name, count=count, seed=seed)
        else:
            with progress_bar("Drafting", make_env(ctx, no_color)) as step:
                drafts = draft_questions(text, article.name, count=count, seed=seed, progress=step)
    if review is not None:
        _review(article, drafts, review, make_env(ctx, no_color))
        return
    from spacequiz.bank.drafts import drafts_text

    name = title or f"Drafts from {article.name}"
    bank = drafts_text(name, article.name, drafts)
    types = Counter(d.question.type for d in drafts)
    summary = ", ".join(f"{n} {t}" for t, n in sorted(types.items()))
    message = f"Drafted {len(drafts)} questions from {article} ({summary})"
    with reporting(no_color, plain=True):
        if output == STDOUT:
            typer.echo(bank, nl=False)
        else:
            from spacequiz.storage.files import save_text

            save_text(Path(output), bank)
    _say(
        f"{message}{'' if output == STDOUT else ' into ' + output}. "
        "Check each against the article before you play them.",
        stdout=output != STDOUT,
        no_color=no_color,
    )


def _check_output(path: Path, force: bool, article: Path) -> None:
    """Refuse an output that must not be written: a folder, a device, a read-only file, the
    shipped bank, or the article itself."""
    from spacequiz.cli.authoring import _check_output as check

    check(path, force, (article,))


def read_article(path: Path) -> str:
    """The article's text, or a DraftError saying why it cannot be drafted from."""
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise DraftError(f"{path} is a folder; name an article file")
        if size > MAX_ARTICLE_BYTES:
            raise DraftError(
                f"{path} is {size / 1024 / 1024:.1f} MB; spacequiz drafts from articles of "
                "up to 1 MB: split it and draft from each part"
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise DraftError(f"{path}: no such file") from None
    except OSError as error:
        raise DraftError(f"{path}: cannot read the file: {error.strerror or error}") from None
    if b"\x00" in data:
        raise DraftError(f"{path} is not a text file; save the article as plain text (UTF-8)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise DraftError(
            f"{path}:{line}: the file is not UTF-8 text; save it as UTF-8 and try again"
        ) from None
    if not text.strip():
        raise DraftError(f"{path} is empty: there is nothing to draft from")
    return text


def _say(message: str, style: str = "right", *, stdout: bool, no_color: bool) -> None:
    from spacequiz.ui.authoring import say
    from spacequiz.ui.console import make_console

    say(make_console(stderr=not stdout, no_color=no_color, plain=True), message, style)


# Review ------------------------------------------------------------------------------------


def make_reviewer(env: Env) -> Reviewer:
    """The reviewer on the Env's terminal (a test's fake Env feeds it keys through a pipe)."""
    from spacequiz.ui.drafting import Reviewer

    return Reviewer(env.make_console(), **env.prompt_options)


def _review(article: Path, drafts: Sequence[Draft], bank: Path, env: Env) -> None:
    from spacequiz.bank.drafts import source_comments
    from spacequiz.bank.write import question_fields
    from spacequiz.ui.drafting import show_draft

    no_color = env.no_color
    reviewer = make_reviewer(env)
    with reporting(no_color, plain=True):
        if not env.interactive:
            raise UsageError(
                "'spacequiz draft --review' asks on a terminal, and this is not one; "
                "without --review the drafts are written as a bank to check by hand"
            )
        text = _bank_text(bank, article)
    kept = 0
    try:
        for number, item in enumerate(drafts, start=1):
            comments = source_comments(article.name, item.sources)
            fields = _kept_fields(question_fields(item.question))
            while True:
                show_draft(reviewer.console, number, len(drafts), comments, item.question)
                action = reviewer.action()
                if action == "edit":
                    fields = _edit(reviewer, fields, text)
                    item = _rebuilt(item, fields)
                    continue
                break
            if action == "stop":
                break
            if action == "skip":
                continue
            with reporting(no_color, plain=True):
                text, question_id = _append(bank, text, fields, comments, no_color)
            kept += 1
            reviewer.say(f"Kept as '{question_id}' in {bank}.", "right")
    except (KeyboardInterrupt, EOFError):
        _say(_kept_summary(kept, len(drafts), bank), "muted", stdout=False, no_color=no_color)
        raise typer.Exit(EXIT_INTERRUPTED) from None
    _say(_kept_summary(kept, len(drafts), bank), stdout=True, no_color=no_color)


def _kept_summary(kept: int, of: int, bank: Path) -> str:
    if not kept:
        return f"Kept none of the {of} drafts; {bank} was not changed."
    noun = "draft" if kept == 1 else "drafts"
    return f"Kept {kept} {noun} of {of} in {bank}."


def _bank_text(bank: Path, article: Path) -> str:
    """The bank's text, or a new empty bank's if the file does not exist yet."""
    from spacequiz.bank.edit import existing_ids
    from spacequiz.bank.load import read_bank_text
    from spacequiz.bank.write import SCHEMA_LINE, scalar
    from spacequiz.cli.authoring import _check_output

    # Before any review: the shipped bank, the article, a folder, a device or a read-only
    # file is refused now, not after the teacher has kept a draft.
    _check_output(bank, True, (article,))
    if not bank.exists():
        title = scalar(f"Questions from {article.name}")
        return f"{SCHEMA_LINE}\nversion: 1\ntitle: {title}\nquestions: []\n"
    read_bank_text(bank)  # a huge or non-UTF-8 bank is reported in the usual words
    text = bank.read_bytes().decode("utf-8")
    existing_ids(text, str(bank))  # a broken bank is reported before any review
    return text


def _kept_fields(fields: dict[str, object]) -> dict[str, object]:
    """A reviewed question is no longer a draft: its 'draft' tag goes."""
    from spacequiz.core.draft.questions import DRAFT_TAG

    listed = fields.get("tags", [])
    tags = [t for t in listed if t != DRAFT_TAG] if isinstance(listed, list) else []
    result = {k: v for k, v in fields.items() if k != "tags"}
    return result | ({"tags": tags} if tags else {})


def _append(
    bank: Path, text: str, fields: dict[str, object], comments: Sequence[str], no_color: bool
) -> tuple[str, str]:
    from spacequiz.bank.edit import append_question, existing_ids
    from spacequiz.bank.load import read_bank_text
    from spacequiz.core.ids import Ids
    from spacequiz.storage.files import locked, save_text

    # The review may take minutes: under the lock, what another command wrote to the bank
    # since is read again, and kept.
    with locked(bank, lambda words: _say(words, "muted", stdout=False, no_color=no_color)):
        if bank.exists():
            read_bank_text(bank)  # a bank grown huge or made non-UTF-8 since is reported
            text = bank.read_bytes().decode("utf-8")
        taken = existing_ids(text, str(bank))
        if fields["id"] in taken:
            fields = fields | {"id": Ids(taken).propose(str(fields["id"]))}
        appended = append_question(text, fields, str(bank), comments)
        save_text(bank, appended.text)
    return appended.text, appended.question_id


def _edit(reviewer: Reviewer, fields: dict[str, object], text: str) -> dict[str, object]:
    """Fields with one changed, checked by the loader's rules as it is typed."""
    from spacequiz.bank.edit import question_problems

    name = reviewer.field(fields)
    current = fields[name]

    def parsed(typed: str) -> dict[str, object]:
        return fields | {name: _parse_value(str(fields["type"]), name, typed)}

    def check(typed: str) -> bool | str:
        try:
            problems = question_problems(parsed(typed))
        except ValueError as error:
            return str(error)
        return problems[0] if problems else True

    return parsed(reviewer.value(name, current, check))


def _parse_value(qtype: str, name: str, typed: str) -> object:
    """What the teacher typed, as the bank holds it: a list, a number, true/false or text."""
    from spacequiz.bank.spec import QUESTION_FIELDS
    from spacequiz.core.answers import bank_number, parse_number
    from spacequiz.ui.drafting import LIST_SEPARATOR

    fields = next((f for t, f in QUESTION_FIELDS.items() if t == qtype), ())
    kind = next((f.kind for f in fields if f.name == name), "text")
    if kind == "text_list":
        return [part.strip() for part in typed.split(LIST_SEPARATOR.strip()) if part.strip()]
    if kind == "number":
        value = parse_number(typed)
        if value is None:
            raise ValueError("type a number, e.g. 3000 or 12.5")
        number = bank_number(value)  # exact and whole when it can be; 1e400 is refused
        if number is None:
            raise ValueError(
                "too large (or too small) for a bank: numbers up to 1e308 can be saved"
            )
        return number
    if kind == "bool":
        if typed.strip().lower() not in ("true", "false"):
            raise ValueError("type true or false")
        return typed.strip().lower() == "true"
    return typed.strip()


def _rebuilt(item: Draft, fields: dict[str, object]) -> Draft:
    """The draft showing its edited fields (with its tags, for the preview)."""
    from dataclasses import replace

    from spacequiz.bank.edit import build_question

    question: Question = build_question(fields)
    return replace(item, question=question)
