"""The kit builds: its data passes the checker and its site carries the cohort's title."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from cohort_site.loader import load_project

ROOT = Path(__file__).resolve().parent.parent


def test_check_passes() -> None:
    result = subprocess.run([sys.executable, "build.py", "check"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_site_shows_the_cohort(tmp_path: Path) -> None:
    cohort = load_project(ROOT).project.cohorts[0]
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    overview = (tmp_path / "site" / cohort.id / "index.html").read_text(encoding="utf-8")
    assert cohort.title in overview and cohort.organiser in overview
