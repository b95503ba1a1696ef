"""Every proposal of every cohort in one table, filterable by theme tag, municipality, kind of
municipality, prefecture (when there are several) and year, with no script (`filters.FilterForm`)."""

from __future__ import annotations

from dataclasses import dataclass

from .. import jpdate, labels
from .. import urls as L
from ..model import MUNICIPALITY_KINDS, Cohort, Project, Proposal
from .context import SiteContext
from .filters import Filter, FilterForm, with_stylesheet
from .md_blocks import badge, esc, page
from .results import portfolio_cell

RESULTS_HEADING = "成果（KPI × 自治体）"

KINDS = MUNICIPALITY_KINDS


@dataclass(frozen=True)
class Row:
    cohort: Cohort
    proposal: Proposal
    group_name: str
    codes: tuple[str, ...]


def rows(project: Project) -> list[Row]:
    found = []
    for cohort in project.cohorts_newest_first:
        for proposal in cohort.proposals:
            group = cohort.group(proposal.group)
            found.append(Row(cohort, proposal, group.name if group else proposal.group,
                             tuple(group.municipalities) if group else ()))
    return found


def filters(ctx: SiteContext, found: list[Row]) -> list[Filter]:
    tags = sorted({t for r in found for t in r.proposal.tags})
    codes = sorted({c for r in found for c in r.codes})
    kinds = [k for k in KINDS if any(_kind(ctx, c) == k for r in found for c in r.codes)]
    years = sorted({r.cohort.fiscal_year for r in found}, reverse=True)
    prefectures = labels.prefectures(codes)
    return [
        Filter("tag", "テーマ", tuple((t, t) for t in tags)),
        Filter("kind", "自治体の区分", tuple((k, k) for k in kinds)),
        # Only when proposals span prefectures: one prefecture keeps the page as it was.
        *([Filter("pref", labels.PREFECTURE, tuple((p, p) for p in prefectures))] if len(prefectures) > 1 else []),
        Filter("muni", "自治体", tuple((c, ctx.municipality_name(c)) for c in codes)),
        Filter("year", "年度", tuple((str(y), jpdate.fiscal_year_label(y)) for y in years)),
    ]


def _kind(ctx: SiteContext, code: str) -> str:
    m = ctx.municipality(code)
    return m.kind if m else ""


def _row_values(ctx: SiteContext, row: Row) -> dict[str, set[str]]:
    return {
        "tag": set(row.proposal.tags),
        "kind": {_kind(ctx, c) for c in row.codes},
        "pref": set(labels.prefectures(row.codes)),
        "muni": set(row.codes),
        "year": {str(row.cohort.fiscal_year)},
    }


EMPTY = "条件に合う提案書はありません。条件を減らすか、「絞り込みを解除」を押してください。"


def form(ctx: SiteContext, found: list[Row]) -> FilterForm:
    return FilterForm("cs", "cs-portfolio", "cs-portfolio__table", tuple(filters(ctx, found)), EMPTY)


def stylesheet(ctx: SiteContext) -> str:
    """The filter's rules, a site file linked from the page's <head> (not a <style> in the body)."""
    return form(ctx, rows(ctx.project)).stylesheet()


HEADINGS = ("年度", "提案書", "グループ", "自治体", "テーマ")


def render(ctx: SiteContext) -> str:
    here = ctx.links(L.PORTFOLIO)
    found = rows(ctx.project)
    filter_form = form(ctx, found)
    body_rows = []
    for row in found:
        classes = " ".join(filter_form.row_classes(_row_values(ctx, row)))
        towns = "、".join(
            f'<a href="{here.url(L.municipality_page(c))}">{esc(ctx.municipality_name(c))}</a>' for c in row.codes
        )
        tags = " ".join(badge(t) for t in row.proposal.tags)
        year, title, group_name, municipalities, themes = HEADINGS
        body_rows.append(
            f'<tr class="cs-portfolio__row {classes}">'
            f'<td data-label="{year}">{esc(jpdate.fiscal_year_label(row.cohort.fiscal_year))}'
            f'{" " + badge("サンプル", "sample") if row.cohort.sample else ""}</td>'
            f'<td data-label="{title}"><a href="{here.url(L.proposal_page(row.cohort, row.proposal.group))}">{esc(row.proposal.title)}</a></td>'
            f'<td data-label="{group_name}"><a href="{here.url(L.group_page(row.cohort, row.proposal.group))}">{esc(row.group_name)}</a></td>'
            f'<td data-label="{municipalities}">{towns}</td><td data-label="{themes}">{tags}</td>'
            f'<td data-label="{RESULTS_HEADING}">{portfolio_cell(ctx, row.cohort, row.proposal, here)}</td></tr>'
        )
    html = filter_form.html(
        '<table class="cs-portfolio__table"><thead><tr>'
        + "".join(f"<th>{h}</th>" for h in (*HEADINGS, RESULTS_HEADING)) + "</tr></thead><tbody>\n"
        + "\n".join(body_rows)
        + "\n</tbody></table>\n"
    )
    lead = (
        f"すべての研修の提案書 {len(found)}件です。{'・'.join(f.label for f in filter_form.groups)}のボタンで絞り込めます"
        "（条件は組み合わせられます）。"
    )
    # One more front-matter key: the theme override links this stylesheet in <head> (overrides/main.html).
    return with_stylesheet(page("提案書ポートフォリオ", html, lead=lead), L.PORTFOLIO_CSS)
