"""Any prefecture, any meeting tool: words come from the data (labels.py), several prefectures
share one site, and the Kanagawa sample (Zoom, 市町村) builds its site, PDFs, calendar and kit."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from cohort_site import labels
from cohort_site.checks import load_and_check
from cohort_site.codes import prefecture_of
from cohort_site.exports.kit import build_kit
from cohort_site.handouts.runner import Summary
from handouts_support import page_texts
from site_helpers import ROOT, build, load, page, pages, text

KANAGAWA = "kanagawa-2023"
FIXTURE = Path(__file__).parent / "fixtures" / "prefectures"
PROJECT = load()
COHORT = PROJECT.cohort(KANAGAWA)
DESIGNATED = "141500"  # 相模原市, a member of the sample by its city code


def _kanagawa_pages(site: Path) -> dict[str, str]:
    """Every built page of the Kanagawa cohort and of its municipalities: url -> visible text."""
    codes = {c for g in COHORT.groups for c in g.municipalities}
    urls = [u for u in pages(site) if u.startswith(f"{KANAGAWA}/")]
    urls += [f"municipalities/{code}/" for code in sorted(codes)]
    return {url: text(page(site, url)) for url in urls}


def _site_of(tmp_path: Path, cohort_data: Path) -> Path:
    """This project's config and hand-written pages with another cohort_data/, built."""
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy2(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "site_src", project / "site_src")
    shutil.copytree(cohort_data, project / "cohort_data")
    build(project, tmp_path / "site")
    return tmp_path / "site"


# --- the data -------------------------------------------------------------------------------


def test_sample_kanagawa_cohort_is_what_the_issue_asks_for() -> None:
    assert COHORT is not None and COHORT.sample and COHORT.platform == "Zoom"
    members = [PROJECT.municipalities[c] for g in COHORT.groups for c in g.municipalities]
    assert {m.prefecture for m in members} == {"神奈川県"} and len(COHORT.groups) == 3
    assert any(m.designated_city for m in members) and {"町", "村"} <= {m.kind for m in members}
    days = [s.date for s in COHORT.sessions]
    assert len(days) != len(set(days)), "two sessions on one day"
    assert all(k.baseline is not None and k.target is not None and k.unit and k.deadline
               for p in COHORT.proposals for o in p.outcomes for k in o.kpis)
    assert COHORT.cohort_retrospective is not None
    assert labels.municipality_word(COHORT) == "市町村"
    assert labels.municipality_word(PROJECT.cohort("tokyo-2021")) == "区市町村"
    overridden = COHORT.model_copy(update={"municipality_word": "市区町村"})  # cohort.yml wins
    assert labels.target(overridden) == "神奈川県の市区町村"


def test_three_prefectures_pass_check_with_the_shipped_reference_data_only(tmp_path: Path) -> None:
    assert not (FIXTURE / "cohort_data" / "municipalities").exists()
    checked = load_and_check(FIXTURE)
    assert checked.ok and not checked.diagnostics, [str(d) for d in checked.diagnostics]
    (cohort,) = checked.project.cohorts
    codes = [c for g in cohort.groups for c in g.municipalities]
    assert len({prefecture_of(c) for c in codes}) == 3
    assert cohort.platform == "Webex"  # written `webex`: the canonical spelling is kept
    site = _site_of(tmp_path, FIXTURE / "cohort_data")
    overview = text(page(site, "regional-2024/"))
    assert "埼玉県・千葉県・神奈川県の市町村" in overview and "コミュニケーションの場（Webex スペース）" in overview
    assert "区市町村" not in overview and "Teams" not in overview
    index = page(site, "municipalities/")
    assert [h for h in re.findall(r"<h2[^>]*>([^<]*)", index)] == ["埼玉県（2団体）", "千葉県（2団体）", "神奈川県（1団体）"]


def test_an_unknown_platform_names_the_accepted_ones(tmp_path: Path) -> None:
    data = tmp_path / "cohort_data"
    shutil.copytree(FIXTURE / "cohort_data", data)
    cohort_yml = data / "regional-2024" / "cohort.yml"
    cohort_yml.write_text(cohort_yml.read_text(encoding="utf-8").replace("platform: webex", "platform: Skype"),
                          encoding="utf-8")
    checked = load_and_check(tmp_path)
    (error,) = [d for d in checked.diagnostics if d.is_error]
    line = cohort_yml.read_text(encoding="utf-8").splitlines().index("platform: Skype") + 1
    assert str(error).startswith(f"cohort_data/regional-2024/cohort.yml:{line}:")
    assert "Zoom" in error.message and "対面" in error.message


# --- the built sample site ------------------------------------------------------------------


def test_kanagawa_pages_say_shichoson_and_zoom_never_teams_or_tokyo(site: Path) -> None:
    found = _kanagawa_pages(site)
    assert len(found) > 15
    for url, body in found.items():
        assert "Teams" not in body, url
        assert "区市町村" not in body, url
        assert "東京" not in body, url
    overview = found[f"{KANAGAWA}/"]
    assert "神奈川県の市町村" in overview and "オンライン（Zoom）" in overview
    assert "コミュニケーションの場（Zoom チャンネル）" in overview
    assert "Outlook などの予定表" in found[f"{KANAGAWA}/downloads/"]


