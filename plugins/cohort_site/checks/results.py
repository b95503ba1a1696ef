"""Rules on the results files (`results/<code>.yml`): what a municipality measured after the
programme. Wrong data is an error; a deadline passed without a number is a warning; a measure
marked 完了 while nothing moved is a remark in the programme's words."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator

from ..diagnostics import Diagnostic, did_you_mean, error, info, warning
from ..model import KPI, Cohort, MunicipalityResults, Observation, OwnBaseline, Project
from ..results import moved, track


def check(project: Project, cohort: Cohort, today: dt.date, missing: frozenset[str] = frozenset()) -> Iterator[Diagnostic]:
    for results in cohort.results:
        yield from _check_file(project, cohort, results, today, missing)


def _check_file(
    project: Project, cohort: Cohort, results: MunicipalityResults, today: dt.date, missing: frozenset[str]
) -> Iterator[Diagnostic]:
    code = results.municipality
    group = cohort.group_of(code)
    proposal = cohort.proposal_of(group.id) if group else None
    if group is None:
        if "groups" not in missing:
            name = project.municipalities[code].name + f"（{code}）" if code in project.municipalities else code
            yield error(results.loc(), "result-municipality-unknown",
                        f"{name}は研修「{cohort.id}」のどのグループにも入っていません（ファイル名は results/<団体コード>.yml）")
        return
    if proposal is None:
        return  # the proposal failed to load or is not written yet: nothing to compare with
    kpis = {k.id: k for o in proposal.outcomes for k in o.kpis}
    seen: set[str] = set()
    for entry in results.kpis:
        kpi = kpis.get(entry.kpi)
        if kpi is None:
            yield error(entry.loc("kpi"), "result-kpi-unknown",
                        f"KPI「{entry.kpi}」は提案書「{proposal.title}」にありません{did_you_mean(entry.kpi, kpis)}")
            continue
        seen.add(kpi.id)
        yield from _check_kpi(cohort, results, kpi, today, dated="cohort" not in missing)
    for kpi_id, kpi in kpis.items():
        if kpi_id not in seen and kpi.deadline is not None and kpi.deadline < today:
            yield _missing(results.loc(), kpi)
    titles = [m.title for m in proposal.measures]
    # Without cohort.yml there is no period (the stand-in has none): nothing is tracked from its start.
    unmoved = "cohort" not in missing and not any(moved(track(cohort, k, results)) for k in kpis.values())
    for status in results.measures:
        if status.measure not in titles:
            yield error(status.loc("measure"), "result-measure-unknown",
                        f"施策「{status.measure}」は提案書「{proposal.title}」にありません{did_you_mean(status.measure, titles)}")
        elif status.status == "完了" and unmoved:
            yield info(
                status.loc("status"), "measure-done-kpi-unmoved",
                f"施策「{status.measure}」は完了していますが、KPI はまだ現状値から動いていません。"
                "施策を終えることは目標の達成ではありません。住民や職員にとっての変化が KPI に表れるまで、測り続けましょう",
            )


def _check_kpi(
    cohort: Cohort, results: MunicipalityResults, kpi: KPI, today: dt.date, dated: bool = True
) -> Iterator[Diagnostic]:
    """One KPI's entry; `dated`: the cohort's period is known (cohort.yml loaded), so the dates
    can be compared with the baseline's."""
    entry = results.kpi(kpi.id)
    assert entry is not None
    if entry.unit is not None and entry.unit != kpi.unit:
        yield error(entry.loc("unit"), "result-unit",
                    f"単位「{entry.unit}」が KPI「{kpi.indicator}」の単位「{kpi.unit}」と違います。KPI の単位で書いてください")
    t = track(cohort, kpi, results) if dated else None
    values: list[OwnBaseline | Observation] = [entry.baseline] if entry.baseline else []
    for item in [*values, *entry.observations]:
        if not math.isfinite(item.value):
            yield error(item.loc("value"), "result-value", f"値「{item.value}」は数値として使えません")
    dates: dict[dt.date, float] = {}
    for obs in entry.observations:
        if t is not None and obs.date < t.baseline_date:
            basis = "自治体の現状値" if t.own_baseline else "研修の開始日"
            yield error(obs.loc("date"), "result-date-before-baseline",
                        f"測定日 {obs.date} が現状値の時点（{basis} {t.baseline_date}）より前です")
        if obs.date > today:
            yield error(obs.loc("date"), "result-date-future", f"測定日 {obs.date} は未来の日付です（基準日 {today}）")
        if obs.date in dates:
            yield error(obs.loc("date"), "result-date-duplicate",
                        f"KPI「{kpi.indicator}」の {obs.date} の値が2回書かれています")
        dates[obs.date] = obs.value
    if not entry.observations and kpi.deadline is not None and kpi.deadline < today:
        yield _missing(entry.loc(), kpi)


def _missing(where, kpi: KPI) -> Diagnostic:
    return warning(where, "result-missing",
                   f"KPI「{kpi.indicator}」の期限（{kpi.deadline}）を過ぎましたが、測定値がまだありません")
