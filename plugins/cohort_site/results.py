"""Results of the year after: what each municipality measured, and the status of each KPI.

Pure functions of the model and a reference date ("today"), so a test can fix the date. The
reference date is the clock unless `COHORT_SITE_TODAY=YYYY-MM-DD` sets it (tests, reproducible
builds). The rule of each status is written on the guide page (site_src/guide/results.md).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
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
    MISSED = "未達成"  # after the deadline: reported, target not reached
    ON_TRACK = "順調"
    LATE = "遅れ"
    NOT_REPORTED = "未報告"
    UNKNOWN = "判定不可"  # the KPI lacks a baseline or a target: nothing to compare with

    @property
    def key(self) -> str:
        """ASCII name for CSS classes and filters."""
        return self.name.lower().replace("_", "-")


@dataclass(frozen=True)
class Facts:
    """What the status of one KPI on one day depends on."""

    comparable: bool  # a baseline and a target are written
    reported: bool  # at least one observation up to the day
    reached: bool  # the latest observation up to the day reaches the target
    closed: bool  # the day is after the deadline
    on_pace: bool  # the latest observation has covered at least the share of the time elapsed


AFTER_DEADLINE = "期限後"
BEFORE_DEADLINE = "期限前"
ANY_TIME = "いつでも"


@dataclass(frozen=True)
class StatusRule:
    """One row of the status table: the first row whose test holds gives the status. `when` and
    `rule` are the words of the guide's table and of the results page's legend."""

    status: Status
    when: str
    rule: str
    holds: Callable[[Facts], bool]


STATUS_RULES: tuple[StatusRule, ...] = (
    StatusRule(Status.UNKNOWN, ANY_TIME, "現状値か目標値が書かれておらず、比べられない", lambda f: not f.comparable),
    StatusRule(Status.ACHIEVED, ANY_TIME,
               "最新の測定値が目標値に届いている（目標値が現状値より小さい KPI は、目標値以下になっている）",
               lambda f: f.reached),
    StatusRule(Status.NOT_REPORTED, ANY_TIME, "測定値が1つも報告されていない", lambda f: not f.reported),
    StatusRule(Status.MISSED, AFTER_DEADLINE, "期限を過ぎ（基準日が期限の翌日以降）、報告された最新の測定値が目標値に届いていない",
               lambda f: f.closed),
    StatusRule(Status.ON_TRACK, BEFORE_DEADLINE,
               "最新の測定値が、現状値から目標値までの道のりのうち、その測定日までに経過した期間の割合以上に進んでいる",
               lambda f: f.on_pace),
    StatusRule(Status.LATE, BEFORE_DEADLINE, "「順調」の条件に届いていない", lambda f: True),
)

# The order of every list and count of statuses (pages, PDFs).
STATUSES: tuple[Status, ...] = (
    Status.ACHIEVED, Status.MISSED, Status.ON_TRACK, Status.LATE, Status.NOT_REPORTED, Status.UNKNOWN,
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
    """The status of one KPI on the date `on`: the first row of `STATUS_RULES` that holds for
    the observations known on that day (the rules are on the guide page).

    順調 / 遅れ: the share of the way from baseline to target covered by the latest observation
    is at least / below the share of the time from baseline date to deadline elapsed on the day
    of that observation (without a deadline: whether it moved towards the target). The deadline
    day itself is before the deadline.
    """
    known = [o for o in observations if o.date <= on]
    latest = max(known, key=lambda o: o.date) if known else None
    hit = pace = False
    if baseline is not None and target is not None and latest is not None:
        hit = reached(latest.value, baseline, target)
        pace = _on_pace(latest, baseline, target, deadline, baseline_date)
    facts = Facts(
        comparable=baseline is not None and target is not None,
        reported=latest is not None,
        reached=hit,
        closed=deadline is not None and on > deadline,
        on_pace=pace,
    )
    return next(row.status for row in STATUS_RULES if row.holds(facts))


def _on_pace(latest: Observation, baseline: float, target: float, deadline: dt.date | None, baseline_date: dt.date) -> bool:
    if deadline is None or target == baseline:
        return moved_towards(latest.value, baseline, target)
    covered = (latest.value - baseline) / (target - baseline)
    span = (deadline - baseline_date).days
    elapsed = min(max((latest.date - baseline_date).days / span, 0.0), 1.0) if span > 0 else 1.0
    return covered >= elapsed


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


@dataclass(frozen=True)
class KpiAcross:
    """One KPI of a proposal in every municipality of its group, in the group's order."""

    kpi: KPI
    rows: tuple[tuple[str, Track, Status], ...]  # (municipality code, track, status on the day)

    @property
    def measured(self) -> list[tuple[str, Track]]:
        return [(code, t) for code, t, _ in self.rows if t.observations]


def proposal_results(cohort: Cohort, proposal: Proposal, on: dt.date) -> list[KpiAcross]:
    """The 成果 of a proposal as the page and the PDF show it: every KPI across the group's
    municipalities; empty when no municipality of the group has a results file."""
    group = cohort.group(proposal.group)
    if group is None or not any(cohort.results_of(c) for c in group.municipalities):
        return []
    found = []
    for outcome in proposal.outcomes:
        for kpi in outcome.kpis:
            rows = []
            for code in group.municipalities:
                t = track(cohort, kpi, cohort.results_of(code))
                rows.append((code, t, track_status(t, on)))
            found.append(KpiAcross(kpi, tuple(rows)))
    return found
