"""Into next year: `build.py new-cohort` carries achieved results into the new cohort as case
studies (事例) with their numbers, shown on the new cohort's overview page."""

from __future__ import annotations

import re
from pathlib import Path

from cohort_site.loader import load_project
from site_helpers import build, copy_project, page, run_cli, text


def test_achieved_results_become_the_new_cohorts_cases(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    done = run_cli("--root", str(project), "new-cohort", "tokyo-2022", "--from", "tokyo-2021",
                   env={"COHORT_SITE_TODAY": "2023-12-31"})
    assert done.returncode == 0, done.stdout + done.stderr
    assert "faq.yml" in done.stdout
    new = load_project(project).project.cohort("tokyo-2022")
    cases = {(c.municipality, c.title) for c in new.cases}
    # Every municipality that reached at least one target (12 of the sample's 16 that report);
    # 奥多摩町 and 練馬区 reported without reaching any, 八丈町 and 多摩市 too, the others nothing.
    assert {code for code, _ in cases} == {"131083", "131091", "131121", "131181", "132012", "132047", "132063",
                                           "132080", "132098", "132110", "132152", "133035"}
    setagaya = next(c for c in new.cases if c.municipality == "131121")
    assert "来庁せずに申込を完了した保護者の割合: 18% → 72%（目標 70%、2023年4月28日、電子申請システムの集計）" in setagaya.summary
    assert "手続き時間" not in setagaya.summary  # not achieved: not a case
    site = tmp_path / "site"
    build(project, site, COHORT_SITE_TODAY="2023-12-31")
    overview = text(page(site, "tokyo-2022/"))
    assert "保育所等の入所申込を、来庁しなくても夜間・休日に終えられるようにする" in overview
    assert re.search(r"来庁せずに申込を完了した保護者の割合: 5% → 74%", overview)
