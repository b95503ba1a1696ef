"""成果 (results): per KPI a chart and a status on proposal and municipality pages, and a cohort
results page with every proposal × municipality, filterable with pure CSS like the portfolio."""

from __future__ import annotations

import datetime as dt

from .. import jpdate
from .. import urls as L
from ..jpdate import DateStyle
from ..kpi_chart import Series, kpi_svg, value_text
from ..labels import NOT_GIVEN, PROPOSAL_RESULTS
from ..model import KPI, MUNICIPALITY_KINDS, Cohort, Proposal
from ..results import (
    STATUS_RULES,
    STATUSES,
    Status,
    Track,
    proposal_results,
    today,
    totals,
    track,
    track_status,
    tracks,
)
from .context import SiteContext
from .filters import Filter, FilterForm, with_stylesheet
from .md_blocks import esc, page

GUIDE = "guide/results.md"


def status_badge(s: Status) -> str:
    return f'<span class="cs-status cs-status--{s.key}">{esc(s.value)}</span>'


def as_of_text(on: dt.date, style: DateStyle = "西暦") -> str:
    return f"{jpdate.format_date(on, weekday=False, style=style)}時点"


def _date(day: dt.date | None, style: DateStyle) -> str:
    return jpdate.format_date(day, weekday=False, style=style) if day else "—"


def _observation_table(ctx: SiteContext, rows: list[tuple[str, Track]], kpi: KPI, ident: str, style: DateStyle) -> str:
    """The chart's numbers as text: one row per point (baseline, observations); `ident` is the
    table's id, which the chart names as its description."""
    body = []
    for label, t in rows:
        who = f'<td class="cs-nowrap">{esc(label)}</td>' if len(rows) > 1 else ""
        basis = "現状値（自治体独自）" if t.own_baseline else "現状値"
        body.append(f'<tr>{who}<td class="cs-nowrap">{esc(basis)}</td><td class="cs-nowrap">{esc(_date(t.baseline_date, style))}</td>'
                    f'<td class="cs-num">{esc(value_text(t.baseline, kpi.unit))}</td><td></td></tr>')
        for o in t.observations:
            extra = "・".join(x for x in (o.source and f"出典: {o.source}", o.note) if x)
            body.append(f'<tr>{who}<td class="cs-nowrap">測定値</td><td class="cs-nowrap">{esc(_date(o.date, style))}</td>'
                        f'<td class="cs-num">{esc(value_text(o.value, kpi.unit))}</td><td>{esc(extra)}</td></tr>')
    head = "<th>自治体</th>" if len(rows) > 1 else ""
    return (f'<table class="cs-kpi-table" id="{esc(ident)}"><caption>{esc(kpi.indicator)}の値（グラフの内容）</caption>'
            f"<thead><tr>{head}<th>種類</th><th>時点</th><th>値</th><th>出典・メモ</th></tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>")


def _summary(kpi: KPI, style: DateStyle, t: Track | None = None) -> str:
    own = t is not None and t.own_baseline
    baseline = t.baseline if t is not None and own else kpi.baseline
    return (f'<p class="cs-kpi-result__meta">現状値{"（自治体独自）" if own else ""} {esc(value_text(baseline, kpi.unit))} → '
            f"目標値 {esc(value_text(kpi.target, kpi.unit))}（期限 {esc(_date(kpi.deadline, style))}）</p>")


def municipality_kpi(ctx: SiteContext, cohort: Cohort, kpi: KPI, code: str, on: dt.date) -> str:
    """One KPI in one municipality: status, chart and table."""
    t = track(cohort, kpi, cohort.results_of(code))
    s = track_status(t, on)
    name = ctx.municipality_name(code)
    values = f"values-{code}-{kpi.id}"
    chart = kpi_svg(kpi, [Series(name, t)], f"{name}の「{kpi.indicator}」の推移", t.baseline, t.own_baseline,
                    described_by=values)
    return (f'<div class="cs-kpi-result" id="result-{esc(code)}-{esc(kpi.id)}">'
            f'<p class="cs-kpi-result__title">{status_badge(s)} {esc(kpi.indicator)}</p>{_summary(kpi, cohort.date_style, t)}'
            f'<figure class="cs-kpi-figure">{chart}</figure>{_observation_table(ctx, [(name, t)], kpi, values, cohort.date_style)}</div>\n\n')


