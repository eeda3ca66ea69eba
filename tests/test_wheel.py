"""The built wheel carries the shipped bank and works from any folder."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from .conftest import ROOT, SHIPPED


def test_wheel_ships_the_bank_and_runs_from_another_folder(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--quiet",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    [wheel] = tmp_path.glob("spacequiz-*.whl")
    unpacked = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        assert archive.read("spacequiz/data/questions.yaml") == SHIPPED.read_bytes()
        assert any(n.endswith("licenses/LICENSE") for n in archive.namelist())
        archive.extractall(unpacked)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "spacequiz", "validate"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(unpacked)},
    )
    assert result.returncode == 0, result.stderr
    assert "no problems found" in result.stdout
    located = subprocess.run(
        [sys.executable, "-c", "import spacequiz.bank.load as b; print(b.shipped_bank_path())"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(unpacked)},
    )
    assert located.stdout.strip().startswith(str(unpacked))
