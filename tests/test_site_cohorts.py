"""Several cohorts side by side: a second cohort folder appears everywhere with no config change."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from site_helpers import build, copy_project, load, page, text


def test_second_cohort_needs_no_config_change(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    config_before = (project / "mkdocs.yml").read_bytes()
    source, target = project / "cohort_data/tokyo-2021", project / "cohort_data/tokyo-2022"
    shutil.copytree(source, target)
    shutil.rmtree(target / "results")  # last year's results are not the copy's (their dates precede it)
    cohort_yml = target / "cohort.yml"
    content = cohort_yml.read_text(encoding="utf-8")
    content = content.replace("id: tokyo-2021", "id: tokyo-2022").replace("令和3年度", "令和4年度")
    content = content.replace("fiscal_year: 2021", "fiscal_year: 2022")
    content = content.replace("start: 2021-10-01", "start: 2022-10-01").replace("end: 2022-03-31", "end: 2023-03-31")
    cohort_yml.write_text(content, encoding="utf-8")
    for session in (target / "sessions").glob("*.md"):  # a year later, same days
        dated = re.sub(r"^date: (\d{4})", lambda m: f"date: {int(m.group(1)) + 1}",
                       session.read_text(encoding="utf-8"), flags=re.M)
        session.write_text(dated, encoding="utf-8")
    assert (project / "mkdocs.yml").read_bytes() == config_before
    site = tmp_path / "site"
    build(project, site)

    for cohort in ("tokyo-2021", "tokyo-2022"):
        assert (site / cohort / "index.html").is_file()
        assert (site / cohort / "sessions/1/index.html").is_file()
        assert (site / cohort / "proposals/g1/index.html").is_file()
        assert (site / cohort / "calendar.ics").is_file()
    home = page(site, "")
    assert home.index('href="tokyo-2022/"') < home.index('href="tokyo-2021/"'), "newest first"
    portfolio = page(site, "portfolio/")
    proposals = sum(len(c.proposals) for c in load(project).cohorts)  # tokyo-2022's are tokyo-2021's again
    assert len(re.findall(r'<tr class="cs-portfolio__row', portfolio)) == proposals
    assert "令和4年度" in text(portfolio) and "令和3年度" in text(portfolio)
    setagaya = page(site, "municipalities/131121/")
    assert 'href="../../tokyo-2022/groups/g1/"' in setagaya and 'href="../../tokyo-2021/groups/g1/"' in setagaya
    nav_tabs = re.findall(r'class="md-tabs__link">\s*([^<]*?)\s*</a>', home)
    assert "令和4年度 区市町村DX推進研修（サンプル）" in nav_tabs
