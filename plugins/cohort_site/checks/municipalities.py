"""Rules on municipality codes: format, check digit, known in the reference data, not a ward."""

from __future__ import annotations

from collections.abc import Iterator

from .. import codes
from ..diagnostics import Diagnostic, error
from ..model import Cohort, Loc, Project


def check_code(code: str, where: Loc, project: Project, reference_complete: bool = True) -> Iterator[Diagnostic]:
    """`reference_complete` False: a project CSV failed to load, so an unknown code may be in it
    and is not reported (the CSV's own error is)."""
    problem = codes.code_check(code)
    if problem is not None:
        yield error(where, *problem)
    elif code in project.wards:
        ward = project.wards[code]
        city = project.municipalities.get(ward.city or "")
        instead = f"{city.name}の団体コード {city.code} を使ってください" if city else "市の団体コードを使ってください"
        yield error(
            where,
            "municipality-ward",
            f"団体コード {code}（{ward.name}）は政令指定都市の区（行政区）で、自治体ではありません。{instead}",
        )
    elif code not in project.municipalities and reference_complete:
        yield error(
            where,
            "municipality-unknown",
            f"団体コード {code} は参照データ（全国の自治体と cohort_data/municipalities/）にありません",
        )


def check(project: Project, cohort: Cohort, reference_complete: bool = True) -> Iterator[Diagnostic]:
    for group in cohort.groups:
        for i, code in enumerate(group.municipalities):
            yield from check_code(code, group.item_loc("municipalities", i), project, reference_complete)
        for member in group.members:
            yield from check_code(member.municipality, member.loc("municipality"), project, reference_complete)
    for case in cohort.cases:
        yield from check_code(case.municipality, case.loc("municipality"), project, reference_complete)

