"""Every proposal of every cohort in one table, filterable by theme tag, municipality, kind of
municipality, prefecture (when there are several) and year, with no script: one radio group per filter sits before the table, and
generated CSS hides the rows that lack the checked value's class (`:checked ~ table ...`)."""

from __future__ import annotations

from dataclasses import dataclass

from .. import jpdate, labels
from ..model import MUNICIPALITY_KINDS, Cohort, Project, Proposal
from . import links as L
from .context import SiteContext
from .markup import badge, esc, page
from .results import chosen_in_forced_colours, portfolio_cell

RESULTS_HEADING = "成果（KPI × 自治体）"

KINDS = MUNICIPALITY_KINDS


@dataclass(frozen=True)
class Row:
    cohort: Cohort
    proposal: Proposal
    group_name: str
    codes: tuple[str, ...]


@dataclass(frozen=True)
class Filter:
    key: str  # short ASCII key used in ids and classes: tag, kind, pref, muni, year
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


def _inputs_and_rules(groups: list[Filter]) -> tuple[list[str], list[str], str]:
    """The radio inputs, the filter fieldsets and the stylesheet that makes them work."""
    inputs, fieldsets, hide, chosen, focus = [], [], [], [], []
    for f in groups:
        idents = [(f"cs-{f.key}-all", "すべて", "")] + [
            (f"cs-{f.key}-{i}", shown, f"{f.key}-{i}") for i, (_, shown) in enumerate(f.values)]
        choices = []  # not `labels`: that name is the vocabulary module here
        for ident, shown, cls in idents:
            checked = " checked" if not cls else ""
            inputs.append(f'<input class="cs-filter__input" type="radio" name="cs-{f.key}" id="{ident}"{checked}>')
            choices.append(f'<label for="{ident}">{esc(shown)}</label>')
            if cls:
                hide.append(f"#{ident}:checked ~ .cs-portfolio__table tbody tr:not(.{cls})")
            chosen.append(f'#{ident}:checked ~ .cs-filters label[for="{ident}"]')
            focus.append(f'#{ident}:focus-visible ~ .cs-filters label[for="{ident}"]')
        fieldsets.append(
            f'<fieldset class="cs-filter"><legend>{esc(f.label)}</legend>{"".join(choices)}</fieldset>'
        )
    css = "\n".join(f"{rule} {{ display: none; }}" for rule in hide) + "\n"
    css += ",\n".join(chosen) + " { background: var(--md-accent-fg-color--transparent); border-color: var(--md-accent-fg-color); font-weight: 700; }\n"
    css += chosen_in_forced_colours(chosen) + "\n"
    # The radios are invisible, so keyboard focus shows on their labels.
    css += ",\n".join(focus) + " { outline: 3px solid var(--cs-focus); outline-offset: 2px; }\n"
    # No row left: the rows hidden are exactly those matched by a hide rule.
    css += (f".cs-portfolio:not(:has(.cs-portfolio__row:not(:is({', '.join(hide)})))) .cs-portfolio__empty"
            " { display: block; }\n")
    return inputs, fieldsets, css


def stylesheet(ctx: SiteContext) -> str:
    """The filter's rules, a site file linked from the page's <head> (not a <style> in the body)."""
    return _inputs_and_rules(filters(ctx, rows(ctx.project)))[2]


HEADINGS = ("年度", "提案書", "グループ", "自治体", "テーマ")


def render(ctx: SiteContext) -> str:
    here = ctx.links(L.PORTFOLIO)
    found = rows(ctx.project)
    groups = filters(ctx, found)
    index = {(f.key, value): i for f in groups for i, (value, _) in enumerate(f.values)}
    inputs, fieldsets, _ = _inputs_and_rules(groups)
    body_rows = []
    for row in found:
        values = _row_values(ctx, row)
        classes = " ".join(
            f"{key}-{index[(key, v)]}" for key in ("tag", "kind", "pref", "muni", "year") for v in sorted(values[key])
            if (key, v) in index
        )
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
    html = (
        '<form class="cs-portfolio" action="#">\n'
        + "\n".join(inputs)
        + '\n<div class="cs-filters">' + "".join(fieldsets)
        + '<button class="md-button cs-filter__reset" type="reset">絞り込みを解除</button></div>\n'
        + '<table class="cs-portfolio__table"><thead><tr>'
        + "".join(f"<th>{h}</th>" for h in (*HEADINGS, RESULTS_HEADING)) + "</tr></thead><tbody>\n"
        + "\n".join(body_rows)
        + "\n</tbody></table>\n"
        + '<p class="cs-portfolio__empty" role="status">条件に合う提案書はありません。条件を減らすか、「絞り込みを解除」を押してください。</p>\n'
        + "</form>\n\n"
    )
    lead = (
        f"すべての研修の提案書 {len(found)}件です。{'・'.join(f.label for f in groups)}のボタンで絞り込めます"
        "（条件は組み合わせられます）。"
    )
    # One more front-matter key: the theme override links this stylesheet in <head> (overrides/main.html).
    markdown = page("提案書ポートフォリオ", html, lead=lead)
    return markdown.replace("---\n", f"---\nstylesheet: {L.PORTFOLIO_CSS}\n", 1)
