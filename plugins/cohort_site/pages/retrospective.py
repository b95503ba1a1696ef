"""振り返り: keep / problem / try grouped, survey ratings as bar charts, for the cohort and
for each session."""

from __future__ import annotations

from .. import urls as L
from ..labels import KPT
from ..model import Cohort, Retrospective
from . import attendance_sections
from .charts import survey_chart
from .context import SiteContext
from .md_blocks import esc, link, md_text, page


def title(cohort: Cohort) -> str:
    return f"振り返り — {cohort.title}"


def render(ctx: SiteContext, cohort: Cohort) -> str:
    here = ctx.links(L.retrospective_page(cohort))
    lead = (
        f"{link(cohort.title, here.md(L.cohort_page(cohort)))} の振り返りです。"
        "Keep / Problem / Try と、参加者アンケートの結果をまとめています。"
    )
    body = [attendance_sections.trend_section(ctx, cohort)]
    whole = cohort.cohort_retrospective
    if whole is not None:
        body.append("## 研修全体 {#cohort}\n\n" + section(ctx, cohort, whole, "修了時アンケート"))
    for session in sorted(cohort.sessions, key=lambda s: s.number):
        retro = cohort.session_retrospective(session.number)
        if retro is None:
            continue
        target = here.md(L.session_page(cohort, session.number))
        body.append(f"## 第{session.number}回 {md_text(session.title)} {{#session-{session.number}}}\n\n")
        body.append(f"[第{session.number}回のページ]({target})\n\n")
        body.append(section(ctx, cohort, retro, f"第{session.number}回のアンケート"))
    if not any(body):
        body.append("振り返りはまだありません。\n\n")
    return page(title(cohort), "".join(body), cohort, lead)


def section(ctx: SiteContext, cohort: Cohort, retro: Retrospective, survey_caption: str) -> str:
    parts = ['<div class="cs-kpt">\n']
    for field, label in KPT:
        items = getattr(retro, field)
        lis = "".join(f"<li>{md_text(item)}</li>" for item in items) or "<li>（なし）</li>"
        parts.append(
            f'<section class="cs-kpt__col cs-kpt__col--{field.rstrip("_")}"><h3>{esc(label)}</h3><ul>{lis}</ul></section>\n'
        )
    parts.append("</div>\n\n")
    parts.append(_imported_comments(retro))
    if retro.survey:
        parts.append(survey_chart(retro.survey, survey_caption))
    parts.append(ctx.markdown(retro.notes, cohort, here=ctx.links(L.retrospective_page(cohort))))
    return "".join(parts)


def _imported_comments(retro: Retrospective) -> str:
    """The survey's free-text answers not yet sorted into keep / problem / try (the public
    profile has none: profile.redact drops them)."""
    found = retro.imported_comments
    if found is None or not (found.keep or found.problem or found.try_):
        return ""
    lists = "".join(
        f"<p>{esc(label)}</p><ul>{''.join(f'<li>{esc(item)}</li>' for item in items)}</ul>"
        for label, items in (("よかった点", found.keep), ("改善してほしい点", found.problem), ("要望", found.try_)) if items
    )
    return (
        '<details class="cs-imported-comments"><summary>アンケートの自由記述（取り込み・未整理）</summary>'
        f"{lists}</details>\n\n"
    )
