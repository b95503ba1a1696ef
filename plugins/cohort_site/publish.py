"""Staged publishing of the built site: everything is written to a staging folder next to the
site folder, and swapped in only when the whole build (pages, search index, PDFs, kits, .ics)
succeeded. A failed, strict-aborted or interrupted build leaves the previous site as it was.

Also: no page links a download that is not there (`unlink_missing_downloads`).
"""

from __future__ import annotations

import html
import os
import re
import shutil
from pathlib import Path

from .storage import write_bytes


def staging_dir(site_dir: Path) -> Path:
    return site_dir.parent / f".{site_dir.name}.staging"


def _old_dir(site_dir: Path) -> Path:
    return site_dir.parent / f".{site_dir.name}.old"


def begin(site_dir: Path) -> Path:
    """An empty staging folder for a build into `site_dir` (a leftover of an interrupted build is removed)."""
    site_dir = site_dir.resolve()
    staging = staging_dir(site_dir)
    discard(staging)
    shutil.rmtree(_old_dir(site_dir), ignore_errors=True)
    staging.mkdir(parents=True)
    return staging


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)


def swap(staging: Path, site_dir: Path) -> None:
    """Replace `site_dir` by `staging`: two renames on the same file system, then the old one goes."""
    site_dir = site_dir.resolve()
    old = _old_dir(site_dir)
    shutil.rmtree(old, ignore_errors=True)
    if site_dir.exists():
        os.replace(site_dir, old)
    os.replace(staging, site_dir)
    shutil.rmtree(old, ignore_errors=True)


# Download links of the built pages: PDFs and their Word / PowerPoint twins, kits, calendars.
_DOWNLOAD = re.compile(r'<a\b[^>]*\bhref="(?P<href>[^"#?:]+\.(?:pdf|docx|pptx|zip|ics))"[^>]*>(?P<text>.*?)</a>', re.S)
MISSING_LABEL = "（未作成）"


def unlink_missing_downloads(site_dir: Path) -> list[Path]:
    """Turn every link to a PDF (or its twin), kit or calendar that is not in the built site into plain text
    marked （未作成） (e.g. PDFs switched off, or not rendered by `mkdocs serve`). Returns the
    pages changed."""
    site_dir = site_dir.resolve()  # one spelling of every path, for the set below
    present = {os.path.join(folder, name) for folder, _, names in os.walk(site_dir) for name in names}
    changed = []
    for page in sorted(site_dir.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        if ".pdf" not in text and ".zip" not in text and ".ics" not in text:
            continue

        def replace(match: re.Match[str], folder: str = str(page.parent)) -> str:
            if os.path.normpath(os.path.join(folder, html.unescape(match["href"]))) in present:
                return match.group(0)
            # data-href keeps which file is meant (tests of builds without PDFs read it).
            return f'<span class="cs-download-missing" data-href="{match["href"]}">{match["text"]}{MISSING_LABEL}</span>'

        rewritten = _DOWNLOAD.sub(replace, text)
        if rewritten != text:
            write_bytes(page, rewritten.encode("utf-8"))
            changed.append(page)
    return changed
