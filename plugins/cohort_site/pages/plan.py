"""Which pages and files the site has, their titles, and the navigation.

`plan_site` lists every generated page (source path, title, a function that renders its
Markdown) and every generated file (the calendars). Rendering is lazy, so the plugin can
create all files first and a page is only built when MkDocs needs it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from .. import images
from .. import urls as L
from ..model import Cohort
from . import cohort as cohort_pages
from . import downloads, group, ics, municipality, portfolio, proposal, results, retrospective, session
from .context import SiteContext
from .md_blocks import title_text as T


@dataclass(frozen=True)
class PlannedPage:
    src_uri: str
    title: str
    render: Callable[[], str]  # Markdown


@dataclass(frozen=True)
class PlannedFile:
    src_uri: str
    content: Callable[[], bytes]


def plan_site(ctx: SiteContext) -> list[PlannedPage | PlannedFile]:
    project = ctx.project
    planned: list[PlannedPage | PlannedFile] = []
    for c in project.cohorts_newest_first:
        planned.append(PlannedPage(L.cohort_page(c), "概要", partial(cohort_pages.render, ctx, c)))
        for s in sorted(c.sessions, key=lambda s: s.number):
            planned.append(PlannedPage(L.session_page(c, s.number), session.title(s),
                                       partial(session.render, ctx, c, s)))
        for g in c.groups:
            planned.append(PlannedPage(L.group_page(c, g.id), g.name, partial(group.render, ctx, c, g)))
        for p in c.proposals:
            planned.append(PlannedPage(L.proposal_page(c, p.group), p.title,
                                       partial(proposal.render, ctx, c, p)))
        planned.append(PlannedPage(L.retrospective_page(c), "振り返り", partial(retrospective.render, ctx, c)))
        if c.results:
            planned.append(PlannedPage(L.results_page(c), "成果", partial(results.render, ctx, c)))
            planned.append(PlannedFile(L.results_css(c), partial(_results_css, ctx, c)))
        planned.append(PlannedPage(L.downloads_page(c), "ダウンロード", partial(downloads.render, ctx, c)))
        planned.append(PlannedFile(L.calendar_file(c), partial(_calendar, ctx, c)))
        planned += _images(ctx, c)
    planned.append(PlannedPage(L.PORTFOLIO, "提案書ポートフォリオ", lambda: portfolio.render(ctx)))
    planned.append(PlannedFile(L.PORTFOLIO_CSS, lambda: portfolio.stylesheet(ctx).encode("utf-8")))
    planned.append(PlannedPage(L.MUNICIPALITIES, "自治体別", lambda: municipality.render_index(ctx)))
    for code in municipality.participants(project):
        planned.append(PlannedPage(L.municipality_page(code), municipality.title(ctx, code),
                                   partial(municipality.render, ctx, code)))
    return planned


def _results_css(ctx: SiteContext, cohort: Cohort) -> bytes:
    return results.stylesheet(ctx, cohort).encode("utf-8")


def _calendar(ctx: SiteContext, cohort: Cohort) -> bytes:
    return ics.calendar(cohort, page_urls=_session_urls(ctx, cohort)).encode("utf-8")


def _images(ctx: SiteContext, cohort: Cohort) -> list[PlannedFile]:
    """The cohort's images folder, copied to the site (see `images.py`)."""
    if ctx.data_root is None:
        return []
    folder = images.image_folder(ctx.data_root, cohort.id)
    return [
        PlannedFile(images.site_path(cohort.id, name), partial(Path.read_bytes, folder / name))
        for name in images.cohort_images(ctx.data_root, cohort.id)
    ]


def navigation(ctx: SiteContext, handwritten: list[str]) -> list[Any]:
    """The nav (MkDocs `nav` structure) when mkdocs.yml has none: home, one tab per cohort,
    the portfolio, the municipalities, then the hand-written guides."""
    nav: list[Any] = []
    if L.HOME in handwritten:
        nav.append({"ホーム": L.HOME})
    for c in ctx.project.cohorts_newest_first:
        # Titles are HTML-escaped: the theme prints navigation titles unescaped.
        sessions = [{T(session.title(s)): L.session_page(c, s.number)} for s in sorted(c.sessions, key=lambda s: s.number)]
        groups = [{T(g.name): L.group_page(c, g.id)} for g in c.groups]
        proposals = [{T(f"{_group_name(c, p.group)}の提案書"): L.proposal_page(c, p.group)} for p in c.proposals]
        section: list[Any] = [{"概要": L.cohort_page(c)}]
        section += [{"各回": sessions}] if sessions else []
        section += [{"グループ": groups}] if groups else []
        section += [{"提案書": proposals}] if proposals else []
        section += [{"振り返り": L.retrospective_page(c)}]
        section += [{"成果": L.results_page(c)}] if c.results else []
        section += [{"ダウンロード": L.downloads_page(c)}]
        nav.append({T(c.title): section})
    nav.append({"提案書ポートフォリオ": L.PORTFOLIO})
    municipalities = [{"一覧": L.MUNICIPALITIES}]
    municipalities += [{T(ctx.municipality_name(code)): L.municipality_page(code)}
                       for code in municipality.participants(ctx.project)]
    nav.append({"自治体別": municipalities})
    guides = [uri for uri in handwritten if uri != L.HOME]
    if guides:
        nav.append({"ガイド": guides})
    return nav


def _session_urls(ctx: SiteContext, cohort: Any) -> dict[int, str]:
    """Each session's published page address, for the calendar; none without a site_url."""
    found = {s.number: ctx.absolute_url(L.session_page(cohort, s.number)) for s in cohort.sessions}
    return {number: url for number, url in found.items() if url}


def _group_name(c: Any, group_id: str) -> str:
    found = c.group(group_id)
    return found.name if found else group_id
