"""Issue 21: the hostile matrix per output format. Every text field of the sample holds every
string of hostile.FORMAT_HOSTILE (a YAML tag that would run `touch MARKER`, YAML break-outs,
formulas, a CR/LF pair; a one-line field holds them with its line breaks as spaces), in ONE
project built once. Then: the site and its calendars, a kit unzipped and built with its own
`mkdocs build`, a session PDF, a results workbook. The marker never appears, the calendar parses
to one event per session, no workbook cell is a formula and it re-imports, and the strings are
shown as text. NUL and U+202E are refused at file:line (loader), as written by the same walker."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from icalendar import Calendar

from cohort_site.checks import load_and_check
from cohort_site.imports.results_sheet import import_sheets, write_sheet
from cohort_site.loader import load_project
from handouts_support import render
from hostile import FORMAT_HOSTILE, hostile_project
from site_helpers import build, page, text

COHORT = "tokyo-2021"
CODE = "131121"


@pytest.fixture(scope="module")
def matrix(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path, str]:
    base = tmp_path_factory.mktemp("formats")
    marker = base / "MARKER"
    value = " ".join(FORMAT_HOSTILE).replace("{marker}", str(marker))
    root, _ = hostile_project(value, base / "project")
    site = base / "site"
    build(root, site)
    return root, site, marker, value


def _one_line(value: str) -> str:
    return " ".join(value.replace("\r", " ").replace("\n", " ").split())


def test_site_and_calendar(matrix: tuple[Path, Path, Path, str]) -> None:
    root, site, marker, value = matrix
    assert not marker.exists()
    shown = " ".join(text(page(site, f"{COHORT}/sessions/1/")).split())
    assert _one_line(value) in shown  # the title, the objectives: as written (folded to one line)
    project = load_project(root).project
    for cohort in project.cohorts:
        calendar = Calendar.from_ical((site / cohort.id / "calendar.ics").read_bytes())
        assert len(calendar.walk("VEVENT")) == len(cohort.sessions), cohort.id
        assert " ".join(str(calendar["X-WR-CALNAME"]).split()) == _one_line(cohort.title)
        raw = (site / cohort.id / "calendar.ics").read_bytes()
        assert b"\r" not in raw.replace(b"\r\n", b"")


def test_a_kit_builds_on_its_own_and_runs_nothing(matrix: tuple[Path, Path, Path, str], tmp_path: Path) -> None:
    _, site, marker, value = matrix
    kit_zip = site / "kits" / f"kit-{CODE}-{COHORT}.zip"
    with zipfile.ZipFile(kit_zip) as archive:
        archive.extractall(tmp_path)
    kit = next(tmp_path.iterdir())
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COHORT_", "PYTHON"))}
    env.update(PYTHONPATH=str(kit / "plugins"), NO_MKDOCS_2_WARNING="1", COHORT_HANDOUTS="false")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(tmp_path / "kit-site")],
                          cwd=kit, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert not marker.exists()
    home = " ".join(text(page(tmp_path / "kit-site", "")).split())
    assert _one_line(value).split(" x ")[0] in home  # the municipality's name in the heading, as text


def test_a_session_pdf_shows_the_strings_as_text(matrix: tuple[Path, Path, Path, str], tmp_path: Path) -> None:
    root, _, marker, _ = matrix
    out = tmp_path / "out"
    render(root, out, None, select=lambda ref: ref.filename == "session-01.pdf" and ref.cohort == COHORT)
    pdfs = sorted(out.rglob("*.pdf"))
    assert pdfs
    shown = subprocess.run(["pdftotext", str(pdfs[0]), "-"], capture_output=True, text=True, check=True).stdout
    assert "@SUM(A1)" in shown and "=1+1" in shown
    assert not marker.exists()


def test_the_results_workbook_has_no_formula_and_reimports(matrix: tuple[Path, Path, Path, str], tmp_path: Path) -> None:
    root, _, _, value = matrix
    project = load_project(root).project
    cohort = project.cohort(COHORT)
    assert cohort is not None
    data = write_sheet(project, cohort, CODE)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert not any(b"<f>" in archive.read(n) or b"<f " in archive.read(n) for n in archive.namelist()), "a formula cell"
    path = tmp_path / f"results-{COHORT}-{CODE}.xlsx"
    path.write_bytes(data)
    report = import_sheets(root, project, [path], dt.date(2023, 12, 31), write=False)
    assert report.ok and all(not item.added for item in report.imported), [str(p) for p in report.problems]


@pytest.mark.parametrize(("char", "name"), [("\x00", "U+0000（NUL）"), ("\u202e", "U+202E（RLO）")])
def test_nul_and_rlo_are_refused_at_file_and_line(tmp_path: Path, char: str, name: str) -> None:
    root, _ = hostile_project(f"前{char}後", tmp_path / "project")
    checked = load_and_check(root)
    found = [d for d in checked.diagnostics if d.rule == "control-character"]
    assert not checked.ok and found
    assert all(d.loc.line >= 1 and name in d.message for d in found)
    assert {Path(d.loc.file).suffix for d in found} >= {".yml", ".md", ".csv"}
