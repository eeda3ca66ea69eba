"""The student's live page in a real browser, against the real host.

`spacequiz host --plain` runs as a child process driven through its stdin, and a headless
Chromium joins through selenium, answers and sees the reveal, at phone size.

Skipped where selenium, Chromium or chromedriver is missing (CI installs them when it can).
"""

from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest

from tests.browser import chrome

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 30  # seconds for any one thing to show up: a cold browser start can be slow
WIDTH, HEIGHT = 360, 640  # a small phone
HOST_COMMAND = [
    sys.executable,
    "-m",
    "spacequiz",
    "host",
    "--plain",
    "--bind",
    "127.0.0.1",
    "--port",
    "0",
    "-n",
    "2",
    "--seed",
    "1",
    "--timer",
    "60",
]
VERDICTS = ("Right!", "Partly right", "Wrong", "No answer")


class Host:
    """The host process: lines of its stdout arrive through a queue, so every wait can time out."""

    def __init__(self, tmp_path: Path, *extra: str) -> None:
        self.extra = extra
        self.stderr_path = tmp_path / "host-stderr.txt"
        self._stderr = self.stderr_path.open("w", encoding="utf-8")
        self.process = subprocess.Popen(
            [*HOST_COMMAND, *extra],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
            encoding="utf-8",
            env={**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONIOENCODING": "utf-8"},
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def expect(self, pattern: str, timeout: float = TIMEOUT) -> re.Match[str]:
        """The first coming line of stdout that matches; fails with what was seen instead."""
        found = self.look_for(pattern, timeout)
        if found is None:
            self.fail(f"no line matching {pattern!r} within {timeout} s")
        return found

    def look_for(self, pattern: str, timeout: float) -> re.Match[str] | None:
        """The first coming line of stdout that matches, or None when none comes in time."""
        wanted = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                return None
            if line is None:
                self.lines.put(None)  # later waits see the end too instead of timing out
                self.fail(f"the host ended before printing a line matching {pattern!r}")
            self.seen.append(line)
            found = wanted.search(line)
            if found:
                return found

    def send(self, command: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()

    def fail(self, why: str) -> NoReturn:
        stderr = self.stderr_path.read_text(encoding="utf-8", errors="replace")[-2000:]
        pytest.fail(f"{why}\nstdout so far:\n" + "\n".join(self.seen) + f"\nstderr:\n{stderr}")

    def quit(self) -> int:
        if self.process.poll() is None:
            try:
                self.send("quit")
            except (BrokenPipeError, OSError):
                pass
        try:
            return self.process.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.fail(f"the host did not exit within {TIMEOUT} s of `quit`")
        finally:
            self.stop()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=TIMEOUT)
        self._stderr.close()


@pytest.fixture
def host(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Host]:
    """The host; a test parametrized indirectly passes extra options (which question types)."""
    running = Host(tmp_path, *getattr(request, "param", ()))
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    def phone(options: Any) -> None:
        # Headless Chromium keeps windows at least 500 px wide: emulate the phone's viewport.
        metrics = {"width": WIDTH, "height": HEIGHT, "pixelRatio": 1}
        options.add_experimental_option("mobileEmulation", {"deviceMetrics": metrics})
        # The console log shows whether the Content-Security-Policy blocked anything.
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})

    with chrome(tmp_path / "profile", f"--window-size={WIDTH},{HEIGHT}", configure=phone) as driver:
        yield driver


def wait_for(driver: Any, what: str, check: Any, timeout: float = TIMEOUT) -> Any:
    """Poll `check(driver)` until it is truthy; fail with `what` and the page's text if not."""
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    try:
        return WebDriverWait(driver, timeout).until(check)
    except TimeoutException:
        body = driver.find_element("tag name", "body").text
        pytest.fail(f"the page did not show {what} within {timeout} s; it shows:\n{body}")


def shown_text(driver: Any, element_id: str) -> str:
    """The text of an element the player can see, or '' while it is hidden."""
    found = driver.find_elements("id", element_id)
    return found[0].text if found and found[0].is_displayed() else ""


