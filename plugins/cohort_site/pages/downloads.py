"""ダウンロード: every PDF pack of the cohort (from the registry of outputs), each municipality's
in-house kit beside its rollout pack, and the cohort calendar (.ics).

The PDFs and kits are made after the pages are rendered, so their links are raw HTML (MkDocs
does not validate them); each PDF link is followed by an empty `pdf-info` span that the
handouts plugin fills with page count and size."""

from __future__ import annotations

from .. import labels, outputs
from ..model import Cohort
from . import links as L
from .context import SiteContext
from .markup import esc, page


def title(cohort: Cohort) -> str:
    return f"ダウンロード — {cohort.title}"


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
            if kind == "municipality":
                kit = outputs.kit_path(pack.key, cohort.id)
                item += f'<br><a class="cs-download cs-download--kit" href="{here.url(kit)}">庁内研修キット（元データ一式・zip）</a>'
            items.append(item + "</li>")
        body.append('<ul class="cs-downloads">\n' + "\n".join(items) + "\n</ul>\n\n")
    return page(title(cohort), "".join(body), cohort, "この研修の配布資料（PDF）とカレンダーです。")
