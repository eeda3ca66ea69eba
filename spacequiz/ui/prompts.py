"""The interactive game's prompts, drawn with prompt_toolkit: a list to pick or tick from, a
line to type in, and the pause after each result.

Each prompt draws its own countdown, starts the question's clock once it is fully drawn,
and ends at the deadline with what was ticked or typed by then. Ctrl-Z suspends the program
as a shell expects, with the clock stopped until `fg`. Choices wrap at word boundaries,
never cut. A prompt erases itself when done, so the screen keeps only what
the game prints about the answer. Every prompt passes `**app_options` (`input`, `output`)
on to prompt_toolkit, so tests drive the real prompts through a pipe.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from prompt_toolkit.application import Application, get_app
from prompt_toolkit.buffer import Buffer
from prompt_toolkit.document import Document
from prompt_toolkit.filters import Condition
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.keys import Keys
from prompt_toolkit.layout import ConditionalContainer, HSplit, Layout, Window
from prompt_toolkit.layout.containers import Container
from prompt_toolkit.layout.controls import BufferControl, FormattedTextControl
from prompt_toolkit.layout.processors import BeforeInput
from prompt_toolkit.styles import Style
from prompt_toolkit.utils import get_cwidth

from spacequiz.ui.clock import QuestionClock, TimeUp
from spacequiz.ui.console import READING_WIDTH
from spacequiz.ui.plain import HINT
from spacequiz.ui.system import suspendable

STYLE = Style.from_dict(
    {
        "qmark": "fg:#00afd7 bold",
        "question": "bold",
        "instruction": "fg:#8a8a8a",
        "pointer": "fg:#00afd7 bold",
        "number": "fg:#8a8a8a",
        "highlighted": "fg:#00afd7 bold",
        "ticked": "fg:#5fd75f bold",
        "message": "fg:#ffaf00 bold",
        "countdown": "fg:#ffaf00 bold",
        "countdown-low": "fg:#ff5f5f bold",
    }
)
POINTER, BLANK = " ❯ ", "   "
TICKED, UNTICKED = "◉ ", "○ "
DIGIT_KEYS = 9
"""Keys 1-9 pick (or tick) the first nine choices directly."""

UNDO = object()
"""A list ended because the player took back the last pick (Backspace, in an order)."""


@dataclass
class ListState:
    """Where the pointer is and what is ticked: kept while the hint is shown."""

    pointer: int = 0
    ticked: set[int] = field(default_factory=set)
    message: str = ""


@dataclass
class TextState:
    text: str = ""
    message: str = ""


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` cells, broken between words (inside a word only when the
    word alone is wider than a line); nothing is ever cut off."""
    width = max(width, 1)
    lines: list[str] = []
    line, used = "", 0
    for word in text.split():
        size = get_cwidth(word)
        while size > width:
            if line:
                lines.append(line)
                line, used = "", 0
            head, word = _split_cells(word, width)
            lines.append(head)
            size = get_cwidth(word)
        if not line:
            line, used = word, size
        elif used + 1 + size <= width:
            line, used = f"{line} {word}", used + 1 + size
        else:
            lines.append(line)
            line, used = word, size
    if line or not lines:
        lines.append(line)
    return lines


def _split_cells(word: str, width: int) -> tuple[str, str]:
    used = 0
    for i, char in enumerate(word):
        used += get_cwidth(char)
        if used > width:
            return word[: max(i, 1)], word[max(i, 1) :]
    return word, ""


def columns() -> int:
    """The width prompts lay their text out in: the terminal's, capped like the panels."""
    return min(get_app().output.get_size().columns, READING_WIDTH)


# The pieces every prompt shares ------------------------------------------------------------


def _countdown(clock: QuestionClock) -> StyleAndTextTuples:
    """'⏱ 12s left' and a bar: the whole time until the question is fully drawn."""
    total = clock.limit or 1.0
    left = clock.left() or 0.0
    width = 20
    filled = min(width, math.ceil(width * left / total))
    style = "class:countdown-low" if left < 5 else "class:countdown"
    return [(style, f"⏱ {math.ceil(left):>3}s left {'█' * filled}{'░' * (width - filled)}")]


def _label(message: str, instruction: str) -> StyleAndTextTuples:
    """'? message  keys', wrapped between words; the keys go on a line of their own when
    they do not fit after the message."""
    width = columns()
    lines = wrap(message, width - 2)
    tokens: StyleAndTextTuples = [("class:qmark", "? ")]
    for n, line in enumerate(lines):
        tokens += [("", "\n  ")] if n else []
        tokens.append(("class:question", line))
    if instruction:
        fits = get_cwidth(lines[-1]) + 4 + get_cwidth(instruction) <= width
        tokens.append(("class:instruction", f"  {instruction}" if fits else f"\n  {instruction}"))
    return tokens


