"""`build.py proposal-import`: filled Word templates → `cohort_data/<cohort>/proposals/<group>.md`.

Every file is checked whole first (the guard, whose file it is, every cell and paragraph); the
new text is written through the project's YAML emitter and Markdown escaping, loaded and
checked like any cohort file in a scratch copy of `cohort_data/`, and only when no file has an
error is anything written (proposals and pictures). Importing the same file twice changes nothing.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docx

from ..checks import Checked, load_and_check
from ..diagnostics import Diagnostic
from ..imports.records import ImportPlan
from ..loader import DATA_DIR
from ..model import Cohort, Project
from ..storage import write_bytes
from ..yamltext import Block, dump_yaml
from . import proposal_layout as L
from .docx_base import custom_properties
from .docx_guard import DocxRefused, check_docx
from .docx_markdown import Picture
from .proposal_read import Problem, Read, read_proposal

_HEADER_COMMENT = re.compile(r"\A---\n((?:#[^\n]*\n)+)")


@dataclass
class ProposalImport:
    """One file's import: the plan (new text), pictures to store, and every problem found."""

    shown: str  # the .docx as given on the command line
    cohort: Cohort | None = None
    group: str = ""
    plan: ImportPlan | None = None
    pictures: dict[str, bytes] = field(default_factory=dict)  # path under the project -> bytes
    problems: list[str] = field(default_factory=list)  # printed lines, errors and notes
    errors: int = 0
    read: Read | None = None
    checked: Checked | None = None  # the whole checker on the project with this proposal
    document: Any = None  # the parsed document (the review adds its comments to it)
    rel: str = ""  # the proposal file's path under the project

    def error(self, where: str | None, message: str) -> None:
        self.problems.append(f"{self.shown}: {where}: {message}" if where else f"{self.shown}: {message}")
        self.errors += 1


def open_template(path: Path, shown: str, project: Project, result: ProposalImport) -> Any | None:
    """The guarded, parsed document and its cohort and group, or None after saying why."""
    if not path.is_file():
        result.error(None, "ファイルが見つかりません")
        return None
    try:
        check_docx(path)
        document = docx.Document(str(path))
    except DocxRefused as exc:
        result.error(None, str(exc))
        return None
    except Exception:  # python-docx on a file the guard let through: a broken part
        result.error(None, "Word 文書として読めません（壊れている部分があります）。Word で開いて保存し直してください")
        return None
    props = custom_properties(document)
    if props.get(L.PROP_FORMAT) != L.FORMAT:
        result.error(None, "提案書のひな形から作った文書ではありません（build.py proposal-template で作ったひな形に書いてください）")
        return None
    cohort = project.cohort(props.get(L.PROP_COHORT, ""))
    if cohort is None:
        result.error(None, f"研修「{props.get(L.PROP_COHORT, '')[:40]}」のひな形ですが、この研修は {DATA_DIR}/ にありません")
        return None
    group = props.get(L.PROP_GROUP, "")
    if cohort.group(group) is None:
        result.error(None, f"グループ「{group[:40]}」は研修「{cohort.id}」にありません")
        return None
    result.cohort, result.group, result.document = cohort, group, document
    return document


def _kpi_ids(group: str, outcomes: list[dict[str, Any]]) -> None:
    """Give a KPI without an id the next free `<group>-kpi-N` (ids already used are kept)."""
    used = {k["id"] for o in outcomes for k in o["kpis"] if k.get("id")}
    number = 1
    for outcome in outcomes:
        for kpi in outcome["kpis"]:
            if kpi.get("id"):
                continue
            while f"{group}-kpi-{number}" in used:
                number += 1
            kpi["id"] = f"{group}-kpi-{number}"
            used.add(kpi["id"])
    for outcome in outcomes:  # the file's key order: id first
        for index, kpi in enumerate(outcome["kpis"]):
            outcome["kpis"][index] = {"id": kpi["id"], **{k: v for k, v in kpi.items() if k != "id"}}


