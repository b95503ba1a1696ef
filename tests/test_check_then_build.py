"""`check` passing must mean the build does not crash: every hostile-input fixture of
tests/fixtures/broken/ (the minimal project with the fixture's files over it) is built in process
with the sample's mkdocs.yml and site_src/.

- A fixture `check` refuses (exit 1) stops the build in `on_config` with the checker's own
  file:line:col lines (a PluginError, which MkDocs logs and turns into `Abort`), never another
  exception (the handouts plugin is on where the PDFs' glyph rule refuses: it runs there too).
- A fixture `check` passes (exit 0) builds the site; the fixtures in WITH_PDFS build the PDF
  handouts as well (deep nesting and text of several lines are what a print layout could trip on).
"""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from cohort_site.checks import load_and_check
from handouts_support import page_texts, squash
from site_helpers import copy_project
from test_checker_fixtures import BROKEN, FIXTURES, ROOT, make_project

WITH_PDFS = {"nesting-at-limits", "multi-line-text"}
BUILD_LIMIT = 120.0  # seconds, MkDocs and the PDFs of the minimal project on a loaded 2-core machine


def _expected(case: str) -> tuple[int, list[str]]:
    lines = (FIXTURES / "broken" / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    return int(lines[0].split()[1]), [line.partition(" | ")[0].split() for line in lines[1:] if line.strip()]


def _site_project(tmp_path: Path, case: str) -> Path:
    project = make_project(tmp_path, case)
    shutil.copy2(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "site_src", project / "site_src")
    return project


def _build(project: Path) -> Exception | None:
    """Build in this process; the exception the build ended with, or None."""
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    except Exception as exc:  # noqa: BLE001 - the test tells a refusal from a crash
        return exc
    finally:
        config.plugins.on_shutdown()
    return None


@pytest.mark.parametrize("case", BROKEN)
def test_check_passing_means_the_build_does_not_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, case: str
) -> None:
    exit_code, expected = _expected(case)
    # The handouts plugin checks the PDFs' glyphs in on_config; the site plugin checks everything else.
    pdfs = case in WITH_PDFS or any(rule == "glyph-missing" for *_, rule in expected)
    for name, value in {"COHORT_HANDOUTS": str(pdfs).lower(), "COHORT_SITE_PROFILE": "intranet",
                        "COHORT_SITE_OFFLINE": "false", "NO_MKDOCS_2_WARNING": "1"}.items():
        monkeypatch.setenv(name, value)
    project = _site_project(tmp_path, case)

    started = time.monotonic()
    outcome = _build(project)
    elapsed = time.monotonic() - started

    assert elapsed < BUILD_LIMIT, f"{case}: the build took {elapsed:.0f} s"
    if exit_code == 0:
        assert outcome is None, f"{case}: check passes but the build failed: {outcome!r}"
        assert (project / "site" / "mini-2021" / "index.html").is_file()
        if case in WITH_PDFS:  # every word of the first session's body is printed, however deep
            printed = squash("".join(page_texts(project / "site" / "pdf" / "mini-2021" / "session-01.pdf")))
            body = (project / "cohort_data" / "mini-2021" / "sessions" / "01.md").read_text(encoding="utf-8")
            words = re.findall(r"[ぁ-んァ-ン一-龥。、]+", body.split("\n---\n", 1)[1])
            assert words and [w for w in words if w not in printed] == [], case
        return
    assert isinstance(outcome, Abort), f"{case}: the build crashed instead of refusing: {outcome!r}"
    logged = "\n".join(r.getMessage() for r in caplog.records if r.levelname == "ERROR")
    errors = [(loc, rule) for loc, severity, rule in expected if severity == "error"]
    assert errors, case
    for loc, rule in errors:  # the checker's own lines, file:line:col and rule
        assert f"{loc}: error {rule}: " in logged, (case, loc, rule, logged)
    assert not (project / "site").exists()


def test_a_broken_cohort_yml_still_checks_every_other_file_of_the_sample(tmp_path: Path) -> None:
    # The sample's tokyo-2021 has every kind of file (results and attendance too): with its cohort.yml
    # refused, the rules still read the others (a stand-in cohort), without crashing and without
    # comparing dates with a period nobody could read.
    root = copy_project(tmp_path / "project")
    cohort = root / "cohort_data" / "tokyo-2021" / "cohort.yml"
    cohort.write_text(cohort.read_text(encoding="utf-8").replace("fiscal_year:", "fiscal_year: 二〇二一\nx_year:", 1),
                      encoding="utf-8")
    groups = root / "cohort_data" / "tokyo-2021" / "groups.yml"
    groups.write_text(groups.read_text(encoding="utf-8").replace('"131059"  # 文京区', '"131067"  # 台東区', 1),
                      encoding="utf-8")
    found = {(d.loc.file.rsplit("/", 1)[-1], d.rule) for d in load_and_check(root).diagnostics}
    assert {("cohort.yml", "type"), ("cohort.yml", "unknown-key"), ("cohort.yml", "not-checked"),
            ("groups.yml", "member-outside-group")} <= found, found
    assert not {rule for _, rule in found} & {"session-outside-period", "result-date-before-baseline"}
