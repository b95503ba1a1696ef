"""The checker: every rule over a loaded project, as diagnostics with file:line:col."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostic, has_errors
from ..glyphs import Coverage
from ..loader import DATA_DIR, MUNICIPALITY_DIR, load_project
from ..model import Project
from ..results import today as reference_date
from . import attendance, glyphs, municipalities, outcomes, references, resources, results, schedule, svg
from .config import CheckerConfig, load_config


def check_project(
    project: Project,
    config: CheckerConfig,
    cohort_id: str | None = None,
    incomplete: dict[str, frozenset[str]] | None = None,
    reference_complete: bool = True,
    today: dt.date | None = None,
    root: Path | None = None,
) -> list[Diagnostic]:
    """Every rule; `incomplete` names the parts of a cohort that failed to load and
    `reference_complete` whether the municipality CSVs all loaded (see LoadResult); `today` is
    the reference date of the results rules (default: results.today())."""
    found: list[Diagnostic] = []
    today = today or reference_date()
    for cohort in project.cohorts:
        if cohort_id is not None and cohort.id != cohort_id:
            continue
        missing = (incomplete or {}).get(cohort.id, frozenset())
        found += municipalities.check(project, cohort, reference_complete)
        found += references.check(project, cohort, missing)
        found += schedule.check(project, cohort, missing)
        found += outcomes.check(project, cohort, config)
        found += results.check(project, cohort, today, missing)
        found += resources.check(root, cohort)
        found += svg.check(root, cohort)
        found += attendance.check(cohort, missing)
    return found


@dataclass
class Checked:
    """A loaded project with every diagnostic of loading and checking, sorted by position."""

    project: Project
    config: CheckerConfig
    diagnostics: list[Diagnostic]
    files: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)

    def for_file(self, file: str) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.loc.file == file]

    def by_file(self) -> dict[str, list[Diagnostic]]:
        """Every diagnostic under its data file (what the proposal pages and PDFs show)."""
        found: dict[str, list[Diagnostic]] = {}
        for d in self.diagnostics:
            found.setdefault(d.loc.file, []).append(d)
        return found


def load_and_check(
    root: Path | str, data_dir: str = DATA_DIR, cohort_id: str | None = None, coverage: Coverage | None = None
) -> Checked:
    """`coverage`: the characters the PDFs' font chain has (rule glyph-missing); None skips that rule."""
    root = Path(root).resolve()
    loaded = load_project(root, data_dir)
    config, config_problems, config_path = load_config(root, data_dir)
    diagnostics = loaded.diagnostics + config_problems
    if cohort_id is not None:
        diagnostics = [d for d in diagnostics if _concerns(d, data_dir, cohort_id)]
    # The rules also read the cohorts whose cohort.yml failed (LoadResult.stand_ins): their other files
    # are checked in the same run.
    every = loaded.project.model_copy(update={"cohorts": (*loaded.project.cohorts, *loaded.stand_ins)})
    diagnostics += check_project(every, config, cohort_id, loaded.incomplete, loaded.reference_complete, root=root)
    if coverage is not None:
        diagnostics += glyphs.check(every, coverage, root, cohort_id)
    files = loaded.files + ([config_path] if config_path else [])
    # dict.fromkeys: duplicates dropped in the order found, so ties of _order keep a stable order
    return Checked(loaded.project, config, sorted(dict.fromkeys(diagnostics), key=_order), files)


def _concerns(d: Diagnostic, data_dir: str, cohort_id: str) -> bool:
    """A cohort's own files, plus the shared ones (reference data, checker.yml)."""
    parts = d.loc.file.split("/")
    if len(parts) >= 3 and parts[0] == data_dir and parts[1] != MUNICIPALITY_DIR:
        return parts[1] == cohort_id
    return True


def _order(d: Diagnostic) -> tuple:
    return (d.loc.file, d.loc.line, d.loc.col, d.rule)
