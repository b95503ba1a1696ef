"""MkDocs adapter for the PDF handouts: config, and `on_post_build` calls the rendering core."""

from __future__ import annotations

import logging
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Iterator

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from ..checks import load_and_check
from ..diagnostics import CheckFailed
from ..handouts.downloads import fill_download_pages
from ..handouts.errors import HandoutError
from ..handouts.fonts import GOTHIC_FAMILY, MINCHO_FAMILY, FontOptions
from ..handouts.render import DEFAULT_VARIANT, PDF_VARIANTS
from ..handouts.runner import DEFAULT_CACHE_DIR, HandoutOptions, build_handouts
from ..profile import PROFILES

log = logging.getLogger("mkdocs.plugins.cohort_site.handouts")
LIBRARY_LOGGER = "cohort_site.handouts"


class HandoutsConfig(base.Config):
    enabled = c.Type(bool, default=True)
    profile = c.Choice(PROFILES, default="intranet")
    render_on_serve = c.Type(bool, default=False)
    workers = c.Optional(c.Type(int))  # default: os.cpu_count()
    pdf_variant = c.Choice(tuple(PDF_VARIANTS), default=DEFAULT_VARIANT)
    font_family = c.Type(str, default=GOTHIC_FAMILY)
    serif_font_family = c.Type(str, default=MINCHO_FAMILY)
    font_regular = c.Optional(c.Type(str))  # explicit font files win over the family lookup
    font_bold = c.Optional(c.Type(str))
    serif_font_regular = c.Optional(c.Type(str))
    cache_dir = c.Type(str, default=DEFAULT_CACHE_DIR)  # relative to mkdocs.yml; outside site/
    data_dir = c.Type(str, default="cohort_data")


class HandoutsPlugin(BasePlugin[HandoutsConfig]):
    def __init__(self) -> None:
        self.serving = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled or (self.serving and not self.config.render_on_serve):
            return
        root = Path(config.config_file_path).resolve().parent
        checked = load_and_check(root, self.config.data_dir)
        if not checked.ok:
            raise PluginError(str(CheckFailed(checked.diagnostics)))
        try:
            with _into_mkdocs_log():
                options = replace(self.options(), findings=checked.by_file())
                summary = build_handouts(root, checked.project, Path(config.site_dir), options)
        except HandoutError as exc:
            raise PluginError(str(exc)) from exc
        fill_download_pages(Path(config.site_dir), summary.built)

    def options(self) -> HandoutOptions:
        cfg = self.config
        return HandoutOptions(
            profile=cfg.profile, workers=cfg.workers, pdf_variant=cfg.pdf_variant, cache_dir=cfg.cache_dir,
            fonts=FontOptions(
                gothic_family=cfg.font_family, mincho_family=cfg.serif_font_family,
                gothic_regular=cfg.font_regular, gothic_bold=cfg.font_bold,
                mincho_regular=cfg.serif_font_regular,
            ),
        )


class _Forward(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        log.log(record.levelno, "%s", record.getMessage())


@contextmanager
def _into_mkdocs_log() -> Iterator[None]:
    """The renderer's log (progress, WeasyPrint's warnings) shown and counted by MkDocs."""
    library = logging.getLogger(LIBRARY_LOGGER)
    handler, propagate, level = _Forward(), library.propagate, library.level
    library.addHandler(handler)
    library.propagate = False
    library.setLevel(logging.INFO)
    try:
        yield
    finally:
        library.removeHandler(handler)
        library.propagate = propagate
        library.setLevel(level)
