"""Portability: the same project builds with ProperDocs (same page set) and for file://
browsing (Material's offline plugin with the locally vendored iframe-worker shim)."""

from __future__ import annotations

import re
from pathlib import Path

from site_helpers import ROOT, build, pages


def test_properdocs_builds_the_same_pages(site: Path, tmp_path: Path) -> None:
    dest = tmp_path / "properdocs-site"
    build(ROOT, dest, tool="properdocs")
    assert pages(dest) == pages(site)
    assert len(pages(dest)) > 40
    def files(root: Path) -> set[str]:
        return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and not p.name.startswith("sitemap")}
    assert files(dest) == files(site)


def test_offline_build_uses_the_local_shim_and_html_links(offline_site: Path) -> None:
    html = (offline_site / "index.html").read_text(encoding="utf-8")
    assert '<script src="javascripts/vendor/iframe-worker/shim.js"></script>' in html
    assert (offline_site / "javascripts/vendor/iframe-worker/shim.js").is_file()
    assert "unpkg" not in html
    assert (offline_site / "search/search_index.js").read_text(encoding="utf-8").startswith("var __index = ")
    assert (offline_site / "tokyo-2021/proposals/g1.html").is_file()
    overview = (offline_site / "tokyo-2021/index.html").read_text(encoding="utf-8")
    assert 'href="proposals/g1.html"' in overview
    downloads = (offline_site / "tokyo-2021/downloads.html").read_text(encoding="utf-8")
    assert 'href="../pdf/tokyo-2021/cohort-book.pdf"' in downloads
    portfolio = (offline_site / "portfolio/index.html").read_text(encoding="utf-8")
    assert 'href="../tokyo-2021/proposals/g1.html"' in portfolio
    directory_links = re.findall(r'href="(?!#)([^"]*/)"', overview)
    assert directory_links == [], "file:// cannot open directory URLs"


def test_served_build_does_not_load_the_shim(site: Path) -> None:
    assert "iframe-worker" not in (site / "index.html").read_text(encoding="utf-8")
