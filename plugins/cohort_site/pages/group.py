"""A group: its municipalities (kind, population), the size mix as a bar chart, mentor,
members (intranet only) and its proposal."""

from __future__ import annotations

from collections.abc import Sequence

from .. import labels, outputs
from .. import urls as L
from ..model import MUNICIPALITY_KINDS, POPULATION_LABEL, POPULATION_UNKNOWN, Cohort, Group
from .charts import Bar, bar_chart
from .context import SiteContext
from .md_blocks import link, md_text, page, population, table
from .municipality import kind_text

KIND_CLASS = dict(zip(MUNICIPALITY_KINDS, ("ku", "shi", "machi", "mura"), strict=True))  # chart colours


def _mix_sentence(kinds: Sequence[str]) -> str:
    """「規模の大きな区・市と小さな町村が…」 from the kinds the group really has."""
    large = "・".join(k.removeprefix("特別") for k in ("特別区", "市") if k in kinds)
    small = "".join(k for k in ("町", "村") if k in kinds)
    if large and small:
        return f"規模の大きな{large}と小さな{small}が同じグループで学びます。"
    return "規模の異なる自治体が同じグループで学びます。"


def title(cohort: Cohort, group: Group) -> str:
    return f"{group.name} — {cohort.title}"


def render(ctx: SiteContext, cohort: Cohort, group: Group) -> str:
    here = ctx.links(L.group_page(cohort, group.id))
    lead = f"{link(cohort.title, here.md(L.cohort_page(cohort)))} のグループです。"
    several = labels.several_prefectures(ctx.project)  # one prefecture: no column, as before
    headers = ["自治体", *([labels.PREFECTURE] if several else []), "区分", POPULATION_LABEL]
    rows, bars, unknown = [], [], []
    for code in group.municipalities:
        m = ctx.municipality(code)
        if m is None:
            rows.append((code, *[""] * (len(headers) - 1)))
            continue
        where = (m.prefecture,) if several else ()
        rows.append((link(m.name, here.md(L.municipality_page(code))), *where, kind_text(m), population(m)))
        if m.population is None:
            unknown.append(m.name)  # no bar: an unknown population is not a population of 0
        else:
            bars.append(Bar(m.name, m.population, population(m), KIND_CLASS.get(m.kind, "")))
    body = ["## 自治体\n\n", table(headers, rows, "l" * (len(headers) - 1) + "r"), "\n"]
    kinds = [m.kind for c in group.municipalities if (m := ctx.municipality(c))]
    if bars:
        body.append("## 規模の構成\n\n")
        body.append(bar_chart(
            bars, f"{group.name}の自治体の人口",
            note="棒の長さは人口に比例します（2020年国勢調査 速報値）。"
                 + _mix_sentence(kinds)
                 + (f"{'、'.join(unknown)}は{POPULATION_UNKNOWN}のため、グラフにありません。" if unknown else ""),
            legend=[(KIND_CLASS[k], k) for k in KIND_CLASS if k in kinds],
        ))
    elif kinds:  # every population unknown: no chart, but the mix of kinds still tells the story
        body.append(f"## 規模の構成\n\n{_mix_sentence(kinds)}どの自治体も{POPULATION_UNKNOWN}のため、人口のグラフはありません。\n\n")
    if kinds:
        mix = "・".join(f"{k} {kinds.count(k)}" for k in MUNICIPALITY_KINDS if kinds.count(k))
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
    template = here.md(outputs.proposal_template_path(cohort.id, group.id))
    body.append(
        f"{link('提案書のひな形（Word・.docx）', template)}: Word で書いて事務局に送ると、サイトと PDF に反映されます"
        f"（{link('Word で提案書を書く', here.md(L.GUIDE_PROPOSAL_WORD))}）。\n\n"
    )
    return page(title(cohort, group), "".join(body), cohort, lead)
