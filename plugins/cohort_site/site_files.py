"""The site as plain files: every page's Markdown and every file the data makes.

The site plugin adds `generated()` to MkDocs' files and passes each page's Markdown through
`page_source()`. `export_docs()` writes the same, with the hand-written pages and their assets of
`site_src/` and a plain `mkdocs.yml` (no plugins, MkDocs' own theme, the project's Markdown
extensions), so that MkDocs 1.6, ProperDocs or another Markdown site engine renders the site
without this project: the way out when the plugin API is gone (README「今後の MkDocs と Material」).
The PDFs are not pages: `build.py pack --out DIR/docs` adds them where the downloads pages link.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from . import urls as L
from .checks import load_and_check
from .diagnostics import CheckFailed
from .loader import DATA_DIR
from .office.proposal_template import site_templates
from .pages import PlannedPage, SiteContext, home, navigation, plan_site
from .profile import page_markdown, redact
from .storage import write_tree

SITE_SRC = "site_src"
THEME_DIR = "overrides"  # theme templates under site_src/, not pages
EXPORT_DOCS = "docs"  # the export's docs_dir


def generated(ctx: SiteContext) -> Iterator[tuple[str, str | bytes]]:
    """(site path, Markdown or bytes) of every generated page and file: the pages of the plan,
    the calendars, images and the portfolio's stylesheet, each group's Word template."""
    for item in plan_site(ctx):
        yield item.src_uri, item.render() if isinstance(item, PlannedPage) else item.content()
    yield from site_templates(ctx.project, intranet=ctx.intranet, data_root=ctx.data_root)


def page_source(markdown: str, src_uri: str, ctx: SiteContext, *, handwritten: bool) -> str:
    """A page's Markdown as the site shows it: the home page gets the list of cohorts, and a
    hand-written page loses what the profile may not show."""
    if handwritten and src_uri == L.HOME:
        markdown = home.insert_cohort_list(markdown, ctx.project, ctx.links(L.HOME))
    return page_markdown(markdown, ctx.profile)


def export_docs(root: Path, out: Path, profile: str = "intranet") -> list[str]:
    """Write the site as plain Markdown into the new folder `out` (all or nothing); the pages'
    site paths. Raises CheckFailed on data errors, storage.TargetExists if `out` exists."""
    checked = load_and_check(root)
    if not checked.ok:
        raise CheckFailed(checked.diagnostics)
    config = (root / "mkdocs.yml").read_text(encoding="utf-8") if (root / "mkdocs.yml").is_file() else ""
    ctx = SiteContext(
        project=redact(checked.project, profile), profile=profile, findings=checked.by_file(),
        use_directory_urls=True, site_url=_setting(config, "site_url"), data_root=root / DATA_DIR,
    )
    files: dict[str, str | bytes] = {}
    source = root / SITE_SRC
    for path in sorted(source.rglob("*")) if source.is_dir() else []:
        rel = path.relative_to(source).as_posix()
        if path.is_file() and not rel.startswith(f"{THEME_DIR}/"):
            files[rel] = page_source(path.read_text(encoding="utf-8"), rel, ctx, handwritten=True) if rel.endswith(".md") else path.read_bytes()
    handwritten = sorted(rel for rel in files if rel.endswith(".md"))
    for rel, content in generated(ctx):
        files[rel] = page_source(content, rel, ctx, handwritten=False) if isinstance(content, str) else content
    written = {f"{EXPORT_DOCS}/{rel}": content for rel, content in files.items()}
    written["mkdocs.yml"] = plain_mkdocs_yml(config, navigation(ctx, handwritten), [rel for rel in files if rel.endswith(".css") and rel.startswith("stylesheets/")])
    write_tree(out, written)
    return sorted(rel for rel in files if rel.endswith(".md"))


def plain_mkdocs_yml(config: str, nav: list[Any], extra_css: list[str]) -> str:
    """A mkdocs.yml without the project's plugins and theme: the site's name, its navigation,
    the project's Markdown extensions (their block of `config` as written) and stylesheets."""
    lines = [
        "# Written by `build.py export-docs`: the site's pages as plain Markdown, without the",
        "# project's plugins. Build it with `mkdocs build`, `properdocs build` or another engine.",
        f"site_name: {json.dumps(_setting(config, 'site_name') or 'site', ensure_ascii=False)}",
    ]
    description = _setting(config, "site_description")
    if description:
        lines.append(f"site_description: {json.dumps(description, ensure_ascii=False)}")
    lines += [
        f"docs_dir: {EXPORT_DOCS}",
        "use_directory_urls: true",
        "theme:",
        "  name: mkdocs",
        "  locale: ja",
        "plugins:",
        "  - search:",
        "      lang: ja",
        # JSON is YAML: the navigation's titles are quoted whatever they hold.
        f"nav: {json.dumps(nav, ensure_ascii=False)}",
        f"extra_css: {json.dumps(sorted(extra_css))}",
    ]
    block = _block(config, "markdown_extensions")
    return "\n".join(lines) + "\n" + (block or "") + ("\n" if block and not block.endswith("\n") else "")


def _setting(config: str, key: str) -> str | None:
    """A top-level scalar of mkdocs.yml written on one line (`key: value`); None if absent,
    empty or set from the environment."""
    found = re.search(rf"^{key}:[ \t]*(.*?)[ \t]*$", config, re.M)
    if found is None or not found.group(1) or found.group(1).startswith(("!", "#")):
        return None
    value = found.group(1)
    return value[1:-1] if len(value) > 1 and value[0] == value[-1] and value[0] in "'\"" else value


def _block(config: str, key: str) -> str | None:
    """A top-level key of mkdocs.yml with everything indented under it, as written."""
    found = re.search(rf"^{key}:.*\n(?:(?:[ \t]+.*|[ \t]*#.*|[ \t]*)\n)*", config + "\n", re.M)
    return found.group(0).rstrip() + "\n" if found else None
