"""A headless Chromium driven by Selenium, for the tests of the pages we serve and write."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROME_ARGS = [
    "--headless=new",
    "--no-sandbox",  # containers and CI run as root, where the sandbox cannot start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _program(path: str, name: str) -> str | None:
    return path if os.access(path, os.X_OK) else shutil.which(name)


@contextmanager
def chrome(
    profile: Path, *args: str, configure: Callable[[Any], None] | None = None
) -> Iterator[Any]:
    """A Chrome driver on Debian's chromium, skipping the test where it is not installed.

    `args` are added to the usual headless ones; `configure` may set more on the options.
    """
    webdriver = pytest.importorskip(
        "selenium.webdriver", reason="selenium is not installed: pip install -e '.[test]'"
    )
    from selenium.webdriver.chrome.service import Service

    chromium = _program("/usr/bin/chromium", "chromium")
    chromedriver = _program("/usr/bin/chromedriver", "chromedriver")
    if chromium is None or chromedriver is None:
        pytest.skip(
            "chromium and chromedriver are needed: .ci/run installs them with apt-get; "
            "elsewhere install them (e.g. apt-get install chromium chromium-driver)"
        )
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in [*CHROME_ARGS, *args, f"--user-data-dir={profile}"]:
        options.add_argument(argument)
    if configure is not None:
        configure(options)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=chromedriver))
    try:
        yield driver
    finally:
        driver.quit()