def proposal_section(ctx: SiteContext, cohort: Cohort, proposal: Proposal) -> str:
    """The results of a proposal: per KPI one chart of every municipality and a status table
    (`results.proposal_results`, which the proposal PDF draws too)."""
    on = today()
    across = proposal_results(cohort, proposal, on)
    if not across:
        return ""
    here = ctx.links(L.proposal_page(cohort, proposal.group))
    parts = [
        f"## {PROPOSAL_RESULTS}\n\n",
        f'<p class="cs-results-lead">{esc(as_of_text(on, cohort.date_style))}。提案は各自治体がそれぞれ実施します。'
        f'状況の判定方法は<a href="{here.url(GUIDE)}">成果の記録と見方</a>を参照してください。</p>\n\n',
    ]
    for item in across:
        kpi = item.kpi
        series = [Series(ctx.municipality_name(c), t) for c, t in item.measured]
        values = f"values-{kpi.id}"
        chart = kpi_svg(kpi, series, f"「{kpi.indicator}」の自治体ごとの推移", described_by=values) if series else ""
        rows = "".join(
            f'<tr><td><a href="{here.url(L.municipality_page(c))}">{esc(ctx.municipality_name(c))}</a></td>'
            f'<td class="cs-num">{esc(value_text(t.latest.value, kpi.unit) if t.latest else "—")}</td>'
            f"<td class=\"cs-nowrap\">{esc(_date(t.latest.date, cohort.date_style) if t.latest else '—')}</td><td>{status_badge(s)}</td></tr>"
            for c, t, s in item.rows
        )
        parts.append(
            f'<div class="cs-kpi-result" id="result-{esc(kpi.id)}">'
            f'<p class="cs-kpi-result__title">{esc(kpi.indicator)}</p>{_summary(kpi, cohort.date_style)}'
            + (f'<figure class="cs-kpi-figure">{chart}</figure>' if chart else "")
            + f'<table class="cs-kpi-status"><caption>{esc(kpi.indicator)}の自治体ごとの状況</caption>'
            "<thead><tr><th>自治体</th><th>最新の値</th><th>測定日</th><th>状況</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
            + (_observation_table(ctx, [(ctx.municipality_name(c), t) for c, t in item.measured], kpi, values, cohort.date_style)
               if series else "")
            + "</div>\n\n"
        )
    return "".join(parts)


def municipality_section(ctx: SiteContext, cohort: Cohort, code: str) -> str:
    """The results of one municipality in one cohort (municipality page)."""
    group = cohort.group_of(code)
    proposal = cohort.proposal_of(group.id) if group else None
    results = cohort.results_of(code)
    if proposal is None or results is None:
        return ""
    on = today()
    parts = [f"#### 成果（{esc(as_of_text(on, cohort.date_style))}）\n\n"]
    parts += [municipality_kpi(ctx, cohort, k, code, on) for o in proposal.outcomes for k in o.kpis]
    parts.append(_measures_table(proposal, results))
    if results.notes.strip():
        parts.append(f'<p class="cs-results-notes">{esc(results.notes.strip())}</p>\n\n')
    return "".join(parts)


def _measures_table(proposal: Proposal, results) -> str:
    known = {m.measure: m for m in results.measures}
    rows = "".join(
        f"<tr><td>{esc(m.title)}</td><td>{esc(known[m.title].status if m.title in known else NOT_GIVEN)}</td>"
        f"<td>{esc(known[m.title].note or '' if m.title in known else '')}</td></tr>"
        for m in proposal.measures
    )
    return ('<table class="cs-measure-status"><caption>施策の状況（手段の進み具合。目標の達成は上の KPI で測ります）</caption>'
            f"<thead><tr><th>施策</th><th>状況</th><th>メモ</th></tr></thead><tbody>{rows}</tbody></table>\n\n")


def latest_summary(cohort: Cohort, proposal: Proposal, code: str, on: dt.date) -> dict[Status, int]:
    """How many of the proposal's KPIs are in each status in one municipality."""
    counts: dict[Status, int] = {}
    for t in tracks(cohort, proposal, code):
        s = track_status(t, on)
        counts[s] = counts.get(s, 0) + 1
    return counts


def portfolio_cell(ctx: SiteContext, cohort: Cohort, proposal: Proposal, here: L.Links) -> str:
    """The latest status of a proposal's KPIs over its municipalities (portfolio column)."""
    group = cohort.group(proposal.group)
    if group is None or not any(cohort.results_of(c) for c in group.municipalities):
        return "—"
    on = today()
    counts: dict[Status, int] = {}
    for code in group.municipalities:
        for s, n in latest_summary(cohort, proposal, code, on).items():
            counts[s] = counts.get(s, 0) + n
    shown = " ".join(f"{status_badge(s)}{counts[s]}" for s in STATUSES if counts.get(s))
    return f'<a href="{here.url(L.results_page(cohort))}">{shown}</a>'


# --- the cohort results page ---------------------------------------------------------------