def join(driver: Any, host: Host, name: str) -> str:
    """Open the host's join address, type a name and join; returns the game code."""
    url = host.expect(r"join: (http://\S+)").group(1)
    code = host.expect(r"code: (\d{6})").group(1)
    driver.get(url)
    field = wait_for(driver, "the join form", lambda d: d.find_element("id", "join-code"))
    assert driver.execute_script("return window.innerWidth;") == WIDTH
    assert field.get_attribute("value") == code, "the code from the address is filled in"
    driver.find_element("id", "join-name").send_keys(name)
    driver.find_element("id", "join-button").click()
    host.expect(r"joined: ")
    wait_for(driver, "the lobby", lambda d: shown_text(d, "wait-heading") == f"You're in, {name}!")
    return code


def answer(driver: Any) -> str:
    """Answer the open question the way its kind asks for; returns the kind."""
    area = driver.find_element("id", "q-answer")
    kind = area.get_attribute("data-kind")
    if kind in ("choice", "truefalse"):
        area.find_elements("css selector", ".tile")[0].click()
    elif kind == "multi":
        area.find_elements("css selector", ".check")[0].click()
        area.find_element("css selector", "button[type=submit]").click()
    elif kind == "order":
        for item in area.find_elements("css selector", ".order-item"):
            item.click()
        area.find_element("css selector", ".primary").click()
    else:
        area.find_element("id", "q-field").send_keys("12")
        area.find_element("css selector", "button[type=submit]").click()
    return str(kind)


def policy_violations(driver: Any) -> list[str]:
    """Console messages of things the Content-Security-Policy refused, or other page errors."""
    return [
        entry["message"]
        for entry in driver.get_log("browser")
        if entry["level"] == "SEVERE" or "Content Security Policy" in entry["message"]
    ]


def play_question(driver: Any, host: Host, number: int, shots: Path) -> str:
    """Open question `number` is on the phone: check it, answer it, see the reveal."""
    prompt = host.expect(rf"question {number} of 2: (.+)").group(1).strip()
    heading = f"Question {number} of 2"
    wait_for(driver, heading, lambda d: shown_text(d, "q-number") == heading)
    assert shown_text(driver, "q-prompt") == prompt
    assert re.fullmatch(r"\d+ s", shown_text(driver, "q-timer")), "the countdown runs"
    # Every option carries its letter and its text, so it can be read on the phone itself.
    options = driver.find_elements("css selector", "#q-answer .tile, .check, .order-item")
    for letter, option in zip("ABCDEFGH", options, strict=False):
        assert re.match(rf"{letter}\s+\S", option.text), option.text
    driver.save_screenshot(str(shots / f"live-question-{number}.png"))

    kind = answer(driver)
    # Everyone has answered, so the host reveals by itself; if not, the teacher's command does.
    if host.look_for(rf"reveal {number}: ", timeout=10) is None:
        host.send("reveal")
        host.expect(rf"reveal {number}: ")
    wait_for(driver, "the reveal", lambda d: shown_text(d, "r-verdict-text") in VERDICTS)
    assert shown_text(driver, "r-verdict-text") != "No answer", "the answer counted"
    assert re.fullmatch(r"\+\d+ points?", shown_text(driver, "r-points"))
    assert shown_text(driver, "r-answer"), "the right answer is shown"
    assert re.fullmatch(r"\d+", shown_text(driver, "r-score"))
    assert re.fullmatch(r"\d+", shown_text(driver, "r-rank"))
    assert shown_text(driver, "r-given").startswith("Your answer: ")
    driver.save_screenshot(str(shots / f"live-reveal-{number}.png"))
    return kind


