"""The results sheet round trip: write a municipality's workbook, fill it as a person would,
import it; every hostile sheet is refused with the cell and the rule, and nothing is written."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from cohort_site.checks import load_and_check
from cohort_site.imports.results_sheet import DATA_SHEET, HELP_SHEET, MEASURE_SHEET, import_sheets, write_sheet
from site_helpers import run_cli

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "results"
TODAY = dt.date(2023, 12, 31)


def project_copy(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(ROOT / "cohort_data", root / "cohort_data")
    return root


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`build.py --root ROOT ARGS` on the test's date (in this process: site_helpers.run_cli)."""
    return run_cli("--root", str(root), *args, env={"COHORT_SITE_TODAY": TODAY.isoformat()})


def results_state(root: Path) -> dict[str, str]:
    folder = root / "cohort_data" / "tokyo-2021" / "results"
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_the_committed_sheet_with_a_typing_error_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    root = project_copy(tmp_path)
    before = results_state(root)
    done = run(root, "results-import", str(FIXTURES / "results-tokyo-2021-131211.xlsx"))
    assert done.returncode == 1, done.stdout + done.stderr
    assert "results-tokyo-2021-131211.xlsx:成果報告!H13: error sheet-value: 「16OO」を数値として読めません" in done.stdout
    assert "何も書き込んでいません" in done.stderr
    assert results_state(root) == before
    assert "Traceback" not in done.stderr


def test_the_corrected_sheet_imports_to_the_expected_file(tmp_path: Path) -> None:
    root = project_copy(tmp_path)
    book = load_workbook(FIXTURES / "results-tokyo-2021-131211.xlsx")
    book[DATA_SHEET]["H13"] = 1600  # the person fixes the typing error
    sheet = tmp_path / "results-tokyo-2021-131211.xlsx"
    book.save(sheet)
    done = run(root, "results-import", str(sheet))
    assert done.returncode == 0, done.stdout + done.stderr
    # The readings the import made are said, cell by cell.
    assert "成果報告!G7: info sheet-date-read" in done.stdout
    assert "成果報告!H8: info sheet-value-read: 文字として入力された「５８」を数値 58 として読みました" in done.stdout
    assert "足立区（131211）: 4 件を追加" in done.stdout
    assert "追加: g5-kpi-3 定型的な問い合わせ対応に職員が使う時間（月あたり）: 2023-09-30 1600時間" in done.stdout
    written = root / "cohort_data" / "tokyo-2021" / "results" / "131211.yml"
    assert written.read_text(encoding="utf-8") == (FIXTURES / "expected-131211.yml").read_text(encoding="utf-8")
    # The imported file passes the checker, and a second import adds nothing and changes nothing.
    assert run(root, "check", "tokyo-2021").returncode == 0
    again = run(root, "results-import", str(sheet))
    assert again.returncode == 0 and "0 件を追加" in again.stdout
    assert written.read_text(encoding="utf-8") == (FIXTURES / "expected-131211.yml").read_text(encoding="utf-8")


def test_a_written_sheet_is_prefilled_protected_and_validated(tmp_path: Path) -> None:
    root = project_copy(tmp_path)
    done = run(root, "results-sheet", "tokyo-2021", "131121", "--out", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    book = load_workbook(tmp_path / "out" / "results-tokyo-2021-131121.xlsx")
    assert book.sheetnames == [DATA_SHEET, MEASURE_SHEET, HELP_SHEET]
    ws = book[DATA_SHEET]
    assert (ws["B2"].value, ws["B3"].value, ws["B4"].value) == ("tokyo-2021", "131121", "世田谷区")
    assert ws.column_dimensions["A"].hidden and ws.protection.sheet
    header = [c.value for c in ws[6]]
    assert header == ["KPI ID", "指標", "単位", "現状値", "目標値", "期限", "測定日", "値", "出典", "メモ"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=7)]
    # The existing observations come first, then empty rows; the KPI cells are locked, inputs not.
    assert rows[0][:2] == ["g1-kpi-1", "来庁せずに申込を完了した保護者の割合"] and rows[0][7] == 41
    assert rows[2][0] == "g1-kpi-1" and rows[2][6] is None
    assert ws["B7"].protection.locked and not ws["H7"].protection.locked
    kinds = {v.type for v in ws.data_validations.dataValidation}
    assert kinds == {"date", "decimal"}
    assert "記入方法" in book[HELP_SHEET]["A1"].value
    assert book[MEASURE_SHEET]["B7"].value == "完了"
    # Deterministic: the same data gives the same bytes.
    project = load_and_check(root).project
    cohort = project.cohort("tokyo-2021")
    data = write_sheet(project, cohort, "131121")
    assert data == write_sheet(project, cohort, "131121")
    # ...also across a change of second: the document properties carry the fixed date, not the clock.
    core = zipfile.ZipFile(io.BytesIO(data)).read("docProps/core.xml").decode()
    assert core.count(f"{cohort.fiscal_year}-04-01T00:00:00Z") == 2  # created and modified


