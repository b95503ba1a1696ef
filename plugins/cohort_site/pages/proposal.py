"""提案書: every field as its own section; outcomes (with the KPI table) kept visibly apart
from measures; in the intranet build the checker's findings for the proposal's file."""

from __future__ import annotations

from .. import jpdate
from .. import urls as L
from ..checks.outcomes import FINDINGS_NOTE, finding_title
from ..diagnostics import Diagnostic
from ..jpdate import DateStyle
from ..labels import NOT_GIVEN, PROPOSAL_SECTIONS, RESULTS_AFTER, RISK_COLUMNS, shown_sections
from ..model import Cohort, Outcome, Proposal, markdown_fields
from . import results
from .context import SiteContext
from .md_blocks import admonition, badge, bullets, code, link, md_text, number, page, table


def title(proposal: Proposal) -> str:
    return proposal.title


def render(ctx: SiteContext, cohort: Cohort, proposal: Proposal) -> str:
    here = ctx.links(L.proposal_page(cohort, proposal.group))
    group = cohort.group(proposal.group)
    group_name = group.name if group else proposal.group
    towns = "、".join(
        link(ctx.municipality_name(c), here.md(L.municipality_page(c))) for c in (group.municipalities if group else [])
    )
    lead = (
        f"**提案**: {link(group_name, here.md(L.group_page(cohort, proposal.group)))}"
        f"（{towns}）・{link(cohort.title, here.md(L.cohort_page(cohort)))}"
    )
    if proposal.tags:
        lead += '\n\n<p class="cs-tags">' + " ".join(badge(t) for t in proposal.tags) + "</p>"
    body = [_findings(ctx.findings_for(proposal.loc().file))]
    for section in shown_sections(PROPOSAL_SECTIONS, proposal):  # the same sections as the PDF
        body.append(f"## {section.title}\n\n" + _section(ctx, cohort, proposal, here, section.key))
        if section.key == RESULTS_AFTER:  # the results follow what was done
            body.append(results.proposal_section(ctx, cohort, proposal))
    return page(title(proposal), "".join(body), cohort, lead)


def _section(ctx: SiteContext, cohort: Cohort, proposal: Proposal, here: L.Links, key: str) -> str:
    """The content under one declared section's heading: a Markdown field as itself, the
    structured fields drawn here."""
    field = next(s.field for s in PROPOSAL_SECTIONS if s.key == key)
    if field in markdown_fields(Proposal):  # its own headings go under the section's
        return ctx.markdown(getattr(proposal, field), cohort, here, shift=1)
    if key == "outcomes":
        return _outcomes(proposal.outcomes, cohort.date_style)
    if key == "measures":
        return _measures(proposal)
    if key == "stakeholders":
        return table(["関係者", "役割"], [(s.name, s.role) for s in proposal.stakeholders]) + "\n"
    if key == "rollout":
        return _rollout(ctx, cohort, proposal, here)
    if key == "schedule":
        return table(["時期", "内容"], [(s.period, s.task) for s in proposal.schedule]) + "\n"
    if key == "risks":
        return table(list(RISK_COLUMNS), [(r.risk, r.mitigation) for r in proposal.risks]) + "\n"
    raise ValueError(f"proposal section without content: {key}")


def _findings(findings: list[Diagnostic]) -> str:
    if not findings:
        return ""
    parts = []
    for d in findings:
        kind = "warning" if not d.is_error else "failure"
        where = f"{code(d.loc)} （ルール {code(d.rule)}）"
        parts.append(admonition(kind, finding_title(d.rule), f"{md_text(d.message)}\n\n{where}"))
    note = FINDINGS_NOTE + "\n\n"
    return '<div class="cs-findings" markdown>\n\n' + "".join(parts) + note + "</div>\n\n"


def _kpi_table(outcome: Outcome, style: DateStyle) -> str:
    if not outcome.kpis:
        return "KPI はまだありません。\n\n"
    rows = [
        (
            k.indicator,
            number(k.baseline),
            number(k.target),
            k.unit or "—",
            jpdate.format_date(k.deadline, weekday=False, style=style) if k.deadline else NOT_GIVEN,
        )
        for k in outcome.kpis
    ]
    text = table(["指標", "現状値", "目標値", "単位", "期限"], rows, "lrrll") + "\n"
    notes = [f"{k.indicator}: {k.baseline_note}" for k in outcome.kpis if k.baseline_note]
    if notes:
        text += '<div class="cs-kpi-notes" markdown>\n\n**現状値の出典**\n\n' + bullets(notes) + "\n</div>\n\n"
    return text


def _outcomes(outcomes: list[Outcome], style: DateStyle) -> str:
    parts = [
        '<div class="cs-outcomes" markdown>\n\n',
        "住民や職員にとって、どんな状態・効果になっているか。KPI で達成を測ります。\n\n",
    ]
    for i, outcome in enumerate(outcomes, 1):
        parts.append(f"### 目指す姿 {i}\n\n")
        parts.append(f'<p class="cs-outcome__statement">{md_text(outcome.statement)}</p>\n\n')
        parts.append(_kpi_table(outcome, style))
    parts.append("</div>\n\n")
    return "".join(parts)


def _measures(proposal: Proposal) -> str:
    parts = [
        '<div class="cs-measures" markdown>\n\n',
        "目指す姿を実現するための手段です。電子申請やRPAなどの方法は、目標ではなくここに書きます。\n\n",
    ]
    if proposal.measures:
        for m in proposal.measures:
            parts.append(f"- **{md_text(m.title)}**" + (f" — {md_text(m.description)}" if m.description else "") + "\n")
        parts.append("\n")
    else:
        parts.append("施策はまだありません。\n\n")
    parts.append("</div>\n\n")
    return "".join(parts)


def _rollout(ctx: SiteContext, cohort: Cohort, proposal: Proposal, here: L.Links) -> str:
    parts = []
    r = proposal.rollout
    assert r is not None  # the section is shown only when there is one
    verdict = "他の自治体でも使えます" if r.reusable else "そのままの横展開は難しい提案です"
    parts.append(f'<p class="cs-rollout__verdict">{badge("横展開: 可" if r.reusable else "横展開: 要検討", "rollout")} {verdict}</p>\n\n')
    parts.append(ctx.markdown(r.summary, cohort, here))
    if r.conditions:
        parts.append("**横展開の条件**\n\n" + bullets(r.conditions) + "\n")
    return "".join(parts)
