"""Achieved results become next year's case studies (事例): the rollover writes them into the new
cohort's faq.yml (`cases:`), with their numbers, so the overview shows what the last cohort
changed — what the programme's 「DX導入事例」 channel used to share by hand."""

from __future__ import annotations

import datetime as dt

from .. import jpdate
from ..kpi_chart import value_text
from ..model import Cohort
from ..results import Status, track_status, tracks
from ..yamltext import comment, dump_yaml


def achieved_cases(cohort: Cohort, on: dt.date) -> list[dict[str, str]]:
    """One case per municipality and proposal with at least one achieved KPI."""
    found = []
    for proposal in cohort.proposals:
        group = cohort.group(proposal.group)
        for code in group.municipalities if group else []:
            done = [t for t in tracks(cohort, proposal, code) if track_status(t, on) is Status.ACHIEVED]
            if not done:
                continue
            lines = [
                f"{t.kpi.indicator}: {value_text(t.baseline, t.kpi.unit)} → {value_text(t.latest.value, t.kpi.unit)}"
                f"（目標 {value_text(t.kpi.target, t.kpi.unit)}、{jpdate.format_date(t.latest.date, weekday=False)}"
                + (f"、{t.latest.source}" if t.latest.source else "") + "）"
                for t in done if t.latest is not None
            ]
            found.append({
                "title": proposal.title,
                "municipality": code,
                "summary": f"{cohort.title}の提案を実施し、次の KPI を達成しました。\n\n" + "\n".join(f"- {line}" for line in lines) + "\n",
            })
    return found


def faq_file(cohort: Cohort, on: dt.date) -> str | None:
    """The new cohort's faq.yml holding the achieved cases, or None when there are none."""
    cases = achieved_cases(cohort, on)
    if not cases:
        return None
    head = comment(f"{cohort.title}で達成した成果（build.py new-cohort が results/ から作成）。",
                   "研修の概要ページに「事例」として表示されます。faq: に質問と回答を足してもかまいません。")
    return head + dump_yaml({"faq": [], "cases": cases})
