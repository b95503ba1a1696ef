"""Municipality pages, across all cohorts: the groups it joined, the proposals it worked on,
its rollout pack and in-house kit. Plus an index of every participating municipality."""

from __future__ import annotations

from .. import labels, outputs
from .. import urls as L
from ..codes import prefecture_of
from ..model import DESIGNATED_CITY, POPULATION_LABEL, Cohort, Municipality, Project
from . import results
from .context import SiteContext
from .md_blocks import Md, badge, esc, link, md_text, page, population, table


def participants(project: Project) -> list[str]:
    """Codes of every municipality that joined at least one cohort, by code."""
    return sorted({code for cohort in project.cohorts for code in cohort.participating_codes()})


def cohorts_of(project: Project, code: str) -> list[Cohort]:
    return [c for c in project.cohorts_newest_first if c.group_of(code) is not None]


def kind_text(m: Municipality) -> Md:
    """区分 as tables show it: 市, or 市 with the 政令市 badge for a designated city."""
    return Md(md_text(m.kind) + (f" {badge(DESIGNATED_CITY)}" if m.designated_city else ""))


def title(ctx: SiteContext, code: str) -> str:
    return ctx.municipality_name(code)


def render_index(ctx: SiteContext) -> str:
    here = ctx.links(L.MUNICIPALITIES)
    codes = participants(ctx.project)
    lead = "研修に参加した自治体の一覧です。自治体のページには、参加した研修・グループ・提案書と、翌年度の庁内研修用の展開パックがまとまっています。"
    prefectures = labels.prefectures(codes)
    if len(prefectures) <= 1:  # one prefecture: one table, no headings
        return page("自治体別", _index_table(ctx, codes, here), lead=lead)
    body = []
    for prefecture in prefectures:
        these = [c for c in codes if prefecture_of(c) == prefecture]
        body.append(f"## {prefecture}（{len(these)}団体）\n\n{_index_table(ctx, these, here)}\n")
    lead += f"{'・'.join(prefectures)}の{len(prefectures)}都道府県を、都道府県ごとに並べています。"
    return page("自治体別", "".join(body), lead=lead)


def _index_table(ctx: SiteContext, codes: list[str], here: L.Links) -> str:
    rows = []
    for code in codes:
        m = ctx.municipality(code)
        joined = "、".join(
            link(c.title, here.md(L.cohort_page(c))) for c in cohorts_of(ctx.project, code)
        )
        rows.append((
            link(ctx.municipality_name(code), here.md(L.municipality_page(code))),
            kind_text(m) if m else "",
            population(m) if m else "",
            Md(joined),
        ))
    return table(["自治体", "区分", POPULATION_LABEL, "参加した研修"], rows, "llrl")


def render(ctx: SiteContext, code: str) -> str:
    here = ctx.links(L.municipality_page(code))
    m: Municipality | None = ctx.municipality(code)
    facts = [("自治体コード", code)]
    if m is not None:
        facts = [("よみ", m.kana), (labels.PREFECTURE, m.prefecture), ("区分", kind_text(m)),
                 (POPULATION_LABEL, population(m)), *facts]
    body = [table(["項目", "内容"], facts), "\n"]
    cohorts = cohorts_of(ctx.project, code)
    body.append("## 参加した研修\n\n")
    for cohort in cohorts:
        group = cohort.group_of(code)
        assert group is not None
        body.append(f"### {md_text(cohort.title)}\n\n")
        if cohort.sample:
            body.append(f'<p>{badge("サンプル", "sample")} この研修の内容は架空のサンプルです。</p>\n\n')
        others = "、".join(
            link(ctx.municipality_name(c), here.md(L.municipality_page(c))) for c in group.municipalities if c != code
        )
        body.append(f"- 研修: {link(cohort.title, here.md(L.cohort_page(cohort)))}\n")
        body.append(f"- グループ: {link(group.name, here.md(L.group_page(cohort, group.id)))}（一緒に学んだ自治体: {others}）\n")
        proposal = cohort.proposal_of(group.id)
        if proposal is not None:
            body.append(f"- 提案書: {link(proposal.title, here.md(L.proposal_page(cohort, group.id)))}\n")
        members = [mb for mb in group.members if mb.municipality == code]
        if ctx.intranet and members:
            names = "、".join(f"{mb.name}（{mb.department}）" if mb.department else mb.name for mb in members)
            body.append(f"- 参加した職員: {md_text(names)}\n")
        body.append("\n")
        body.append(_rollout_links(ctx, cohort, code, here))
        body.append(results.municipality_section(ctx, cohort, code))
        cases = [c for c in cohort.cases if c.municipality == code]
        for case in cases:
            body.append(f"**事例: {md_text(case.title)}**\n\n{ctx.markdown(case.summary, cohort, here)}")
    if not cohorts:
        body.append("まだ研修に参加していません。\n\n")
    return page(title(ctx, code), "".join(body), lead=_lead(m))


def _lead(m: Municipality | None) -> str:
    if m is None:
        return ""
    return f"{md_text(m.prefecture + m.name)}（{m.kind}）のページです。参加した研修ごとに、グループ・提案書・展開パックをまとめています。"


def _rollout_links(ctx: SiteContext, cohort: Cohort, code: str, here: L.Links) -> str:
    """The rollout pack (PDF) and in-house kit (zip): raw HTML, as both are made after the pages."""
    pack = next(
        (p for p in outputs.packs_for(ctx.project, cohort) if p.kind == "rollout" and p.key == code), None
    )
    if pack is None:
        return ""
    kit = outputs.kit_path(code, cohort.id)
    return (
        '<div class="cs-rollout-pack">\n'
        "<p><strong>翌年度に自庁で研修を行うために</strong></p>\n<ul>\n"
        f'<li><a href="{here.url(pack.path)}">{esc(pack.title)}</a> <span class="pdf-info" data-pdf="{esc(pack.path)}"></span></li>\n'
        f'<li><a href="{here.url(kit)}">庁内研修キット（展開パックの元データ一式・zip）</a></li>\n'
        "</ul>\n</div>\n\n"
    )
