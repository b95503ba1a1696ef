"""The cohort overview: period, organiser, aims, the session timeline, groups, channels, FAQ."""

from __future__ import annotations

from .. import jpdate, labels
from .. import urls as L
from ..model import Cohort
from .context import SiteContext
from .md_blocks import Md, bullets, code, details, link, md_text, page, table


def title(cohort: Cohort) -> str:
    return cohort.title


def render(ctx: SiteContext, cohort: Cohort) -> str:
    here = ctx.links(L.cohort_page(cohort))
    facts = [
        ("年度", f"{jpdate.fiscal_year_label(cohort.fiscal_year)}（{cohort.fiscal_year}年度）"),
        ("期間", jpdate.format_period(cohort.period.start, cohort.period.end, cohort.date_style)),
        *labels.cohort_facts(cohort),
        ("回数・グループ", f"全{len(cohort.sessions)}回・{len(cohort.groups)}グループ"),
    ]
    body = [table(["項目", "内容"], [f for f in facts if f[1]]), "\n"]
    body.append(ctx.markdown(cohort.description, cohort, here))
    if cohort.aims:
        body.append("## 研修のねらい\n\n" + bullets(cohort.aims) + "\n")
    body.append(_timeline(ctx, cohort, here))
    body.append(_groups(ctx, cohort, here))
    body.append(
        "## 振り返り・ダウンロード\n\n"
        f"- [振り返り（Keep / Problem / Try とアンケート）]({here.md(L.retrospective_page(cohort))})\n"
        f"- [配布資料（PDF）・カレンダーのダウンロード]({here.md(L.downloads_page(cohort))})\n\n"
    )
    if cohort.channels:
        body.append(f"## {labels.channel_heading(cohort)}\n\n")
        body.append(table(["チャンネル", "使い方"], [(c.name, c.purpose) for c in cohort.channels]) + "\n")
    if cohort.faq:
        body.append(_faq(ctx, cohort, here))
    if cohort.cases:
        body.append(_cases(ctx, cohort, here))
    if cohort.improvement_plan:
        body.append("## 今回の改善予定（前年度の振り返りから）\n\n" + bullets(cohort.improvement_plan) + "\n")
    return page(title(cohort), "".join(body), cohort)


def _timeline(ctx: SiteContext, cohort: Cohort, here: L.Links) -> str:
    items = []
    for s in sorted(cohort.sessions, key=lambda s: s.number):
        when = f"{jpdate.format_date(s.date, style=cohort.date_style)} {jpdate.format_time(s.start)}〜{jpdate.format_time(s.end)}"
        items.append(
            f'1. <span class="cs-timeline__when">第{s.number}回・{when}</span> '
            f"{link(s.title, here.md(L.session_page(cohort, s.number)))}"
        )
    return "## 日程\n\n" + '<div class="cs-timeline" markdown>\n\n' + "\n".join(items) + "\n\n</div>\n\n"


def _groups(ctx: SiteContext, cohort: Cohort, here: L.Links) -> str:
    rows = []
    for g in cohort.groups:
        names = "、".join(
            link(ctx.municipality_name(c), here.md(L.municipality_page(c))) for c in g.municipalities
        )
        proposal = cohort.proposal_of(g.id)
        written = link(proposal.title, here.md(L.proposal_page(cohort, g.id))) if proposal else "（未提出）"
        rows.append((link(g.name, here.md(L.group_page(cohort, g.id))), Md(names), written))
    return "## グループと提案書\n\n" + table(["グループ", "自治体", "提案書"], rows) + "\n"


def _faq(ctx: SiteContext, cohort: Cohort, here: L.Links) -> str:
    parts = ["## よくある質問（お悩み相談チャンネルから）\n\n"]
    for item in cohort.faq:
        answer = ctx.markdown(item.answer, cohort, here)
        if item.session is not None and cohort.session(item.session):
            url = here.url(L.session_page(cohort, item.session))
            answer += f'<p>関連: <a href="{url}">第{item.session}回</a></p>'
        parts.append(details("question", item.question, answer))
    return "".join(parts)


def _cases(ctx: SiteContext, cohort: Cohort, here: L.Links) -> str:
    parts = ["## 事例（事例共有チャンネルから）\n\n"]
    for case in cohort.cases:
        who = link(ctx.municipality_name(case.municipality), here.md(L.municipality_page(case.municipality)))
        parts.append(f"### {md_text(case.title)}\n\n{who}\n\n{ctx.markdown(case.summary, cohort, here)}")
        if case.url:  # shown, not linked: the intranet site links nothing outside itself
            parts.append(f"参考: {code(case.url)}\n\n")
    return "".join(parts)

