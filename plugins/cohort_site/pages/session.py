"""第N回: date, objectives, the agenda with clock times, materials, homework, retrospective."""

from __future__ import annotations

from .. import jpdate
from .. import urls as L
from ..labels import KPT, SESSION_TITLES
from ..model import AGENDA_KIND_LABELS, Cohort, Retrospective, Session
from ..timetable import timetable
from . import attendance_sections
from .context import SiteContext
from .md_blocks import admonition_html, bullets, link, md_text, page, table


def title(session: Session) -> str:
    return f"第{session.number}回 {session.title}"


def render(ctx: SiteContext, cohort: Cohort, session: Session) -> str:
    here = ctx.links(L.session_page(cohort, session.number))
    when = (
        f"{jpdate.format_date(session.date, style=cohort.date_style)} "
        f"{jpdate.format_time(session.start)}〜{jpdate.format_time(session.end)}"
    )
    # The 西暦 style adds the era year after the time; the 和暦 style has it in the date already.
    era = f"（{jpdate.era_year(session.date)}）" if cohort.date_style == "西暦" else ""
    lead = (
        f'<p class="cs-when"><strong>日時</strong> {when}{era}</p>\n\n'
        f"{link(cohort.title, here.md(L.cohort_page(cohort)))} の第{session.number}回です。"
    )
    body = [attendance_sections.catch_up_box(ctx, cohort, session)]
    if session.objectives:
        body.append(f"## {SESSION_TITLES['objectives']}\n\n" + bullets(session.objectives) + "\n")
    body.append(ctx.markdown(session.body, cohort, here))
    if session.agenda:
        body.append(_agenda(session))
    if session.materials:
        body.append(f"## {SESSION_TITLES['materials']}\n\n" + bullets(_material(m.title, m.note) for m in session.materials) + "\n")
        downloads = here.md(L.downloads_page(cohort))
        body.append(f"この回の配布資料（PDF）は[ダウンロード]({downloads})のページにあります。\n\n")
    if session.homework:
        body.append(_homework(ctx, cohort, session, here))
    if session.worksheet:
        body.append("## ワークシートの問い\n\n" + "".join(f"{i}. {md_text(q)}\n" for i, q in enumerate(session.worksheet, 1)) + "\n")
    if ctx.intranet and session.facilitator_notes:
        notes = ctx.markdown(session.facilitator_notes, cohort, here)
        body.append(admonition_html("facilitator", "ファシリテーター向けメモ（庁内版のみ）", notes))
    body.append(attendance_sections.session_section(ctx, cohort, session))
    retro = cohort.session_retrospective(session.number)
    if retro is not None:
        body.append(_retrospective(ctx, cohort, retro, here))
    nav = []
    for other, label in ((cohort.session(session.number - 1), "前の回"), (cohort.session(session.number + 1), "次の回")):
        if other is not None:
            nav.append(f"{label}: {link(f'第{other.number}回 {other.title}', here.md(L.session_page(cohort, other.number)))}")
    if nav:
        body.append("---\n\n" + "　／　".join(nav) + "\n")
    return page(title(session), "".join(body), cohort, lead)


def _material(title: str, note: str | None) -> str:
    return f"{title}（{note}）" if note else title


def _agenda(session: Session) -> str:
    rows = []
    for slot in timetable(session):
        item = slot.item
        rows.append((
            f"{jpdate.format_time(slot.start)}〜{jpdate.format_time(slot.end)}",
            f"{item.minutes}分",
            AGENDA_KIND_LABELS.get(item.kind, item.kind),
            item.title,
            item.presenter or "",
            item.note or "",
        ))
    total = sum(item.minutes for item in session.agenda)
    return (
        f"## {SESSION_TITLES['agenda']}\n\n"
        + '<div class="cs-agenda" markdown>\n\n'
        + table(["時刻", "時間", "区分", "内容", "担当", "備考"], rows, "llllll")
        + "\n</div>\n\n"
        + f"合計 {total}分（休憩を含む）。時刻は開始時刻 {jpdate.format_time(session.start)} から各項目の所要時間を積み上げて計算しています。\n\n"
    )


def _homework(ctx: SiteContext, cohort: Cohort, session: Session, here: L.Links) -> str:
    parts = [f"## {SESSION_TITLES['homework']}\n\n"]
    for hw in session.homework:
        parts.append(f"### {md_text(hw.title)}\n\n")
        if hw.due_session is not None:
            due = cohort.session(hw.due_session)
            if due is not None:
                target = here.md(L.session_page(cohort, due.number))
                parts.append(f"**提出**: [第{due.number}回]({target})（{jpdate.format_date(due.date, style=cohort.date_style)}）まで\n\n")
            else:
                parts.append(f"**提出**: 第{hw.due_session}回まで\n\n")
        parts.append(ctx.markdown(hw.description, cohort, here))
    return "".join(parts)


def _retrospective(ctx: SiteContext, cohort: Cohort, retro: Retrospective, here: L.Links) -> str:
    parts = ["## この回の振り返り\n\n", ctx.markdown(retro.notes, cohort, here)]
    for field, label in KPT:
        items = getattr(retro, field)
        if items:
            parts.append(f"**{label}**\n\n" + bullets(items) + "\n")
    anchor = f"session-{retro.session}"
    parts.append(f"アンケート結果は[振り返りのページ]({here.md(L.retrospective_page(cohort))}#{anchor})にあります。\n\n")
    return "".join(parts)
