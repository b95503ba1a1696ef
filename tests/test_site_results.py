"""Results on the built site: a sheet imported into a copy of the sample shows up after
`mkdocs build` on the proposal page (chart + status), the municipality page and the cohort
results page (totals, pure-CSS filter); screenshots into test-output/."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from openpyxl import load_workbook

from site_helpers import ROOT, build, copy_project, page, run_cli, text

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "results"
TODAY = "2023-12-31"
OUTPUT = ROOT / "test-output"


@pytest.fixture(scope="module")
def imported_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample with 足立区's filled sheet imported, built on a fixed reference date."""
    project = copy_project(tmp_path_factory.mktemp("results-project"))
    book = load_workbook(FIXTURES / "results-tokyo-2021-131211.xlsx")
    book["成果報告"]["H13"] = 1600  # the typing error corrected
    sheet = project / "results-tokyo-2021-131211.xlsx"
    book.save(sheet)
    done = run_cli("--root", str(project), "results-import", str(sheet), env={"COHORT_SITE_TODAY": TODAY})
    assert done.returncode == 0, done.stdout + done.stderr
    dest = tmp_path_factory.mktemp("results-site")
    build(project, dest, COHORT_SITE_TODAY=TODAY)
    return dest


def flat(html: str) -> str:
    """The visible text without any white space (cells run together), to compare with."""
    return re.sub(r"\s+", "", text(html))


def _svgs(html: str) -> list[ElementTree.Element]:
    return [ElementTree.fromstring(m) for m in re.findall(r"<svg [^>]*class=\"cs-kpi-chart\".*?</svg>", html, re.S)]


def test_proposal_page_shows_each_kpi_with_chart_table_and_statuses(imported_site: Path) -> None:
    html = page(imported_site, "tokyo-2021/proposals/g1/")
    block = html[html.index('id="result-g1-kpi-1"'):html.index('id="result-g1-kpi-2"')]
    svg = _svgs(block)[0]
    assert svg.get("role") == "img" and "来庁せずに申込を完了した保護者の割合" in svg.get("aria-label")
    labels = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert {"目標値 70%", "現状値 18%", "期限 2023/4", "世田谷区", "瑞穂町"} <= set(labels)
    shown = flat(block)
    # Status per municipality, and the numbers as a text table.
    assert "世田谷区72%2023年4月28日達成" in shown
    # After the deadline: nothing reported is 未報告, reported and short of the target is 未達成.
    assert "文京区——未報告" in shown
    assert "調布市58%2023年4月25日未達成" in shown
    assert "瑞穂町現状値（自治体独自）2022年3月31日5%" in shown
    assert "2023年12月31日時点" in flat(html)


def test_each_kpi_chart_is_described_by_its_value_table(imported_site: Path) -> None:
    """A chart's accessible name is its title; its values are the table it names (aria-describedby)."""
    for url in ("tokyo-2021/proposals/g1/", "municipalities/131121/", "municipalities/131211/"):
        html = page(imported_site, url)
        svgs = _svgs(html)
        assert svgs, url
        for svg in svgs:
            ident = svg.get("aria-describedby")
            table = re.search(rf'<table class="cs-kpi-table" id="{re.escape(ident or "")}">.*?</table>', html, re.S)
            assert ident and table and html.count(f'id="{ident}"') == 1, (url, ident)
            assert "の値（グラフの内容）" in table.group() and "現状値" in text(table.group())


def test_imported_numbers_show_after_the_build(imported_site: Path) -> None:
    html = page(imported_site, "tokyo-2021/proposals/g5/")
    shown = flat(html)
    # 42 -> 70 %: 58 % covers 16/28 = 57 % of the way when 805/912 = 88 % of the time has passed.
    assert "足立区58%2023年12月15日遅れ" in shown
    assert "足立区1,600時間2023年9月30日" in shown
    municipality = flat(page(imported_site, "municipalities/131211/"))
    assert "ホームページ閲覧者アンケート（回答980件）" in municipality
    assert "問い合わせ記録の分類と分析実施中分類の基準を5自治体で統一中" in municipality


def test_municipality_page_has_own_baseline_and_measures(imported_site: Path) -> None:
    html = page(imported_site, "municipalities/133035/")
    shown = flat(html)
    assert "成果（2023年12月31日時点）" in shown
    assert "達成来庁せずに申込を完了した保護者の割合現状値（自治体独自）5%→目標値70%" in shown
    assert "就労証明書の様式統一とデータでの受付見送り" in shown
    svg = _svgs(html)[0]
    assert "現状値（独自） 5%" in [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]


