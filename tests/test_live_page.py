"""The page's copies of the host's rules: the choice looks it draws and the numbers it sends.

The page's shapes and colours come by name from core/looks (the projector's table), so app.css
must draw every one; the page's number check must agree with the engine's parse_number, run
side by side in Node where it is installed.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from importlib import resources

import pytest

from spacequiz.core.answers import parse_number
from spacequiz.core.looks import LOOKS
from spacequiz.live import protocol
from spacequiz.ui.classroom_screens import CHOICE_LOOKS
from tests.test_live_game import CHOICE, MULTI, rounds

STATIC = resources.files("spacequiz.live") / "static"


def test_every_look_is_drawn_by_the_page_and_the_projector_from_one_table() -> None:
    css = (STATIC / "app.css").read_text(encoding="utf-8")
    for look in LOOKS:
        assert f".shape-{look.shape} " in css or f".shape-{look.shape}{{" in css, look
        assert re.search(rf"\.look-{look.colour} \{{ --look: var\(--", css), look
    assert [glyph for glyph, _ in CHOICE_LOOKS] == [look.glyph for look in LOOKS]
    assert len({(look.shape, look.colour) for look in LOOKS}) == len(LOOKS)
    frame = protocol.question(rounds(CHOICE, MULTI)[1], seconds=None, answered=False)
    assert frame["looks"][:4] == [
        {"shape": look.shape, "colour": look.colour} for look in LOOKS[:4]
    ]


TYPED = [
    "49", "forty nine", "3,000", "3 000", "3\u00a0000", "1'000.5", "3.5", "3,5", "37 years",
    "1.5e3", ".5", "-12", "−7", "~40", "≈ 40", "3 thousand", "2k", "5 bn", "12 km", "km",
    "abc 12", "1,2,3", "12 and 13", "", "  7  ", "+8", "1e", "0x10", "٣", "3 hundred", "9" * 1001,
]  # fmt: skip


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
def test_the_page_refuses_exactly_what_the_engine_cannot_read_as_a_number() -> None:
    script = (STATIC / "app.js").read_text(encoding="utf-8")
    rules = "\n".join(
        line
        for line in script.splitlines()
        if re.match(r"\s*const (NUMBER|SCALE_WORDS|MAX_TYPED_NUMBER) =", line)
    )
    body = re.search(r"function readsAsNumber\(text\) \{.*?\n  \}", script, re.S)
    assert rules.count("const ") == 3 and body is not None
    program = (
        f"{rules}\n{body[0]}\nconst typed = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n"
        "process.stdout.write(JSON.stringify(typed.map(readsAsNumber)));"
    )
    done = subprocess.run(
        ["node", "-e", program], input=json.dumps(TYPED), capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 0, done.stderr
    page = dict(zip(TYPED, json.loads(done.stdout), strict=True))
    engine = {text: parse_number(text) is not None for text in TYPED}
    assert page == engine
    assert not page["forty nine"] and page["3,000"] and page["3 000"] and page["37 years"]
