"""Municipality reference data: the shipped national CSV, the project's CSVs over it, unknown
populations (never 0) in the site and the PDFs, designated cities and their wards."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cohort_site.checks import load_and_check
from cohort_site.loader import load_project
from cohort_site.reference import SHIPPED_NAME
from handouts_support import page_texts, render, squash
from site_helpers import build, copy_project, page, text
from test_checker_fixtures import make_project

ROOT = Path(__file__).resolve().parent.parent


def test_project_rows_replace_the_shipped_ones(tmp_path: Path) -> None:
    project = make_project(tmp_path, None)  # its 13_tokyo.csv repeats five shipped rows
    (project / "cohort_data" / "municipalities" / "13_tokyo.csv").write_text(
        "code,name,kana,type,population_2020_preliminary\n131121,世田谷区,せたがやく,特別区,\"950,000\"\n",
        encoding="utf-8",
    )
    loaded = load_project(project)
    assert not loaded.diagnostics
    setagaya = loaded.project.municipalities["131121"]
    assert setagaya.population == 950000
    assert str(setagaya.loc()) == "cohort_data/municipalities/13_tokyo.csv:2:1"
    # The rows the project leaves alone still come from the shipped data.
    assert loaded.project.municipalities["131016"].loc().file == SHIPPED_NAME
    assert loaded.project.municipalities["131016"].population == 66758


def test_thousands_separators_and_blank_population(tmp_path: Path) -> None:
    project = make_project(tmp_path, "municipality-csv-population")
    found = load_project(project).project.municipalities
    assert found["139998"].population == 3777491
    assert found["139980"].population is None
    assert found["139980"].population_text == "人口不明"


def test_a_cohort_of_three_prefectures_passes_check_without_reference_edits(tmp_path: Path) -> None:
    project = make_project(tmp_path, None)
    shutil.rmtree(project / "cohort_data" / "municipalities")
    groups = project / "cohort_data" / "mini-2021" / "groups.yml"
    # 横浜市 (designated city), 大磯町 (Kanagawa), 札幌市 (Hokkaido), 世田谷区 (Tokyo)
    groups.write_text(
        groups.read_text(encoding="utf-8").replace('      - "134015"\n', '      - "141003"\n      - "143413"\n      - "011002"\n'),
        encoding="utf-8",
    )
    checked = load_and_check(project)
    assert checked.ok, [str(d) for d in checked.diagnostics]
    members = checked.project.cohorts[0].groups[0].municipalities
    assert {checked.project.municipalities[c].prefecture for c in members} == {"東京都", "神奈川県", "北海道"}


def test_a_broken_csv_causes_no_follow_on_unknown_municipality_errors(tmp_path: Path) -> None:
    checked = load_and_check(make_project(tmp_path, "municipality-csv-columns"))
    assert [d.rule for d in checked.diagnostics] == ["municipality-data"]


@pytest.fixture(scope="module")
def unknown_population(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample with 世田谷区's population made unknown by a project CSV row, and 横浜市 (a
    designated city, population unknown in the shipped data) added to group g2 (no member of it,
    so no other rule is touched)."""
    project = copy_project(tmp_path_factory.mktemp("unknown-population"))
    folder = project / "cohort_data" / "municipalities"
    folder.mkdir(exist_ok=True)
    (folder / "override.csv").write_text(
        "code,name,kana,type,population_2020_preliminary\n131121,世田谷区,せたがやく,特別区,\n", encoding="utf-8"
    )
    groups = project / "cohort_data" / "tokyo-2021" / "groups.yml"
    before = groups.read_text(encoding="utf-8")
    groups.write_text(before.replace('      - "132012"', '      - "132012"\n      - "141003"', 1), encoding="utf-8")
    assert load_and_check(project).ok
    return project


@pytest.fixture(scope="module")
def unknown_population_site(unknown_population: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("unknown-population-site")
    build(unknown_population, site)
    return site


def test_unknown_population_shows_as_unknown_on_the_site(unknown_population_site: Path) -> None:
    site = unknown_population_site
    group = text(page(site, "tokyo-2021/groups/g1/"))
    # The sample spans Tokyo and Kanagawa, so the group's table has a prefecture column.
    assert "世田谷区東京都特別区人口不明" in squash(group), group[:1500]
    assert "世田谷区は人口不明のため、グラフにありません" in group
    assert "0人" not in squash(group).replace("000人", "")  # no "0人" for the unknown one
    assert "人口不明" in text(page(site, "municipalities/131121/"))
    assert "人口不明" in text(page(site, "municipalities/"))


def test_unknown_population_shows_as_unknown_in_the_proposal_pdf(unknown_population: Path, tmp_path: Path) -> None:
    out = tmp_path / "pdf"
    render(unknown_population, out, None, select=lambda ref: ref.filename == "proposal-g1.pdf")
    pdf = next(out.rglob("proposal-g1.pdf"))
    whole = squash("".join(page_texts(pdf)))
    assert "世田谷区131121特別区人口不明" in whole, whole[:2000]


def test_designated_city_badge_on_its_page(unknown_population_site: Path) -> None:
    html = page(unknown_population_site, "municipalities/141003/")
    assert 'cs-badge--tag">政令市</span>' in html
    assert "人口不明" in text(html)


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ("131121,世田谷区,せたがやく,特別区,1,5", "f.csv:2:1: error municipality-data: 2行目: 列の数が 6 です"),
        ("131121,世田谷区,せたがやく,区,1", "2行目の列「type」（種別）: 「区」は種別として使えません"),
        ("131121,世田谷区,せたがやく,特別区,1,", "列の数が 6 です"),
        ("131122,世田谷区,せたがやく,特別区,1", "error municipality-code-check-digit: 2行目の列「code」（団体コード）"),
        ("131121,世田谷区,せたがやく,町,1\n131121,世田谷区,せたがやく,町,1", "f.csv:3:1: error duplicate-id"),
        ('131121,"' + "x" * 30_000 + '",せたがやく,特別区,1', "f.csv:2:1: error line-too-long"),
    ],
)
def test_csv_errors_name_row_and_column(rows: str, expected: str) -> None:
    from cohort_site.reference import load_reference

    reference, problems = load_reference([("f.csv", "code,name,kana,type,population_2020_preliminary\n" + rows + "\n")])
    assert any(expected in str(p) for p in problems), [str(p) for p in problems]
    assert not reference.complete