def render(ctx: SiteContext, cohort: Cohort) -> str:
    here = ctx.links(L.results_page(cohort))
    on = today()
    entries = _entries(ctx, cohort)
    everything = totals([item for _, _, items in entries for item in items])
    used = [s for s in STATUSES if everything.by_status.get(s)]
    filter_form = form(ctx, cohort, entries)
    rows = []
    for proposal, code, items in entries:
        classes = filter_form.row_classes(
            {"status": {s.key for _, s in items}, "proposal": {proposal.group}, "kind": {_kind(ctx, code)}})
        kpis = "".join(
            f'<li>{status_badge(s)} {esc(t.kpi.indicator)}'
            f'{"：" + esc(value_text(t.latest.value, t.kpi.unit)) if t.latest else ""}</li>' for t, s in items
        )
        results = cohort.results_of(code)
        measures = "、".join(f"{esc(m.measure)}（{esc(m.status)}）" for m in results.measures) if results else ""
        rows.append(
            f'<tr class="{" ".join(sorted(classes))}">'
            f'<td class="cs-nowrap"><a href="{here.url(L.proposal_page(cohort, proposal.group))}">{esc(_group_name(cohort, proposal.group))}</a></td>'
            f'<td class="cs-nowrap"><a href="{here.url(L.municipality_page(code))}">{esc(ctx.municipality_name(code))}</a></td>'
            f'<td><ul class="cs-results__kpis">{kpis}</ul></td><td>{measures or "—"}</td></tr>'
        )
    counts = "".join(f"<th>{status_badge(s)}</th>" for s in used)
    numbers = "".join(f'<td class="cs-num">{everything.by_status.get(s, 0)}</td>' for s in used)
    summary = (
        '<table class="cs-results__totals"><caption>合計（提案書の KPI × 実施する自治体の数）</caption>'
        f"<thead><tr><th>KPI の数</th><th>測定済み</th>{counts}</tr></thead>"
        f'<tbody><tr><td class="cs-num">{everything.kpis}</td><td class="cs-num">{everything.measured}</td>{numbers}</tr>'
        "</tbody></table>\n\n"
    )
    table = filter_form.html(
        '<table class="cs-results__table"><thead><tr><th>提案書</th><th>自治体</th><th>KPI の状況（最新の値）</th>'
        "<th>施策の状況</th></tr></thead><tbody>\n" + "\n".join(rows) + "\n</tbody></table>\n"
    )
    lead = (
        f"{esc(as_of_text(on, cohort.date_style))}の、提案書ごと・自治体ごとの KPI の状況です。提案は各自治体がそれぞれ実施し、"
        f'成果報告シート（Excel）で報告した値から状況を判定しています（<a href="{here.url(GUIDE)}">判定のしかた</a>）。'
        "KPI の状況・提案書・自治体の区分で絞り込めます。"
    )
    # The filter's rules: a site file the theme override links in <head> (never a <style> in the body).
    return with_stylesheet(page("成果", summary + legend() + table, cohort, lead), L.results_css(cohort))


def _entries(ctx: SiteContext, cohort: Cohort) -> list[tuple[Proposal, str, list[tuple[Track, Status]]]]:
    """(proposal, municipality code, [(track, status)]) of every proposal × its group's municipalities."""
    on = today()
    entries = []
    for proposal in cohort.proposals:
        group = cohort.group(proposal.group)
        for code in group.municipalities if group else []:
            entries.append((proposal, code, [(t, track_status(t, on)) for t in tracks(cohort, proposal, code)]))
    return entries


def form(ctx: SiteContext, cohort: Cohort, entries: list[tuple[Proposal, str, list[tuple[Track, Status]]]]) -> FilterForm:
    """The page's filters: KPI status, proposal, kind of municipality (only the values present)."""
    everything = totals([item for _, _, items in entries for item in items])
    used = [s for s in STATUSES if everything.by_status.get(s)]
    return FilterForm("cs-r", "cs-results", "cs-results__table", (
        Filter("status", "KPI の状況", tuple((s.key, s.value) for s in used)),
        Filter("proposal", "提案書", tuple((p.group, _group_name(cohort, p.group)) for p in cohort.proposals)),
        Filter("kind", "自治体の区分", tuple((k, k) for k in MUNICIPALITY_KINDS
                                          if any(_kind(ctx, c) == k for _, c, _ in entries))),
    ))


def stylesheet(ctx: SiteContext, cohort: Cohort) -> str:
    """The results page's filter rules (a site file, `links.results_css`)."""
    return form(ctx, cohort, _entries(ctx, cohort)).stylesheet()


def legend() -> str:
    """The status table (`results.STATUS_RULES`) as the page's legend, in the order it is applied."""
    rows = "".join(
        f"<tr><td>{status_badge(row.status)}</td><td class=\"cs-nowrap\">{esc(row.when)}</td><td>{esc(row.rule)}</td></tr>"
        for row in STATUS_RULES
    )
    return ('<table class="cs-results__legend"><caption>状況の見方（上の行から順に当てはめます）</caption>'
            f"<thead><tr><th>状況</th><th>いつ</th><th>判定のしかた</th></tr></thead><tbody>{rows}</tbody></table>\n\n")


def _group_name(cohort: Cohort, group_id: str) -> str:
    group = cohort.group(group_id)
    return group.name if group else group_id


def _kind(ctx: SiteContext, code: str) -> str:
    m = ctx.municipality(code)
    return m.kind if m else ""
