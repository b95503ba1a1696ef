"""Issue 21: Excel, both ways. Data is written into a workbook as text, never as a formula; a
formula in any cell of an imported workbook is refused at FILE:SHEET!CELL; and an .xlsx (results,
survey) or a CSV (survey, attendance) over the limits of `limits.py` is refused by the office
archive guard before a parser opens it, fast and in little memory."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from cohort_site import limits
from cohort_site.imports.attendance_reports import plan_attendance
from cohort_site.imports.records import RecordsError
from cohort_site.imports.results_sheet import DATA_SHEET, HELP_SHEET, MEASURE_SHEET, import_sheets, write_sheet
from cohort_site.imports.sheet_cells import FORMULA_START
from cohort_site.imports.survey import plan_survey
from cohort_site.loader import load_project
from cohort_site.office_archive import office_archive_problem
from hostile import hostile_project
from site_helpers import ROOT

TODAY = dt.date(2023, 12, 31)
COHORT = "tokyo-2021"
FORMULAS = ['=HYPERLINK("http://127.0.0.1:9/","x")', "@SUM(A1)", "=1+1", "+1", "-1+2", "\t=1"]


def _sheet_xml(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {n: archive.read(n).decode("utf-8") for n in archive.namelist() if n.startswith("xl/worksheets/")}


@pytest.fixture(scope="module", params=range(len(FORMULAS)), ids=[f"formula{i}" for i in range(len(FORMULAS))])
def formula_project(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    value = FORMULAS[request.param]
    root, _ = hostile_project(value, tmp_path_factory.mktemp("formula") / "project")
    return root, value


def test_data_is_written_as_text_and_the_workbook_reimports_unchanged(formula_project: tuple[Path, str], tmp_path: Path) -> None:
    root, value = formula_project
    project = load_project(root).project
    cohort = project.cohort(COHORT)
    assert cohort is not None
    paths = []
    for code in sorted({c for p in cohort.proposals for g in [cohort.group(p.group)] if g for c in g.municipalities}):
        data = write_sheet(project, cohort, code)
        for name, xml in _sheet_xml(data).items():
            assert "<f>" not in xml and "<f " not in xml, (code, name)  # no formula anywhere
        path = tmp_path / f"results-{COHORT}-{code}.xlsx"
        path.write_bytes(data)
        paths.append(path)
    assert len(paths) >= 5
    book = load_workbook(paths[0])
    # A CR comes back as written or, from a writer that leaves it raw in the XML, as a line feed.
    read = {value, value.replace("\r", "\n")}
    shown = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value in read]
    assert {c.parent.title for c in shown} >= {DATA_SHEET, MEASURE_SHEET}  # indicator, measure, title...
    assert all(c.data_type == "s" for c in shown)
    # Excel keeps a quoted cell as text even when someone edits it.
    assert all(c.quotePrefix for c in shown) == value.startswith(FORMULA_START)
    report = import_sheets(root, project, paths, TODAY, write=False)
    assert report.ok, [str(p) for p in report.problems]
    # Nothing new: every value read back is the recorded one, the texts as written. (Every measure
    # has the same hostile title here, so they are compared as sets.)
    assert len(report.imported) == len(paths) and all(not item.added for item in report.imported)
    for item in report.imported:
        before = item.cohort.results_of(item.code)
        def same(text: str | None) -> str | None:
            return text and text.replace("\r", "\n")

        assert {(m.measure, same(m.note)) for m in item.results.measures} == {
            (m.measure, same(m.note)) for m in (before.measures if before else [])}


def _filled(tmp_path: Path, root: Path, cell: tuple[str, str], formula: str) -> Path:
    project = load_project(root).project
    cohort = project.cohort(COHORT)
    assert cohort is not None
    path = tmp_path / f"results-{COHORT}-131121.xlsx"
    path.write_bytes(write_sheet(project, cohort, "131121"))
    book = load_workbook(path)
    book[cell[0]][cell[1]] = formula  # as a person types it: openpyxl stores a live formula
    book.save(path)
    return path


@pytest.mark.parametrize(("sheet", "cell"), [(MEASURE_SHEET, "C7"), (MEASURE_SHEET, "B7"), (DATA_SHEET, "J7"),
                                             (DATA_SHEET, "B7"), (HELP_SHEET, "A20")])
def test_a_formula_in_any_cell_is_refused_at_its_cell(tmp_path: Path, sheet: str, cell: str) -> None:
    root = tmp_path / "project"
    shutil.copytree(ROOT / "cohort_data", root / "cohort_data")
    path = _filled(tmp_path, root, (sheet, cell), '=HYPERLINK("http://127.0.0.1:9/","x")')
    report = import_sheets(root, load_project(root).project, [path], TODAY)
    assert [str(p) for p in report.problems] == [
        f'{path.name}:{sheet}!{cell}: error sheet-formula: 数式（=HYPERLINK("http://127.0.0.1:9/","x")）は取り込めません。値を直接入力してください'
    ]
    assert report.written == []


def test_put_writes_every_formula_start_as_quoted_text() -> None:
    from openpyxl import Workbook

    from cohort_site.imports.sheet_cells import put

    book = Workbook()
    for row, start in enumerate(FORMULA_START, start=1):
        cell = put(book.active, row, 1, f"{start}1+1")
        assert (cell.data_type, cell.quotePrefix) == ("s", True)
    data = io.BytesIO()
    book.save(data)
    assert all("<f>" not in xml for xml in _sheet_xml(data.getvalue()).values())
    read = load_workbook(data).active
    assert [read.cell(row, 1).value for row in range(1, len(FORMULA_START) + 1)] == [f"{s}1+1" for s in FORMULA_START]


# --- the office archive guard ----------------------------------------------------------------

def _workbook_with_sheet(tmp_path: Path, name: str, sheet_xml: bytes | None = None, rows: int = 0,
                         dimension: str = "A1:J10") -> Path:
    """A real workbook (from write_sheet) whose first sheet is replaced: `sheet_xml`, or `rows`
    small rows streamed (a bomb when large) under the given <dimension>."""
    project = load_project(ROOT).project
    cohort = project.cohort(COHORT)
    assert cohort is not None
    source = zipfile.ZipFile(io.BytesIO(write_sheet(project, cohort, "131121")))
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                target.writestr(info.filename, source.read(info.filename))
                continue
            with target.open(info.filename, "w", force_zip64=True) as part:
                if sheet_xml is not None:
                    part.write(sheet_xml)
                    continue
                part.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                           + f'<dimension ref="{dimension}"/><sheetData>'.encode())
                block = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 1000  # rows without numbers
                for _ in range(rows // 1000):
                    part.write(block)
                part.write(b"</sheetData></worksheet>")
    return path


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The issue's zip bomb: a workbook of a few hundred KB holding a 200 MB sheet."""
    path = _workbook_with_sheet(tmp_path_factory.mktemp("bomb"), "results-tokyo-2021-131121.xlsx", rows=4_200_000)
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo("xl/worksheets/sheet1.xml").file_size > 200_000_000
    assert path.stat().st_size < 2_000_000
    return path


