"""Municipality reference data: the national CSV shipped with the package, then the project's own
CSVs in `cohort_data/municipalities/`, whose rows add to or replace the shipped ones.

Which row wins: a code in a project CSV replaces the shipped row of that code as a whole (e.g. a
newer population, or a municipality created after the shipped snapshot); the same code twice in
the project's CSVs is an error (`duplicate-id`), never a silent choice.

Columns (a header row, every column present in every row; see README):
    code, name, kana, type, population_2020_preliminary      required
    prefecture, designated_city                              optional in a project CSV
`type` is 特別区 / 市 / 町 / 村, or 行政区 for a ward of a designated city (a known code, but not a
municipality: it cannot be a group member). A population may be blank (unknown, never 0) and may
have thousands separators (3,777,491).
"""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass, field
from importlib import resources
from typing import cast

from pydantic import ValidationError

from . import codes, limits
from .diagnostics import Diagnostic, error
from .model import MUNICIPALITY_KINDS, Loc, Municipality, MunicipalityKind, Ward

SHIPPED = ("data", "japan_municipalities.csv")  # inside the package
SHIPPED_NAME = "cohort_site/data/japan_municipalities.csv"  # as diagnostics name it

# Column -> its Japanese label, for messages.
REQUIRED = {
    "code": "団体コード",
    "name": "名称",
    "kana": "よみ",
    "type": "種別",
    "population_2020_preliminary": "人口",
}
OPTIONAL = {"prefecture": "都道府県", "designated_city": "政令市"}
WARD = "行政区"
KINDS = (*MUNICIPALITY_KINDS, WARD)


@dataclass
class Reference:
    municipalities: dict[str, Municipality] = field(default_factory=dict)
    wards: dict[str, Ward] = field(default_factory=dict)
    # False when a project CSV (or a row of one) could not be read: rules that report a code as
    # unknown stay quiet, as the code may be in the part that failed.
    complete: bool = True


class _CellError(ValueError):
    """A cell that cannot be read: the column and what to write instead."""

    def __init__(self, column: str, message: str, rule: str = "municipality-data"):
        super().__init__(message)
        self.column = column
        self.rule = rule


def shipped_text() -> str:
    return resources.files(__package__).joinpath(*SHIPPED).read_text(encoding="utf-8")


def load_reference(project_files: list[tuple[str, str | None]]) -> tuple[Reference, list[Diagnostic]]:
    """The shipped rows, then each (file, text) of the project in order; text None = unreadable."""
    ref = Reference()
    diagnostics: list[Diagnostic] = []
    _read(shipped_text(), SHIPPED_NAME, ref, diagnostics, project_rows=None)
    from_project: dict[str, Loc] = {}
    for file, text in project_files:
        if text is None:
            ref.complete = False
            continue
        _read(text, file, ref, diagnostics, project_rows=from_project)
    _link_wards(ref)
    return ref, diagnostics


def _read(text: str, file: str, ref: Reference, found: list[Diagnostic], project_rows: dict[str, Loc] | None) -> None:
    problem = limits.long_line_problem(text, file)
    if problem is None:
        try:
            _read_rows(text, file, ref, found, project_rows)
            return
        except csv.Error as exc:  # e.g. a NUL byte; the row number is the reader's
            problem = error(Loc(file, 1, 1), "municipality-data", f"CSV として読めません（{exc}）")
    found.append(problem)
    ref.complete = False


