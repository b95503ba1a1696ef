"""Every proposal of every cohort in one table, filterable by theme tag, municipality, kind of
municipality and year, with no script: one radio group per filter sits before the table, and
generated CSS hides the rows that lack the checked value's class (`:checked ~ table ...`)."""

from __future__ import annotations

from dataclasses import dataclass

from .. import jpdate
from ..model import Cohort, Project, Proposal
from . import links as L
from .context import SiteContext
from .markup import badge, esc, page

KINDS = ("特別区", "市", "町", "村")


@dataclass(frozen=True)
class Row:
    cohort: Cohort
    proposal: Proposal
    group_name: str
    codes: tuple[str, ...]


@dataclass(frozen=True)
class Filter:
    key: str  # short ASCII key used in ids and classes: tag, muni, kind, year
    label: str
    values: tuple[tuple[str, str], ...]  # (value, label shown)


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
    return [
        Filter("tag", "テーマ", tuple((t, t) for t in tags)),
        Filter("kind", "自治体の区分", tuple((k, k) for k in kinds)),
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
        "muni": set(row.codes),
        "year": {str(row.cohort.fiscal_year)},
    }


def render(ctx: SiteContext) -> str:
    here = ctx.links(L.PORTFOLIO)
    found = rows(ctx.project)
    groups = filters(ctx, found)
    index = {(f.key, value): i for f in groups for i, (value, _) in enumerate(f.values)}
    inputs, fieldsets, css = [], [], []
    for f in groups:
        inputs.append(f'<input class="cs-filter__input" type="radio" name="cs-{f.key}" id="cs-{f.key}-all" checked>')
        labels = [f'<label for="cs-{f.key}-all">すべて</label>']
        for i, (value, shown) in enumerate(f.values):
            ident = f"cs-{f.key}-{i}"
            inputs.append(f'<input class="cs-filter__input" type="radio" name="cs-{f.key}" id="{ident}">')
            labels.append(f'<label for="{ident}">{esc(shown)}</label>')
            css.append(f"#{ident}:checked ~ .cs-portfolio__table tbody tr:not(.{f.key}-{i}) {{ display: none; }}")
            css.append(f'#{ident}:checked ~ .cs-filters label[for="{ident}"]')
        css.append(f'#cs-{f.key}-all:checked ~ .cs-filters label[for="cs-{f.key}-all"]')
        fieldsets.append(
            f'<fieldset class="cs-filter"><legend>{esc(f.label)}</legend>{"".join(labels)}</fieldset>'
        )
    hide = [rule for rule in css if rule.endswith("}")]
    chosen = [rule for rule in css if not rule.endswith("}")]
    style = "\n".join(hide) + "\n" + ",\n".join(chosen) + " { background: var(--md-accent-fg-color--transparent); border-color: var(--md-accent-fg-color); font-weight: 700; }"
    body_rows = []
    for row in found:
        values = _row_values(ctx, row)
        classes = " ".join(
            f"{key}-{index[(key, v)]}" for key in ("tag", "kind", "muni", "year") for v in sorted(values[key])
            if (key, v) in index
        )
        towns = "、".join(
            f'<a href="{here.url(L.municipality_page(c))}">{esc(ctx.municipality_name(c))}</a>' for c in row.codes
        )
        tags = " ".join(badge(t) for t in row.proposal.tags)
        body_rows.append(
            f'<tr class="cs-portfolio__row {classes}">'
            f"<td>{esc(jpdate.fiscal_year_label(row.cohort.fiscal_year))}"
            f'{" " + badge("サンプル", "sample") if row.cohort.sample else ""}</td>'
            f'<td><a href="{here.url(L.proposal_page(row.cohort, row.proposal.group))}">{esc(row.proposal.title)}</a></td>'
            f'<td><a href="{here.url(L.group_page(row.cohort, row.proposal.group))}">{esc(row.group_name)}</a></td>'
            f"<td>{towns}</td><td>{tags}</td></tr>"
        )
    html = (
        f"<style>\n{style}\n</style>\n"
        '<form class="cs-portfolio" action="#">\n'
        + "\n".join(inputs)
        + '\n<div class="cs-filters">' + "".join(fieldsets)
        + '<button class="md-button cs-filter__reset" type="reset">絞り込みを解除</button></div>\n'
        + '<table class="cs-portfolio__table"><thead><tr><th>年度</th><th>提案書</th><th>グループ</th>'
          "<th>自治体</th><th>テーマ</th></tr></thead><tbody>\n"
        + "\n".join(body_rows)
        + "\n</tbody></table>\n</form>\n\n"
    )
    lead = (
        f"すべての研修の提案書 {len(found)}件です。テーマ・自治体の区分・自治体・年度のボタンで絞り込めます"
        "（条件は組み合わせられます）。"
    )
    return page("提案書ポートフォリオ", html, lead=lead)
