"""Results of the year after: what each municipality measured, and the status of each KPI.

Pure functions of the model and a reference date ("today"), so a test can fix the date. The
reference date is the clock unless `COHORT_SITE_TODAY=YYYY-MM-DD` sets it (tests, reproducible
builds). The rule of each status is written on the guide page (site_src/guide/results.md).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from enum import StrEnum

from .model import KPI, Cohort, KpiResult, MunicipalityResults, Observation, Proposal

TODAY_ENV = "COHORT_SITE_TODAY"


def today() -> dt.date:
    """The reference date of statuses and of the checker's "date in the future" rule."""
    fixed = os.environ.get(TODAY_ENV, "").strip()
    return dt.date.fromisoformat(fixed) if fixed else dt.date.today()


class Status(StrEnum):
    ACHIEVED = "達成"
    ON_TRACK = "順調"
    LATE = "遅れ"
    NOT_REPORTED = "未報告"
    OVERDUE = "期限切れ"
    UNKNOWN = "判定不可"  # the KPI lacks a baseline or a target: nothing to compare with

    @property
    def key(self) -> str:
        """ASCII name for CSS classes and filters."""
        return self.name.lower().replace("_", "-")


STATUSES: tuple[Status, ...] = (
    Status.ACHIEVED, Status.ON_TRACK, Status.LATE, Status.NOT_REPORTED, Status.OVERDUE, Status.UNKNOWN,
)


@dataclass(frozen=True)
class Track:
    """One KPI in one municipality: the numbers a chart and a status need."""

    kpi: KPI
    baseline: float | None  # the municipality's own baseline, else the group's
    baseline_date: dt.date  # own baseline's date, else the cohort's start
    own_baseline: bool
    observations: tuple[Observation, ...]  # by date
    result: KpiResult | None

    @property
    def latest(self) -> Observation | None:
        return self.observations[-1] if self.observations else None


def track(cohort: Cohort, kpi: KPI, results: MunicipalityResults | None) -> Track:
    found = results.kpi(kpi.id) if results else None
    own = found.baseline if found else None
    return Track(
        kpi=kpi,
        baseline=own.value if own is not None else kpi.baseline,
        baseline_date=(own.date if own is not None and own.date else cohort.period.start),
        own_baseline=own is not None,
        observations=tuple(sorted(found.observations, key=lambda o: o.date)) if found else (),
        result=found,
    )


def tracks(cohort: Cohort, proposal: Proposal, code: str) -> list[Track]:
    """Every KPI of the proposal as measured in one municipality, in the proposal's order."""
    results = cohort.results_of(code)
    return [track(cohort, k, results) for o in proposal.outcomes for k in o.kpis]


def reached(value: float, baseline: float, target: float) -> bool:
    """Whether a value has reached the target, in the direction from baseline to target."""
    return value <= target if target < baseline else value >= target


def moved(t: Track) -> bool:
    """Whether any observation has moved from the baseline towards the target."""
    if t.baseline is None or t.kpi.target is None:
        return False
    return any(moved_towards(o.value, t.baseline, t.kpi.target) for o in t.observations)


def status(
    baseline: float | None,
    target: float | None,
    deadline: dt.date | None,
    baseline_date: dt.date,
    observations: tuple[Observation, ...] | list[Observation],
    on: dt.date,
) -> Status:
    """The status of one KPI on the date `on` (rules on the guide page, in this order):

    1. 達成: the latest observation reaches the target.
    2. 期限切れ: the deadline has passed (`on` is after it) and the target is not reached.
    3. 未報告: no observation yet.
    4. 順調 / 遅れ: the share of the way from baseline to target covered by the latest observation
       is at least / below the share of the time from baseline date to deadline elapsed on the
       day of that observation.
    """
    if baseline is None or target is None:
        return Status.UNKNOWN
    latest = max(observations, key=lambda o: o.date) if observations else None
    if latest is not None and reached(latest.value, baseline, target):
        return Status.ACHIEVED
    if deadline is not None and on > deadline:
        return Status.OVERDUE
    if latest is None:
        return Status.NOT_REPORTED
    if deadline is None or target == baseline:
        return Status.ON_TRACK if moved_towards(latest.value, baseline, target) else Status.LATE
    covered = (latest.value - baseline) / (target - baseline)
    span = (deadline - baseline_date).days
    elapsed = min(max((latest.date - baseline_date).days / span, 0.0), 1.0) if span > 0 else 1.0
    return Status.ON_TRACK if covered >= elapsed else Status.LATE


def moved_towards(value: float, baseline: float, target: float) -> bool:
    return value < baseline if target < baseline else value > baseline


def track_status(t: Track, on: dt.date) -> Status:
    return status(t.baseline, t.kpi.target, t.kpi.deadline, t.baseline_date, t.observations, on)


@dataclass(frozen=True)
class Totals:
    kpis: int
    measured: int  # with at least one observation
    by_status: dict[Status, int]

    @property
    def achieved(self) -> int:
        return self.by_status.get(Status.ACHIEVED, 0)


def totals(items: list[tuple[Track, Status]]) -> Totals:
    counts: dict[Status, int] = {}
    for _, s in items:
        counts[s] = counts.get(s, 0) + 1
    return Totals(len(items), sum(1 for t, _ in items if t.observations), counts)
