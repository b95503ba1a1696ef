"""Loading `cohort_data/` into the model. A pure function of the files.

Layout (see ARCHITECTURE.md):

    cohort_data/municipalities/*.csv             optional: rows adding to / replacing the shipped
                                                 national reference data (see reference.py)
    cohort_data/checker.yml                      optional: keyword lists of the checker
    cohort_data/<cohort-id>/cohort.yml           the cohort itself
    cohort_data/<cohort-id>/sessions/*.md        one session each (front matter + body)
    cohort_data/<cohort-id>/groups.yml           `groups:` list
    cohort_data/<cohort-id>/proposals/*.md       one proposal each (front matter + body)
    cohort_data/<cohort-id>/retrospectives/*.yml one retrospective each
    cohort_data/<cohort-id>/faq.yml              optional: `faq:` and `cases:` of the channels
    cohort_data/<cohort-id>/results/<code>.yml   optional: one municipality's KPI results
    cohort_data/<cohort-id>/attendance/*.yml     optional: one session's attendance each

Problems never raise: they become diagnostics, and the file (or row) they are in is left out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from .diagnostics import Diagnostic, error, info
from .model import (
    Attendance,
    CaseStudy,
    Cohort,
    FaqItem,
    Group,
    Loc,
    MunicipalityResults,
    Node,
    Period,
    Project,
    Proposal,
    Retrospective,
    Session,
)
from .reference import Reference, load_reference
from .sources import LocDict, parse_front_matter, parse_yaml, read_text
from .validation import validation_diagnostics

DATA_DIR = "cohort_data"
MUNICIPALITY_DIR = "municipalities"
COHORT_FILE = "cohort.yml"

# Keys of Cohort that come from other files of the cohort folder, never from cohort.yml.
_FROM_OTHER_FILES = {
    "sessions": "sessions/ フォルダ",
    "groups": "groups.yml",
    "proposals": "proposals/ フォルダ",
    "retrospectives": "retrospectives/ フォルダ",
    "faq": "faq.yml",
    "cases": "faq.yml",
    "results": "results/ フォルダ",
    "attendance": "attendance/ フォルダ",
}

N = TypeVar("N", bound=Node)


class GroupsFile(Node):
    groups: list[Group]


class FaqFile(Node):
    faq: list[FaqItem] = []
    cases: list[CaseStudy] = []


@dataclass
class LoadResult:
    project: Project
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)  # every file read, for watching and hashing
    # Per cohort id, the parts ("sessions", "groups", ...) of which a file failed to load: rules
    # that look things up in such a part stay quiet instead of reporting follow-on errors.
    incomplete: dict[str, frozenset[str]] = field(default_factory=dict)
    # False when the project's municipality CSVs did not all load (see reference.Reference).
    reference_complete: bool = True
    # Cohorts whose cohort.yml did not load, with the files that did: not part of the project (nothing
    # is built from them), but the checker runs its rules on them so one run reports every error.
    stand_ins: tuple[Cohort, ...] = ()


class _Reader:
    """Collects diagnostics and the files read while loading one project."""

    def __init__(self, root: Path):
        self.root = root
        self.diagnostics: list[Diagnostic] = []
        self.files: list[Path] = []
        self.failed: set[Path] = set()

    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def outside(self, path: Path) -> bool:
        """True (and reported) when a file or folder's real path leaves the project (a symlink)."""
        if path.resolve().is_relative_to(self.root):
            return False
        self.diagnostics.append(error(
            Loc(self.rel(path)), "outside-project",
            "シンボリックリンクの先がプロジェクトの外にあるため読みません。ファイルやフォルダを cohort_data/ の中にコピーしてください",
        ))
        self.failed.add(path)
        return True

    def text(self, path: Path) -> str | None:
        if self.outside(path):
            return None
        self.files.append(path)
        text, problems = read_text(path, self.rel(path))
        self.diagnostics += problems
        return text

    def yaml(self, path: Path) -> Any:
        text = self.text(path)
        if text is None:
            return None
        data, problems = parse_yaml(text, self.rel(path))
        self.diagnostics += problems
        if data is None and not problems:
            self.diagnostics.append(error(Loc(self.rel(path)), "empty-file", "ファイルが空です"))
        return data

    def markdown(self, path: Path) -> Any:
        """Front matter as a LocDict with the body under `body`, or None."""
        text = self.text(path)
        if text is None:
            return None
        data, body, problems = parse_front_matter(text, self.rel(path))
        self.diagnostics += problems
        if data is None:
            return None
        if not isinstance(data, LocDict):
            self.diagnostics.append(
                error(Loc(self.rel(path), 2), "type", "フロントマターは「キー: 値」の形で書いてください")
            )
            return None
        data["body"] = body
        data.value_locs.setdefault("body", Loc(self.rel(path), data.loc.line))
        return data

    def validate(self, model: type[N], data: Any, path: Path) -> N | None:
        if data is None:
            self.failed.add(path)
            return None
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            self.diagnostics += validation_diagnostics(exc, data, Loc(self.rel(path)), model)
            self.failed.add(path)
            return None


