"""ダウンロード: every PDF pack of the cohort (from the registry of outputs) with its editable
Word / PowerPoint twins, each municipality's in-house kit beside its rollout pack, and the cohort
calendar (.ics).

The PDFs and kits are made after the pages are rendered, so their links are raw HTML (MkDocs
does not validate them); each PDF link is followed by an empty `pdf-info` span that the
handouts plugin fills with page count and size."""

from __future__ import annotations

from .. import labels, outputs
from .. import urls as L
from ..model import Cohort
from .context import SiteContext
from .md_blocks import esc, link, page


def title(cohort: Cohort) -> str:
    return f"ダウンロード — {cohort.title}"


def _templates(ctx: SiteContext, cohort: Cohort, here: L.Links) -> str:
    """Each group's proposal template (Word): write in Word, send back, import."""
    items = [
        f"- {link(f'{group.name} 提案書のひな形（Word・.docx）', here.md(outputs.proposal_template_path(cohort.id, group.id)))}"
        for group in cohort.groups
    ]
    guide = here.md(L.GUIDE_PROPOSAL_WORD)
    return (
        "## 提案書のひな形（Word）\n\n"
        f"提案書を Word で書くためのひな形です（提案書があれば記入済み）。使い方は「[Word で提案書を書く]({guide})」を参照してください。\n\n"
        + "\n".join(items) + "\n\n"
    )


def render(ctx: SiteContext, cohort: Cohort) -> str:
    here = ctx.links(L.downloads_page(cohort))
    packs = outputs.packs_for(ctx.project, cohort)
    body = [
        "## カレンダー\n\n",
        f"[全{len(cohort.sessions)}回の日程（iCalendar 形式・.ics）]({here.md(L.calendar_file(cohort))})\n\n",
        f"{labels.calendar_apps(cohort)}に取り込めます（タイムゾーンは日本時間）。\n\n",
    ]
    for kind, spec in outputs.PACK_KINDS.items():
        these = [p for p in packs if p.kind == kind]
        if not these:
            continue
        body.append(f"## {spec.section}\n\n")
        items = []
        for pack in these:
            item = (
                f'<li><a class="cs-download" href="{here.url(pack.path)}">{esc(pack.title)}</a> '
                f'<span class="pdf-info" data-pdf="{esc(pack.path)}"></span>'
            )
            twins = [
                f'<a class="cs-download cs-download--{fmt}" href="{here.url(pack.twin_path(fmt))}">'
                f'{outputs.OFFICE_LABELS[fmt]}（.{fmt}）</a> <span class="pdf-info" data-pdf="{esc(pack.twin_path(fmt))}"></span>'
                for fmt in pack.twin_formats
            ]
            item += "<br>編集用: " + "　".join(twins)
            if kind == "rollout":
                kit = outputs.kit_path(pack.key, cohort.id)
                item += f'<br><a class="cs-download cs-download--kit" href="{here.url(kit)}">庁内研修キット（元データ一式・zip）</a>'
            items.append(item + "</li>")
        body.append('<ul class="cs-downloads">\n' + "\n".join(items) + "\n</ul>\n\n")
        if kind == "proposal":
            body.append(_templates(ctx, cohort, here))
    if not any(p.kind == "proposal" for p in packs):
        body.append(_templates(ctx, cohort, here))
    lead = "この研修の配布資料（PDF と、編集して使える Word・PowerPoint）とカレンダーです。"
    return page(title(cohort), "".join(body), cohort, lead)
