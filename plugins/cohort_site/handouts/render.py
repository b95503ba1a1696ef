"""One pack's print HTML -> WeasyPrint documents -> PDF bytes.

WeasyPrint's own log is routed into ours (naming the pack), and a missing glyph fails the pack:
a PDF with tofu boxes is never written.

A pack with a cover page is laid out in segments (segments.py): each part on its own, kept in
`Layouts` by the hash of its HTML so that every other pack holding the same part reuses its pages;
then the cover and table of contents with the target pages written in; then the pages are joined
and each gets its "n / N" footer from a footer document of N empty pages. A part's page that
more packs show is also painted once (painting.py): the others replay its recording with their
own footer. The PDF is byte-identical to the pack laid out whole (tests compare both).

That shared path uses WeasyPrint internals, all reached through `internals.py` and imported only
when it runs. When they do not fit the installed WeasyPrint (`fast_path_problem`, asked by the
runner once per build) or the shared path raises anything but the project's own errors, the pack is
laid out and painted whole through WeasyPrint's public API, the PDF is the same, and one log line
says so. The PDF cache's key holds WeasyPrint's version.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import weasyprint
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

from ..logger import HANDOUTS_LOGGER as log
from . import internals
from .errors import HandoutError
from .fetcher import RestrictedFetcher
from .fonts import FontSet
from .options import DEFAULT_VARIANT, PDF_VARIANTS
from .segments import Segments, footer_html, segment_key, split, toc_with_pages

if TYPE_CHECKING:
    from .painting import Paintings

WEASYPRINT_LOGGER = logging.getLogger("weasyprint")  # WeasyPrint's public logger


class MissingGlyph(HandoutError):
    pass


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    pages: int
    bookmarks: tuple[tuple[int, str, int], ...]  # (level, label, page number 1-based)
    anchors: dict[str, int]  # anchor id -> page number 1-based
    shared: bool = False  # some of its parts' pages were laid out for another pack


@dataclass(frozen=True)
class RenderJob:
    """Everything a worker process needs to render one pack (picklable)."""

    label: str  # the pack's title and file, for log lines and errors
    html: str
    root: Path
    fonts: FontSet
    pdf_variant: str | None = DEFAULT_VARIANT
    timeout: float | None = None  # seconds; the runner fails the pack after that
    largest_part: str = ""  # named in the timeout message
    image_dirs: tuple[str, ...] = ()  # where images may come from (the cohort folder, site_src/)


_font_config: FontConfiguration | None = None


def _shared_font_config() -> FontConfiguration:
    """One FontConfiguration per process: @font-face files are registered once, not per pack."""
    global _font_config
    if _font_config is None:
        _font_config = FontConfiguration()
    return _font_config


class _Forward(logging.Filter):
    """On WeasyPrint's loggers during one render: each record is logged again in our tree, naming
    the pack (a missing glyph is collected instead), and dropped there (the filter says no), so it
    is shown once, by whatever shows ours."""

    def __init__(self, label: str):
        super().__init__()
        self.label = label
        self.missing: list[str] = []

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if message.startswith(".notdef glyph"):
            self.missing.append(message.split(":", 1)[-1].strip())
        elif not (message.startswith("Failed to load image") and "refused:" in message):  # the fetcher warned
            level = logging.WARNING if record.levelno >= logging.WARNING else logging.DEBUG
            log.log(level, "%s: WeasyPrint: %s", self.label, message)
        return False


@contextmanager
def routed_log(label: str) -> Iterator[_Forward]:
    """Route WeasyPrint's log records into ours (naming the pack) for the duration of one render,
    and only there: nothing global is changed at import, no logger's propagation is switched."""
    forward = _Forward(label)
    loggers = (WEASYPRINT_LOGGER, logging.getLogger("weasyprint.progress"))
    for logger in loggers:
        logger.addFilter(forward)
    try:
        yield forward
    finally:
        for logger in loggers:
            logger.removeFilter(forward)


# pydyf, WeasyPrint's PDF writer, compresses every stream (fonts, pages, the object streams of the
# tag tree) at zlib level 9; at level 6, zlib's default, the sample's 61 PDFs are written about
# 5 s faster (of ~45 s) and come out about 1.5 % larger. pydyf has no option for it: while a pack
# is written, its module sees a zlib whose compressor is at our level (internals.zlib_level).
ZLIB_LEVEL = 6


def zlib_level() -> contextlib.AbstractContextManager[None]:
    return internals.zlib_level(ZLIB_LEVEL)


def fast_path_problem() -> str | None:
    """Why packs cannot share layouts and paintings with the installed WeasyPrint, or None (then
    the shared path's modules are imported, before the workers fork)."""
    found = internals.problem()
    if found is None:
        try:
            from . import painting  # noqa: F401  (imports every internal name it uses)
        except Exception as exc:
            found = f"{type(exc).__name__}: {exc}"
    return found