@pytest.mark.parametrize(
    "host",
    [
        pytest.param(("--type", "choice", "--type", "truefalse"), id="tiles"),
        pytest.param(("--type", "multi", "--type", "number", "--type", "text"), id="typed"),
        pytest.param((), id="seeded"),  # the shipped bank as it comes: ordering questions
    ],
    indirect=True,
)
def test_a_student_plays_a_whole_game(host: Host, browser: Any, tmp_path: Path) -> None:
    join(browser, host, "Ana")
    assert shown_text(browser, "wait-text") == "Waiting for the teacher to start…"
    assert shown_text(browser, "wait-players") == "1 player"

    host.send("start")
    kinds = [play_question(browser, host, 1, tmp_path)]
    host.send("next")
    kinds.append(play_question(browser, host, 2, tmp_path))
    if "choice" in host.extra:
        assert set(kinds) <= {"choice", "truefalse"}, "both were answered on coloured tiles"

    host.send("next")
    wait_for(browser, "the podium", lambda d: shown_text(d, "end-heading") == "Game over")
    assert "Ana" in shown_text(browser, "end-podium")
    assert re.fullmatch(r"You finished 1st with \d+ points?\.", shown_text(browser, "end-you"))

    assert policy_violations(browser) == []
    assert host.quit() == 0


def test_a_name_with_markup_shows_literally_and_a_reload_resumes(host: Host, browser: Any) -> None:
    name = "<b>x</b>"
    code = join(browser, host, name)
    # The name is text on the page, not an element.
    assert browser.find_elements("css selector", "main b") == []
    assert name in browser.find_element("tag name", "main").text

    seat = browser.execute_script("return localStorage.getItem(arguments[0]);", f"spacequiz:{code}")
    assert seat is not None and f'"name":"{name}"' in seat
    browser.refresh()
    # The page finds its token and takes its seat again without the join form.
    lobby = f"You're in, {name}!"
    wait_for(browser, "the rejoined lobby", lambda d: shown_text(d, "wait-heading") == lobby)
    assert not browser.find_element("id", "screen-join").is_displayed()
    assert browser.find_elements("css selector", "main b") == []

    assert policy_violations(browser) == []
    assert host.quit() == 0


SIX_AND_A_NUMBER = """\
version: 1
title: Six tiles
questions:
  - id: six
    type: choice
    prompt: Which planet is largest?
    choices: [Mercury, Venus, Earth, Mars, Jupiter, Saturn]
    answer: Jupiter
  - id: year
    type: number
    prompt: In which year did the first crew reach the station?
    answer: 2000
    unit: year
"""


@pytest.fixture
def six(tmp_path: Path) -> Iterator[Host]:
    bank = tmp_path / "six.yaml"
    bank.write_text(SIX_AND_A_NUMBER, encoding="utf-8")
    running = Host(tmp_path, "--bank", str(bank))
    try:
        yield running
    finally:
        running.stop()


def test_tiles_match_the_projector_and_a_number_is_checked_before_it_is_sent(
    six: Host, browser: Any, tmp_path: Path
) -> None:
    from spacequiz.core.looks import LOOKS

    join(browser, six, "Ana")
    six.send("start")
    for number in (1, 2):
        six.expect(rf"question {number} of 2: ")
        heading = f"Question {number} of 2"
        wait_for(browser, heading, lambda d, h=heading: shown_text(d, "q-number") == h)
        area = browser.find_element("id", "q-answer")
        if area.get_attribute("data-kind") == "choice":
            tiles = area.find_elements("css selector", ".tile")
            assert len(tiles) == 6
            for tile, look in zip(tiles, LOOKS, strict=False):  # the projector's table
                assert f"look-{look.colour}" in tile.get_attribute("class").split()
                shape = tile.find_element("css selector", ".shape")
                assert f"shape-{look.shape}" in shape.get_attribute("class").split()
            browser.save_screenshot(str(tmp_path / "live-six-tiles.png"))
            tiles[0].click()
        else:
            field = area.find_element("id", "q-field")
            field.send_keys("forty nine")
            area.find_element("css selector", "button[type=submit]").click()
            problem = area.find_element("css selector", ".error")
            wait_for(browser, "the number check", lambda d, p=problem: "digits" in p.text)
            browser.save_screenshot(str(tmp_path / "live-not-a-number.png"))
            field.clear()
            field.send_keys("3,000")
            area.find_element("css selector", "button[type=submit]").click()
        six.expect(rf"reveal {number}: ")
        wait_for(browser, "the reveal", lambda d: shown_text(d, "r-verdict-text") in VERDICTS)
        if area.get_attribute("data-kind") == "number":
            # Only the number was sent: "forty nine" would have been the answer counted.
            assert shown_text(browser, "r-given") == "Your answer: 3,000"
        six.send("next")
    assert policy_violations(browser) == []


