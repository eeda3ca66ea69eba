"""The README's screenshots are drawn from the real screens and are up to date."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "docs" / "screenshots.py"


def screenshots() -> ModuleType:
    spec = importlib.util.spec_from_file_location("screenshots", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", list(screenshots().SCREENS))
def test_each_screenshot_is_present_and_up_to_date(name: str) -> None:
    path = ROOT / "docs" / "screens" / f"{name}.svg"
    assert path.exists(), f"{path.name} is missing: run python docs/screenshots.py"
    fresh = screenshots().render(name)
    assert path.read_text(encoding="utf-8") == fresh, (
        f"{path.name} is stale: run python docs/screenshots.py"
    )


def test_the_readme_shows_every_screenshot() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = set(re.findall(r"\(docs/screens/([\w-]+)\.svg\)", readme))
    assert shown == set(screenshots().SCREENS)