def pdf_options(variant: str | None, identifier: bytes) -> dict[str, object]:
    if variant is not None and variant not in PDF_VARIANTS:
        raise HandoutError(f"PDFの形式「{variant}」には対応していません（{'、'.join(PDF_VARIANTS)} のどれか）")
    return {"pdf_variant": variant, "pdf_tags": True, "pdf_identifier": identifier}


class Layouts:
    """The laid-out part segments of one worker, by the hash of their HTML, each kept until the
    last pack that needs it is written (`needs`: how many packs of the worker's unit hold it)."""

    def __init__(self, needs: Counter[str] | None = None) -> None:
        self.needs: Counter[str] = needs if needs is not None else Counter()
        self.parts: dict[str, weasyprint.Document] = {}
        self.footers: dict[tuple[str, int], weasyprint.Document] = {}
        self.tocs: dict[str, weasyprint.Document] = {}  # small: kept for the whole unit
        self._paintings: Paintings | None = None
        self.reused = 0  # part layouts taken from here instead of laid out again
        self.gave_up = False  # the shared path failed once: this unit's later packs are made whole

    @property
    def paintings(self) -> Paintings:
        """The parts' pages painted once (painting.py, imported on first use)."""
        if self._paintings is None:
            from .painting import Paintings

            self._paintings = Paintings()
        return self._paintings

    def give_up(self, label: str, exc: Exception) -> None:
        """The shared path raised: say so once, drop what it holds, make the rest whole."""
        log.info(
            "%s: レイアウトの共有に失敗したため、このパック以降をそれぞれ丸ごと作成します（%s: %s）",
            label, type(exc).__name__, exc,
        )
        self.gave_up = True
        self.parts.clear()
        self.footers.clear()
        self.tocs.clear()
        self._paintings = None

    def part(self, job: RenderJob, key: str, html: str, options: dict[str, object]) -> weasyprint.Document:
        if key in self.parts:
            self.reused += 1
        else:
            self.parts[key] = _layout(job, html, options)
        return self.parts[key]

    def toc(self, job: RenderJob, html: str, options: dict[str, object]) -> tuple[str, weasyprint.Document, bool]:
        """(key, layout, laid out for an earlier pack) of a table of contents, kept for the unit."""
        key = segment_key(html)
        seen = key in self.tocs
        if not seen:
            self.tocs[key] = _layout(job, html, options)
        return key, self.tocs[key], seen

    def footer(self, job: RenderJob, prefix: str, total: int, options: dict[str, object]) -> weasyprint.Document:
        key = (segment_key(prefix), total)
        if key not in self.footers:
            self.footers[key] = _layout(job, footer_html(prefix, total), options)
        return self.footers[key]

    def release(self, keys: tuple[str, ...]) -> None:
        """One pack holding these parts is written: drop what no later pack needs."""
        for key in keys:
            self.needs[key] -= 1
            if self.needs[key] <= 0:
                self.parts.pop(key, None)
                if self._paintings is not None:
                    self._paintings.drop(key)


def needs_of(htmls: list[str]) -> Counter[str]:
    """How many of these packs hold each part segment (for `Layouts`)."""
    needs: Counter[str] = Counter()
    for html in htmls:
        segments = split(html)
        if segments is not None:
            needs.update(segments.part_keys)
    return needs


# pack.html.j2's <style> elements: the stylesheet and @font-face rules (`data-shared`, the same in
# every pack) and the pack's own page rules (its running title).
_STYLE = re.compile(r"<style( data-shared)?>(.*?)</style>\n?", re.S)
_stylesheets: dict[str, weasyprint.CSS] = {}


def _layout(job: RenderJob, html: str, options: dict[str, object]) -> weasyprint.Document:
    """One WeasyPrint document. Its <style> elements are parsed once per process (the shared one
    also registers the fonts once) and given in the same order as stylesheets of one origin, so
    the cascade is the one of the HTML (the pack's own `@page` after print.css)."""
    fetcher = RestrictedFetcher(job.root, job.label, extra_files=tuple(job.fonts.paths), image_dirs=job.image_dirs)
    base_url = job.root.as_uri() + "/"
    stylesheets = []
    for style in _STYLE.finditer(html):
        key = hashlib.sha256(f"{base_url}\0{style.group(2)}".encode()).hexdigest()
        if key not in _stylesheets:
            _stylesheets[key] = weasyprint.CSS(
                string=style.group(2), base_url=base_url, url_fetcher=fetcher, font_config=_shared_font_config()
            )
        stylesheets.append(_stylesheets[key])
    return HTML(string=_STYLE.sub("", html), base_url=base_url, url_fetcher=fetcher).render(
        stylesheets=stylesheets, font_config=_shared_font_config(), **options
    )


