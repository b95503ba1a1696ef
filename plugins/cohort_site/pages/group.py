"""A group: its municipalities (kind, population), the size mix as a bar chart, mentor,
members (intranet only) and its proposal."""

from __future__ import annotations

from ..model import POPULATION_LABEL, POPULATION_UNKNOWN, Cohort, Group
from . import links as L
from .charts import Bar, bar_chart
from .context import SiteContext
from .markup import link, md_text, page, population, table

KIND_CLASS = {"特別区": "ku", "市": "shi", "町": "machi", "村": "mura"}


def title(cohort: Cohort, group: Group) -> str:
    return f"{group.name} — {cohort.title}"


def render(ctx: SiteContext, cohort: Cohort, group: Group) -> str:
    here = ctx.links(L.group_page(cohort, group.id))
    lead = f"{link(cohort.title, here.md(L.cohort_page(cohort)))} のグループです。"
    rows, bars, unknown = [], [], []
    for code in group.municipalities:
        m = ctx.municipality(code)
        if m is None:
            rows.append((code, "", ""))
            continue
        rows.append((link(m.name, here.md(L.municipality_page(code))), m.kind, population(m)))
        if m.population is None:
            unknown.append(m.name)  # no bar: an unknown population is not a population of 0
        else:
            bars.append(Bar(m.name, m.population, population(m), KIND_CLASS.get(m.kind, "")))
    body = ["## 自治体\n\n", table(["自治体", "区分", POPULATION_LABEL], rows, "llr"), "\n"]
    kinds = [m.kind for c in group.municipalities if (m := ctx.municipality(c))]
    if bars:
        body.append("## 規模の構成\n\n")
        body.append(bar_chart(
            bars, f"{group.name}の自治体の人口",
            note="棒の長さは人口に比例します（2020年国勢調査 速報値）。"
                 "規模の大きな区・市と小さな町村が同じグループで学びます。"
                 + (f"{'、'.join(unknown)}は{POPULATION_UNKNOWN}のため、グラフにありません。" if unknown else ""),
            legend=[(KIND_CLASS[k], k) for k in KIND_CLASS if k in kinds],
        ))
        mix = "・".join(f"{k} {kinds.count(k)}" for k in ("特別区", "市", "町", "村") if kinds.count(k))
        body.append(f"区分の内訳: {mix}\n\n")
    if group.mentor is not None:
        mentor = group.mentor.name + (f"（{group.mentor.affiliation}）" if group.mentor.affiliation else "")
        body.append(f"## メンター\n\n{md_text(mentor)}\n\n")
    if ctx.intranet and group.members:
        body.append("## メンバー\n\n")
        body.append(table(
            ["氏名", "自治体", "所属", "役割"],
            [(mb.name, ctx.municipality_name(mb.municipality), mb.department, mb.role or "") for mb in group.members],
        ))
        body.append("\n個人名は庁内版にのみ表示されます。\n\n")
    proposal = cohort.proposal_of(group.id)
    body.append("## 提案書\n\n")
    if proposal is not None:
        body.append(f"{link(proposal.title, here.md(L.proposal_page(cohort, group.id)))}\n\n")
    else:
        body.append("まだ提案書がありません。\n\n")
    return page(title(cohort, group), "".join(body), cohort, lead)