def test_tokyo_pages_keep_their_words(site: Path) -> None:
    overview = text(page(site, "tokyo-2021/"))
    assert "東京都の区市町村" in overview and "コミュニケーションの場（Teams チャンネル）" in overview
    assert "Outlook や Teams の予定表" in text(page(site, "tokyo-2021/downloads/"))


def test_kanagawa_calendar_has_zoom_and_both_sessions_of_the_same_day(site: Path) -> None:
    ics = (site / KANAGAWA / "calendar.ics").read_text(encoding="utf-8")
    assert ics.count("BEGIN:VEVENT") == len(COHORT.sessions)
    assert "LOCATION:オンライン（Zoom）" in ics and "Teams" not in ics and "区市町村" not in ics
    same_day = [s for s in COHORT.sessions if s.date == COHORT.session(2).date]
    assert len(same_day) == 2
    for s in same_day:
        assert f"DTSTART;TZID=Asia/Tokyo:{s.date:%Y%m%d}T{s.start:%H%M}00" in ics


def test_municipality_index_groups_by_prefecture_with_counts(site: Path) -> None:
    html = page(site, "municipalities/")
    headings = re.findall(r'<h2 id="[^"]*">([^<]*)', html)
    codes = sorted({c for cohort in PROJECT.cohorts for g in cohort.groups for c in g.municipalities})
    expected = [f"{p}（{sum(prefecture_of(c) == p for c in codes)}団体）" for p in labels.prefectures(codes)]
    assert headings == expected and len(expected) == 2
    tokyo, kanagawa = html.split('<h2 id="')[1:3]
    assert "世田谷区" in tokyo and "世田谷区" not in kanagawa and "相模原市" in kanagawa
    assert "人口不明" in text(kanagawa) and "政令市" in text(kanagawa)


def test_group_and_municipality_pages_show_the_prefecture(site: Path) -> None:
    group = page(site, f"{KANAGAWA}/groups/k1/")
    assert re.search(r"<th[^>]*>都道府県</th>", group)
    assert text(group).count("神奈川県") >= len(COHORT.group("k1").municipalities)
    assert "規模の大きな市と小さな町村" in text(group) and "人口不明" in text(group)
    city = text(page(site, f"municipalities/{DESIGNATED}/"))
    assert "神奈川県" in city and "政令市" in city


def test_one_prefecture_changes_nothing_visually(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "cohort_data", data, ignore=shutil.ignore_patterns(KANAGAWA))
    site = _site_of(tmp_path, data)
    assert "<h2" not in page(site, "municipalities/").split("md-content__inner")[1].split("</article>")[0]
    assert "cs-pref-" not in page(site, "portfolio/")
    assert not re.search(r"<th[^>]*>都道府県</th>", page(site, "tokyo-2021/groups/g1/"))


# --- PDFs and the kit -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def kanagawa_pdfs(packs: tuple[Path, Summary]) -> dict[str, str]:
    """The Kanagawa book, session and proposal packs and one rollout pack: file name -> text (the
    sample's packs are rendered once per run, tests/conftest.py)."""
    _, summary = packs
    wanted = [b for b in summary.built if b.ref.cohort == KANAGAWA and (b.ref.kind != "rollout" or b.ref.key == DESIGNATED)]
    assert wanted
    return {b.path.name: "\n".join(page_texts(b.path)) for b in wanted}


def test_kanagawa_pdfs_say_shichoson_and_zoom(kanagawa_pdfs: dict[str, str]) -> None:
    names = set(kanagawa_pdfs)
    assert {"cohort-book.pdf", f"rollout-{DESIGNATED}.pdf"} <= names
    assert {f"session-{s.number:02d}.pdf" for s in COHORT.sessions} <= names
    assert {f"proposal-{p.group}.pdf" for p in COHORT.proposals} <= names
    for name, body in kanagawa_pdfs.items():
        assert "Teams" not in body and "区市町村" not in body, name
    book = re.sub(r"\s+", "", kanagawa_pdfs["cohort-book.pdf"])
    assert "神奈川県の市町村" in book and "コミュニケーションの場（Zoomチャンネル）" in book


def test_kanagawa_kit_builds_and_checks_in_its_own_folder(tmp_path: Path) -> None:
    checked = load_and_check(ROOT)
    name, data = build_kit(ROOT, checked.project, checked.project.cohort(KANAGAWA), DESIGNATED)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        archive.extractall(tmp_path)
        texts = {n: archive.read(n).decode("utf-8") for n in archive.namelist()
                 # what the kit says about this programme: its README, data, home page and config
                 # (the guides list every platform and word on purpose)
                 if n.count("/") == 1 and n.endswith(("README.md", "mkdocs.yml")) or "/cohort_data/" in n
                 or n.endswith("/site_src/index.md")}
    (kit,) = tmp_path.iterdir()
    cohort_yml = next(body for n, body in texts.items() if n.endswith("/cohort.yml") and "cohort_data/" in n)
    assert "platform: Zoom" in cohort_yml and "相模原市" in cohort_yml
    for file, body in texts.items():
        assert "Teams" not in body and "区市町村" not in body, file
    result = subprocess.run([sys.executable, "build.py", "--root", ".", "check"], cwd=kit, capture_output=True,
                            text=True, timeout=300, env={"PYTHONPATH": str(kit / "plugins"), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stdout + result.stderr
