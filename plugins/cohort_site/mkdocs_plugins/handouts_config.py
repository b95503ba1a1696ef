"""Configuration of the `cohort-handouts` plugin (mkdocs.yml `plugins: - cohort-handouts: ...`),
readable without MkDocs' whole configuration or WeasyPrint: `build.py check/pack` use the same
entry, so the font chain is configured in one place."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.utils.yaml import yaml_load

from ..handouts.errors import HandoutError
from ..handouts.fonts import FALLBACK_FAMILIES, GOTHIC_FAMILY, MINCHO_FAMILY, FontOptions
from ..handouts.options import DEFAULT_CACHE_DIR, DEFAULT_VARIANT, PDF_VARIANTS, HandoutOptions

PLUGIN_NAME = "cohort-handouts"


class HandoutsConfig(base.Config):
    enabled = c.Type(bool, default=True)
    render_on_serve = c.Type(bool, default=False)
    workers = c.Optional(c.Type(int))  # default: os.cpu_count()
    pdf_variant = c.Choice(tuple(PDF_VARIANTS), default=DEFAULT_VARIANT)
    font_family = c.Type(str, default=GOTHIC_FAMILY)
    serif_font_family = c.Type(str, default=MINCHO_FAMILY)
    # Tried in order, character by character, for what the two families lack (e.g. 𠮷).
    font_fallbacks = c.ListOfItems(c.Type(str), default=list(FALLBACK_FAMILIES))
    font_regular = c.Optional(c.Type(str))  # explicit font files win over the family lookup
    font_bold = c.Optional(c.Type(str))
    serif_font_regular = c.Optional(c.Type(str))
    cache_dir = c.Type(str, default=DEFAULT_CACHE_DIR)  # relative to mkdocs.yml; outside site/
    render_timeout = c.Type(int, default=HandoutOptions.render_timeout)  # seconds per pack
    # Each part of the packs with a cover page laid out and painted once for all of them (false:
    # every pack laid out whole, slower, the same PDFs; for ruling out the shared path).
    share_layout = c.Type(bool, default=HandoutOptions.share_layout)
    office = c.Type(bool, default=True)  # the Word / PowerPoint twins beside the PDFs

    def options(self, profile: str = "intranet") -> HandoutOptions:
        """The renderer's options for a profile (the profile is the site plugin's setting)."""
        return HandoutOptions(
            profile=profile, workers=self.workers, pdf_variant=self.pdf_variant, cache_dir=self.cache_dir,
            render_timeout=self.render_timeout, share_layout=self.share_layout, office=self.office,
            fonts=FontOptions(
                gothic_family=self.font_family, mincho_family=self.serif_font_family,
                gothic_regular=self.font_regular, gothic_bold=self.font_bold,
                mincho_regular=self.serif_font_regular, fallbacks=tuple(self.font_fallbacks),
            ),
        )


def options_from_mkdocs_yml(config_file: Path, profile: str = "intranet") -> HandoutOptions:
    """The handout settings of mkdocs.yml (defaults when the file or the plugin entry is absent),
    without loading the whole MkDocs configuration (theme, other plugins)."""
    config = HandoutsConfig(config_file_path=str(config_file))
    entries: list[Any] | dict[str, Any] = []
    if config_file.is_file():
        with config_file.open(encoding="utf-8") as handle:
            entries = (yaml_load(handle) or {}).get("plugins") or []
    if isinstance(entries, dict):
        entries = [{k: v} for k, v in entries.items()]
    settings = next((e[PLUGIN_NAME] for e in entries if isinstance(e, dict) and PLUGIN_NAME in e), None)
    config.load_dict(settings or {})
    errors, _warnings = config.validate()
    if errors:
        problems = "、".join(f"{key}: {error}" for key, error in errors)
        raise HandoutError(f"{config_file.name} の {PLUGIN_NAME} の設定に誤りがあります（{problems}）")
    return config.options(profile)