def _read_rows(text: str, file: str, ref: Reference, found: list[Diagnostic], project_rows: dict[str, Loc] | None) -> None:
    rows = csv.reader(text.splitlines())
    header = [h.strip() for h in next(rows, [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        names = "、".join(f"「{c}」（{REQUIRED[c]}）" for c in missing)
        found.append(error(Loc(file, 1, 1), "municipality-data", f"CSV の見出し（1行目）に列{names}がありません"))
        ref.complete = False
        return
    for cells in rows:
        where = Loc(file, rows.line_num, 1)
        if not any(c.strip() for c in cells):
            continue
        try:
            item = _row(header, cells, where)
        except _CellError as exc:
            label = REQUIRED.get(exc.column) or OPTIONAL.get(exc.column)
            column = f"の列「{exc.column}」（{label}）" if label else ""
            found.append(error(where, exc.rule, f"{rows.line_num}行目{column}: {exc}"))
            ref.complete = False
            continue
        if project_rows is not None:
            if item.code in project_rows:
                found.append(error(
                    where, "duplicate-id", f"団体コード {item.code} が {project_rows[item.code]} と重複しています"
                ))
                ref.complete = False
                continue
            project_rows[item.code] = where
            # A project row replaces the shipped row of its code, whichever kind either is.
            ref.municipalities.pop(item.code, None)
            ref.wards.pop(item.code, None)
        if isinstance(item, Ward):
            ref.wards[item.code] = item
        else:
            ref.municipalities[item.code] = item


def _row(header: list[str], cells: list[str], where: Loc) -> Municipality | Ward:
    if len(cells) != len(header):
        raise _CellError("", f"列の数が {len(cells)} です（見出しは {len(header)} 列）。区切りの「,」を確かめてください")
    row = {column: cell.strip() for column, cell in zip(header, cells, strict=True)}
    for column in (*REQUIRED, *OPTIONAL):
        if column in row and not row[column] and column not in ("population_2020_preliminary", "designated_city"):
            raise _CellError(column, "空欄です。値を書いてください")
    code = str(codes.normalise_code(row["code"]))
    problem = codes.code_check(code)
    if problem:
        raise _CellError("code", problem[1], problem[0])
    kind = row["type"]
    if kind not in KINDS:
        raise _CellError("type", f"「{kind}」は種別として使えません（{' / '.join(KINDS)} のいずれか）")
    prefecture = codes.prefecture_of(code) or ""
    if row.get("prefecture") and row["prefecture"] != prefecture:
        raise _CellError("prefecture", f"「{row['prefecture']}」は団体コード {code} の都道府県（{prefecture}）と違います")
    designated = _flag(row.get("designated_city", ""))
    if designated and kind != "市":
        raise _CellError("designated_city", "政令指定都市（1）にできるのは種別が「市」の行だけです")
    population = _population(row["population_2020_preliminary"])
    try:
        if kind == WARD:
            return Ward(code=code, name=row["name"], kana=row["kana"], prefecture=prefecture, city=None).with_loc(where)
        return Municipality(
            code=code, name=row["name"], kana=row["kana"], kind=cast(MunicipalityKind, kind), population=population,
            prefecture=prefecture, designated_city=designated,
        ).with_loc(where)
    except ValidationError as exc:  # not expected after the checks above; still never a traceback
        raise _CellError("", f"読めません（{exc.errors()[0]['msg']}）") from None


def _population(value: str) -> int | None:
    """'3,777,491' -> 3777491; blank -> None (unknown, never 0)."""
    text = unicodedata.normalize("NFKC", value).replace(",", "").replace(" ", "")
    if not text:
        return None
    if not (text.isascii() and text.isdigit()):
        raise _CellError(
            "population_2020_preliminary", f"「{value}」は人数として読めません（例: 3,777,491。不明なら空欄にします）"
        )
    return int(text)


def _flag(value: str) -> bool:
    if value in ("", "0"):
        return False
    if value == "1":
        return True
    raise _CellError("designated_city", f"「{value}」は使えません（政令指定都市は 1、それ以外は 0 か空欄）")


def _link_wards(ref: Reference) -> None:
    """Each ward's designated city: the one of its prefecture whose name begins the ward's."""
    cities: dict[str, list[Municipality]] = {}
    for m in ref.municipalities.values():
        if m.designated_city:
            cities.setdefault(m.prefecture, []).append(m)
    for code, ward in ref.wards.items():
        city = next((c for c in cities.get(ward.prefecture, []) if ward.name.startswith(c.name)), None)
        if city is not None:
            ref.wards[code] = ward.model_copy(update={"city": city.code}).with_loc(ward.loc())
