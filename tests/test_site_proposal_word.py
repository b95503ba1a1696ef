"""The groups' proposal templates (Word) in the built site: made by the build, linked, redacted."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml.ns import qn

from cohort_site import outputs
from cohort_site.loader import load_project
from cohort_site.office.docx_base import custom_properties
from site_helpers import ROOT, page

PROJECT = load_project(ROOT).project


def _text(path: Path) -> str:
    """Every text of the body, content controls included (python-docx's paragraphs skip those)."""
    body = docx.Document(str(path)).element.body
    return "".join(t.text or "" for t in body.iter(qn("w:t")))


def test_every_group_template_is_built_and_listed_and_linked(site: Path) -> None:
    for cohort in PROJECT.cohorts:
        downloads = page(site, f"{cohort.id}/downloads/")
        assert "提案書のひな形（Word）" in downloads
        for group in cohort.groups:
            path = outputs.proposal_template_path(cohort.id, group.id)
            built = site / path
            assert built.is_file()
            props = custom_properties(docx.Document(str(built)))
            assert (props["cohort-site-cohort"], props["cohort-site-group"]) == (cohort.id, group.id)
            assert f'href="../../{path}"' in downloads
            assert f'{group.name} 提案書のひな形（Word・.docx）' in downloads
            group_page = page(site, f"{cohort.id}/groups/{group.id}/")
            assert f'href="../../../{path}"' in group_page
    guide = page(site, "guide/proposal-word/")
    assert "Word で提案書を書く" in guide and "images/proposal-word-first-page.png" in guide
    assert (site / "guide" / "images" / "proposal-word-first-page.png").is_file()


def test_the_intranet_template_names_members_and_the_public_one_does_not(site: Path, public_site: Path) -> None:
    cohort = PROJECT.cohort("tokyo-2021")
    group = cohort.groups[0]
    path = outputs.proposal_template_path(cohort.id, group.id)
    names = [m.name for m in group.members]
    assert names and all(name in _text(site / path) for name in names)
    public = _text(public_site / path)
    assert not [name for name in names if name in public]
    assert cohort.proposal_of(group.id).title in public