def _message_line(read: Callable[[], str]) -> Container:
    """A validation message right under the prompt, shown only while there is one."""
    window = Window(
        FormattedTextControl(lambda: [("class:message", f"  ⚠ {read()}")]),
        wrap_lines=True,
        dont_extend_height=True,
    )
    return ConditionalContainer(window, filter=Condition(lambda: bool(read())))


def ignore_mouse_reports(keys: KeyBindings) -> KeyBindings:
    """Drop what reads as a terminal's mouse report: we never ask for one, so it is pasted
    text. Coloured text ("\x1b[31m") has that shape, and prompt_toolkit's own handler,
    unable to parse it, stopped the prompt with "Unhandled exception in event loop"."""

    @keys.add(Keys.Vt100MouseEvent, eager=True)
    def _ignore(event: KeyPressEvent) -> None:
        pass

    return keys


def guard_prompt(question: Any) -> Any:
    """A questionary prompt with `ignore_mouse_reports` added to its keys; returns it."""
    from prompt_toolkit.key_binding import merge_key_bindings

    app = question.application
    guard = ignore_mouse_reports(KeyBindings())
    app.key_bindings = merge_key_bindings(
        [app.key_bindings, guard] if app.key_bindings else [guard]
    )
    return question


def _stop_keys(keys: KeyBindings) -> None:
    """Ctrl-C ends the game as an interruption, Ctrl-D as the end of input; Ctrl-Z suspends
    (the prompts hold the terminal's keys, so the terminal sends it as a key, not a signal)."""
    ignore_mouse_reports(keys)

    # <sigint>: a Ctrl-C that reached the terminal before the prompt took its keys (it
    # arrives as a signal then); prompt_toolkit ignores it unless it is bound.
    @keys.add("c-c", eager=True)
    @keys.add("<sigint>", eager=True)
    def _interrupt(event: KeyPressEvent) -> None:
        event.app.exit(exception=KeyboardInterrupt())

    @keys.add("c-d", eager=True, filter=Condition(lambda: not get_app().current_buffer.text))
    def _end(event: KeyPressEvent) -> None:
        event.app.exit(exception=EOFError())

    # Erases the prompt, gives the shell a cooked terminal and stops (a no-op without job
    # control); `fg` redraws it. `_run_with_clock` stops the clock for that time.
    keys.add("c-z", eager=True)(lambda event: event.app.suspend_to_background())


def _finish(app: Application[object], result: object) -> None:
    if app.is_running and not app.is_done:
        app.exit(result=result)


def _run(
    body: Sequence[Container],
    focused: Window,
    keys: KeyBindings,
    clock: QuestionClock,
    time_up: Callable[[], TimeUp],
    app_options: dict[str, Any],
) -> object:
    """Run one prompt: the countdown above `body` when timed, the clock started at the
    first full draw, and an end with `time_up()` at the deadline."""
    rows: list[Container] = []
    if clock.limit is not None:
        rows.append(Window(FormattedTextControl(lambda: _countdown(clock)), height=1))
    rows.extend(body)
    app: Application[object] = Application(
        layout=Layout(HSplit(rows), focused_element=focused),
        key_bindings=keys,
        style=STYLE,
        include_default_pygments_style=False,
        erase_when_done=True,
        refresh_interval=0.25 if clock.limit is not None else None,
        **app_options,
    )
    _start_clock_when_drawn(app, clock, time_up)
    return _run_with_clock(app, clock)


def _run_with_clock(app: Application[Any], clock: QuestionClock, **run: Any) -> object:
    """Run `app`; while the program is suspended (Ctrl-Z) its clock is paused."""
    with suspendable(clock.pause, clock.resume):
        return app.run(**run)


def _at_deadline(clock: QuestionClock, then: Callable[[], None]) -> None:
    """Call `then` from the running loop once `clock` runs out. The deadline is checked
    again when the timer fires, as a suspend (paused clock) may have moved it on."""
    loop = asyncio.get_running_loop()

    def check() -> None:
        left = clock.left()
        if left is None:
            return
        if left > 0:
            loop.call_later(left, check)
        else:
            then()

    loop.call_soon(check)


def _start_clock_when_drawn(
    app: Application[object], clock: QuestionClock, time_up: Callable[[], TimeUp]
) -> None:
    """Start `clock` once `app` has first been drawn whole (a no-op if it already runs, as
    for an order's later picks), and end `app` with `time_up()` at the deadline."""
    armed = False

    def drawn(_: object) -> None:
        nonlocal armed
        if armed:
            return
        armed = True
        clock.start()
        _at_deadline(clock, lambda: _finish(app, time_up()))

    app.after_render += drawn