SIX_TO_TICK_AND_SIX_TO_ORDER = """\
version: 1
title: Ticks and orders
questions:
  - id: gas
    type: multi
    prompt: Which of these planets are gas giants?
    choices: [Jupiter, Mars, Saturn, Venus, Mercury, Earth]
    answer: [Jupiter, Saturn]
  - id: out
    type: order
    prompt: Put these planets in order from the Sun outwards.
    items: [Mercury, Venus, Earth, Mars, Jupiter, Saturn]
  - id: port
    type: text
    prompt: From which cosmodrome did Gagarin fly?
    answer: Baikonur
"""


def hosting(tmp_path: Path, bank_text: str, *args: str) -> Iterator[Host]:
    """A host playing a bank of its own, stopped when the test ends."""
    bank = tmp_path / "bank.yaml"
    bank.write_text(bank_text, encoding="utf-8")
    running = Host(tmp_path, "--bank", str(bank), *args)
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def ticks(tmp_path: Path) -> Iterator[Host]:
    # Time enough to tick, reload and come back on a busy machine, short enough to wait for.
    yield from hosting(tmp_path, SIX_TO_TICK_AND_SIX_TO_ORDER, "--timer", "15", "-n", "3")


def submit_in_sight(driver: Any) -> bool:
    """The open question's submit button is on the screen without scrolling."""
    return bool(
        driver.execute_script(
            "const b = document.querySelector('#q-answer .primary');"
            "const r = b.getBoundingClientRect();"
            "return window.scrollY === 0 && r.top >= 0 && r.bottom <= window.innerHeight;"
        )
    )


def picks_shown(driver: Any, kind: str) -> list[str]:
    """The ticked options, the items placed in order so far, or the text typed."""
    if kind == "text":
        return [driver.find_element("id", "q-field").get_attribute("value")]
    if kind == "multi":
        found = driver.find_elements("css selector", "#q-answer .check:has(input:checked)")
    else:
        found = driver.find_elements("css selector", "#q-answer .order-chosen")
    return [" ".join(f.text.split()) for f in found]


def test_ticks_picks_and_typing_outlive_a_reload_and_count_when_time_runs_out(
    ticks: Host, browser: Any, tmp_path: Path
) -> None:
    join(browser, ticks, "Ana")
    ticks.send("start")
    for number in (1, 2, 3):
        ticks.expect(rf"question {number} of 3: ")
        heading = f"Question {number} of 3"
        wait_for(browser, heading, lambda d, h=heading: shown_text(d, "q-number") == h)
        area = browser.find_element("id", "q-answer")
        kind = str(area.get_attribute("data-kind"))
        # Six options of ordinary length and the submit button fit a 360 by 640 phone.
        assert submit_in_sight(browser), f"{kind}: the submit button is below the fold"
        browser.save_screenshot(str(tmp_path / f"live-{kind}-six.png"))
        if kind == "text":
            area.find_element("id", "q-field").send_keys("Baikonur")
        else:
            option = ".check" if kind == "multi" else ".order-item"
            found = area.find_elements("css selector", option)
            by_text = {o.text.split(maxsplit=1)[-1]: o for o in found}
            # Both gas giants ticked; or the first two from the Sun placed, the rest not yet.
            for name in ("Jupiter", "Saturn") if kind == "multi" else ("Mercury", "Venus"):
                by_text[name].click()
        picked = picks_shown(browser, kind)
        assert len(picked) == (1 if kind == "text" else 2), picked

        browser.refresh()  # mid-question: the seat and the picks come back
        wait_for(browser, "the question again", lambda d, h=heading: shown_text(d, "q-number") == h)
        assert picks_shown(browser, kind) == picked
        browser.save_screenshot(str(tmp_path / f"live-{kind}-reloaded.png"))

        # Nothing submitted: when the countdown reaches zero the page sends what it has.
        ticks.expect(rf"reveal {number}: ", timeout=TIMEOUT + 15)
        wait_for(browser, "the reveal", lambda d: shown_text(d, "r-verdict-text") in VERDICTS)
        verdict = shown_text(browser, "r-verdict-text")
        given = shown_text(browser, "r-given").removeprefix(
            "Your answer, sent as the time ran out: "
        )
        if kind == "multi":
            assert verdict == "Right!"
            assert given in ("Jupiter, Saturn", "Saturn, Jupiter")
        elif (
            kind == "order"
        ):  # the two placed, then the rest as shown: partial credit, as in `play`
            assert verdict in ("Right!", "Partly right")
            assert given.startswith("Mercury → Venus → ") and given.count("→") == 5, given
        else:
            assert (verdict, given) == ("Right!", "Baikonur")
        browser.save_screenshot(str(tmp_path / f"live-{kind}-time-up.png"))
        ticks.send("next")
    wait_for(browser, "the podium", lambda d: shown_text(d, "end-heading") == "Game over")
    keys = browser.execute_script("return Object.keys(sessionStorage);")
    assert keys == [], "the kept picks are forgotten once their question closes"
    assert policy_violations(browser) == []


