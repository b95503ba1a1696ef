"""Downloads page: every pack of the catalog with its pdf-info placeholder, kits, calendar."""

from __future__ import annotations

import re
from pathlib import Path

from cohort_site.handouts import catalog
from cohort_site.loader import load_project
from site_helpers import ROOT, page

PROJECT = load_project(ROOT).project


def test_every_pack_is_linked_with_a_pdf_info_placeholder(site: Path) -> None:
    cohort = PROJECT.cohort("tokyo-2021")
    html = page(site, "tokyo-2021/downloads/")
    packs = catalog.packs_for(PROJECT, cohort)
    links = re.findall(r'<a class="cs-download" href="([^"]*)">([^<]*)</a> <span class="pdf-info" data-pdf="([^"]*)"></span>', html)
    assert [(href, data) for href, _, data in links] == [(f"../../{p.path}", p.path) for p in packs]
    assert [title for _, title, _ in links] == [p.title.replace("「", "「") for p in packs]
    for code in catalog.participating_codes(cohort):
        pack = next(p for p in packs if p.kind == "municipality" and p.key == code)
        kit = f'href="../../{catalog.kit_path(code, cohort.id)}"'
        assert kit in html
        assert html.index(kit) > html.index(f'data-pdf="{pack.path}"')
    assert 'href="../calendar.ics"' in html
