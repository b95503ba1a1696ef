"""Fill the site's PDF placeholders with each PDF's page count and size.

The site plugin writes `<span class="pdf-info" data-pdf="pdf/<cohort>/<file>.pdf"></span>` on
`/<cohort>/downloads/` (and beside PDF links on other pages of the cohort); after rendering,
the span gets e.g. `12ページ・345 KB`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..storage import write_bytes

if TYPE_CHECKING:  # the runner imports WeasyPrint, which an HTML-only build never needs
    from .runner import BuiltPdf
    from .twins import BuiltTwin

_SPAN = re.compile(r'(<span class="pdf-info" data-pdf="([^"]+)"[^>]*>)(.*?)(</span>)', re.S)


def size_label(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


def info_label(pages: int, size: int) -> str:
    return f"{pages}ページ・{size_label(size)}"


def twin_label(fmt: str, pages: int, size: int) -> str:
    """A Word file shows its PDF's page count (Word lays it out on the reader's PC), slides their number."""
    return f"{pages}枚・{size_label(size)}" if fmt == "pptx" else f"約{pages}ページ・{size_label(size)}"


def fill_download_pages(site_dir: Path, built: list[BuiltPdf], twins: Sequence[BuiltTwin] = ()) -> list[Path]:
    """Rewrite the pages of every cohort built that show a PDF (or its twins); returns the pages changed."""
    labels = {b.ref.path: info_label(b.pages, b.size) for b in built}
    labels |= {t.site_path: twin_label(t.fmt, t.pages, t.size) for t in twins}
    changed = []
    for cohort in sorted({b.ref.cohort for b in built}):
        folder = site_dir / cohort
        for page in sorted(folder.rglob("*.html")) if folder.is_dir() else []:
            text = page.read_text(encoding="utf-8")
            if 'class="pdf-info"' not in text:
                continue
            filled = _SPAN.sub(
                lambda m: m.group(1) + labels.get(m.group(2), m.group(3)) + m.group(4), text
            )
            if filled != text:
                write_bytes(page, filled.encode("utf-8"))
                changed.append(page)
    return changed