def _sheet(tmp_path: Path, root: Path, code: str = "131121") -> Path:
    done = run(root, "results-sheet", "tokyo-2021", code, "--out", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    return tmp_path / "out" / f"results-tokyo-2021-{code}.xlsx"


def _set(**cells: object) -> Callable:
    def change(book) -> None:
        for ref, value in cells.items():
            book[DATA_SHEET][ref] = value
    return change


def _merge(book) -> None:
    book[DATA_SHEET]["G9"] = dt.datetime(2023, 5, 1)
    book[DATA_SHEET]["H9"] = 75
    book[DATA_SHEET].merge_cells("I9:J9")


def _extra_sheet(book) -> None:
    book.create_sheet("Sheet1")["A1"] = "メモ"


def _other_municipality(book) -> None:
    book[DATA_SHEET]["B3"] = "131059"  # the cell of another municipality's workbook


def _serial_as_number(book) -> None:
    cell = book[DATA_SHEET]["G9"]
    cell.value, cell.number_format = 45050, "General"  # 2023-05-04 as Excel's day number
    book[DATA_SHEET]["H9"] = 75


# Rows 7-8 are 世田谷区's recorded g1-kpi-1 values (2022-11-30: 41, 2023-04-28: 72); 9-11 are empty.
HOSTILE = [
    ("formula", _set(G9=dt.datetime(2023, 5, 1), H9="=H8+1"), "H9", "sheet-formula", "数式"),
    ("merged cells", _merge, "I9:J9", "sheet-merged", "結合"),
    ("text in a number cell", _set(G9=dt.datetime(2023, 5, 1), H9="約75"), "H9", "sheet-value", "数値として読めません"),
    ("value with its unit", _set(G9=dt.datetime(2023, 5, 1), H9="75%"), "H9", "sheet-value", "単位「%」は書かずに"),
    ("date as unreadable text", _set(G9="5月ごろ", H9=75), "G9", "sheet-date", "日付として読めません"),
    ("impossible date", _set(G9="2023/2/30", H9=75), "G9", "sheet-date", "存在しない日付"),
    ("date in the future", _set(G9=dt.datetime(2024, 5, 1), H9=75), "G9", "sheet-date", "未来の日付"),
    ("date before the baseline", _set(G9=dt.datetime(2021, 5, 1), H9=75), "G9", "sheet-date", "現状値の時点"),
    ("value without a date", _set(H9=75), "G9", "sheet-incomplete", "測定日がありません"),
    ("changed unit", _set(C9="件", G9=dt.datetime(2023, 5, 1), H9=75), "C9", "sheet-unit", "単位が「件」に変わっています"),
    ("conflict with a recorded value", _set(G9=dt.datetime(2023, 4, 28), H9=70), "H9", "sheet-conflict",
     "131121.yml"),
    ("conflict inside the sheet", _set(G9=dt.datetime(2023, 5, 1), H9=75, G10=dt.datetime(2023, 5, 1), H10=76),
     "H10", "sheet-conflict", "記録済み"),
    ("inserted row without KPI", _set(A9=None, G9=dt.datetime(2023, 5, 1), H9=75), "A9", "sheet-kpi", "行を挿入せず"),
    ("KPI of another group", _set(A9="g2-kpi-1", G9=dt.datetime(2023, 5, 1), H9=75), "A9", "sheet-kpi", "別のグループ"),
    ("extra sheet", _extra_sheet, "", "sheet-extra", "Sheet1"),
    ("another municipality's sheet", _other_municipality, "B3", "sheet-municipality", "別の自治体"),
    ("boolean value", _set(G9=dt.datetime(2023, 5, 1), H9=True), "H9", "sheet-value", "TRUE/FALSE"),
]


@pytest.mark.parametrize(("name", "change", "cell", "rule", "words"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_a_hostile_sheet_is_refused_with_its_cell_and_nothing_is_written(
    tmp_path: Path, name: str, change: Callable, cell: str, rule: str, words: str
) -> None:
    root = project_copy(tmp_path)
    path = _sheet(tmp_path, root)
    book = load_workbook(path)
    change(book)
    # A good row besides the bad one: it must not be written either.
    book[DATA_SHEET]["G12"], book[DATA_SHEET]["H12"] = dt.datetime(2023, 5, 1), 30
    book.save(path)
    before = results_state(root)
    checked = load_and_check(root)
    report = import_sheets(root, checked.project, [path], TODAY)
    errors = [p for p in report.problems if p.is_error]
    assert [(p.cell, p.rule) for p in errors][:1] == [(cell, rule)], [str(p) for p in report.problems]
    assert words in errors[0].message
    sheet = "Sheet1" if rule == "sheet-extra" else DATA_SHEET
    assert str(errors[0]).startswith(f"{path.name}:{sheet}" + (f"!{cell}" if cell else "") + f": error {rule}: ")
    assert not report.written and results_state(root) == before


def test_full_width_digits_and_excel_day_numbers_are_read_and_said(tmp_path: Path) -> None:
    root = project_copy(tmp_path)
    path = _sheet(tmp_path, root)
    book = load_workbook(path)
    _serial_as_number(book)
    book[DATA_SHEET]["G12"], book[DATA_SHEET]["H12"] = "２０２３年５月１日", "３０"
    book.save(path)
    report = import_sheets(root, load_and_check(root).project, [path], TODAY)
    assert report.ok, [str(p) for p in report.problems]
    notes = {p.cell: p.message for p in report.problems}
    assert "2023-05-04" in notes["G9"] and "45050" in notes["G9"]
    assert "数値 30" in notes["H12"]
    text = (root / "cohort_data" / "tokyo-2021" / "results" / "131121.yml").read_text(encoding="utf-8")
    assert "date: 2023-05-04\n        value: 75" in text and "date: 2023-05-01\n        value: 30" in text
    # What was recorded before is still there.
    assert "date: 2022-11-30\n        value: 41" in text


def test_one_bad_workbook_stops_the_others(tmp_path: Path) -> None:
    root = project_copy(tmp_path)
    good = _sheet(tmp_path, root, "131121")
    bad = _sheet(tmp_path, root, "131202")
    book = load_workbook(good)
    book[DATA_SHEET]["G9"], book[DATA_SHEET]["H9"] = dt.datetime(2023, 5, 1), 75
    book.save(good)
    book = load_workbook(bad)
    book[DATA_SHEET]["G9"], book[DATA_SHEET]["H9"] = dt.datetime(2023, 5, 1), "たくさん"
    book.save(bad)
    before = results_state(root)
    done = run(root, "results-import", str(good), str(bad))
    assert done.returncode == 1
    assert "results-tokyo-2021-131202.xlsx:成果報告!H9: error sheet-value" in done.stdout
    assert results_state(root) == before


def test_a_file_that_is_not_a_workbook(tmp_path: Path) -> None:
    root = project_copy(tmp_path)
    fake = tmp_path / "results.xlsx"
    fake.write_text("no", encoding="utf-8")
    done = run(root, "results-import", str(fake))
    assert done.returncode == 1 and "results.xlsx: error sheet-file: Excel ファイル（.xlsx）として読めません" in done.stdout
    assert "Traceback" not in done.stderr


def test_a_source_and_a_note_of_several_lines_are_imported(tmp_path: Path) -> None:
    # Alt+Enter in a cell: the source and the note are text of several lines (model.Text), never a crash.
    root = project_copy(tmp_path)
    path = _sheet(tmp_path, root)
    book = load_workbook(path)
    book[DATA_SHEET]["G12"], book[DATA_SHEET]["H12"] = dt.datetime(2023, 5, 1), 30
    book[DATA_SHEET]["I12"], book[DATA_SHEET]["J12"] = "窓口受付簿\n（5月分）", "速報値\n確定は6月"
    book.save(path)
    report = import_sheets(root, load_and_check(root).project, [path], TODAY)
    assert report.ok, [str(p) for p in report.problems]
    checked = load_and_check(root)
    assert checked.ok, [str(d) for d in checked.diagnostics if d.is_error]
    observations = [o for r in checked.project.cohort("tokyo-2021").results for k in r.kpis for o in k.observations]
    assert any(o.source == "窓口受付簿\n（5月分）" and o.note == "速報値\n確定は6月" for o in observations)