def render(job: RenderJob, layouts: Layouts | None = None) -> Rendered:
    """Lay out and write one pack. Raises MissingGlyph (or WeasyPrint's own errors).

    With `layouts`, a pack with a cover page is laid out in segments, reusing the parts already
    laid out there; without, or for a pack with a cover line, the pack is laid out whole. If the
    shared path raises anything but a HandoutError, the pack is laid out whole (the same PDF).
    """
    options = pdf_options(job.pdf_variant, hashlib.sha256(job.html.encode()).hexdigest()[:32].encode())
    segments = split(job.html) if layouts is not None and not layouts.gave_up else None
    reused = 0
    with routed_log(job.label) as routed:
        made = _shared(job, segments, layouts, options, routed) if layouts is not None and segments is not None else None
        if made is None:
            document = _layout(job, job.html, options)
            with zlib_level():
                pdf = document.write_pdf(**options)
        else:
            document, pdf, reused = made
    if layouts is not None and segments is not None and not layouts.gave_up:
        layouts.release(segments.part_keys)
    if routed.missing:
        shown = "、".join(sorted(set(routed.missing))[:10])
        raise MissingGlyph(
            f"{job.label}: フォントにない文字があります（{shown}）。"
            "文字を置き換えるか、その文字を含むフォントを設定してください"
        )
    return Rendered(pdf, len(document.pages), tuple(_bookmarks(document)), _anchors(document), reused > 0)


def _shared(
    job: RenderJob, segments: Segments, layouts: Layouts, options: dict[str, object], routed: _Forward
) -> tuple[weasyprint.Document, bytes, int] | None:
    """(document, PDF, part layouts reused) by the shared path; None if it failed on something not
    ours (a WeasyPrint internal that changed): the caller then makes the pack whole."""
    before = layouts.reused
    try:
        document = _joined(job, segments, layouts, options)
        with zlib_level():
            pdf = document.write_pdf(**options)
    except HandoutError:
        raise  # the project's own (a footer that does not fit, a time limit): the pack fails
    except Exception as exc:
        layouts.give_up(job.label, exc)
        routed.missing.clear()  # the whole path reports its own
        return None
    return document, pdf, layouts.reused - before


def _joined(job: RenderJob, segments: Segments, layouts: Layouts, options: dict[str, object]) -> weasyprint.Document:
    """The pack from its segments: parts (reused or laid out), its cover, then the contents with
    the page numbers (reused when another pack had the same)."""
    parts = [layouts.part(job, key, html, options) for key, html in zip(segments.part_keys, segments.parts, strict=True)]
    cover = _layout(job, segments.cover, options)
    toc_pages = 1  # laid out again if the contents take more
    while True:
        first: dict[str, int] = {}  # anchor -> page number in the joined pack
        offset = len(cover.pages) + toc_pages
        for document in parts:
            for number, page in enumerate(document.pages, start=offset + 1):
                for anchor in page.anchors:
                    first.setdefault(anchor, number)
            offset += len(document.pages)
        toc_key, toc, seen = layouts.toc(job, toc_with_pages(segments.toc, first), options)
        if len(toc.pages) == toc_pages:
            break
        toc_pages = len(toc.pages)
    # Each page with the slot its painting is kept under (segment key, page index); the cover has
    # none, nor a contents laid out for this pack alone so far.
    pages: list[tuple[Any, tuple[str, int] | None]] = [(page, None) for page in cover.pages]
    pages += [(page, (toc_key, index) if seen else None) for index, page in enumerate(toc.pages)]
    for key, document in zip(segments.part_keys, parts, strict=True):
        pages += [(page, (key, index)) for index, page in enumerate(document.pages)]
    footers = layouts.footer(job, segments.prefix, len(pages), options).pages
    if len(footers) != len(pages):
        raise HandoutError(f"{job.label}: ページ番号の作成に失敗しました（{len(footers)} / {len(pages)}）")
    return cover.copy([
        _numbered(page, footer, slot, layouts, job) for (page, slot), footer in zip(pages, footers, strict=True)
    ])


def _numbered(page: Any, footer: Any, slot: tuple[str, int] | None, layouts: Layouts, job: RenderJob) -> Any:
    """`page` with the footer of the same page number of the footer document (its own footer said
    the page number within its segment). A page without a footer (the cover) stays as it is.
    A part's page that more packs show is painted once for all of them (painting.py)."""
    from .internals import Page, page_box_of
    from .painting import footer_index

    ours, theirs = page_box_of(page), page_box_of(footer)
    mine, at = footer_index(ours), footer_index(theirs)
    if mine is None:
        return page
    if at is None or (page.width, page.height) != (footer.width, footer.height):
        raise HandoutError(f"{job.label}: ページ番号の作成に失敗しました（ページの形が違います）")
    children = list(ours.children)
    children[mine] = theirs.children[at]
    page_box = ours.copy_with_children(children)
    if slot is None:
        return Page(page_box)
    return layouts.paintings.page(page_box, slot, shared=slot[0] in layouts.tocs or layouts.needs[slot[0]] > 1)


def _bookmarks(document: weasyprint.Document) -> Iterator[tuple[int, str, int]]:
    def walk(nodes: list, level: int) -> Iterator[tuple[int, str, int]]:
        for label, destination, children, _state in nodes:
            yield level, label, destination[0] + 1
            yield from walk(children, level + 1)

    yield from walk(document.make_bookmark_tree(), 1)


def _anchors(document: weasyprint.Document) -> dict[str, int]:
    found: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for anchor in page.anchors:
            found.setdefault(anchor, number)
    return found
