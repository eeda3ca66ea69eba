"""Digits in large block letters for the projector: the countdown, question numbers, scores.

A 3x5 pixel font of our own (digits and a few signs) drawn with half blocks, so a pixel is
about square on a terminal and any size from 3 rows up is one scale factor away. Callers ask
for the largest size that fits and fall back to ordinary text when none does.
"""

from __future__ import annotations

from rich.text import Text

_FONT = {
    "0": ("###", "#.#", "#.#", "#.#", "###"),
    "1": (".#.", "##.", ".#.", ".#.", "###"),
    "2": ("###", "..#", "###", "#..", "###"),
    "3": ("###", "..#", "###", "..#", "###"),
    "4": ("#.#", "#.#", "###", "..#", "..#"),
    "5": ("###", "#..", "###", "..#", "###"),
    "6": ("###", "#..", "###", "#.#", "###"),
    "7": ("###", "..#", ".#.", ".#.", ".#."),
    "8": ("###", "#.#", "###", "#.#", "###"),
    "9": ("###", "#.#", "###", "..#", "###"),
    "/": ("..#", "..#", ".#.", "#..", "#.."),
    ":": (".", "#", ".", "#", "."),
    "-": ("...", "...", "###", "...", "..."),
    "+": ("...", ".#.", "###", ".#.", "..."),
    " ": ("..", "..", "..", "..", ".."),
}
PIXEL_ROWS = 5
_HALVES = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def can_draw(text: str) -> bool:
    return bool(text) and all(char in _FONT for char in text)


def measure(text: str, size: int) -> tuple[int, int]:
    """Columns and rows `text` takes at `size` (1: 3 rows high, 2: 5, 3: 8, 4: 10)."""
    pixels = sum(len(_FONT[char][0]) for char in text) + max(len(text) - 1, 0)
    return pixels * size, (PIXEL_ROWS * size + 1) // 2


def big(text: str, size: int, style: str = "") -> Text:
    """`text` (digits and / : - + space) in block letters, `size` pixels per font pixel."""
    if not can_draw(text):
        raise ValueError(f"no big letters for {text!r}")
    rows: list[list[bool]] = [[] for _ in range(PIXEL_ROWS)]
    for i, char in enumerate(text):
        for row, line in zip(rows, _FONT[char], strict=True):
            if i:
                row.append(False)  # a pixel of space between letters
            row.extend(pixel == "#" for pixel in line)
    # Each font pixel becomes size x size: `size` columns and `size` half-rows.
    tall = [[bit for bit in row for _ in range(size)] for row in rows for _ in range(size)]
    if len(tall) % 2:
        tall.append([False] * len(tall[0]))
    lines = [
        "".join(_HALVES[top, bottom] for top, bottom in zip(upper, lower, strict=True))
        for upper, lower in zip(tall[::2], tall[1::2], strict=True)
    ]
    # Left-justified whatever the container says: centring each line on its own would
    # shift lines that end in blank pixels and break the letters apart.
    return Text("\n".join(lines), style=style, justify="left", no_wrap=True, overflow="crop")


def fitting_size(text: str, width: int, height: int, largest: int = 4) -> int:
    """The largest size at which `text` fits in width x height; 0 when none does."""
    if not can_draw(text):
        return 0
    for size in range(largest, 0, -1):
        columns, rows = measure(text, size)
        if columns <= width and rows <= height:
            return size
    return 0


def big_or_plain(text: str, width: int, height: int, style: str = "", largest: int = 4) -> Text:
    """Block letters as large as fit (up to `largest`), or the plain text when none do."""
    size = fitting_size(text, width, height, largest)
    return big(text, size, style) if size else Text(text, style=style, no_wrap=True)
