"""Attendance on the site: the catch-up box and the attendance of a session page, the attendance
trend of the retrospective page, and the facilitator's list of members who missed sessions in a
row. Names are shown in the intranet profile only; the public profile gets aggregate rates
(the project it receives has no attendee names: see profile.redact)."""

from __future__ import annotations

from .. import attendance as A
from .. import urls as L
from ..labels import attendance_report
from ..model import CATCH_UP_KIND_LABELS, Attendance, Cohort, Session
from .context import SiteContext
from .md_blocks import admonition, esc, link, table, text

CATCH_UP_TITLE = "この回を欠席した方へ"
ATTENDANCE_TITLE = "出席"
FOLLOW_UP_TITLE = "2回以上続けて欠席したメンバー"


def catch_up_box(ctx: SiteContext, cohort: Cohort, session: Session) -> str:
    """The session's catch-up materials, first on the page: recording, slides, homework."""
    if not session.catch_up and not session.homework:
        return ""
    here = ctx.links(L.session_page(cohort, session.number))
    items = []
    for item in session.catch_up:
        label = f'<span class="cs-badge cs-badge--tag">{esc(CATCH_UP_KIND_LABELS[item.kind])}</span> '
        title = f'<a href="{esc(item.url)}">{esc(item.title)}</a>' if item.url else esc(item.title)
        note = f"<br>{esc(item.note)}" if item.note else ""
        items.append(f"<li>{label}{title}{note}</li>")
    downloads = here.url(L.downloads_page(cohort))
    items.append(f'<li>この回の配布資料（PDF）: <a href="{esc(downloads)}">ダウンロードのページ</a></li>')
    for hw in session.homework:
        due = f"（第{hw.due_session}回まで）" if hw.due_session else ""
        items.append(f'<li><span class="cs-badge cs-badge--tag">宿題</span> {esc(hw.title)}{esc(due)}</li>')
    return (
        f'<div class="admonition tip cs-catch-up" role="note">'
        f'<p class="admonition-title">{CATCH_UP_TITLE}</p>'
        f"<p>録画と資料で内容を確認し、宿題はグループのメンバーと分担してください。</p>"
        f'<ol>{"".join(items)}</ol></div>\n\n'
    )


def session_section(ctx: SiteContext, cohort: Cohort, session: Session) -> str:
    """「出席」: rates by group and municipality; who missed it (intranet only)."""
    record = cohort.session_attendance(session.number)
    if record is None:
        return ""
    parts = [f"## {ATTENDANCE_TITLE} {{#attendance}}\n\n"]
    parts.append(f"メンバー全体の出席: **{A.rate(record.members)}**")
    if record.meeting_minutes:
        parts.append(f"（会議の長さ {record.meeting_minutes}分）")
    parts.append(f"。{text(attendance_report(record.tool))}から取り込みました。\n\n")
    groups = [(g.name, str(r)) for g, r in A.by_group(cohort, record)]
    parts.append(table(["グループ", "出席"], groups, "lr") + "\n")
    municipalities = [(ctx.municipality_name(code), str(r)) for code, r in A.by_municipality(cohort, record)]
    parts.append('<details class="cs-attendance-municipalities" markdown>\n<summary>自治体別の出席</summary>\n\n'
                 + table(["自治体", "出席"], municipalities, "lr") + "\n</details>\n\n")
    if ctx.intranet:
        parts.append(_absentees(ctx, cohort, record))
    else:
        parts.append("個人ごとの出欠は庁内版にのみ表示します。\n\n")
    return "".join(parts)


def _absentees(ctx: SiteContext, cohort: Cohort, record: Attendance) -> str:
    missed = A.absentees(record)
    if not missed:
        return "欠席したメンバーはいません。\n\n"
    before = cohort.session_attendance(record.session - 1)
    absent_before = {(r.name, r.municipality) for r in A.absentees(before)} if before else set()
    rows = []
    for r in missed:
        group = cohort.group_of(r.municipality)
        again = "前回も欠席" if (r.name, r.municipality) in absent_before else ""
        rows.append((r.name, ctx.municipality_name(r.municipality), group.name if group else "", again))
    return (
        "### 欠席したメンバー（庁内版のみ） {#absentees}\n\n"
        "メンターは、上の「この回を欠席した方へ」の内容を案内し、宿題の分担をグループで確認してください。\n\n"
        + table(["氏名", "自治体", "グループ", "備考"], rows, "llll") + "\n"
    )


def trend_section(ctx: SiteContext, cohort: Cohort) -> str:
    """「出席とアンケートの推移」 of the retrospective page: one row per session."""
    if not cohort.attendance:
        return ""
    here = ctx.links(L.retrospective_page(cohort))
    rows = []
    for session in sorted(cohort.sessions, key=lambda s: s.number):
        record = cohort.session_attendance(session.number)
        retro = cohort.session_retrospective(session.number)
        survey = retro.survey if retro else []
        average = f"{sum(r.average for r in survey) / len(survey):.1f}" if survey else "—"
        responses = f"{max(r.responses for r in survey)}件" if survey else "—"
        target = link(f"第{session.number}回", here.md(L.session_page(cohort, session.number)))
        rows.append((target, str(A.rate(record.members)) if record else "（未取り込み）", responses, average))
    parts = [
        "## 出席とアンケートの推移 {#attendance}\n\n",
        table(["回", "出席", "アンケート回答", "アンケート平均（全設問）"], rows, "lrrr"), "\n",
    ]
    if ctx.intranet:
        parts.append(follow_up(cohort, ctx))
    return "".join(parts)


def follow_up(cohort: Cohort, ctx: SiteContext) -> str:
    """The facilitator's list: members who missed two or more sessions in a row."""
    runs = A.missed_in_a_row(cohort)
    if not runs:
        body = "2回以上続けて欠席したメンバーはいません。"
    else:
        lines = []
        for run in runs:
            group = cohort.group_of(run.municipality)
            numbers = "・".join(f"第{n}回" for n in run.sessions)
            where = f"{ctx.municipality_name(run.municipality)}、{group.name if group else ''}"
            lines.append(f"- {text(run.name)}（{text(where)}）: {numbers}")
        body = "\n".join(lines) + "\n\nメンターから声をかけ、録画と宿題の分担を確認してください。"
    return admonition("facilitator", f"{FOLLOW_UP_TITLE}（庁内版のみ）", body)
