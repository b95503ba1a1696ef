"""One pack's print HTML -> one WeasyPrint document -> PDF bytes.

WeasyPrint's own log is routed into ours (naming the pack), and a missing glyph fails the pack:
a PDF with tofu boxes is never written.

Packs that differ only on their cover page (the rollout packs of one group) share one layout:
the first is laid out whole, every other lays out only its own cover and is written as
`Document.copy([own cover, *shared pages after the cover])` with its own metadata and
identifier. The PDF is byte-identical to laying the pack out on its own (tests compare both).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import weasyprint
from weasyprint import HTML
from weasyprint.logger import LOGGER as WEASYPRINT_LOGGER
from weasyprint.text.fonts import FontConfiguration

from ..logger import HANDOUTS_LOGGER as log
from .errors import HandoutError
from .fetcher import RestrictedFetcher
from .fonts import FontSet
from .html import cover_html
from .options import DEFAULT_VARIANT, PDF_VARIANTS

WEASYPRINT_VERSION = weasyprint.__version__


class MissingGlyph(HandoutError):
    pass


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    pages: int
    bookmarks: tuple[tuple[int, str, int], ...]  # (level, label, page number 1-based)
    anchors: dict[str, int]  # anchor id -> page number 1-based
    shared: bool = False  # the pages after the cover are another pack's layout


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


class _Forward(logging.Handler):
    def __init__(self, label: str):
        super().__init__(logging.INFO)
        self.label = label
        self.missing: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message.startswith(".notdef glyph"):
            self.missing.append(message.split(":", 1)[-1].strip())
            return
        if message.startswith("Failed to load image") and "refused:" in message:
            return  # the fetcher already warned, naming the page
        level = logging.WARNING if record.levelno >= logging.WARNING else logging.DEBUG
        log.log(level, "%s: WeasyPrint: %s", self.label, message)


@contextmanager
def routed_log(label: str) -> Iterator[_Forward]:
    """Route WeasyPrint's log records into ours (naming the pack) for the duration of one render,
    and only there: nothing global is changed at import."""
    handler, propagate = _Forward(label), WEASYPRINT_LOGGER.propagate
    WEASYPRINT_LOGGER.addHandler(handler)
    WEASYPRINT_LOGGER.propagate = False
    try:
        yield handler
    finally:
        WEASYPRINT_LOGGER.removeHandler(handler)
        WEASYPRINT_LOGGER.propagate = propagate


def pdf_options(variant: str | None, identifier: bytes) -> dict[str, object]:
    if variant is not None and variant not in PDF_VARIANTS:
        raise HandoutError(f"PDFの形式「{variant}」には対応していません（{'、'.join(PDF_VARIANTS)} のどれか）")
    return {"pdf_variant": variant, "pdf_tags": True, "pdf_identifier": identifier}


class SharedLayout:
    """The layout of one pack, whose pages after the cover the following packs reuse."""

    def __init__(self) -> None:
        self.document: weasyprint.Document | None = None
        self.html = ""
        self._cover_pages: int | None = None

    def cover_pages(self, job: RenderJob) -> int:
        """How many pages the shared document's own cover takes (laid out once, when needed)."""
        if self._cover_pages is None:
            self._cover_pages = len(_layout(job, cover_html(self.html), {}).pages)
        return self._cover_pages


def _layout(job: RenderJob, html: str, options: dict[str, object]) -> weasyprint.Document:
    fetcher = RestrictedFetcher(job.root, job.label, extra_files=tuple(job.fonts.paths), image_dirs=job.image_dirs)
    return HTML(string=html, base_url=job.root.as_uri() + "/", url_fetcher=fetcher).render(
        font_config=_shared_font_config(), **options
    )


def render(job: RenderJob, shared: SharedLayout | None = None) -> Rendered:
    """Lay out and write one pack. Raises MissingGlyph (or WeasyPrint's own errors).

    With `shared`: the first pack given is laid out whole and kept; each later one (same
    `html.layout_key`) lays out only its cover and reuses the kept pages after the cover.
    """
    options = pdf_options(job.pdf_variant, hashlib.sha256(job.html.encode()).hexdigest()[:32].encode())
    with routed_log(job.label) as routed:
        if shared is None or shared.document is None:
            document = _layout(job, job.html, options)
            if shared is not None:
                shared.document, shared.html = document, job.html
        else:
            cover = _layout(job, cover_html(job.html), options)
            body = shared.document.pages[shared.cover_pages(job):]
            document = cover.copy([*cover.pages, *body])
        pdf = document.write_pdf(**options)
    if routed.missing:
        shown = "、".join(sorted(set(routed.missing))[:10])
        raise MissingGlyph(
            f"{job.label}: フォントにない文字があります（{shown}）。"
            "文字を置き換えるか、その文字を含むフォントを設定してください"
        )
    shared_pages = shared is not None and document is not shared.document
    return Rendered(pdf, len(document.pages), tuple(_bookmarks(document)), _anchors(document), shared_pages)


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
