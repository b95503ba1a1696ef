"""Print HTML of a pack, from Jinja templates fed by the model (never from the site's pages).

Cross-references use the model's stable ASCII anchors. They are resolved here, before anything
is rendered: a target in the pack becomes a link, a target elsewhere in the cohort becomes plain
text, and a target nowhere in the cohort stops the build naming the source file.
"""

from __future__ import annotations

import datetime as dt
import functools
import posixpath
import re
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from .. import images, jpdate, labels
from ..checks.outcomes import FINDINGS_NOTE, finding_title
from ..kpi_chart import Series, kpi_svg, value_text
from ..markup import markdown_html
from ..model import AGENDA_KIND_LABELS, KPI, POPULATION_LABEL, Loc, Proposal, markdown_fields
from ..phrases import PRINT_PHRASE_MAX, keep_together, mark_fragment
from ..results import Track
from ..timetable import timetable
from ..urls import municipality_page
from . import qr
from .errors import HandoutError
from .fonts import FontSet
from .packs import Pack, cohort_anchors, kpi_anchor, proposal_anchor, retro_anchor, session_anchor

TEMPLATE_DIR = Path(__file__).parent / "templates"
STYLESHEET = TEMPLATE_DIR / "print.css"
_LINK = re.compile(r'<a href="#([^"]*)"([^>]*)>(.*?)</a>', re.S)


class DanglingReference(HandoutError):
    pass


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR), autoescape=True, undefined=StrictUndefined,
        trim_blocks=True, lstrip_blocks=True,
    )
    env.filters.update(
        date=_date, time=jpdate.format_time,
        number=lambda n: f"{n:,}", value=_value, zip=zip,
    )
    env.globals.update(
        period=_period, fiscal_year=jpdate.fiscal_year_label, timetable=timetable,
        kind_label=AGENDA_KIND_LABELS.get, population_label=POPULATION_LABEL, session_anchor=session_anchor,
        proposal_anchor=proposal_anchor, kpi_anchor=kpi_anchor, retro_anchor=retro_anchor,
        finding_title=finding_title, findings_note=FINDINGS_NOTE,
        kpi_chart=_kpi_chart, kpi_group_chart=_kpi_group_chart, kpi_value=value_text, labels=labels,
        proposal_markdown_fields=markdown_fields(Proposal), fail=_fail,
        part_url=_part_url, municipality_url=_municipality_url, qr_svg=qr.qr_svg, short_url=qr.short_url,
    )
    return env


@pass_context
def _date(context: Context, day: dt.date, weekday: bool = True) -> str:
    """`{{ day | date }}` in the date style of the pack's cohort (every pack template has `cohort`)."""
    return jpdate.format_date(day, weekday=weekday, style=context["cohort"].date_style)


@pass_context
def _period(context: Context, start: dt.date, end: dt.date) -> str:
    return jpdate.format_period(start, end, context["cohort"].date_style)


@pass_context
def _part_url(context: Context, template: str, data: dict) -> str | None:
    return qr.part_url(context["site_url"], context["cohort"], template, data)


@pass_context
def _municipality_url(context: Context, code: str) -> str | None:
    return qr.page_url(context["site_url"], municipality_page(code))


def _fail(message: str) -> None:
    """A template's way to refuse: a declared section the template cannot draw."""
    raise HandoutError(message)


def _kpi_chart(track, name: str, font: str) -> Markup:
    """The results chart of one KPI in one municipality (the SVG the site shows, escaped there),
    its text in the pack's own gothic font."""
    return Markup(kpi_svg(track.kpi, [Series(name, track)], f"{name}の「{track.kpi.indicator}」の推移",
                          track.baseline, track.own_baseline, font))


def _kpi_group_chart(kpi: KPI, measured: list[tuple[str, Track]], names: dict[str, str], font: str) -> Markup:
    """One KPI across the municipalities of a proposal's group that measured it (code, track):
    the chart of the proposal page, its text in the pack's own gothic font."""
    series = [Series(names.get(code, code), t) for code, t in measured]
    return Markup(kpi_svg(kpi, series, f"「{kpi.indicator}」の自治体ごとの推移", font=font))


def template_sources() -> list[Path]:
    """Every file that shapes the HTML (for the cache key)."""
    return sorted(p for p in TEMPLATE_DIR.rglob("*") if p.is_file())


def _value(number: float | int | None) -> str:
    if number is None:
        return labels.NOT_GIVEN
    if isinstance(number, float) and number.is_integer():
        number = int(number)
    return f"{number:,}"


class Links:
    """Cross-reference helpers bound to one pack (`x` in the templates)."""

    def __init__(self, pack: Pack):
        self.pack = pack
        self.here = pack.anchors | _kpi_anchors(pack)
        self.cohort = cohort_anchors(pack.cohort)

    def ref(self, anchor: str, text: str, where: Loc) -> Markup:
        """A link when the target is in this pack, plain text when elsewhere in the cohort."""
        if anchor in self.here:
            return Markup('<a class="xref" href="#%s">%s</a>') % (anchor, text)
        if anchor in self.cohort:
            return Markup('<span class="xref">%s</span>') % text
        raise DanglingReference(
            f"{where}: 参照先「#{anchor}」が研修「{self.pack.cohort.id}」にありません（{self.pack.ref.title}）"
        )

    def md(self, text: str, where: Loc, shift: int = 1) -> Markup:
        """A Markdown body as HTML, its `#anchor` links resolved like ref()."""
        html = _body_html(text, shift, cohort_folder(self.pack))

        def resolve(match: re.Match[str]) -> str:
            anchor, attrs, inner = match.groups()
            if anchor in self.here:
                return match.group(0)
            if anchor in self.cohort:
                return f'<span class="xref">{inner}</span>'
            raise DanglingReference(
                f"{where}: 本文のリンク先「#{anchor}」が研修「{self.pack.cohort.id}」にありません（{self.pack.ref.title}）"
            )

        return Markup(_LINK.sub(resolve, html))