def _blocks(value: Any) -> Any:
    """Multi-line strings as `|` blocks, everywhere in the data."""
    if isinstance(value, str) and "\n" in value:
        return Block(value)
    if isinstance(value, dict):
        return {k: _blocks(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_blocks(v) for v in value]
    return value


def proposal_text(group: str, read: Read, old: str | None) -> str:
    """The proposal file: the old file's header comment, front matter through dump_yaml, the body."""
    front: dict[str, Any] = {"id": group, "group": group, **read.data}
    comment = ""
    if old is not None and (match := _HEADER_COMMENT.match(old)):
        comment = match.group(1)
    body = read.body.strip("\n")
    return f"---\n{comment}{dump_yaml(_blocks(front))}---\n" + (f"\n{body}\n" if body else "")


def _picture_sink(result: ProposalImport, group: str) -> Any:
    def store(picture: Picture) -> str:
        ext = picture.ext if picture.ext in ("png", "jpg", "jpeg", "gif", "webp") else "png"
        name = f"{group}-{hashlib.sha256(picture.data).hexdigest()[:12]}.{ext}"
        assert result.cohort is not None
        result.pictures[f"{DATA_DIR}/{result.cohort.id}/images/{name}"] = picture.data
        return f"images/{name}"

    return store


def _scratch_check(root: Path, cohort_id: str, rel: str, text: str, pictures: dict[str, bytes]) -> Checked:
    """The whole loader and checker on a copy of cohort_data/ holding the new proposal."""
    with tempfile.TemporaryDirectory(prefix="proposal-import-") as scratch:
        base = Path(scratch)
        shutil.copytree(root / DATA_DIR, base / DATA_DIR, symlinks=True)
        for path, data in {**pictures, rel: text.encode("utf-8")}.items():
            (base / path).parent.mkdir(parents=True, exist_ok=True)
            (base / path).write_bytes(data)
        return load_and_check(base, cohort_id=cohort_id)


def plan_import(root: Path, project: Project, path: Path, shown: str) -> ProposalImport:
    """Read and check one filled template; nothing is written."""
    result = ProposalImport(shown)
    document = open_template(path, shown, project, result)
    if document is None or result.cohort is None:
        return result
    read = read_proposal(document, _picture_sink(result, result.group))
    result.read = read
    for problem in read.problems:
        _say(result, problem)
    if result.errors:
        return result
    _kpi_ids(result.group, read.data["outcomes"])
    rel = result.rel = f"{DATA_DIR}/{result.cohort.id}/proposals/{result.group}.md"
    target = root / rel
    old = target.read_text(encoding="utf-8") if target.is_file() else None
    text = proposal_text(result.group, read, old)
    checked = _scratch_check(root, result.cohort.id, rel, text, result.pictures)
    result.checked = checked
    for diagnostic in checked.diagnostics:
        if diagnostic.is_error and diagnostic.loc.file == rel:
            result.error(None, f"取り込んだ内容に誤りがあります: {_plain(diagnostic)}")
    result.plan = ImportPlan(target, text, old, shown=rel)
    return result


def _plain(diagnostic: Diagnostic) -> str:
    return f"{diagnostic.rule}: {diagnostic.message}"


def _say(result: ProposalImport, problem: Problem) -> None:
    if problem.is_error:
        result.error(problem.where, problem.message)
    else:
        result.problems.append(f"{result.shown}: {problem.where}: {problem.message}（確認してください）")


def write_import(root: Path, result: ProposalImport) -> list[Path]:
    """Write the pictures, then the proposal (each atomically). Returns what was written."""
    written = []
    for rel, data in sorted(result.pictures.items()):
        target = root / rel
        if not target.is_file() or target.read_bytes() != data:
            write_bytes(target, data)
            written.append(target)
    assert result.plan is not None
    if result.plan.old != result.plan.text:
        result.plan.write()
        written.append(result.plan.target)
    return written
