"""Rules on municipality codes: format, check digit, known in the reference data."""

from __future__ import annotations

from collections.abc import Iterator

from .. import codes
from ..diagnostics import Diagnostic, error
from ..model import Cohort, Loc, Project


def check_code(code: str, where: Loc, project: Project) -> Iterator[Diagnostic]:
    problem = codes.code_problem(code)
    if problem is not None:
        rule = "municipality-code-format" if "6桁" in problem else "municipality-code-check-digit"
        yield error(where, rule, problem)
    elif code not in project.municipalities:
        yield error(
            where,
            "municipality-unknown",
            f"団体コード {code} は参照データ（cohort_data/municipalities/）にありません",
        )


def check(project: Project, cohort: Cohort) -> Iterator[Diagnostic]:
    for group in cohort.groups:
        for i, code in enumerate(group.municipalities):
            yield from check_code(code, group.item_loc("municipalities", i), project)
        for member in group.members:
            yield from check_code(member.municipality, member.loc("municipality"), project)
    for case in cohort.cases:
        yield from check_code(case.municipality, case.loc("municipality"), project)