def test_the_zip_bomb_is_refused_fast_and_in_little_memory(bomb: Path) -> None:
    project = load_project(ROOT).project
    tracemalloc.start()
    started = time.perf_counter()
    report = import_sheets(ROOT, project, [bomb], TODAY, write=False)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert [p.rule for p in report.problems] == ["sheet-too-large"]
    assert str(report.problems[0]).startswith(f"{bomb.name}: error sheet-too-large: ファイルの中の xl/worksheets/sheet1.xml が展開すると大きすぎます")
    assert elapsed < 2, elapsed
    assert peak < 200_000_000, peak
    print(f"zip bomb ({bomb.stat().st_size:,} bytes) refused in {elapsed * 1000:.0f} ms, peak {peak / 1e6:.1f} MB traced")


def test_the_zip_bomb_through_the_command(bomb: Path, tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(ROOT / "cohort_data", root / "cohort_data")
    script = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
              "r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
              "print(r.returncode, time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
              "print(r.stdout); print(r.stderr)")
    done = subprocess.run([sys.executable, "-c", script, sys.executable, str(ROOT / "build.py"), "--root", str(root),
                           "results-import", str(bomb)], capture_output=True, text=True, timeout=120)
    code, seconds, rss_kb = done.stdout.split("\n", 1)[0].split()
    assert code == "1", done.stdout
    assert f"{bomb.name}: error sheet-too-large:" in done.stdout
    assert "Traceback" not in done.stdout
    assert int(rss_kb) * 1024 < 500_000_000, rss_kb  # the bound for the whole command (its own start-up included)
    print(f"build.py results-import of the bomb: exit {code}, {float(seconds):.2f} s, max RSS {int(rss_kb) / 1024:.0f} MB")


@pytest.mark.parametrize(("case", "kwargs", "words"), [
    ("rows under a small dimension", {"rows": limits.MAX_SHEET_ROWS + 1000}, "行が多すぎます"),
    ("dimension of the whole grid", {"rows": 1000, "dimension": "A1:XFD1048576"}, "範囲が大きすぎます"),
])
def test_a_sheet_over_the_row_or_column_limit_is_refused(tmp_path: Path, case: str, kwargs: dict, words: str) -> None:
    path = _workbook_with_sheet(tmp_path, "results-tokyo-2021-131121.xlsx", **kwargs)
    problem = office_archive_problem(path)
    assert problem is not None and words in problem, (case, problem)


def test_a_real_results_sheet_and_survey_pass_the_guard() -> None:
    found = [office_archive_problem(p) for p in (ROOT / "tests" / "fixtures").rglob("*.xlsx")]
    assert len(found) >= 3 and found == [None] * len(found)


def test_survey_and_attendance_imports_are_bounded(bomb: Path, tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(ROOT / "cohort_data", root / "cohort_data")
    cohort = load_project(root).project.cohort(COHORT)
    assert cohort is not None
    survey_bomb = tmp_path / "survey.xlsx"
    shutil.copy2(bomb, survey_bomb)
    long_csv = tmp_path / "survey.csv"
    long_csv.write_text("評価\n" + "5\n" * (limits.MAX_SHEET_ROWS + 10), encoding="utf-8")
    huge_report = tmp_path / "report.csv"
    huge_report.write_bytes(b"x" * (limits.MAX_OFFICE_FILE_BYTES + 1))
    cases = [
        (lambda: plan_survey(root, cohort, 1, survey_bomb, "survey.xlsx"), "survey.xlsx:1:1: error records-too-large: ファイルの中の"),
        (lambda: plan_survey(root, cohort, 1, long_csv, "survey.csv"), "survey.csv:1:1: error records-too-large: 行が多すぎます"),
        (lambda: plan_attendance(root, cohort, 1, huge_report, "report.csv"), "report.csv:1:1: error records-too-large: ファイルが大きすぎます"),
    ]
    for make, expected in cases:
        started = time.perf_counter()
        with pytest.raises(RecordsError) as raised:
            make()
        assert time.perf_counter() - started < 2
        assert re.sub(r"\s+", " ", str(raised.value)).startswith(expected), str(raised.value)
