"""How a question's choices look: a shape, a colour and a letter together, so nobody needs to
tell colours apart.

One table for every screen: the projector draws each `glyph` on its colour, and the phone
page draws the shape and the colour it is sent by name (protocol `looks`), so the two
cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Look:
    glyph: str
    shape: str
    """The page's shape, by name (app.css draws `.shape-NAME`)."""
    colour: str
    """The colour, by name (app.css `.look-NAME`; ui/classroom_screens its terminal style)."""


LOOKS = (
    Look("▲", "triangle", "red"),
    Look("◆", "diamond", "blue"),
    Look("●", "circle", "yellow"),
    Look("■", "square", "green"),
    Look("★", "star", "purple"),
    Look("✚", "cross", "teal"),
    Look("⬟", "pentagon", "orange"),
    Look("♥", "heart", "pink"),
)


def look_of(index: int) -> Look:
    """The look of the choice at this index (the table repeats past its end)."""
    return LOOKS[index % len(LOOKS)]
