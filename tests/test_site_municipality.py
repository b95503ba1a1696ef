"""Municipality pages across all cohorts: groups joined, proposals, rollout pack and kit."""

from __future__ import annotations

import re
from pathlib import Path

from cohort_site import outputs
from cohort_site.loader import load_project
from site_helpers import ROOT, page, text

PROJECT = load_project(ROOT).project


def test_each_participant_page_links_its_group_proposal_pack_and_kit(site: Path) -> None:
    checked = 0
    for cohort in PROJECT.cohorts:
        for group in cohort.groups:
            proposal = cohort.proposal_of(group.id)
            for code in group.municipalities:
                m = PROJECT.municipalities[code]
                url = f"municipalities/{code}/"
                html = page(site, url)
                body = text(html)
                assert re.search(rf"<h1[^>]*>{m.name}<", html)
                assert m.population_text in body and "人口（2020年国勢調査 速報値）" in body
                assert m.kind in body
                assert f'href="../../{cohort.id}/groups/{group.id}/"' in html
                if proposal is not None:
                    assert f'href="../../{cohort.id}/proposals/{group.id}/"' in html
                    assert proposal.title in body
                assert f'href="../../pdf/{cohort.id}/rollout-{code}.pdf"' in html
                assert f'data-pdf="pdf/{cohort.id}/rollout-{code}.pdf"' in html
                assert f'href="../../{outputs.kit_path(code, cohort.id)}"' in html
                for other in group.municipalities:
                    if other != code:
                        assert f'href="../{other}/"' in html
                checked += 1
    assert checked == sum(len(g.municipalities) for c in PROJECT.cohorts for g in c.groups) > 0


def test_cross_links_resolve_to_built_pages(site: Path) -> None:
    for code in PROJECT.cohort("tokyo-2021").participating_codes():
        html = page(site, f"municipalities/{code}/")
        article = html[html.index("md-content__inner"):]
        for href in re.findall(r'href="(\.\./[^"#]*/)"', article):
            assert (site / "municipalities" / code / href / "index.html").resolve().is_file(), href


def test_members_named_only_in_intranet_build(site: Path, public_site: Path) -> None:
    group = PROJECT.cohort("tokyo-2021").groups[0]
    member = group.members[0]
    url = f"municipalities/{member.municipality}/"
    assert member.name in text(page(site, url))
    assert member.name not in page(public_site, url)


def test_index_lists_every_participant(site: Path) -> None:
    html = page(site, "municipalities/")
    codes = set(re.findall(r'href="(\d{6})/"', html))
    assert codes == {c for cohort in PROJECT.cohorts for c in cohort.participating_codes()}
    assert "人口（2020年国勢調査 速報値）" in text(html)
