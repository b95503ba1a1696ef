"""One pack's print HTML -> one WeasyPrint document -> PDF bytes.

WeasyPrint's own log is routed into ours (naming the pack), and a missing glyph fails the pack:
a PDF with tofu boxes is never written.
"""

from __future__ import annotations

import hashlib
import logging
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

# WeasyPrint logs while it is imported (its own stylesheets) and while it renders; everything
# it says reaches our log through routed_log(), naming the pack, and nothing else.
logging.getLogger("weasyprint").propagate = False

import weasyprint  # noqa: E402
from weasyprint import HTML  # noqa: E402
from weasyprint.logger import LOGGER as WEASYPRINT_LOGGER  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402

from .errors import HandoutError
from .fetcher import RestrictedFetcher
from .fonts import FontSet

log = logging.getLogger("cohort_site.handouts")

PDF_VARIANTS = {"pdf/ua-1": "PDF/UA-1（アクセシブル）", "pdf/a-3b": "PDF/A-3b（長期保存）"}
DEFAULT_VARIANT = "pdf/ua-1"
WEASYPRINT_VERSION = weasyprint.__version__


class MissingGlyph(HandoutError):
    pass


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    pages: int
    bookmarks: tuple[tuple[int, str, int], ...]  # (level, label, page number 1-based)
    anchors: dict[str, int]  # anchor id -> page number 1-based


@dataclass(frozen=True)
class RenderJob:
    """Everything a worker process needs to render one pack (picklable)."""

    label: str  # the pack's title and file, for log lines and errors
    html: str
    root: Path
    fonts: FontSet
    pdf_variant: str | None = DEFAULT_VARIANT
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
    """Route WeasyPrint's log records into ours for the duration of one render."""
    handler = _Forward(label)
    WEASYPRINT_LOGGER.addHandler(handler)
    try:
        yield handler
    finally:
        WEASYPRINT_LOGGER.removeHandler(handler)


def pdf_options(variant: str | None, identifier: bytes) -> dict[str, object]:
    if variant is not None and variant not in PDF_VARIANTS:
        raise HandoutError(f"PDFの形式「{variant}」には対応していません（{'、'.join(PDF_VARIANTS)} のどれか）")
    return {"pdf_variant": variant, "pdf_tags": True, "pdf_identifier": identifier}


def render(job: RenderJob) -> Rendered:
    """Lay out and write one pack. Raises MissingGlyph (or WeasyPrint's own errors)."""
    fetcher = RestrictedFetcher(job.root, job.label, extra_files=tuple(job.fonts.paths), image_dirs=job.image_dirs)
    options = pdf_options(job.pdf_variant, hashlib.sha256(job.html.encode()).hexdigest()[:32].encode())
    with routed_log(job.label) as routed:
        document = HTML(string=job.html, base_url=job.root.as_uri() + "/", url_fetcher=fetcher).render(
            font_config=_shared_font_config(), **options
        )
        pdf = document.write_pdf(**options)
    if routed.missing:
        shown = "、".join(sorted(set(routed.missing))[:10])
        raise MissingGlyph(
            f"{job.label}: フォントにない文字があります（{shown}）。"
            "文字を置き換えるか、その文字を含むフォントを設定してください"
        )
    return Rendered(pdf, len(document.pages), tuple(_bookmarks(document)), _anchors(document))


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
