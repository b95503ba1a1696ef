"""The in-house kit (`build.py kit`): contents, no personal data, and a build from the unpacked
zip alone, with the kit's own plugins, showing the municipality's name."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from cohort_site import outputs
from cohort_site.checks import load_and_check
from cohort_site.exports.kit import FIXED_TIME, build_kit
from cohort_site.exports.rollover import same_weekday_of_month
from cohort_site.jpdate import format_date
from cohort_site.loader import load_project
from cohort_site.model import Project
from site_helpers import page, search_index, text

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = "tokyo-2021"
CODE = "131121"  # 世田谷区
NAME = "世田谷区"
KIT_COHORT = "inhouse-2022"

# Runs `mkdocs build` in the current folder, then reports where every cohort_site module came from.
BUILD_AND_REPORT = """
import json, sys
from mkdocs.__main__ import cli
try:
    cli.main(["build", "--strict", "-d", sys.argv[1]], prog_name="mkdocs")
except SystemExit as exc:
    code = exc.code
else:
    code = 0
modules = {n: getattr(m, "__file__", None) for n, m in sys.modules.items() if n.split(".")[0] == "cohort_site"}
print("MODULES " + json.dumps(modules))
sys.exit(code)
"""


def run_build(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(cwd / "build.py"), "--root", str(cwd), *args],
        cwd=cwd, capture_output=True, text=True, timeout=300,
    )


def kit_env(kit: Path, **extra: str) -> dict[str, str]:
    """The environment of a trainer's shell in the unpacked kit: its plugins/ come first."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COHORT_", "PYTHON"))}
    return {**env, "PYTHONPATH": str(kit / "plugins"), "NO_MKDOCS_2_WARNING": "1", **extra}


@pytest.fixture(scope="module")
def source() -> Project:
    checked = load_and_check(ROOT)
    assert checked.ok
    return checked.project