def load_project(root: Path | str, data_dir: str = DATA_DIR) -> LoadResult:
    """Load every municipality and cohort under `root/data_dir`."""
    root = Path(root).resolve()
    reader = _Reader(root)
    base = root / data_dir
    if not base.is_dir():
        reader.diagnostics.append(
            error(Loc(data_dir), "missing-data", f"データフォルダ {data_dir}/ が見つかりません")
        )
        return LoadResult(Project(municipalities={}, cohorts=()), reader.diagnostics)
    reference = _load_municipalities(reader, base / MUNICIPALITY_DIR)
    cohorts: list[Cohort] = []
    stand_ins: list[Cohort] = []
    for folder in sorted(p for p in base.iterdir() if p.is_dir() and p.name != MUNICIPALITY_DIR):
        if (folder / COHORT_FILE).is_file() and not reader.outside(folder):
            cohort, readable = _load_cohort(reader, folder)
            (cohorts if readable else stand_ins).append(cohort)
    project = Project(municipalities=reference.municipalities, wards=reference.wards, cohorts=tuple(cohorts))
    project.with_loc(Loc(data_dir))
    reader.diagnostics += _not_checked_notes(reader, base)
    return LoadResult(
        project, reader.diagnostics, reader.files, _incomplete_parts(reader.failed, base), reference.complete,
        tuple(stand_ins),
    )


# A part of a cohort that failed to load -> what the checker therefore did not compare (the rules
# stay quiet about it instead of reporting follow-on errors; the note says so where it failed).
_NOT_CHECKED = {
    "cohort": "各回の日付が研修期間内か、成果の測定日が研修の開始より後かは確かめていません（この研修の他のファイルは確かめました）",
    "groups": "提案書・成果・出席のグループと自治体、メンバーの自治体は照合していません",
    "sessions": "回の番号の並びと、宿題・振り返り・出席が指す回は照合していません",
}


def _not_checked_notes(reader: _Reader, base: Path) -> list[Diagnostic]:
    """One note at each file that failed and hid a comparison of the other files."""
    notes = []
    for path in sorted(reader.failed):
        rel = path.relative_to(base).parts if path.is_relative_to(base) else ()
        part = rel[1].removesuffix(".yml") if len(rel) >= 2 else ""
        if part in _NOT_CHECKED:
            notes.append(info(
                Loc(reader.rel(path)), "not-checked", f"このファイルを読めないため、{_NOT_CHECKED[part]}。直してからもう一度確認してください",
            ))
    return notes


def _incomplete_parts(failed: set[Path], base: Path) -> dict[str, frozenset[str]]:
    """cohort id -> parts with a file that failed, e.g. {"tokyo-2021": {"groups"}}."""
    parts: dict[str, set[str]] = {}
    for path in failed:
        rel = path.relative_to(base).parts
        if len(rel) >= 2:
            part = rel[1].removesuffix(".yml")  # groups.yml -> groups, sessions/01.md -> sessions
            parts.setdefault(rel[0], set()).add(part)
    return {cohort: frozenset(p) for cohort, p in parts.items()}


def _load_municipalities(reader: _Reader, folder: Path) -> Reference:
    """The shipped national data, with the project's CSVs (optional) laid over it."""
    paths = sorted(folder.glob("*.csv")) if folder.is_dir() else []
    reference, problems = load_reference([(reader.rel(path), reader.text(path)) for path in paths])
    reader.diagnostics += problems
    return reference