def test_cohort_results_page_lists_every_proposal_and_municipality_with_totals(imported_site: Path) -> None:
    html = page(imported_site, "tokyo-2021/results/")
    rows = re.findall(r"<tr class=\"([^\"]*)\">(.*?)</tr>", html, re.S)
    assert len(rows) == 25  # 5 proposals x 5 municipalities
    shown = flat(html)
    assert "KPIの数測定済み達成未達成順調遅れ未報告" in shown
    # Every KPI x municipality of the sample; 56 measured (53 in the sample + 足立区's 3 imported).
    from cohort_site.loader import load_project

    cohort = load_project(ROOT).project.cohort("tokyo-2021")
    total = sum(len(o.kpis) * len(cohort.group(p.group).municipalities) for p in cohort.proposals for o in p.outcomes)
    assert re.search(rf"未報告{total}56\d+", shown), shown[:600]
    # The legend is the status table, in the order it is applied.
    start = html.index('<table class="cs-results__legend"')
    legend = flat(html[start:html.index("</table>", start) + len("</table>")])
    from cohort_site.results import STATUS_RULES

    assert legend.startswith("状況の見方（上の行から順に当てはめます）状況いつ判定のしかた")
    assert legend.endswith("".join(re.sub(r"\s+", "", f"{r.status.value}{r.when}{r.rule}") for r in STATUS_RULES))
    # Pure CSS filter: each status radio hides the rows without that class; no script of ours.
    # The rules are a stylesheet linked in <head> (pages/filters.py), not a <style> in the body.
    css = (imported_site / "tokyo-2021" / "results.css").read_text(encoding="utf-8")
    assert re.search(r"#cs-r-status-0:checked ~ \.cs-results__table tbody tr:not\(\.status-0\)", css)
    assert '<link rel="stylesheet" href="../results.css">' in html.split("</head>")[0]
    article = html[html.index('class="md-content__inner'):]
    assert "<script" not in article.split("</article>")[0]


def test_results_are_in_the_navigation_and_the_downloads(imported_site: Path) -> None:
    html = page(imported_site, "tokyo-2021/downloads/")
    assert "自治体別 成果報告" in text(html)
    assert 'href="../../pdf/tokyo-2021/results-131211.pdf"' in html
    assert 'href="results/"' in page(imported_site, "tokyo-2021/")  # the nav entry 成果


def test_public_build_shows_results(public_site: Path) -> None:
    shown = flat(page(public_site, "tokyo-2021/results/"))
    assert "来庁せずに申込を完了した保護者の割合：72%" in shown


def test_screenshots(imported_site: Path) -> None:
    from playwright.sync_api import sync_playwright

    OUTPUT.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
        )
        tab = browser.new_page(viewport={"width": 1280, "height": 1100})
        tab.goto((imported_site / "tokyo-2021/results/index.html").as_uri())
        tab.screenshot(path=str(OUTPUT / "results-page.png"))
        # The filter works without script: 遅れ leaves only rows with a late KPI.
        late = tab.locator("fieldset.cs-filter").first.locator("label", has_text="遅れ")
        late.click()
        visible = tab.locator(".cs-results__table tbody tr:visible")
        assert 0 < visible.count() < 25
        assert all("遅れ" in visible.nth(i).inner_text() for i in range(visible.count()))
        tab.screenshot(path=str(OUTPUT / "results-page-filtered.png"))
        tab.goto((imported_site / "tokyo-2021/proposals/g1/index.html").as_uri())
        tab.locator("#result-g1-kpi-1").screenshot(path=str(OUTPUT / "proposal-kpi-chart.png"))
        browser.close()
    assert (OUTPUT / "proposal-kpi-chart.png").stat().st_size > 10_000


def test_portfolio_shows_the_latest_status(imported_site: Path) -> None:
    html = page(imported_site, "portfolio/")
    row = next(r for r in re.findall(r"<tr class=\"cs-portfolio__row.*?</tr>", html, re.S) if "proposals/g1/" in r)
    # g1: 4 KPIs x 5 municipalities on 2023-12-31, after its deadline: 6 achieved, 8 reported
    # short of the target, 6 never reported (文京区's 4, 瑞穂町's 2).
    assert flat(row).endswith("達成6未達成8未報告6")
    assert 'href="../tokyo-2021/results/"' in row
