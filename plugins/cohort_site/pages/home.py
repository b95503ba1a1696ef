"""The generated part of the home page: every cohort, newest first."""

from __future__ import annotations

from .. import jpdate
from .. import urls as L
from ..model import Project
from .md_blocks import badge, link

MARKER = "<!-- cohorts -->"


def cohort_list(project: Project, here: L.Links) -> str:
    if not project.cohorts:
        return "まだ研修のデータがありません。\n"
    lines = []
    for cohort in project.cohorts_newest_first:
        sample = " " + badge("サンプル", "sample") if cohort.sample else ""
        period = jpdate.format_period(cohort.period.start, cohort.period.end, cohort.date_style)
        lines.append(
            f"- **{link(cohort.title, here.md(L.cohort_page(cohort)))}**{sample}  \n"
            f"  {period}・全{len(cohort.sessions)}回・{len(cohort.groups)}グループ・提案書{len(cohort.proposals)}件"
            f" ／ [振り返り]({here.md(L.retrospective_page(cohort))})"
            f" ／ [ダウンロード]({here.md(L.downloads_page(cohort))})\n"
        )
    return "".join(lines)


def insert_cohort_list(markdown: str, project: Project, here: L.Links) -> str:
    """Put the list where the hand-written home page has the marker, else at its end."""
    listing = cohort_list(project, here)
    if MARKER in markdown:
        return markdown.replace(MARKER, listing, 1)
    return markdown.rstrip() + "\n\n## 研修一覧\n\n" + listing
