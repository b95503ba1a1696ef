"""Two sessions on one day (morning and afternoon, common in intensive programmes): valid for the
checker, kept on one day by the rollover, and both listed with their times on the site's timeline."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from cohort_site.checks import load_and_check
from cohort_site.loader import load_project
from site_helpers import build, copy_project, page, run_cli, text

ROOT = Path(__file__).resolve().parent.parent
SESSIONS = Path("cohort_data/tokyo-2021/sessions")


def _same_day(project: Path) -> Path:
    """Session 1 moves to the morning of its day; session 2 joins it in the afternoon."""
    first, second = project / SESSIONS / "01.md", project / SESSIONS / "02.md"
    first.write_text(
        first.read_text(encoding="utf-8").replace('start: "13:30"\nend: "16:30"', 'start: "09:30"\nend: "12:30"', 1),
        encoding="utf-8",
    )
    second.write_text(second.read_text(encoding="utf-8").replace("date: 2021-11-09", "date: 2021-10-12", 1),
                      encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _same_day(copy_project(tmp_path_factory.mktemp("same-day")))


def test_two_sessions_on_one_day_pass_check(project: Path) -> None:
    checked = load_and_check(project)
    cohort = next(c for c in checked.project.cohorts if c.id == "tokyo-2021")
    first, second = cohort.session(1), cohort.session(2)
    assert first.date == second.date and first.end < second.start  # the edit took effect
    assert checked.ok, [str(d) for d in checked.diagnostics if d.is_error]


def test_rollover_keeps_them_on_one_day_without_a_note(project: Path, tmp_path: Path) -> None:
    root = tmp_path / "root"
    shutil.copytree(project / "cohort_data", root / "cohort_data")
    result = run_cli("--root", str(root), "new-cohort", "tokyo-2022", "--from", "tokyo-2021")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "同じ日" not in result.stdout
    new = next(c for c in load_project(root).project.cohorts if c.id == "tokyo-2022")
    first, second = new.session(1), new.session(2)
    assert first.date == second.date and first.date.year == 2022
    assert (first.start, second.start) == (first.start.replace(hour=9, minute=30), second.start.replace(hour=13, minute=30))
    assert load_and_check(root, cohort_id="tokyo-2022").ok


def test_site_timeline_lists_both_sessions_with_their_times(project: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(project, site)
    overview = text(page(site, "tokyo-2021/"))
    first = re.search(r"第1回・2021年10月12日\(火\) 9:30〜12:30", overview)
    second = re.search(r"第2回・2021年10月12日\(火\) 13:30〜16:30", overview)
    assert first and second, overview[:2000]
    assert first.start() < second.start()
