"""Issue 21: the public profile cannot miss a field. Every Markdown field of the sample (found by
walking the model) gets a facilitator block naming a group member; the public build's pages,
search index, calendar, kits, a session and a proposal PDF, and a results workbook never show the
block or the name, while the intranet model has them (so the test can fail)."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from cohort_site import model as M
from cohort_site.imports.results_sheet import write_sheet
from cohort_site.loader import load_project
from cohort_site.profile import redact
from handouts_support import render
from hostile import write_project
from site_helpers import ROOT, build

SECRET = "ヒミツメモ"
MEMBER = "漏洩太郎"
BLOCK = f'\n\n!!! facilitator "進行メモ"\n    {MEMBER}さんに声をかける（{SECRET}）\n'


def _with_blocks(node: M.Node, seen: set[tuple[str, str]]) -> M.Node:
    """A copy of `node` with BLOCK after every Markdown field, recursively."""
    update: dict[str, object] = {}
    markdown = set(M.markdown_fields(type(node)))
    for name in type(node).model_fields:
        value = getattr(node, name)
        if name in markdown:
            update[name] = (value or "") + BLOCK
            seen.add((type(node).__name__, name))
        elif isinstance(value, M.Node):
            update[name] = _with_blocks(value, seen)
        elif isinstance(value, (list, tuple)) and value and isinstance(value[0], M.Node):
            update[name] = type(value)(_with_blocks(item, seen) for item in value)
    return node.model_copy(update=update)


def _every_markdown_field() -> set[tuple[str, str]]:
    classes = [c for c in vars(M).values() if isinstance(c, type) and issubclass(c, M.Node) and c is not M.Node]
    return {(c.__name__, f) for c in classes for f in M.markdown_fields(c)}


@pytest.fixture(scope="module")
def secret_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    sample = load_project(ROOT).project
    seen: set[tuple[str, str]] = set()
    cohorts = []
    for cohort in sample.cohorts:
        cohort = _with_blocks(cohort, seen)
        groups = tuple(g.model_copy(update={"members": [*g.members, M.Member(name=MEMBER, municipality=g.municipalities[0])]})
                       for g in cohort.groups)
        cohorts.append(cohort.model_copy(update={"groups": groups}))
    assert seen == _every_markdown_field(), "a Markdown field of the model was not reached"
    root = write_project(sample.model_copy(update={"cohorts": tuple(cohorts)}), tmp_path_factory.mktemp("secret") / "project")
    shutil.copytree(ROOT / "site_src", root / "site_src", dirs_exist_ok=True)
    return root


def _strings(value: object) -> list[str]:
    if isinstance(value, M.Node):
        return [s for name in type(value).model_fields for s in _strings(getattr(value, name))]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, (list, tuple)):
        return [s for item in value for s in _strings(item)]
    return [value] if isinstance(value, str) else []


def test_the_public_model_holds_no_block_and_no_member(secret_project: Path) -> None:
    project = load_project(secret_project).project
    intranet = "\n".join(_strings(project))
    assert intranet.count(SECRET) >= 20 and MEMBER in intranet
    public = "\n".join(_strings(redact(project, "public")))
    assert SECRET not in public and MEMBER not in public


def test_the_public_build_shows_neither_anywhere(secret_project: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(secret_project, site, COHORT_SITE_PROFILE="public")
    found: list[str] = []
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        texts = [data]
        if path.suffix == ".zip":  # the kits: every file inside
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                texts = [archive.read(name) for name in archive.namelist()]
        found += [path.name for text in texts if SECRET.encode() in text or MEMBER.encode() in text]
    kinds = {p.suffix for p in site.rglob("*")}
    assert {".html", ".json", ".ics", ".zip"} <= kinds
    assert found == []


def test_public_pdfs_and_workbooks_show_neither(secret_project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    render(secret_project, out, None, profile="public",
           select=lambda ref: ref.filename in {"session-01.pdf", "proposal-g1.pdf"})
    pdfs = sorted(out.rglob("*.pdf"))
    assert len(pdfs) >= 2
    for pdf in pdfs:
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert SECRET not in text and MEMBER not in text, pdf.name
    public = redact(load_project(secret_project).project, "public")
    cohort = public.cohort("tokyo-2021")
    assert cohort is not None
    data = write_sheet(public, cohort, "131121")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert not any(SECRET.encode() in archive.read(n) or MEMBER.encode() in archive.read(n) for n in archive.namelist())
