"""Downloads page: every pack of the registry with its pdf-info placeholder, kits, calendar."""

from __future__ import annotations

import re
from pathlib import Path

from cohort_site import outputs
from cohort_site.loader import load_project
from site_helpers import ROOT, page

PROJECT = load_project(ROOT).project


def test_every_pack_is_linked_with_a_pdf_info_placeholder(site: Path) -> None:
    cohort = PROJECT.cohort("tokyo-2021")
    html = page(site, "tokyo-2021/downloads/")
    packs = outputs.packs_for(PROJECT, cohort)
    # A PDF that is not in the built site (this fixture builds without PDFs) is named, not linked.
    links = re.findall(
        r'(?:<a class="cs-download" href="([^"]*)">([^<]*)</a>|<span class="cs-download-missing"[^>]*>([^<]*)（未作成）</span>)'
        r' <span class="pdf-info" data-pdf="([^"]*\.pdf)"></span>', html)
    assert [data for *_, data in links] == [p.path for p in packs]
    assert [linked or missing for _, linked, missing, _ in links] == [p.title for p in packs]
    for href, _, _, data in links:
        assert (site / data).is_file() == bool(href)
        assert not href or href == f"../../{data}"
    for pack in packs:  # its editable twins follow it, each with its own placeholder
        for fmt in pack.twin_formats:
            info = f'<span class="pdf-info" data-pdf="{pack.twin_path(fmt)}"></span>'
            assert html.index(info) > html.index(f'data-pdf="{pack.path}"'), pack.twin_path(fmt)
    assert sum(len(p.twin_formats) for p in packs) == html.count('.pptx"></span>') + html.count('.docx"></span>')
    for code in cohort.participating_codes():
        pack = next(p for p in packs if p.kind == "rollout" and p.key == code)
        kit = f'href="../../{outputs.kit_path(code, cohort.id)}"'
        assert kit in html
        assert html.index(kit) > html.index(f'data-pdf="{pack.path}"')
    assert 'href="../calendar.ics"' in html
