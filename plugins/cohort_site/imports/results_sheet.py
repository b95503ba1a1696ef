"""The results sheet: an Excel workbook per municipality to report KPI values, and its import.

Municipal staff report in Excel, not YAML. `write_sheet` makes a workbook pre-filled with the
group's KPIs (the KPI id in a hidden column, the sheet protected except the input cells, data
validation on the date and value cells). `import_sheets` reads filled workbooks back: every
cell is checked, every problem is reported as `FILE.xlsx:シート!H9: error rule: message`, and
the results files are written only when no workbook has an error.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any, cast

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils.datetime import from_excel
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from .. import jpdate
from ..codes import normalise_code
from ..diagnostics import cut
from ..errors import CohortSiteError
from ..model import (
    KPI,
    MEASURE_STATES,
    Cohort,
    KpiResult,
    MeasureState,
    MeasureStatus,
    MunicipalityResults,
    Observation,
    Project,
    Proposal,
)
from ..office_archive import office_archive_problem
from ..results import track
from ..storage import fixed_zip_times, write_bytes
from .results_file import dump_results
from .sheet_cells import formula_cells, put

DATA_SHEET = "成果報告"
MEASURE_SHEET = "施策の状況"
HELP_SHEET = "記入方法"
EMPTY_ROWS = 3  # empty observation rows per KPI
HEADER_ROW = 6
COLUMNS = ("KPI ID", "指標", "単位", "現状値", "目標値", "期限", "測定日", "値", "出典", "メモ")
COL = {name: i + 1 for i, name in enumerate(COLUMNS)}  # 1-based column numbers
INPUT_FILL = PatternFill("solid", fgColor="FFF8DC")
HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
MEASURE_HEADER_ROW = 6


class SheetError(CohortSiteError):
    """The sheet cannot be made (unknown cohort or municipality)."""


def sheet_filename(cohort: Cohort, code: str) -> str:
    return f"results-{cohort.id}-{code}.xlsx"


def _proposal(cohort: Cohort, code: str) -> Proposal:
    group = cohort.group_of(code)
    proposal = cohort.proposal_of(group.id) if group else None
    if group is None:
        raise SheetError(f"団体コード {code} は研修「{cohort.id}」のどのグループにも入っていません")
    if proposal is None:
        raise SheetError(f"{group.name}の提案書がまだないため、成果報告シートを作れません")
    return proposal


def _kpis(proposal: Proposal) -> list[KPI]:
    return [k for o in proposal.outcomes for k in o.kpis]


# --- writing ------------------------------------------------------------------------------

def write_sheet(project: Project, cohort: Cohort, code: str) -> bytes:
    """The workbook of one municipality, as .xlsx bytes."""
    proposal = _proposal(cohort, code)
    m = project.municipalities.get(code)
    name = m.name if m else code
    book = Workbook()
    ws = book.active
    ws.title = DATA_SHEET
    _data_sheet(ws, cohort, proposal, code, name)
    _measure_sheet(book.create_sheet(MEASURE_SHEET), cohort, proposal, code, name)
    _help_sheet(book.create_sheet(HELP_SHEET), cohort)
    book.properties.title = f"{name} 成果報告シート"
    book.properties.creator = "cohort-site"
    # A fixed timestamp: the same data gives the same workbook.
    book.properties.created = book.properties.modified = dt.datetime(cohort.fiscal_year, 4, 1)
    out = BytesIO()
    # Workbook.save() stamps `modified` with the clock; its writer alone keeps the date set above.
    ExcelWriter(book, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()
    return fixed_zip_times(out.getvalue(), (cohort.fiscal_year, 4, 1, 0, 0, 0))


def _title_block(ws: Worksheet, cohort: Cohort, code: str, name: str, what: str) -> None:
    put(ws, 1, 1, f"{cohort.title} {what}　{name}（{code}）").font = Font(bold=True, size=14)
    for row, (label, value) in enumerate((("研修ID", cohort.id), ("団体コード", code), ("自治体", name)), start=2):
        put(ws, row, 1, label).font = Font(bold=True)
        put(ws, row, 2, value)
    put(ws, 2, 4, "黄色のセルに記入してください。記入方法は「記入方法」シートにあります。")


def _header(ws: Worksheet, row: int, names: tuple[str, ...]) -> None:
    for col, text in enumerate(names, start=1):
        cell = put(ws, row, col, text)
        cell.font = Font(bold=True)
        cell.fill = HEAD_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")


def _data_sheet(ws: Worksheet, cohort: Cohort, proposal: Proposal, code: str, name: str) -> None:
    _title_block(ws, cohort, code, name, "成果報告シート")
    _header(ws, HEADER_ROW, COLUMNS)
    results = cohort.results_of(code)
    row = HEADER_ROW + 1
    start = row
    for kpi in _kpis(proposal):
        t = track(cohort, kpi, results)
        fixed = [kpi.id, kpi.indicator, kpi.unit, t.baseline, kpi.target, kpi.deadline]
        rows = [(o.date, o.value, o.source, o.note) for o in t.observations] + [(None,) * 4] * EMPTY_ROWS
        for obs in rows:
            for col, value in enumerate([*fixed, *obs], start=1):
                cell = put(ws, row, col, value)
                if isinstance(value, dt.date):
                    cell.number_format = "yyyy/mm/dd"
            for col in range(COL["測定日"], COL["メモ"] + 1):
                cell = ws.cell(row, col)
                cell.protection = Protection(locked=False)
                cell.fill = INPUT_FILL
            ws.cell(row, COL["測定日"]).number_format = "yyyy/mm/dd"
            row += 1
    end = row - 1
    dates = DataValidation(
        type="date", operator="between", formula1=f"DATE({cohort.period.start.year},{cohort.period.start.month},1)",
        formula2="DATE(2100,12,31)", allow_blank=True, showErrorMessage=True,
        errorTitle="測定日", error="日付（例: 2023/3/31）を入力してください", promptTitle="測定日",
        prompt="値を測った日（例: 2023/3/31）",
    )
    values = DataValidation(
        type="decimal", operator="between", formula1="-1000000000000", formula2="1000000000000",
        allow_blank=True, showErrorMessage=True, errorTitle="値",
        error="数値だけを入力してください（単位や「約」は不要です）", promptTitle="値", prompt="数値だけ（単位は不要）",
    )
    for validation, column in ((dates, "G"), (values, "H")):
        ws.add_data_validation(validation)
        validation.add(f"{column}{start}:{column}{end}")
    ws.column_dimensions["A"].hidden = True
    for column, width in zip("BCDEFGHIJ", (44, 8, 10, 10, 12, 13, 12, 24, 30), strict=True):
        ws.column_dimensions[column].width = width
    ws.freeze_panes = f"C{HEADER_ROW + 1}"
    ws.protection.sheet = True  # no password: the layout is protected against slips, not people
    ws.protection.formatColumns = False


def _measure_sheet(ws: Worksheet, cohort: Cohort, proposal: Proposal, code: str, name: str) -> None:
    _title_block(ws, cohort, code, name, "施策の状況")
    _header(ws, MEASURE_HEADER_ROW, ("施策", "状況", "メモ"))
    results = cohort.results_of(code)
    current = {m.measure: m for m in results.measures} if results else {}
    states = DataValidation(
        type="list", formula1='"' + ",".join(MEASURE_STATES) + '"', allow_blank=True, showErrorMessage=True,
        errorTitle="状況", error="一覧（" + "・".join(MEASURE_STATES) + "）から選んでください",
    )
    ws.add_data_validation(states)
    for i, measure in enumerate(proposal.measures):
        row = MEASURE_HEADER_ROW + 1 + i
        put(ws, row, 1, measure.title)
        known = current.get(measure.title)
        put(ws, row, 2, known.status if known else None)
        put(ws, row, 3, known.note if known else None)
        for col in (2, 3):
            ws.cell(row, col).protection = Protection(locked=False)
            ws.cell(row, col).fill = INPUT_FILL
        states.add(f"B{row}")
    for column, width in zip("ABC", (48, 12, 40), strict=True):
        ws.column_dimensions[column].width = width
    ws.protection.sheet = True


HELP_TEXT = (
    "成果報告シートの記入方法",
    "",
    "1. 「成果報告」シートの黄色のセル（測定日・値・出典・メモ）に、KPI を測った結果を記入します。",
    "2. 1回の測定を1行に書きます。同じ KPI を何回か測ったときは、その KPI の空欄の行を上から使います。",
    "3. 測定日は 2023/3/31 のように日付で、値は数値だけを入力します（単位・「約」・カンマは不要です）。",
    "4. 出典には、値の根拠（例: 窓口受付簿、電子申請システムの集計）を書きます。",
    "5. 行や列の追加・削除、セルの結合、数式は使わないでください。空欄の行が足りないときは事務局に連絡してください。",
    "6. 「施策の状況」シートでは、各施策の状況を一覧（未着手・実施中・完了・見送り）から選びます。",
    "",
    "施策を完了しても、目標（KPI）を達成したことにはなりません。住民や職員にとっての変化を測り続けることが大切です。",
    "記入済みの行（前回までの報告）は変更しないでください。値を訂正するときは事務局に連絡してください。",
    "このファイルは研修事務局が取り込み、研修サイトと成果報告（PDF）に反映します。",
)


def _help_sheet(ws: Worksheet, cohort: Cohort) -> None:
    for row, text in enumerate(HELP_TEXT, start=1):
        put(ws, row, 1, text)
    ws["A1"].font = Font(bold=True, size=14)
    put(ws, len(HELP_TEXT) + 2, 1, f"研修: {cohort.title}（研修期間の開始 {jpdate.format_date(cohort.period.start, weekday=False)}）")
    ws.column_dimensions["A"].width = 110
    ws.protection.sheet = True


# --- reading ------------------------------------------------------------------------------

@dataclass(frozen=True)
class SheetProblem:
    """One finding about a cell: `FILE.xlsx:シート!H9: error rule: message`."""

    file: str
    sheet: str
    cell: str
    severity: str
    rule: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.sheet}!{self.cell}" if self.cell else (
            f"{self.file}:{self.sheet}" if self.sheet else self.file)
        return f"{where}: {self.severity} {self.rule}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


@dataclass
class Imported:
    """What one workbook adds: the municipality's new results and the lines to print."""

    cohort: Cohort
    code: str
    results: MunicipalityResults
    added: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    problems: list[SheetProblem] = field(default_factory=list)
    imported: list[Imported] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)


class _Reader:
    """Reads one workbook, collecting problems with their cell references."""

    def __init__(self, path: Path, report: ImportReport):
        self.file = path.name
        self.report = report

    def problem(self, sheet: str, cell: str, rule: str, message: str, severity: str = "error") -> None:
        self.report.problems.append(SheetProblem(self.file, sheet, cell, severity, rule, message))

    def note(self, sheet: str, cell: str, rule: str, message: str) -> None:
        self.problem(sheet, cell, rule, message, "info")


_NUMBER = re.compile(r"^[-+]?(?:\d+(?:\.\d*)?|\.\d+)$")
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def _cut(value: Any) -> str:
    return cut(str(getattr(value, "text", value)))  # an ArrayFormula holds its text


def read_number(raw: Any, unit: str) -> tuple[float | int | None, str | None, str | None]:
    """(number, error message, note): a cell of the value column."""
    if isinstance(raw, bool):
        return None, "「TRUE/FALSE」ではなく数値を入力してください", None
    if isinstance(raw, (int, float)):
        if not math.isfinite(raw):
            return None, "数値として使えない値です", None
        return raw, None, None
    text = unicodedata.normalize("NFKC", str(raw)).strip().replace(",", "")
    if unit and text.endswith(unit) and _NUMBER.match(text[: -len(unit)].strip()):
        return None, f"単位「{unit}」は書かずに、数値だけを入力してください（値: {raw}）", None
    if not _NUMBER.match(text):
        return None, f"「{raw}」を数値として読めません。数字だけを入力してください（単位・「約」などの言葉は不要です）", None
    number = float(text)
    value: float | int = int(number) if number.is_integer() and "." not in text else number
    return value, None, f"文字として入力された「{raw}」を数値 {text} として読みました"


def read_date(raw: Any) -> tuple[dt.date | None, str | None, str | None]:
    """(date, error message, note): a cell of the date column."""
    if isinstance(raw, dt.datetime):
        return raw.date(), None, None
    if isinstance(raw, dt.date):
        return raw, None, None
    if isinstance(raw, bool):
        return None, "日付（例: 2023/3/31）を入力してください", None
    if isinstance(raw, (int, float)):
        # An Excel serial number (days since 1899-12-30), e.g. a date cell formatted as a number.
        if 20000 <= raw <= 80000:
            found = from_excel(raw).date()
            return found, None, f"Excel の日付の番号 {raw:g} を {found.isoformat()} として読みました"
        return None, f"「{raw:g}」は日付ではありません。2023/3/31 のように入力してください", None
    text = unicodedata.normalize("NFKC", str(raw)).strip()
    match = _DATE.match(text)
    if match is None:
        return None, f"「{raw}」を日付として読めません。2023/3/31 のように入力してください", None
    try:
        found = dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None, f"「{raw}」は存在しない日付です", None
    return found, None, f"文字として入力された「{raw}」を {found.isoformat()} として読みました"


def _text(raw: Any) -> str | None:
    if raw is None:
        return None
    text = unicodedata.normalize("NFKC", str(raw)).strip() if not isinstance(raw, str) else _as_read(raw)
    return text or None


