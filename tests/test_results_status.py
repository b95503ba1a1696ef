"""Status of a KPI (達成 / 順調 / 遅れ / 未報告 / 期限切れ): table-driven, with the deadline edges;
the results model as loaded from the sample; the chart's SVG."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from xml.etree import ElementTree

import pytest

from cohort_site.kpi_chart import Series, kpi_svg
from cohort_site.loader import load_project
from cohort_site.model import KPI, Observation
from cohort_site.results import Status, status, today, track, track_status

ROOT = Path(__file__).resolve().parents[1]
D = dt.date
START = D(2022, 1, 1)  # baseline date
DEADLINE = D(2023, 1, 1)  # 365 days later


def obs(*points: tuple[dt.date, float]) -> list[Observation]:
    return [Observation(date=d, value=v) for d, v in points]


# (name, baseline, target, observations, on, expected)
CASES = [
    ("no observation before the deadline", 60, 20, [], D(2022, 6, 1), Status.NOT_REPORTED),
    ("no observation on the deadline day (still in time)", 60, 20, [], DEADLINE, Status.NOT_REPORTED),
    ("no observation the day after the deadline", 60, 20, [], DEADLINE + dt.timedelta(days=1), Status.OVERDUE),
    ("decreasing KPI reaches the target exactly", 60, 20, obs((D(2022, 9, 1), 20)), D(2022, 10, 1), Status.ACHIEVED),
    ("increasing KPI beyond the target", 18, 70, obs((D(2022, 9, 1), 72)), D(2022, 10, 1), Status.ACHIEVED),
    ("achieved on the deadline day", 60, 20, obs((DEADLINE, 19)), DEADLINE, Status.ACHIEVED),
    ("achieved after the deadline stays achieved", 60, 20, obs((D(2023, 3, 1), 19)), D(2023, 6, 1), Status.ACHIEVED),
    ("not reached, deadline passed", 60, 20, obs((D(2022, 12, 1), 25)), D(2023, 1, 2), Status.OVERDUE),
    ("not reached, on the deadline day", 60, 20, obs((DEADLINE, 25)), DEADLINE, Status.LATE),
    # Half the time elapsed on 2022-07-02 (182 of 365 days): half the way covered is on track.
    ("half way at half time", 60, 20, obs((D(2022, 7, 2), 40)), D(2022, 8, 1), Status.ON_TRACK),
    ("less than half way at half time", 60, 20, obs((D(2022, 7, 2), 41)), D(2022, 8, 1), Status.LATE),
    ("increasing KPI ahead of time", 10, 30, obs((D(2022, 4, 1), 20)), D(2022, 5, 1), Status.ON_TRACK),
    ("moved the wrong way", 60, 20, obs((D(2022, 3, 1), 65)), D(2022, 5, 1), Status.LATE),
    ("the latest observation counts, not the best", 60, 20, obs((D(2022, 3, 1), 15), (D(2022, 9, 1), 50)),
     D(2022, 10, 1), Status.LATE),
    ("observations in any order", 60, 20, obs((D(2022, 9, 1), 15), (D(2022, 3, 1), 50)), D(2022, 10, 1), Status.ACHIEVED),
    ("no target", 60, None, obs((D(2022, 9, 1), 15)), D(2022, 10, 1), Status.UNKNOWN),
]


@pytest.mark.parametrize(("name", "baseline", "target", "observations", "on", "expected"), CASES, ids=[c[0] for c in CASES])
def test_status(name: str, baseline, target, observations, on: dt.date, expected: Status) -> None:
    assert status(baseline, target, DEADLINE, START, observations, on) is expected


def test_no_deadline_is_judged_by_direction() -> None:
    assert status(60, 20, None, START, obs((D(2022, 3, 1), 50)), D(2030, 1, 1)) is Status.ON_TRACK
    assert status(60, 20, None, START, [], D(2030, 1, 1)) is Status.NOT_REPORTED


def test_today_can_be_fixed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COHORT_SITE_TODAY", "2023-12-31")
    assert today() == D(2023, 12, 31)
    monkeypatch.delenv("COHORT_SITE_TODAY")
    assert today() == dt.date.today()


def sample():
    loaded = load_project(ROOT)
    assert not [d for d in loaded.diagnostics if d.is_error]
    return loaded.project.cohort("tokyo-2021")


def test_sample_results_load_with_positions_and_own_baseline() -> None:
    cohort = sample()
    mizuho = cohort.results_of("133035")
    assert mizuho is not None
    entry = mizuho.kpi("g1-kpi-1")
    assert entry is not None and entry.baseline is not None and entry.baseline.value == 5
    assert entry.loc("kpi").file == "cohort_data/tokyo-2021/results/133035.yml"
    assert entry.observations[0].loc("value").line > entry.loc("kpi").line
    kpi = cohort.proposal_of("g1").outcomes[0].kpis[0]
    t = track(cohort, kpi, mizuho)
    assert (t.baseline, t.baseline_date, t.own_baseline) == (5, D(2022, 3, 31), True)
    # Without results, the group's baseline from the cohort's start.
    other = track(cohort, kpi, None)
    assert (other.baseline, other.baseline_date, other.observations) == (18, D(2021, 10, 1), ())


def test_sample_has_every_status_on_a_fixed_date() -> None:
    cohort = sample()
    found = set()
    for proposal in cohort.proposals:
        for code in cohort.group(proposal.group).municipalities:
            for o in proposal.outcomes:
                for k in o.kpis:
                    found.add(track_status(track(cohort, k, cohort.results_of(code)), D(2023, 12, 31)))
    assert {Status.ACHIEVED, Status.ON_TRACK, Status.LATE, Status.NOT_REPORTED, Status.OVERDUE} <= found


def test_chart_is_well_formed_svg_with_escaped_labels() -> None:
    cohort = sample()
    kpi = cohort.proposal_of("g1").outcomes[0].kpis[0]
    t = track(cohort, kpi, cohort.results_of("131121"))
    hostile = KPI(id="x", indicator="<script>割合</script>", baseline=18, target=70, unit="%", deadline=D(2023, 4, 30))
    svg = kpi_svg(hostile, [Series("A&B区", t), Series("瑞穂町", t)], "「<b>」の推移")
    root = ElementTree.fromstring(svg)  # parses: every text is escaped
    assert root.get("role") == "img" and root.get("font-family").startswith("BIZ UDPGothic")
    assert "<script>" not in svg and "&lt;b&gt;" in svg and "A&amp;B区" in svg
    texts = [e.text for e in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "目標値 70%" in texts and "現状値 18%" in texts and "期限 2023/4" in texts
    assert len(root.findall("{http://www.w3.org/2000/svg}polyline")) == 2
    assert len(root.findall("{http://www.w3.org/2000/svg}circle")) == 2 * 2 + 2  # points + legend