def _image_src(folder: str, src: str) -> str:
    """`images/x.png` is the cohort's image (relative to the project root, the base URL);
    anything else stays as written, for the fetcher to refuse."""
    name = images.image_name(src)
    return posixpath.join(folder, images.IMAGE_DIR, name) if name else src


# The same bodies appear in many packs (every session in every rollout pack and the book):
# each distinct body is converted once per process.
@lru_cache(maxsize=4096)
def _body_html(text: str, shift: int, folder: str) -> str:
    return markdown_html(
        text, shift=shift, join_cjk_lines=True, image_src=functools.partial(_image_src, folder)
    )


def cohort_folder(pack: Pack) -> str:
    """The cohort's folder relative to the project root, e.g. `cohort_data/tokyo-2021`."""
    return posixpath.dirname(pack.cohort.loc().file)


def image_dirs(pack: Pack) -> tuple[str, ...]:
    """The folders the PDF of `pack` may read images from (see fetcher.py)."""
    return (cohort_folder(pack), "site_src")


def _kpi_anchors(pack: Pack) -> set[str]:
    return {
        kpi_anchor(k.id)
        for part in pack.parts if part.template == "proposal"
        for o in part.data["proposal"].outcomes for k in o.kpis
    }


def pack_html(pack: Pack, fonts: FontSet, source_date: str, site_url: str | None = None) -> str:
    """The whole print HTML of a pack, stylesheet and @font-face rules inlined; with `site_url`,
    each part that stands for a site page carries that page's QR code and short URL."""
    municipality = pack.project.municipalities.get(pack.municipality_code or "")
    names = tuple(m.name for g in pack.cohort.groups for c in g.municipalities if (m := pack.project.municipalities.get(c)))
    return mark_phrases(mark_long_tables(environment().get_template("pack.html.j2").render(
        pack=pack, cohort=pack.cohort, project=pack.project, x=Links(pack), municipality=municipality, site_url=site_url,
        font_css=Markup(fonts.css()),
        stylesheet=Markup(_stylesheet(fonts)), source_date=source_date, chart_font=fonts.family("gothic"),
    )), names)


# A table with a cell longer than this is laid out with fixed columns (print.css, `long-cells`):
# WeasyPrint's automatic table layout measures every break opportunity of every cell, which
# grows with the square of the text's length (a 3,000-character cell: minutes).
LONG_CELL = 200
_TABLE = re.compile(r"<table\b([^>]*)>(.*?)</table>", re.S)
_CELL = re.compile(r"<t[dh]\b[^>]*>(.*?)</t[dh]>", re.S)
_TAGS = re.compile(r"<[^>]*>")


def mark_long_tables(html: str) -> str:
    def mark(match: re.Match[str]) -> str:
        attrs, inner = match.groups()
        if max((len(_TAGS.sub("", cell)) for cell in _CELL.findall(inner)), default=0) <= LONG_CELL:
            return match.group(0)
        if 'class="' in attrs:
            attrs = attrs.replace('class="', 'class="long-cells ', 1)
        else:
            attrs += ' class="long-cells"'
        return f"<table{attrs}>{inner}</table>"

    return _TABLE.sub(mark, html)


# Headings, the table of contents and the cover's titles: each phrase on one line (phrases.py,
# print.css `.ph`), so titles break between phrases, as on the site. Not table cells: WeasyPrint
# measures a cell's narrowest width as if adjacent nowrap spans were one word, so a cell of phrases
# would widen its table off the page (tested); cells, like body text, keep only numbers with their
# units, dates and names whole (`keep_together`).
_PHRASED = (
    re.compile(r"(?P<open><(?P<tag>h[1-3])\b[^>]*>)(?P<inner>.*?)(?P<close></(?P=tag)>)", re.S),
    re.compile(r'(?P<open><p class="cover-(?:cohort|kind|municipality)">|<li class="toc-l\d"><a\b[^>]*>)'
               r"(?P<inner>.*?)(?P<close></p>|</a>)", re.S),
)


def mark_phrases(html: str, names: tuple[str, ...] = ()) -> str:
    def mark(match: re.Match[str]) -> str:
        inner = match["inner"]
        if len(inner) > LONG_CELL * 4 or len(_TAGS.sub("", inner)) > LONG_CELL:
            return match.group(0)  # a long cell (fixed layout) breaks as body text does
        return match["open"] + mark_fragment(inner, names, PRINT_PHRASE_MAX) + match["close"]

    for pattern in _PHRASED:
        html = pattern.sub(mark, html)
    return keep_together(html, names)  # body text: numbers with units, dates and names whole


def _stylesheet(fonts: FontSet) -> str:
    """print.css with its font roles ('handout-gothic', 'handout-mincho') named by their family lists."""
    css = STYLESHEET.read_text(encoding="utf-8")
    for role in ("gothic", "mincho"):
        css = css.replace(f"'handout-{role}'", fonts.family(role))
    return css
