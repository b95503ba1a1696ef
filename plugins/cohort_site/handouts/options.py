"""The settings of the handout renderer, importable without WeasyPrint (`build.py check` reads
them to find the font chain)."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..diagnostics import Diagnostic
from .fonts import FontOptions

DEFAULT_CACHE_DIR = ".cache/handouts"

PDF_VARIANTS = {"pdf/ua-1": "PDF/UA-1（アクセシブル）", "pdf/a-3b": "PDF/A-3b（長期保存）"}
DEFAULT_VARIANT = "pdf/ua-1"


@dataclass(frozen=True)
class HandoutOptions:
    profile: str = "intranet"
    workers: int | None = None  # None: os.cpu_count()
    pdf_variant: str | None = DEFAULT_VARIANT
    fonts: FontOptions = field(default_factory=FontOptions)
    cache_dir: str | None = DEFAULT_CACHE_DIR  # relative to the project root; None: no cache
    findings: Mapping[str, Sequence[Diagnostic]] = field(default_factory=dict)  # checker's, by data file
    share_layout: bool = True  # each part laid out once for all packs with a cover page (False: each pack whole)
    office: bool = True  # the editable twins too: a Word file per PDF, a PowerPoint file per session (twins.py)
    # Seconds one pack may take to lay out and write (a pack of the sample takes a few seconds).
    render_timeout: int = 300
    # The site's published address (mkdocs.yml `site_url`): printed parts then carry the QR code
    # and short URL of their page. None (no site_url, or the offline build): no codes.
    site_url: str | None = None

    @property
    def worker_count(self) -> int:
        return max(1, self.workers or os.cpu_count() or 1)
