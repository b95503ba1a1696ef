"""Proposal pages: every field a section, the KPI table, measures apart from outcomes, rollout,
and the checker's findings in the intranet build only."""

from __future__ import annotations

import re
from pathlib import Path

from cohort_site import jpdate
from cohort_site.checks import load_and_check
from cohort_site.loader import load_project
from site_helpers import ROOT, page, section, text

COHORT = load_project(ROOT).project.cohort("tokyo-2021")
SECTIONS = ["対象業務", "現状と課題", "対象者", "目指す姿アウトカム", "施策アウトプット", "関係者", "横展開", "スケジュール", "リスクと対策"]


def _value(v: float | int) -> str:
    return f"{int(v):,}" if float(v).is_integer() else f"{v}"


def test_every_field_has_its_own_section_in_order(site: Path) -> None:
    for proposal in COHORT.proposals:
        html = page(site, f"tokyo-2021/proposals/{proposal.group}/")
        positions = [html.index(f'id="{s}"') for s in SECTIONS]
        assert positions == sorted(positions), proposal.id
        assert proposal.scope.strip() in text(section(html, "対象業務"))
        assert " ".join(proposal.target_users.split()) in text(section(html, "対象者"))


def test_kpi_tables_list_every_kpi(site: Path) -> None:
    for proposal in COHORT.proposals:
        html = page(site, f"tokyo-2021/proposals/{proposal.group}/")
        outcomes = section(html, "目指す姿アウトカム")
        rows = re.findall(r"<tr>\s*" + r"\s*".join([r"<td[^>]*>([^<]*)</td>"] * 5), outcomes)
        expected = [
            (k.indicator, _value(k.baseline), _value(k.target), k.unit.replace("%", "%"),
             jpdate.format_date(k.deadline, weekday=False))
            for o in proposal.outcomes for k in o.kpis
        ]
        assert rows == expected, proposal.id
        assert re.search(r"<th[^>]*>指標</th>\s*<th[^>]*>現状値</th>\s*<th[^>]*>目標値</th>\s*<th[^>]*>単位</th>\s*<th[^>]*>期限</th>", outcomes)


def test_measures_are_kept_apart_from_outcomes(site: Path) -> None:
    proposal = COHORT.proposal_of("g1")
    html = page(site, "tokyo-2021/proposals/g1/")
    outcomes = re.search(r'<div class="cs-outcomes">(.*?)</div>\s*<h2', html, re.S).group(1)
    measures = re.search(r'<div class="cs-measures">(.*?)</div>', html, re.S).group(1)
    for m in proposal.measures:
        assert m.title in measures
        assert m.title not in outcomes
    for o in proposal.outcomes:
        assert o.statement in outcomes
        assert o.statement not in measures


def test_rollout_section(site: Path) -> None:
    proposal = COHORT.proposal_of("g1")
    part = text(section(page(site, "tokyo-2021/proposals/g1/"), "横展開"))
    assert "横展開: 可" in part
    for condition in proposal.rollout.conditions:
        assert condition in part


def test_checker_findings_shown_in_intranet_build(site: Path, public_site: Path) -> None:
    checked = load_and_check(ROOT)
    with_findings = [p for p in COHORT.proposals if checked.for_file(p.loc().file)]
    assert with_findings, "the sample keeps at least one finding to show"
    for proposal in COHORT.proposals:
        url = f"tokyo-2021/proposals/{proposal.group}/"
        intranet, public = page(site, url), page(public_site, url)
        findings = checked.for_file(proposal.loc().file)
        assert intranet.count("チェックツールの指摘") == len(findings), proposal.id
        for d in findings:
            assert f"（ルール <code>{d.rule}</code>）" in intranet
            assert d.message.replace("「", "「") in text(intranet)
            assert f"<code>{d.loc}</code>" in intranet
        assert "チェックツールの指摘" not in public


def test_tags_and_group_links(site: Path) -> None:
    proposal = COHORT.proposal_of("g1")
    html = page(site, "tokyo-2021/proposals/g1/")
    for tag in proposal.tags:
        assert f'cs-badge--tag">{tag}</span>' in html
    assert 'href="../../groups/g1/"' in html
    for code in COHORT.group("g1").municipalities:
        assert f'href="../../../municipalities/{code}/"' in html