@pytest.fixture(scope="module")
def kit_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    result = run_build("kit", CODE, "--cohort", SAMPLE, "--out", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    path = out / outputs.kit_filename(CODE, SAMPLE)
    assert str(path) in result.stdout
    return path


@pytest.fixture(scope="module")
def kit(kit_zip: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The kit unpacked into a folder of its own, far from the repository."""
    dest = tmp_path_factory.mktemp("unpacked")
    with zipfile.ZipFile(kit_zip) as archive:
        archive.extractall(dest)
    (folder,) = dest.iterdir()
    return folder


@pytest.fixture(scope="module")
def kit_build(kit: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The kit's site (with PDFs), built in the kit with its own plugins; (site, module files)."""
    dest = tmp_path_factory.mktemp("kit-site")
    result = subprocess.run(
        [sys.executable, "-c", BUILD_AND_REPORT, str(dest)],
        cwd=kit, env=kit_env(kit), capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    report = next(line for line in result.stdout.splitlines() if line.startswith("MODULES "))
    return dest, json.loads(report.removeprefix("MODULES "))


def personal_strings(project: Project) -> list[str]:
    """Names of members and mentors, and the first line of every facilitator note."""
    found = []
    for cohort in project.cohorts:
        for group in cohort.groups:
            found += [m.name for m in group.members] + ([group.mentor.name] if group.mentor else [])
        found += [s.facilitator_notes.strip().splitlines()[0] for s in cohort.sessions if s.facilitator_notes]
    return found


# --- the zip --------------------------------------------------------------------------------


def test_zip_is_deterministic(kit_zip: Path, source: Project) -> None:
    name, data = build_kit(ROOT, source, source.cohort(SAMPLE), CODE)
    assert name == kit_zip.name and data == kit_zip.read_bytes()
    with zipfile.ZipFile(kit_zip) as archive:
        names = archive.namelist()
        assert names == sorted(names)
        assert {n.split("/")[0] for n in names} == {kit_zip.stem}
        assert {i.date_time for i in archive.infolist()} == {FIXED_TIME}
        modes = {i.filename.split("/", 1)[1]: (i.external_attr >> 16) & 0o777 for i in archive.infolist()}
    assert modes["scripts/dev.sh"] == 0o755 and modes["mkdocs.yml"] == 0o644


def test_kit_holds_a_whole_project(kit: Path) -> None:
    for path in ("README.md", "mkdocs.yml", "build.py", "pyproject.toml", "Makefile", "scripts/dev.sh",
                 "plugins/cohort_site/loader.py", "plugins/cohort_site/exports/kit.py", "site_src/index.md",
                 "tests/test_kit_site.py", f"cohort_data/{KIT_COHORT}/proposals/_example.md.txt",
                 f"cohort_data/{KIT_COHORT}/retrospectives/_example.yml.txt"):
        assert (kit / path).is_file(), path
    # The national reference data travels with the package; the sample has no CSV of its own.
    assert (kit / "plugins/cohort_site/data/japan_municipalities.csv").is_file()
    assert not (ROOT / "cohort_data/municipalities").exists() and not (kit / "cohort_data/municipalities").exists()
    leftovers = [p for p in kit.rglob("*") if p.name == "__pycache__" or p.name.endswith((".pyc", ".egg-info"))]
    assert leftovers == []


def test_kit_installs_from_the_projects_lock_file(kit: Path) -> None:
    """scripts/dev.sh installs requirements.lock, after checking it pins every dependency."""
    assert (kit / "requirements.lock").read_bytes() == (ROOT / "requirements.lock").read_bytes()
    done = subprocess.run([sys.executable, str(kit / "scripts" / "check_lock.py"), str(kit)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (kit / "cohort_data").iterdir()) == [KIT_COHORT]
    assert re.search(rf"(?m)^site_name: {NAME} 庁内DX研修", (kit / "mkdocs.yml").read_text(encoding="utf-8"))


def test_readme_says_what_is_inside_and_how(kit: Path) -> None:
    readme = (kit / "README.md").read_text(encoding="utf-8")
    for heading in ("## このキットに入っているもの", "## ビルド方法", "## 日付の設定", "## 自分たちのグループの追加"):
        assert heading in readme
    assert f"{NAME} 庁内DX研修" in readme and "bash scripts/dev.sh site" in readme and "bash scripts/dev.sh test" in readme
    assert "$" not in readme.replace("$ ", "")  # every placeholder filled


def test_kit_cohort_is_rebased_and_carries_the_worked_example(kit: Path, source: Project) -> None:
    original = source.cohort(SAMPLE)
    loaded = load_project(kit)
    assert not [d for d in loaded.diagnostics if d.is_error]
    (cohort,) = loaded.project.cohorts
    assert (cohort.id, cohort.title, cohort.organiser) == (KIT_COHORT, f"{NAME} 庁内DX研修", NAME)
    assert cohort.fiscal_year == original.fiscal_year + 1
    assert [s.date for s in cohort.sessions] == [same_weekday_of_month(s.date, 1)[0] for s in original.sessions]
    assert [s.title for s in cohort.sessions] == [s.title for s in original.sessions]
    group = original.group_of(CODE)
    assert [(g.id, g.municipalities) for g in cohort.groups] == [(group.id, group.municipalities)]
    assert all(not g.members and g.mentor is None for g in cohort.groups)
    assert [p.title for p in cohort.proposals] == [original.proposal_of(group.id).title]
    tries = [t for r in original.retrospectives for t in r.try_]
    assert tries and all(any(item.endswith(t) for item in cohort.improvement_plan) for t in tries)


def test_kit_has_no_personal_data(kit_zip: Path, source: Project) -> None:
    secrets = personal_strings(source)
    assert secrets
    with zipfile.ZipFile(kit_zip) as archive:
        for info in archive.infolist():
            content = archive.read(info).decode("utf-8", errors="replace")
            leaked = [s for s in secrets if s in content]
            assert leaked == [], (info.filename, leaked)
            if "/cohort_data/" in info.filename:
                assert "facilitator" not in content, info.filename


def test_kit_for_a_municipality_outside_the_cohort_is_refused(tmp_path: Path) -> None:
    result = run_build("kit", "132128", "--cohort", SAMPLE, "--out", str(tmp_path))  # 武蔵村山市: not in the sample
    assert result.returncode == 2 and "どのグループにも入っていません" in result.stderr
    result = run_build("kit", "131122", "--out", str(tmp_path))
    assert result.returncode == 2 and "検査数字" in result.stderr
    assert list(tmp_path.iterdir()) == []


# --- building the unpacked kit --------------------------------------------------------------


def test_kit_checks_clean_on_its_own(kit: Path) -> None:
    result = subprocess.run([sys.executable, "build.py", "check"], cwd=kit, env=kit_env(kit),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_kit_builds_with_its_own_plugins(kit: Path, kit_build: tuple[Path, dict[str, str]]) -> None:
    _, modules = kit_build
    assert "cohort_site.mkdocs_plugins.site" in modules and "cohort_site.exports.kit" in modules
    outside = {name: file for name, file in modules.items() if file and not Path(file).is_relative_to(kit)}
    assert outside == {}


def test_kit_site_carries_the_municipality_name(kit: Path, kit_build: tuple[Path, dict[str, str]], source: Project) -> None:
    site, _ = kit_build
    (cohort,) = load_project(kit).project.cohorts
    home = page(site, "")
    assert f"<title>{NAME} 庁内DX研修 資料サイト</title>" in home
    assert f"{NAME} 庁内DX研修 資料サイト" in text(home)
    overview = text(page(site, f"{KIT_COHORT}/"))
    assert f"{NAME} 庁内DX研修" in overview and NAME in overview
    assert all(item in overview for item in cohort.improvement_plan)
    first = cohort.sessions[0]
    assert format_date(first.date) in text(page(site, f"{KIT_COHORT}/sessions/{first.number}/"))
    assert cohort.proposals[0].title in text(page(site, f"{KIT_COHORT}/proposals/{cohort.proposals[0].group}/"))
    everything = json.dumps(search_index(site), ensure_ascii=False) + "".join(
        p.read_text(encoding="utf-8") for p in site.rglob("*.html")
    )
    assert [s for s in personal_strings(source) if s in everything] == []


def test_kit_pdfs_carry_the_municipality_name(kit: Path, kit_build: tuple[Path, dict[str, str]]) -> None:
    site, _ = kit_build
    project = load_project(kit).project
    (cohort,) = project.cohorts
    packs = outputs.packs_for(project, cohort)
    assert packs
    for pack in packs:
        pdf = site / pack.path
        assert pdf.is_file(), pack.path
        if pack.kind in ("book", "session"):
            shown = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
            assert f"{NAME} 庁内DX研修" in shown, pack.path


def test_kits_own_tests_pass(kit: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=kit, env=kit_env(kit, COHORT_HANDOUTS="false"), capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout


# --- the cohort site offers every kit -------------------------------------------------------


def test_downloads_page_offers_each_municipalitys_kit(site: Path, source: Project, kit_zip: Path) -> None:
    cohort = source.cohort(SAMPLE)
    downloads = page(site, f"{SAMPLE}/downloads/")
    codes = cohort.participating_codes()
    assert codes
    for code in codes:
        href = f"../../{outputs.kit_path(code, SAMPLE)}"
        assert f'href="{href}"' in downloads, code
        assert (site / outputs.kit_path(code, SAMPLE)).is_file(), code
    # The site's kit is the one `build.py kit` makes (compared by its data part: the code may
    # be edited between the two builds of one test run).
    assert kit_data(site / outputs.kit_path(CODE, SAMPLE)) == kit_data(kit_zip)


def test_guide_explains_the_kits(site: Path) -> None:
    guide = text(page(site, "guide/add-cohort/"))
    assert "python build.py kit 131121 --cohort tokyo-2021" in guide and "庁内研修キット" in guide


def kit_data(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {n: archive.read(n) for n in archive.namelist() if "/cohort_data/" in n or n.endswith("/README.md")}


def test_kit_readme_way_without_a_server_opens_from_file_urls(kit: Path, tmp_path: Path) -> None:
    """The trainer follows the README: the offline build, opened from file://, links to a session."""
    from playwright.sync_api import sync_playwright

    from browser_support import ARGS, CHROMIUM

    readme = (kit / "README.md").read_text(encoding="utf-8")
    assert "COHORT_SITE_OFFLINE=true bash scripts/dev.sh site" in readme
    dest = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(dest)], cwd=kit,
        env=kit_env(kit, COHORT_SITE_OFFLINE="true", COHORT_HANDOUTS="false"),
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        page.goto((dest / "index.html").as_uri())
        page.click(f'article a[href$="{KIT_COHORT}/index.html"]')
        page.click('article a[href$="sessions/1.html"] >> nth=0')
        assert page.url.startswith("file://") and page.url.endswith(f"{KIT_COHORT}/sessions/1.html")
        assert page.inner_text("article h1").startswith("第1回")
        browser.close()
