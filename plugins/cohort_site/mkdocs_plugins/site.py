"""MkDocs adapter of the intranet site: load + check the data, add the generated pages.

Events only translate: the model, the checker and the page builders (`cohort_site.pages`)
do the work.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import CountHandler

from .. import csp, outputs, publish, site_files
from ..checks import Checked, load_and_check
from ..diagnostics import CheckFailed
from ..errors import CohortSiteError
from ..exports.kit import KIT_CACHE_DIR, ExtraFiles, write_kits
from ..model import Cohort
from ..pages import SiteContext, navigation
from ..pages.municipality import participants
from ..profile import redact
from ..site_rewrites.line_breaks import insert_breaks
from ..site_rewrites.search_terms import SEARCH_CACHE, segment_words
from ..site_rewrites.tables import label_cells
from ..site_rewrites.toc import heading_tokens
from ..storage import cache_path, prune_cache
from .site_config import IFRAME_WORKER_SHIM, CohortSiteConfig

log = get_plugin_logger("cohort_site")  # mkdocs.plugins.cohort_site


SITE_URL_MISSING = (
    "site_url が未設定です。公開先の URL（例: https://intranet.example.lg.jp/dx-kenshu/）を mkdocs.yml の "
    "site_url に書くと、404 ページとサイトマップが公開先のパスで作られます（ガイド「サイトの公開」）")


HANDOUTS_PLUGIN = "cohort-handouts"  # its on_post_build (priority 0) runs before the kits (-50)


class CohortSitePlugin(BasePlugin[CohortSiteConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.checked: Checked | None = None
        self.context: SiteContext | None = None
        self.kept_names: tuple[str, ...] = ()  # names of the municipalities taking part, never split by a line break
        self._config_file: str = "mkdocs.yml"  # set from the config in on_config
        self.serving = False
        self.site_dir: Path | None = None  # the real site_dir while the build writes to a staging folder
        self.strict_warnings: CountHandler | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # serve builds into its own temporary folder (no staging) and skips the kits (not worth its rebuilds)
        self.serving = command == "serve"

    @property
    def root(self) -> Path:
        return Path(self._config_file).parent

    # Before Material's offline plugin, which adds a CDN shim unless one is listed already.
    @event_priority(50)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._config_file = config.config_file_path
        checked = load_and_check(self.root, self.config.data_dir)
        if not checked.ok:
            raise PluginError(str(CheckFailed(checked.diagnostics)))
        for d in checked.diagnostics:
            # Findings never fail the build (not even with --strict): they are advice to the author.
            log.info("チェックツールの指摘: %s", d)
        self.checked = checked
        project = checked.project
        self.kept_names = tuple(m.name for code in participants(project) if (m := project.municipalities.get(code)))
        offline = config.plugins.get("material/offline") or config.plugins.get("offline")
        if offline is not None and getattr(offline.config, "enabled", True):
            polyfills = config.extra.setdefault("polyfills", [])
            if IFRAME_WORKER_SHIM not in polyfills:
                polyfills.append(IFRAME_WORKER_SHIM)
        elif not config.site_url:
            # INFO, not WARNING: --strict must still pass (a local preview needs no site_url).
            log.info(SITE_URL_MISSING)
        if not self.serving:
            self._stage(config)
        return config

    def _stage(self, config: MkDocsConfig) -> None:
        """Build into a staging folder next to site_dir; `_publish` swaps it in at the very end."""
        self.site_dir = Path(config.site_dir).resolve()
        config.site_dir = str(publish.begin(self.site_dir))
        if config.strict:
            # MkDocs aborts on strict warnings only after on_post_build: count them ourselves.
            self.strict_warnings = CountHandler()
            self.strict_warnings.setLevel(logging.WARNING)
            logging.getLogger("mkdocs").addHandler(self.strict_warnings)

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.checked is not None
        self.context = SiteContext(
            project=redact(self.checked.project, self.config.profile),
            profile=self.config.profile,
            findings=self.checked.by_file(),
            use_directory_urls=config.use_directory_urls,
            site_url=config.site_url,
            data_root=self.root / self.config.data_dir,
        )
        handwritten = [f.src_uri for f in files.documentation_pages()]
        # The generated pages and files (calendars, images, each group's Word template).
        for src_uri, content in site_files.generated(self.context):
            if files.get_file_from_path(src_uri) is not None:
                raise PluginError(
                    f"{config.docs_dir}/{src_uri} は、研修データから生成するページと同じ場所にあります。"
                    "ファイル名を変えてください"
                )
            files.append(File.generated(config, src_uri, content=content))
        if config.nav is None:
            config.nav = navigation(self.context, handwritten)
        return files

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.context is not None
        return site_files.page_source(markdown, page.file.src_uri, self.context, handwritten=not page.file.generated_by)

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        # Markdown fields arrive as HTML blocks: list their headings in the page's contents too.
        if page.file.generated_by and 'class="cs-md"' in html:
            # mkdocs types the tokens with its private _TocToken; ours have its keys (plus html).
            page.toc = get_toc(heading_tokens(html))  # type: ignore[arg-type]
        return label_cells(html)  # phone layout: table rows as labelled cards

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        # After the search plugin read the page: phrase spans in headings, cells and nav titles, and
        # numbers, dates and names kept whole in the article's text (site_rewrites/line_breaks.py).
        return insert_breaks(output, self.kept_names)

    def _kit_handouts(self, config: MkDocsConfig, cohort: Cohort) -> ExtraFiles | None:
        """The editable handouts a kit gets when the handouts plugin makes them (else None)."""
        handouts = getattr(config, "plugins", {}).get(HANDOUTS_PLUGIN)
        if handouts is None or not handouts.active or not handouts.config.office:
            return None
        from ..handouts.fonts import find_fonts  # here: an HTML-only build never imports the renderer
        from ..handouts.twins import kit_twins
        from ..office.handout_twins import OfficeTwins

        assert self.checked is not None
        fonts = find_fonts(handouts.config.options().fonts)
        return kit_twins(self.root, self.checked.project, cohort, fonts, OfficeTwins())

    # After the search plugin writes its index (0), before the offline plugin inlines it (-100).
    @event_priority(-50)
    def _write_outputs(self, config: MkDocsConfig) -> None:
        assert self.checked is not None
        # Each municipality's in-house kit, linked from the downloads page (outputs.kit_path).
        if not self.serving:
            try:
                for cohort in self.checked.project.cohorts:
                    write_kits(
                        self.root, self.checked.project, cohort, Path(config.site_dir) / outputs.KIT_DIR,
                        extra_files=self._kit_handouts(config, cohort),
                    )
            except CohortSiteError as exc:  # the project's own error: its message, no traceback
                raise PluginError(str(exc)) from exc
            prune_cache(cache_path(self.root, KIT_CACHE_DIR))
        path = Path(config.site_dir) / "search" / "search_index.json"
        if not path.is_file():
            return
        # The names (and kana) of the prefectures taking part (not all 1,741 of Japan's reference data).
        project = self.checked.project
        prefectures = {m.prefecture for code in participants(project) if (m := project.municipalities.get(code))}
        names = {m.name: m.kana for m in project.municipalities.values() if m.prefecture in prefectures}
        index = segment_words(json.loads(path.read_text(encoding="utf-8")), names, cache_path(self.root, SEARCH_CACHE))
        path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")

    # Last of all post-build work (PDFs at 0, the offline plugin at -100).
    @event_priority(-1000)
    def _publish(self, config: MkDocsConfig) -> None:
        publish.unlink_missing_downloads(Path(config.site_dir))
        if not self.serving:  # the pages are final now: their inline scripts' hashes make the CSP
            inline = csp.write_server_config(Path(config.site_dir), config.site_url)
            log.info("Content-Security-Policy: インラインのスクリプト %d 種類をハッシュで許可（%s、ガイド「サイトの公開」）",
                     len(inline.scripts), csp.POLICY_FILE)
            for handler in inline.handlers:
                log.warning("インラインのイベント属性は CSP で動きません（script タグにしてください）: %s", handler)
        if self.site_dir is None:
            return
        staging, site_dir = Path(config.site_dir), self.site_dir
        self.site_dir = None
        config.site_dir = str(site_dir)
        if self._strict_failed():
            publish.discard(staging)  # MkDocs aborts right after this event
            return
        publish.swap(staging, site_dir)

    on_post_build = CombinedEvent(_write_outputs, _publish)

    def on_build_error(self, *, error: Exception) -> None:
        if self.site_dir is not None:
            publish.discard(publish.staging_dir(self.site_dir))
            self.site_dir = None
        self._strict_failed()

    def _strict_failed(self) -> bool:
        """Whether a warning was logged under --strict (and stop counting)."""
        if self.strict_warnings is None:
            return False
        logging.getLogger("mkdocs").removeHandler(self.strict_warnings)
        failed, self.strict_warnings = bool(self.strict_warnings.get_counts()), None
        return failed

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, builder) -> LiveReloadServer:
        server.watch(str(self.root / self.config.data_dir))
        return server