# A list of choices ----------------------------------------------------------------------------


def choose(
    message: str,
    options: Sequence[tuple[str, object]],
    state: ListState,
    clock: QuestionClock,
    *,
    multi: bool = False,
    hint: bool = False,
    undo: bool = False,
    instruction: str = "",
    **app_options: Any,
) -> object:
    """Pick one of `options` (title, value), or tick several when `multi`.

    Returns the value picked (a tuple of the ticked values, in the order shown, when
    `multi`), HINT on `h`, UNDO on Backspace when `undo`, or TimeUp at the deadline with
    the ticks of a `multi` list (a single pick is never guessed from the pointer).
    """
    count = len(options)
    state.pointer = min(max(state.pointer, 0), count - 1)

    def ticked() -> tuple[object, ...]:
        return tuple(value for i, (_, value) in enumerate(options) if i in state.ticked)

    def lines() -> StyleAndTextTuples:
        prefix = len(BLANK) + 2 + (len(UNTICKED) if multi else 0)
        room = max(columns() - prefix - 1, 10)
        tokens: StyleAndTextTuples = []
        for i, (title, _) in enumerate(options):
            here = i == state.pointer
            on = i in state.ticked
            if here:
                tokens.append(("[SetCursorPosition]", ""))
            tokens.append(("class:pointer", POINTER) if here else ("", BLANK))
            tokens.append(("class:number", f"{i + 1} " if i < DIGIT_KEYS else "  "))
            if multi:
                tokens.append(("class:ticked", TICKED) if on else ("", UNTICKED))
            style = "class:highlighted" if here else "class:ticked" if on else ""
            for n, line in enumerate(wrap(title, room)):
                if n:
                    tokens.append(("", "\n" + " " * prefix))
                tokens.append((style, line))
            tokens.append(("", "\n"))
        tokens.pop()
        return tokens

    keys = KeyBindings()
    _stop_keys(keys)

    @keys.add("up", eager=True)
    def _up(event: KeyPressEvent) -> None:
        state.pointer = (state.pointer - 1) % count

    @keys.add("down", eager=True)
    def _down(event: KeyPressEvent) -> None:
        state.pointer = (state.pointer + 1) % count

    def submit(event: KeyPressEvent) -> None:
        if not multi:
            event.app.exit(result=options[state.pointer][1])
        elif state.ticked:
            event.app.exit(result=ticked())
        else:  # an Enter before any tick is a slip, not an answer of "none of them"
            state.message = "Tick at least one with Space (or its number), then Enter."

    keys.add("enter", eager=True)(submit)
    keys.add("c-j", eager=True)(submit)  # Enter as a terminal in cooked mode turns it

    def by_number(index: int) -> Callable[[KeyPressEvent], None]:
        def press(event: KeyPressEvent) -> None:
            state.pointer = index
            if multi:
                state.ticked ^= {index}
                state.message = ""
            else:
                submit(event)

        return press

    for index in range(min(count, DIGIT_KEYS)):
        keys.add(str(index + 1), eager=True)(by_number(index))

    if multi:

        @keys.add(" ", eager=True)
        def _tick(event: KeyPressEvent) -> None:
            state.ticked ^= {state.pointer}
            state.message = ""

    if hint:
        keys.add("h", eager=True)(lambda event: event.app.exit(result=HINT))
    if undo:
        keys.add("backspace", eager=True)(lambda event: event.app.exit(result=UNDO))
    keys.add(Keys.Any)(lambda event: None)  # no other key types anything

    choices = Window(
        FormattedTextControl(lines, focusable=True, show_cursor=False),
        always_hide_cursor=True,
        dont_extend_height=True,
    )
    label = Window(
        FormattedTextControl(lambda: _label(message, instruction)),
        wrap_lines=True,
        dont_extend_height=True,
    )
    body = [label, _message_line(lambda: state.message), choices]
    return _run(
        body,
        choices,
        keys,
        clock,
        lambda: TimeUp(tuple(str(v) for v in ticked()) or None) if multi else TimeUp(),
        app_options,
    )


# A line to type in ----------------------------------------------------------------------------


