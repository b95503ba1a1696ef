"""Files saved on Windows (CRLF), on an old Mac (CR only) or edited by both (mixed endings) read
exactly like their LF originals: the same model, the same diagnostics at the same lines, the same
built site. Every YAML, Markdown and CSV file of the converted projects has one of the endings."""

from __future__ import annotations

import csv
import functools
import io
import shutil
from pathlib import Path

import pytest

from cohort_site import loader
from cohort_site.checks import load_and_check
from cohort_site.cli import _coverage
from cohort_site.loader import load_project
from site_helpers import ROOT, build, copy_project, load
from test_checker_fixtures import BROKEN, FIXTURES, make_project

ENDINGS = ("\r\n", "\r", "mixed")
# Fixtures kept with CRLF / CR endings in the repository (their .gitattributes says -text).
WRITTEN_WITH_CR = {"line-endings", "line-endings-error"}
KINDS = (".yml", ".md", ".csv")


def _convert(data: bytes, ending: str) -> bytes:
    """Bytes, so that a fixture saved in Shift_JIS is converted too (0x0A is only ever a line feed)."""
    lines = data.split(b"\n")
    if ending != "mixed":
        return ending.encode().join(lines)
    out = []  # CRLF, CR and LF in turn: every kind of ending in one file
    for number, line in enumerate(lines[:-1]):
        ending_bytes = (b"\r\n", b"\r", b"\n")[number % 3]
        if ending_bytes == b"\r" and lines[number + 1] == b"":
            ending_bytes = b"\r\n"  # CR, then the LF of an empty line, would be one CRLF
        out.append(line + ending_bytes)
    return b"".join(out) + lines[-1]


def convert_tree(folder: Path, offset: int = 0) -> set[str]:
    """Every data file rewritten with an ending chosen in turn; returns the endings used per kind."""
    used = set()
    for number, path in enumerate(sorted(p for p in folder.rglob("*") if p.suffix in KINDS), start=offset):
        data = path.read_bytes()
        assert b"\r" not in data, f"{path} is not an LF original"
        ending = ENDINGS[number % len(ENDINGS)]
        path.write_bytes(_convert(data, ending))
        used.add(f"{path.suffix} {ending!r}")
    return used


def _municipality_csv(project: Path) -> None:
    """A project CSV with some of the sample's rows as the shipped data has them (same model)."""
    sample = load()
    codes = [code for cohort in sample.cohorts for group in cohort.groups for code in group.municipalities][:6]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["code", "name", "kana", "type", "population_2020_preliminary", "prefecture", "designated_city"])
    for code in codes:
        m = sample.municipalities[code]
        writer.writerow([m.code, m.name, m.kana, m.kind, m.population if m.population is not None else "", m.prefecture,
                         int(m.designated_city)])
    folder = project / "cohort_data" / "municipalities"
    folder.mkdir(parents=True, exist_ok=True)
    for ending_index in range(3):  # one CSV per ending (the rows are the same: not duplicates of each other)
        rows = out.getvalue().splitlines(keepends=True)
        part = [rows[0], *rows[1 + 2 * ending_index: 3 + 2 * ending_index]]
        (folder / f"part{ending_index}.csv").write_text("".join(part), encoding="utf-8", newline="")


def _html(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*.html"))}


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(LF project, the same project with CRLF / CR / mixed endings in every data file)."""
    lf = copy_project(tmp_path_factory.mktemp("lf") / "project")
    _municipality_csv(lf)
    other = tmp_path_factory.mktemp("crlf") / "project"
    shutil.copytree(lf, other)
    used = convert_tree(other / "cohort_data")
    assert {f"{kind} {ending!r}" for kind in KINDS for ending in ENDINGS} <= used, used
    return lf, other


def test_every_ending_loads_the_same_model_with_the_same_positions(converted: tuple[Path, Path]) -> None:
    lf, other = converted
    a, b = load_project(lf), load_project(other)
    assert not a.diagnostics and not b.diagnostics, b.diagnostics
    assert a.project.model_dump_json() == b.project.model_dump_json()
    # Positions: every session's and proposal's fields at the same line:col.
    for cohort_a, cohort_b in zip(a.project.cohorts, b.project.cohorts, strict=True):
        for x, y in [*zip(cohort_a.sessions, cohort_b.sessions, strict=True),
                     *zip(cohort_a.proposals, cohort_b.proposals, strict=True)]:
            assert [x.loc(f) for f in type(x).model_fields] == [y.loc(f) for f in type(y).model_fields]


def test_every_ending_builds_the_same_site(converted: tuple[Path, Path], site: Path, tmp_path: Path) -> None:
    # The project CSVs repeat shipped rows, so the LF original is the sample's own site (conftest).
    _, other = converted
    build(other, tmp_path / "other")
    a, b = _html(site), _html(tmp_path / "other")
    assert len(a) > 50
    assert a.keys() == b.keys()
    assert [name for name in a if a[name] != b[name]] == []


def test_broken_fixtures_report_the_same_lines_with_any_ending(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The diagnostics of every broken fixture, read from its LF files by test_checker_fixtures.
    # The reference data of equal CSV texts is read once (most fixtures share the minimal CSV).
    real = loader.load_reference
    read_reference = functools.cache(lambda files: real(list(files)))
    monkeypatch.setattr(loader, "load_reference", lambda files: read_reference(tuple(files)))
    coverage = _coverage(make_project(tmp_path / "fonts", None))  # as `build.py check` has it
    for number, case in enumerate(c for c in BROKEN if c not in WRITTEN_WITH_CR):
        expected = (FIXTURES / "broken" / case / "expected.txt").read_text(encoding="utf-8").splitlines()[1:]
        changed = make_project(tmp_path / case, case)
        convert_tree(changed / "cohort_data", number)
        found = {f"{d.loc} {d.severity} {d.rule}" for d in load_and_check(changed, coverage=coverage).diagnostics}
        for line in expected:
            assert line.partition(" | ")[0].strip() in found, (case, line, found)


def test_lf_originals() -> None:
    # The fixtures and the sample are LF files (the tests above convert them).
    for folder in (ROOT / "cohort_data", FIXTURES / "minimal", *(FIXTURES / "broken" / c for c in BROKEN)):
        if folder.name in WRITTEN_WITH_CR:
            assert [p for p in folder.rglob("*") if p.suffix in KINDS and b"\r" in p.read_bytes()], folder
        else:
            assert not [p for p in folder.rglob("*") if p.suffix in KINDS and b"\r" in p.read_bytes()], folder