def _load_cohort(reader: _Reader, folder: Path) -> tuple[Cohort, bool]:
    """The cohort with every file of its folder, and whether cohort.yml itself loaded (if not, a
    stand-in carries the other files, so that their own errors are reported in the same run)."""
    path = folder / COHORT_FILE
    data = reader.yaml(path)
    if data is not None and not isinstance(data, LocDict):
        reader.diagnostics.append(error(Loc(reader.rel(path)), "type", "cohort.yml は「キー: 値」の形で書いてください"))
        data = None
    cohort = _cohort_file(reader, folder, data)
    if cohort is None:
        reader.failed.add(path)
        # Its period is unknown: the widest one, so no rule compares a date with it (see _NOT_CHECKED).
        cohort = Cohort.model_construct(
            id=folder.name, title=folder.name, fiscal_year=0, organiser="",
            period=Period(start=dt.date.min, end=dt.date.max),
        )
        cohort.with_loc(Loc(reader.rel(path)))
    return _with_other_files(reader, folder, cohort), path not in reader.failed


def _cohort_file(reader: _Reader, folder: Path, data: LocDict | None) -> Cohort | None:
    """cohort.yml validated (None if it failed); keys of the other files are refused here."""
    path = folder / COHORT_FILE
    if data is None:
        return None
    for key, where in list(data.key_locs.items()):
        if key in _FROM_OTHER_FILES:
            reader.diagnostics.append(
                error(where, "unknown-key", f"「{key}」は cohort.yml ではなく {_FROM_OTHER_FILES[key]} に書きます")
            )
            del data[key]
    if "id" not in data:
        data["id"] = folder.name
    elif data["id"] != folder.name:
        reader.diagnostics.append(
            error(data.value_locs["id"], "cohort-id", f"id「{data['id']}」がフォルダ名「{folder.name}」と一致しません")
        )
    return reader.validate(Cohort, data, path)


def _with_other_files(reader: _Reader, folder: Path, cohort: Cohort) -> Cohort:
    sessions = [reader.validate(Session, reader.markdown(p), p) for p in sorted((folder / "sessions").glob("*.md"))]
    proposals = [reader.validate(Proposal, reader.markdown(p), p) for p in sorted((folder / "proposals").glob("*.md"))]
    retrospectives = [
        reader.validate(Retrospective, reader.yaml(p), p) for p in sorted((folder / "retrospectives").glob("*.yml"))
    ]
    attendance = [
        reader.validate(Attendance, reader.yaml(p), p) for p in sorted((folder / "attendance").glob("*.yml"))
    ]
    groups_path = folder / "groups.yml"
    groups = reader.validate(GroupsFile, reader.yaml(groups_path), groups_path) if groups_path.is_file() else None
    faq_path = folder / "faq.yml"
    faq = reader.validate(FaqFile, reader.yaml(faq_path), faq_path) if faq_path.is_file() else None

    results = [_load_results(reader, p) for p in sorted((folder / "results").glob("*.yml"))]

    located = cohort.model_copy(
        update={
            "sessions": tuple(sorted((s for s in sessions if s), key=lambda s: s.number)),
            "groups": tuple(groups.groups) if groups else (),
            "proposals": tuple(p for p in proposals if p),
            "retrospectives": tuple(r for r in retrospectives if r),
            "faq": tuple(faq.faq) if faq else (),
            "cases": tuple(faq.cases) if faq else (),
            "results": tuple(r for r in results if r),
            "attendance": tuple(sorted((a for a in attendance if a), key=lambda a: a.session)),
        }
    )
    return located


def _load_results(reader: _Reader, path: Path) -> MunicipalityResults | None:
    """`results/<code>.yml`: the municipality is the file name, like a cohort's id is its folder."""
    data = reader.yaml(path)
    if data is not None and not isinstance(data, LocDict):
        reader.diagnostics.append(error(Loc(reader.rel(path)), "type", "成果ファイルは「キー: 値」の形で書いてください"))
        data = None
    if isinstance(data, LocDict):
        if "municipality" in data:
            reader.diagnostics.append(
                error(data.key_locs["municipality"], "unknown-key", "団体コードはファイル名（results/<団体コード>.yml）で表します")
            )
            del data["municipality"]
        data["municipality"] = path.stem
        data.value_locs["municipality"] = Loc(reader.rel(path))
    return reader.validate(MunicipalityResults, data, path)