def type_in(
    message: str,
    state: TextState,
    clock: QuestionClock,
    *,
    problem: Callable[[str], str | None],
    instruction: str = "",
    **app_options: Any,
) -> object:
    """A line of text: returns it once `problem(text)` finds nothing wrong (what it finds is
    shown under the line), or TimeUp at the deadline with what was typed by then."""
    buffer = Buffer(multiline=False, document=Document(state.text, len(state.text)))

    def changed(_: Buffer) -> None:
        state.text = buffer.text
        state.message = ""

    buffer.on_text_changed += changed
    keys = KeyBindings()
    _stop_keys(keys)

    @keys.add("enter", eager=True)
    @keys.add("c-j", eager=True)  # Enter as a terminal in cooked mode turns it
    def _submit(event: KeyPressEvent) -> None:
        found = problem(buffer.text)
        if found:
            state.message = found
        else:
            event.app.exit(result=buffer.text)

    prefix: StyleAndTextTuples = [("class:qmark", "? "), ("class:question", message)]
    if instruction:
        prefix.append(("class:instruction", f" {instruction}"))
    prefix.append(("", " "))
    line = Window(
        BufferControl(buffer, input_processors=[BeforeInput(prefix)]),
        wrap_lines=True,
        dont_extend_height=True,
    )
    body = [line, _message_line(lambda: state.message)]

    def time_up() -> TimeUp:
        return TimeUp(buffer.text if buffer.text.strip() else None)

    return _run(body, line, keys, clock, time_up, app_options)


# Yes or no ----------------------------------------------------------------------------------


def confirm(message: str, *, default: bool = False, **app_options: Any) -> bool:
    """'? message (y/N)': y or n answers, Enter takes the default; the answer stays shown."""
    answer: list[bool] = []
    keys = KeyBindings()
    _stop_keys(keys)

    def say(value: bool) -> Callable[[KeyPressEvent], None]:
        def press(event: KeyPressEvent) -> None:
            answer.append(value)
            _finish(event.app, value)

        return press

    for key in ("y", "Y"):
        keys.add(key, eager=True)(say(True))
    for key in ("n", "N"):
        keys.add(key, eager=True)(say(False))
    keys.add("enter", eager=True)(say(default))
    keys.add("c-j", eager=True)(say(default))
    keys.add(Keys.Any)(lambda event: None)

    def line() -> StyleAndTextTuples:
        tokens = _label(message, "")
        if answer:
            return [*tokens, ("class:ticked", f" {'Yes' if answer[0] else 'No'}")]
        return [*tokens, ("class:instruction", " (Y/n)" if default else " (y/N)")]

    window = Window(FormattedTextControl(line, focusable=True), dont_extend_height=True)
    app: Application[object] = Application(
        layout=Layout(window),
        key_bindings=keys,
        style=STYLE,
        include_default_pygments_style=False,
        **app_options,
    )
    return bool(app.run())


# Between questions ---------------------------------------------------------------------------


def wait_for_enter(what: str, seconds: float | None = None, **app_options: Any) -> None:
    """'Press Enter for the next question', or a pause of `seconds` that Enter cuts short.

    Keys pressed while waiting are dropped, so an eager second Enter never answers the next
    question before it is read.
    """
    clock = QuestionClock(seconds)
    keys = KeyBindings()
    _stop_keys(keys)
    keys.add("enter", eager=True)(lambda event: _finish(event.app, None))
    keys.add("c-j", eager=True)(lambda event: _finish(event.app, None))
    keys.add(Keys.Any)(lambda event: None)

    def line() -> StyleAndTextTuples:
        if seconds is None:
            return [("class:instruction", f"Press Enter for {what}")]
        left = math.ceil(clock.left() or 0.0)
        return [("class:instruction", f"{what[0].upper()}{what[1:]} in {left}s (Enter: now)")]

    window = Window(FormattedTextControl(line, focusable=True), height=1)
    app: Application[object] = Application(
        layout=Layout(window),
        key_bindings=keys,
        style=STYLE,
        include_default_pygments_style=False,
        erase_when_done=True,
        refresh_interval=0.25 if seconds is not None else None,
        **app_options,
    )

    def started() -> None:
        clock.start()
        _at_deadline(clock, lambda: _finish(app, None))

    _run_with_clock(app, clock, pre_run=started)
    discard_typeahead(app)


def discard_typeahead(app: Application[Any]) -> None:
    """Drop keys typed ahead: those prompt_toolkit read but did not use, and those the
    terminal holds unread (on a POSIX terminal)."""
    from prompt_toolkit.input.typeahead import clear_typeahead

    clear_typeahead(app.input)
    from spacequiz.ui.system import discard_typeahead as discard_unread

    try:
        fd = app.input.fileno()
    except (OSError, ValueError, NotImplementedError):
        return  # not a terminal (a pipe in tests)
    discard_unread(fd)