FOUR_KINDS = """\
version: 1
title: Four kinds
questions:
  - id: red
    type: choice
    prompt: Which planet is called the red planet?
    choices: [Mars, Venus, Jupiter, Mercury]
    answer: Mars
  - id: gas
    type: multi
    prompt: Which of these planets are gas giants?
    choices: [Jupiter, Mars, Saturn, Venus]
    answer: [Jupiter, Saturn]
  - id: out
    type: order
    prompt: Put these planets in order from the Sun outwards.
    items: [Mercury, Venus, Earth, Mars]
  - id: port
    type: text
    prompt: From which cosmodrome did Gagarin fly?
    answer: Baikonur
"""


@pytest.fixture
def four(tmp_path: Path) -> Iterator[Host]:
    yield from hosting(tmp_path, FOUR_KINDS, "-n", "4")


def test_the_sent_screen_shows_the_answer_sent_even_after_a_reload(
    four: Host, browser: Any, tmp_path: Path
) -> None:
    import json

    from websockets.sync.client import connect

    code = join(browser, four, "Ana")
    # Bob joins and never answers, so every question stays open on Ana's sent screen.
    address = re.sub(r"^http://([^/]+)/.*$", r"ws://\1/ws", browser.current_url)
    with connect(address) as bob:
        bob.send(json.dumps({"type": "join", "v": 1, "code": code, "name": "Bob"}))
        four.expect(r"joined: Bob")
        four.send("start")
        for number in (1, 2, 3, 4):
            four.expect(rf"question {number} of 4: ")
            heading = f"Question {number} of 4"
            wait_for(browser, heading, lambda d, h=heading: shown_text(d, "q-number") == h)
            options = [
                " ".join(o.text.split())
                for o in browser.find_elements(
                    "css selector", "#q-answer .tile, .check, .order-item"
                )
            ]
            kind = answer(browser)
            if kind == "order":  # every item, in the order tapped
                want = [f"{i}. {o}" for i, o in enumerate(options, start=1)]
            else:  # the first tile (letter, text), the one ticked, or the typed text
                want = options[:1] or ["12"]
            for again in (False, True):  # and the same after a reload
                if again:
                    browser.refresh()
                wait_for(
                    browser,
                    "the sent screen",
                    lambda d: shown_text(d, "q-sent-text").startswith("Answer sent"),
                )
                assert shown_text(browser, "q-sent-answer").startswith("Your answer")
                rows = "#q-sent-answer li, #q-sent-answer .given-typed"
                sent = [
                    " ".join(r.text.split()) for r in browser.find_elements("css selector", rows)
                ]
                assert sent == want, (kind, again, sent)
                browser.save_screenshot(str(tmp_path / f"live-sent-{kind}-{again}.png"))
            four.send("reveal")
            four.expect(rf"reveal {number}: ")
            wait_for(browser, "the reveal", lambda d: shown_text(d, "r-verdict-text") in VERDICTS)
            four.send("next")
    wait_for(browser, "the podium", lambda d: shown_text(d, "end-heading") == "Game over")
    assert policy_violations(browser) == []