def _as_read(text: str) -> str:
    """A text as `_text` reads it back from a cell `put` wrote: spaces around it go, a tab stays,
    and a CR comes back from the sheet's XML as a line feed."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip(" \u3000")


def import_sheets(
    root: Path, project: Project, paths: list[Path], today: dt.date, data_dir: str = "cohort_data", write: bool = True
) -> ImportReport:
    """Read every workbook; write the results files only if none has an error."""
    report = ImportReport()
    seen: dict[tuple[str, str], str] = {}
    for path in paths:
        reader = _Reader(path, report)
        found = _read_book(reader, project, path, today)
        if found is None:
            continue
        key = (found.cohort.id, found.code)
        if key in seen:
            reader.problem("", "", "sheet-duplicate", f"{seen[key]} と同じ自治体のシートです。1つにまとめてください")
            continue
        seen[key] = reader.file
        report.imported.append(found)
    if not report.ok or not write:
        return report
    for item in report.imported:
        if not item.added and not _measures_changed(item):
            continue
        target = root / data_dir / item.cohort.id / "results" / f"{item.code}.yml"
        m = project.municipalities.get(item.code)
        write_bytes(target, dump_results(item.results, results_header(item.cohort, item.code, m.name if m else item.code)).encode("utf-8"))
        report.written.append(target)
    return report


def results_header(cohort: Cohort, code: str, name: str) -> str:
    return (f"{name}（{code}）の成果 — {cohort.title}\n"
            "build.py results-import が書き直すファイルです（コメントはこの見出しだけが残ります）。")


def _measures_changed(item: Imported) -> bool:
    before = item.cohort.results_of(item.code)

    def plain(items: list[MeasureStatus]) -> list[tuple[str, str, str | None]]:
        return [(m.measure, m.status, m.note) for m in items]  # model equality would compare positions too

    return plain(before.measures if before else []) != plain(item.results.measures)


def _read_book(reader: _Reader, project: Project, path: Path, today: dt.date) -> Imported | None:
    if not path.is_file():
        reader.problem("", "", "sheet-file", "ファイルが見つかりません")
        return None
    too_large = office_archive_problem(path)
    if too_large:
        reader.problem("", "", "sheet-too-large", too_large)
        return None
    try:
        book = load_workbook(path, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not .xlsx
        reader.problem("", "", "sheet-file", f"Excel ファイル（.xlsx）として読めません（{type(exc).__name__}）")
        return None
    if DATA_SHEET not in book.sheetnames:
        reader.problem("", "", "sheet-missing", f"シート「{DATA_SHEET}」がありません。build.py results-sheet で作ったファイルに記入してください")
        return None
    formulas = [(ws.title, cell) for ws in book.worksheets for cell in formula_cells(ws)]
    for sheet, cell in formulas:  # in any cell: a value, a note, a status, a label
        reader.problem(sheet, cell.coordinate, "sheet-formula", f"数式（{_cut(cell.value)}）は取り込めません。値を直接入力してください")
    if formulas:
        return None
    for extra in book.sheetnames:
        if extra not in (DATA_SHEET, MEASURE_SHEET, HELP_SHEET):
            reader.problem(extra, "", "sheet-extra",
                           f"シート「{extra}」は成果報告の様式にありません。記入は「{DATA_SHEET}」シートに行い、このシートは削除してください")
    ws = book[DATA_SHEET]
    cohort_id = _text(ws["B2"].value) or ""
    code = str(normalise_code(_text(ws["B3"].value) or ""))
    cohort = project.cohort(cohort_id)
    if cohort is None:
        reader.problem(DATA_SHEET, "B2", "sheet-cohort", f"研修「{cohort_id}」は cohort_data/ にありません")
        return None
    group = cohort.group_of(code)
    proposal = cohort.proposal_of(group.id) if group else None
    if proposal is None:
        reader.problem(DATA_SHEET, "B3", "sheet-municipality", f"団体コード「{code}」は研修「{cohort.id}」の参加自治体ではありません")
        return None
    named = re.search(r"(\d{6})", path.stem)
    if named and named.group(1) != code:
        reader.problem(DATA_SHEET, "B3", "sheet-municipality",
                       f"ファイル名は団体コード {named.group(1)} ですが、シートは {code} のものです。別の自治体のシートではありませんか")
        return None
    for merged in ws.merged_cells.ranges:
        reader.problem(DATA_SHEET, merged.coord, "sheet-merged", "結合されたセルは取り込めません。セルの結合を解除してください")
    kpis = {k.id: k for k in _kpis(proposal)}
    before = cohort.results_of(code)
    entries: dict[str, list[Observation]] = {k: list(entry.observations) if before and (entry := before.kpi(k)) else [] for k in kpis}
    origin: dict[tuple[str, dt.date], str] = {}  # where each (kpi, date) came from: the YAML or a cell
    for kpi_id, items in entries.items():
        for o in items:
            origin[(kpi_id, o.date)] = str(o.loc("value"))
    imported = Imported(cohort, code, before or MunicipalityResults(municipality=code))
    for row in range(HEADER_ROW + 1, ws.max_row + 1):
        _read_row(reader, ws, row, cohort, code, kpis, entries, origin, imported, today)
    measures = _read_measures(reader, book, proposal, before)
    kpi_results = []
    for kpi_id, kpi in kpis.items():
        old = before.kpi(kpi_id) if before else None
        if old is None and not entries[kpi_id]:
            continue
        kpi_results.append(KpiResult(
            kpi=kpi_id, unit=old.unit if old and old.unit is not None else kpi.unit,
            baseline=old.baseline if old else None, observations=sorted(entries[kpi_id], key=lambda o: o.date),
        ))
    imported.results = MunicipalityResults(
        municipality=code, kpis=kpi_results, measures=measures, notes=before.notes if before else "",
    )
    return imported


def _read_row(
    reader: _Reader, ws: Worksheet, row: int, cohort: Cohort, code: str, kpis: dict[str, KPI],
    entries: dict[str, list[Observation]], origin: dict[tuple[str, dt.date], str], imported: Imported, today: dt.date,
) -> None:
    cells = {name: ws.cell(row, COL[name]) for name in COLUMNS}  # formulas were refused in _read_book
    raw_date, raw_value = cells["測定日"].value, cells["値"].value
    source, note = _text(cells["出典"].value), _text(cells["メモ"].value)
    if raw_date in (None, "") and raw_value in (None, "") and not source and not note:
        return
    kpi_id = _text(cells["KPI ID"].value) or ""
    kpi = kpis.get(kpi_id)
    if kpi is None:
        where = cells["KPI ID"].coordinate
        if kpi_id and any(kpi_id in {k.id for o in p.outcomes for k in o.kpis} for p in cohort.proposals):
            reader.problem(DATA_SHEET, where, "sheet-kpi", f"KPI「{kpi_id}」は別のグループの提案書のものです。この自治体のシートに記入してください")
        else:
            reader.problem(DATA_SHEET, where, "sheet-kpi",
                           "この行の KPI が分かりません。行を挿入せず、用意された空欄の行に記入してください")
        return
    unit_cell = cells["単位"]
    if (_text(unit_cell.value) or "") != _as_read(kpi.unit or ""):
        reader.problem(DATA_SHEET, unit_cell.coordinate, "sheet-unit",
                       f"単位が「{unit_cell.value}」に変わっています。KPI「{kpi.indicator}」の単位は「{kpi.unit}」です")
        return
    if raw_date in (None, ""):
        reader.problem(DATA_SHEET, cells["測定日"].coordinate, "sheet-incomplete", "値はありますが、測定日がありません")
        return
    if raw_value in (None, ""):
        reader.problem(DATA_SHEET, cells["値"].coordinate, "sheet-incomplete", "測定日はありますが、値がありません")
        return
    date, date_error, date_note = read_date(raw_date)
    if date_error:
        reader.problem(DATA_SHEET, cells["測定日"].coordinate, "sheet-date", date_error)
    value, value_error, value_note = read_number(raw_value, kpi.unit)
    if value_error:
        reader.problem(DATA_SHEET, cells["値"].coordinate, "sheet-value", value_error)
    if date is None or value is None:
        return
    if date_note:
        reader.note(DATA_SHEET, cells["測定日"].coordinate, "sheet-date-read", date_note)
    if value_note:
        reader.note(DATA_SHEET, cells["値"].coordinate, "sheet-value-read", value_note)
    t = track(cohort, kpi, cohort.results_of(code))
    if date > today:
        reader.problem(DATA_SHEET, cells["測定日"].coordinate, "sheet-date", f"測定日 {date.isoformat()} は未来の日付です")
        return
    if date < t.baseline_date:
        reader.problem(DATA_SHEET, cells["測定日"].coordinate, "sheet-date",
                       f"測定日 {date.isoformat()} は現状値の時点（{t.baseline_date.isoformat()}）より前です")
        return
    existing = next((o for o in entries[kpi.id] if o.date == date), None)
    if existing is not None:
        if existing.value != value:
            reader.problem(DATA_SHEET, cells["値"].coordinate, "sheet-conflict",
                           f"KPI「{kpi.indicator}」の {date.isoformat()} の値は {origin[(kpi.id, date)]} に"
                           f" {_shown(existing.value)} と記録済みです（シートの値: {_shown(value)}）。上書きはしません")
        return
    entries[kpi.id].append(Observation(date=date, value=value, source=source, note=note))
    origin[(kpi.id, date)] = f"{reader.file}:{DATA_SHEET}!{cells['値'].coordinate}"
    imported.added.append(f"{kpi.id} {kpi.indicator}: {date.isoformat()} {_shown(value)}{kpi.unit}")


def _shown(value: float | int) -> str:
    return f"{int(value)}" if isinstance(value, float) and value.is_integer() else f"{value}"


def _read_measures(
    reader: _Reader, book: Any, proposal: Proposal, before: MunicipalityResults | None
) -> list[MeasureStatus]:
    current = {m.measure: m for m in before.measures} if before else {}
    if MEASURE_SHEET not in book.sheetnames:
        return list(current.values())
    ws = book[MEASURE_SHEET]
    titles = {_as_read(m.title): m.title for m in proposal.measures}
    found: dict[str, MeasureStatus] = dict(current)
    for row in range(MEASURE_HEADER_ROW + 1, ws.max_row + 1):
        title = _text(ws.cell(row, 1).value)
        status_cell, note_cell = ws.cell(row, 2), ws.cell(row, 3)
        status = _text(status_cell.value)
        if not title and not status:
            continue
        if title not in titles:
            reader.problem(MEASURE_SHEET, ws.cell(row, 1).coordinate, "sheet-measure",
                           f"施策「{title}」は提案書にありません。施策の名前は変えないでください")
            continue
        if status is None:
            continue
        if status not in MEASURE_STATES:
            reader.problem(MEASURE_SHEET, status_cell.coordinate, "sheet-measure-status",
                           f"状況「{status}」は使えません。{'・'.join(MEASURE_STATES)}のいずれかを選んでください")
            continue
        found[titles[title]] = MeasureStatus(measure=titles[title], status=cast(MeasureState, status), note=_text(note_cell.value))
    return [found[t] for t in titles.values() if t in found]
