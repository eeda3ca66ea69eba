"""The single door through which bank text and typed text reach the terminal.

Rich parses markup in plain strings and passes most escape sequences straight through, so a
bank could restyle the screen, retitle the window, write the clipboard (OSC 52) or make
hidden links. Every screen turns outside text into `Text` via `literal`, which strips those
sequences and control characters (core/text `clean`) and never interprets markup or emoji
codes.
"""

from __future__ import annotations

from rich.text import Text

# Re-exported: prompts (questionary) take plain strings, and they come through this door too.
from spacequiz.core.text import clean as clean


def literal(text: str, style: str = "") -> Text:
    """Outside text as a Rich `Text`: shown exactly as written, never as markup."""
    return Text(clean(text), style=style)
