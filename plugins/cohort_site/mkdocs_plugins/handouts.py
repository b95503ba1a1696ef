"""MkDocs adapter for the PDF handouts: config, and `on_post_build` calls the rendering core.

The project comes from the `cohort-site` plugin, which loaded and checked it in `on_config`
(as mkdocstrings reuses autorefs through `config.plugins`); used alone, this plugin loads it.
`profile` and `data_dir` are the site plugin's settings. The font chain is configured here only;
`build.py` reads it from mkdocs.yml with `handouts_config.options_from_mkdocs_yml`.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger

from ..checks import Checked, glyphs, load_and_check
from ..diagnostics import CheckFailed
from ..errors import CohortSiteError
from ..handouts.downloads import fill_download_pages
from ..handouts.fonts import find_fonts
from ..loader import DATA_DIR
from ..profile import default_profile
from .handouts_config import HandoutsConfig

log = get_plugin_logger("cohort_site.handouts")  # mkdocs.plugins.cohort_site.handouts
SITE_PLUGIN_NAME = "cohort-site"


class HandoutsPlugin(BasePlugin[HandoutsConfig]):
    def __init__(self) -> None:
        self.serving = False
        self.checked: Checked | None = None  # only when used without the site plugin

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    @property
    def active(self) -> bool:
        return self.config.enabled and (not self.serving or self.config.render_on_serve)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Before anything renders: every character the PDFs will print has a font (glyph-missing)."""
        if not self.active:
            return config
        root = _root(config)
        try:
            coverage = find_fonts(self.config.options().fonts).coverage()
        except CohortSiteError as exc:
            raise PluginError(str(exc)) from exc
        site = _site_plugin(config)
        if site is None:  # used alone: load and check here, once
            self.checked = load_and_check(root, DATA_DIR, coverage=coverage)
            findings = self.checked.diagnostics
        else:
            findings = glyphs.check(site.checked.project, coverage, root)
        if any(d.is_error for d in findings):
            raise PluginError(str(CheckFailed(findings)))
        for d in findings:
            log.info("チェックツールの指摘: %s", d)
        return config

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.active:
            return
        site = _site_plugin(config)
        checked = site.checked if site is not None else self.checked
        profile = site.config.profile if site is not None else default_profile()
        if checked is None:  # on_config did not run (a test calling this event alone)
            checked = load_and_check(_root(config), DATA_DIR)
            if not checked.ok:
                raise PluginError(str(CheckFailed(checked.diagnostics)))
        from ..handouts.runner import build_handouts  # here: an HTML-only build never imports WeasyPrint
        from ..office.handout_twins import OfficeTwins

        try:  # the renderer logs under mkdocs.plugins.cohort_site: MkDocs shows and counts it
            options = replace(self.config.options(profile), findings=checked.by_file(), site_url=_printed_url(config))
            summary = build_handouts(_root(config), checked.project, Path(config.site_dir), options, writer=OfficeTwins())
        except CohortSiteError as exc:
            raise PluginError(str(exc)) from exc
        fill_download_pages(Path(config.site_dir), summary.built, summary.twins)


def _site_plugin(config: MkDocsConfig) -> Any:
    """The `cohort-site` plugin when it is configured and has loaded the project, else None."""
    site = getattr(config, "plugins", {}).get(SITE_PLUGIN_NAME)
    return site if getattr(site, "checked", None) is not None else None


def _printed_url(config: MkDocsConfig) -> str | None:
    """The address printed as QR codes: `site_url`, except in the offline (file://) build, whose
    pages are not at that address."""
    offline = getattr(config, "plugins", {}).get("offline")
    if offline is not None and offline.config.enabled:
        return None
    return getattr(config, "site_url", None) or None  # a partial config (tests calling one event) has none


def _root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent
