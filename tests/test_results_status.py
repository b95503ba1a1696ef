"""Status of a KPI (達成 / 未達成 / 順調 / 遅れ / 未報告 / 判定不可): the status table, with the deadline edges;
the results model as loaded from the sample; the chart's SVG."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree

import pytest

from cohort_site.kpi_chart import Series, kpi_svg
from cohort_site.loader import load_project
from cohort_site.model import KPI, Observation
from cohort_site.results import STATUS_RULES, STATUSES, Status, status, today, track, track_status

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
    ("no observation the day after the deadline: not reported, not missed", 60, 20, [], DEADLINE + dt.timedelta(days=1),
     Status.NOT_REPORTED),
    ("decreasing KPI reaches the target exactly", 60, 20, obs((D(2022, 9, 1), 20)), D(2022, 10, 1), Status.ACHIEVED),
    ("increasing KPI beyond the target", 18, 70, obs((D(2022, 9, 1), 72)), D(2022, 10, 1), Status.ACHIEVED),
    ("achieved on the deadline day", 60, 20, obs((DEADLINE, 19)), DEADLINE, Status.ACHIEVED),
    ("achieved after the deadline stays achieved", 60, 20, obs((D(2023, 3, 1), 19)), D(2023, 6, 1), Status.ACHIEVED),
    ("reported, not reached, deadline passed", 60, 20, obs((D(2022, 12, 1), 25)), D(2023, 1, 2), Status.MISSED),
    ("moved the wrong way, deadline passed", 60, 20, obs((D(2022, 12, 1), 65)), D(2024, 1, 1), Status.MISSED),
    ("an observation after the day is not known yet", 60, 20, obs((D(2022, 3, 1), 50), (D(2022, 12, 1), 15)),
     D(2022, 6, 1), Status.ON_TRACK),
    ("only observations after the day: not reported yet", 60, 20, obs((D(2022, 12, 1), 15)), D(2022, 6, 1),
     Status.NOT_REPORTED),
    ("no baseline after the deadline", None, 20, obs((D(2022, 9, 1), 15)), D(2024, 1, 1), Status.UNKNOWN),
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


def sample_statuses(on: dt.date) -> Counter[Status]:
    cohort = sample()
    return Counter(
        track_status(track(cohort, k, cohort.results_of(code)), on)
        for proposal in cohort.proposals
        for code in cohort.group(proposal.group).municipalities
        for o in proposal.outcomes
        for k in o.kpis
    )


def test_sample_has_every_status_before_and_after_its_deadlines() -> None:
    # 2023-12-31: g1's deadline (2023-04-30) has passed, the others' (2024-03-31) not yet.
    assert set(sample_statuses(D(2023, 12, 31))) == {
        Status.ACHIEVED, Status.MISSED, Status.ON_TRACK, Status.LATE, Status.NOT_REPORTED}


@pytest.mark.parametrize("on", [dt.date.today(), D(2024, 4, 1), D(2040, 1, 1)])
def test_sample_shows_a_realistic_spread_after_every_deadline(on: dt.date) -> None:
    """Built on any day after the deadlines, the sample is neither all 未報告 nor all 未達成."""
    found = sample_statuses(on)
    assert set(found) == {Status.ACHIEVED, Status.MISSED, Status.NOT_REPORTED}
    total = sum(found.values())
    assert all(n / total >= 0.15 for n in found.values()), found
    assert max(found.values()) / total <= 0.5, found


def test_status_table_is_the_guide_and_covers_every_status() -> None:
    guide = (ROOT / "site_src" / "guide" / "results.md").read_text(encoding="utf-8")
    assert {row.status for row in STATUS_RULES} == set(STATUSES) == set(Status)
    for row in STATUS_RULES:
        assert f"| {row.status.value} | {row.when} | {row.rule} |" in guide, row.status
    assert "期限切れ" not in guide


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


def test_chart_marks_a_municipalitys_own_baseline() -> None:
    """瑞穂町 measures g1-kpi-1 from its own baseline (5 %), 世田谷区 from the group's (18 %)."""
    cohort = sample()
    kpi = cohort.proposal_of("g1").outcomes[0].kpis[0]
    own, group = track(cohort, kpi, cohort.results_of("133035")), track(cohort, kpi, cohort.results_of("131121"))
    ns = "{http://www.w3.org/2000/svg}"
    root = ElementTree.fromstring(kpi_svg(kpi, [Series("世田谷区", group), Series("瑞穂町", own)], "推移"))
    marks = [e for e in root.iter(f"{ns}rect") if e.get("class") == "cs-kpi-own-baseline"]
    assert len(marks) == 1 and marks[0].get("stroke") == "#b35900"  # the second series' colour
    texts = {e.text: e for e in root.iter(f"{ns}text")}
    assert "独自の現状値 5%" in texts and texts["独自の現状値 5%"].get("fill") == "#b35900"
    # The square sits where 瑞穂町's line starts: at its own baseline's date and value.
    line = [e for e in root.iter(f"{ns}polyline") if e.get("stroke") == "#b35900"][0]
    start_x, start_y = (float(v) for v in line.get("points").split()[0].split(","))
    assert abs(float(marks[0].get("x")) + 4.5 - start_x) < 0.11 and abs(float(marks[0].get("y")) + 4.5 - start_y) < 0.11
    # Without an own baseline, no mark.
    plain = ElementTree.fromstring(kpi_svg(kpi, [Series("世田谷区", group)], "推移"))
    assert not [e for e in plain.iter(f"{ns}rect") if e.get("class") == "cs-kpi-own-baseline"]
