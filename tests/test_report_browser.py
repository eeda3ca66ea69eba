"""The HTML report in a real browser: headless Chromium renders it, and the leaderboard shows;
at a phone's, a tablet's, a laptop's and a desktop's width no word breaks inside and the page
never scrolls sideways.

Skipped where Chromium (or, for the widths, selenium and chromedriver) is not installed; CI
installs them when it can.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from spacequiz.core.classroom import ClassroomResult
from spacequiz.formats.report import render_report
from spacequiz.storage.files import save_report
from tests.browser import CHROME_ARGS, chrome
from tests.report_game import play, play_buzz_ended_early, play_wide

LEADERBOARD_RGB = (0x1F, 0x6F, 0xEB)
WIDTH, HEIGHT = 1200, 900
TIMEOUT = 90  # seconds: a cold start on a slow CI machine can take a while


def chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    pytest.skip(
        "chromium is not installed: .ci/run installs it with apt-get; "
        "elsewhere install Chromium (e.g. apt-get install chromium) to run this test"
    )


def run_chromium(tmp_path: Path, report: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Chromium headless, offline, with a throwaway profile; fails the test on a hang."""
    command = [
        chromium(),
        *CHROME_ARGS,
        f"--user-data-dir={tmp_path / 'profile'}",
        f"--window-size={WIDTH},{HEIGHT}",
        *args,
        report.as_uri(),
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail(f"chromium did not finish within {TIMEOUT} s: {' '.join(command)}")
    assert done.returncode == 0, done.stderr[-2000:]
    return done


@pytest.fixture(scope="module")
def result() -> ClassroomResult:
    return play()


@pytest.fixture
def report(result: ClassroomResult, tmp_path: Path) -> Path:
    path = tmp_path / "results.html"
    save_report(path, render_report(result, path, date=dt.date(2026, 3, 14)))
    return path


def test_screenshot_shows_the_leaderboard_near_the_top(tmp_path: Path, report: Path) -> None:
    from PIL import Image

    shot = tmp_path / "shot.png"
    run_chromium(tmp_path, report, f"--screenshot={shot}")
    assert shot.is_file(), "chromium wrote no screenshot"
    with Image.open(shot) as image:
        rgb = image.convert("RGB")
        width, height = rgb.size
        top = rgb.crop((0, 0, width, height * 2 // 3))
        data = top.tobytes()  # packed RGB: works across Pillow versions, unlike getdata()
    pixels = list(zip(data[0::3], data[1::3], data[2::3], strict=True))

    def near(pixel: tuple[int, int, int]) -> bool:
        return all(abs(a - b) <= 8 for a, b in zip(pixel, LEADERBOARD_RGB, strict=True))

    share = sum(1 for p in pixels if near(p)) / len(pixels)
    # The leaderboard panel fills a good part of the first two thirds of the first screen.
    assert share > 0.15, f"only {share:.1%} of the top of the page is the leaderboard's blue"


class _Leaderboard(HTMLParser):
    """The cell texts of each row in the #leaderboard table, as the browser rendered them."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0  # >0 inside the leaderboard section
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth:
            self.depth += tag == "section"
            if tag == "tr":
                self.rows.append([])
            elif tag == "td":
                self.cell = []
        elif tag == "section" and ("id", "leaderboard") in attrs:
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if not self.depth:
            return
        if tag == "section":
            self.depth -= 1
        elif tag == "td" and self.cell is not None:
            self.rows[-1].append("".join(self.cell).strip())
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def test_rendered_dom_has_the_leaderboard_rows(
    tmp_path: Path, report: Path, result: ClassroomResult
) -> None:
    done = run_chromium(tmp_path, report, "--dump-dom")
    dom = done.stdout
    assert 'id="leaderboard"' in dom
    parser = _Leaderboard()
    parser.feed(dom)
    rows = [r for r in parser.rows if r]
    assert rows == [[str(s.rank), s.team, str(s.score)] for s in result.standings]
    # The hostile text stayed text: no element came out of it.
    assert "<script" not in dom.lower()
    assert "<b>Co</b>" not in dom


# Widths -------------------------------------------------------------------------------------

WIDTHS = (375, 768, 1100, 1440)  # a phone, a tablet, a laptop, a desktop
GAMES: dict[str, Callable[[], ClassroomResult]] = {
    "turns": play,
    "buzz ended early": play_buzz_ended_early,
    "ten questions": play_wide,
}

# Every word of the page's text, as the browser laid it out: a word whose pieces sit on two
# lines was broken inside. A line may still break after a hyphen or a slash, as in prose.
LAYOUT = """
const broken = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
while (walker.nextNode()) {
  const node = walker.currentNode;
  for (const match of node.textContent.matchAll(/[^\\s\\-\\u2010-\\u2015\\/]+/g)) {
    const range = document.createRange();
    range.setStart(node, match.index);
    range.setEnd(node, match.index + match[0].length);
    const boxes = [...range.getClientRects()].filter((box) => box.width > 0);
    if (boxes.some((box) => box.top >= boxes[0].bottom - 1)) {
      broken.push(match[0] + " in <" + node.parentElement.tagName.toLowerCase() + ">");
    }
  }
}
return {broken, page: document.documentElement.scrollWidth, view: window.innerWidth};
"""


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with chrome(tmp_path_factory.mktemp("profile")) as browser:
        yield browser


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("game", GAMES)
def test_the_report_reads_at_every_width(
    driver: Any, tmp_path: Path, game: str, width: int
) -> None:
    path = tmp_path / "results.html"
    save_report(path, render_report(GAMES[game](), path, date=dt.date(2026, 3, 14)))
    # Headless windows are at least 500 px wide: the phone's width is emulated.
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600},
    )
    driver.get(path.as_uri())
    found = driver.execute_script(LAYOUT)
    assert found["view"] == width
    assert found["broken"] == [], f"words broken inside at {width} px: {found['broken']}"
    assert found["page"] <= width, f"the page scrolls sideways at {width} px"
