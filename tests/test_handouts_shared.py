"""Layout sharing: packs with a cover page are laid out part by part, each part once for all of
them (handouts/segments.py), and equal the packs laid out whole.

The reference ("old") output is the same packs rendered the plain way (`share_layout=False`,
each pack laid out whole on its own) in the same test: text per page, bookmarks, link targets,
pdfinfo and bytes must be equal.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from cohort_site.handouts.runner import Summary
from cohort_site.loader import load_project
from handouts_support import ROOT, SAMPLE, outline, page_texts, pdfinfo, render

# Two members of group g5 without results of their own, one of g2 with results (its rollout pack
# holds a 成果報告 part, also in its results pack), and the cohort book: every kind with a cover.
G1 = ("131211", "132292")
G2 = ("132012",)
FILES = {f"rollout-{code}.pdf" for code in G1 + G2} | {f"results-{G2[0]}.pdf", "cohort-book.pdf"}


def link_targets(pdf: Path) -> list[tuple[int, str, int, float]]:
    """(page, destination name, target page, target top) of every internal link, 1-based pages."""
    reader = PdfReader(str(pdf))
    names = reader.named_destinations
    found = []
    for number, page in enumerate(reader.pages, start=1):
        for annot in page.get("/Annots", []):
            name = str(annot.get_object()["/Dest"])
            target = names[name]
            found.append((number, name, reader.get_destination_page_number(target) + 1, round(float(target.top), 2)))
    return found


@pytest.fixture(scope="module")
def both(packs: tuple[Path, Summary], packs_log: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """(shared output, plain output, log of the shared render). The shared output is the run's
    render of every pack (tests/conftest.py `packs`: two workers, layout shared within each
    cohort's packs with a cover); the plain one lays out FILES whole, each on its own."""
    out, summary = packs
    assert summary.rendered == len(summary.built)  # made in this run, not taken from a cache
    base = tmp_path_factory.mktemp("shared")
    select = lambda ref: ref.cohort == SAMPLE and ref.filename in FILES  # noqa: E731
    plain = render(ROOT, base / "plain", None, select=select, workers=1, share_layout=False)
    assert plain.rendered == len(FILES)
    return out / "pdf" / SAMPLE, base / "plain" / "pdf" / SAMPLE, packs_log


def test_every_pack_after_the_first_reuses_parts_laid_out_for_another(both: tuple[Path, Path, str]) -> None:
    _, _, log = both
    cohort = next(c for c in load_project(ROOT).project.cohorts if c.id == SAMPLE)
    assert all(cohort.results_of(code) is None for code in G1) and cohort.results_of(G2[0]) is not None
    written = re.findall(r"(\S+\.pdf)（(作成[^、]*)、", log)
    assert {f"pdf/{SAMPLE}/{name}" for name in FILES} <= {name for name, _ in written}
    # One unit (the cohort's packs with a cover): the first lays out its parts, each later one
    # reuses at least the sessions (the book and every rollout pack hold them).
    states = [state for name, state in written if name.startswith(f"pdf/{SAMPLE}/") and COVER.fullmatch(name.split("/")[-1])]
    assert len(states) > len(FILES) and states == ["作成"] + ["作成・レイアウト共有"] * (len(states) - 1)


COVER = re.compile(r"(cohort-book|rollout-\d+|results-\d+)\.pdf")  # the kinds with a cover page (outputs.PACK_KINDS)


@pytest.mark.parametrize("name", sorted(FILES))
def test_shared_pdf_equals_the_pack_laid_out_alone(both: tuple[Path, Path, str], name: str) -> None:
    shared_dir, plain_dir, _ = both
    new, old = shared_dir / name, plain_dir / name
    new_texts, old_texts = page_texts(new), page_texts(old)
    assert len(new_texts) == len(old_texts) > 3
    for number, (a, b) in enumerate(zip(new_texts, old_texts, strict=True), start=1):
        assert a == b, f"{name}: page {number} differs"
    assert outline(new) == outline(old) and len(outline(new)) > 3
    assert link_targets(new) == link_targets(old) and link_targets(new)
    assert pdfinfo(new) == pdfinfo(old)
    assert new.read_bytes() == old.read_bytes()


def test_each_shared_pdf_keeps_its_own_cover_title_identifier_and_tagging(both: tuple[Path, Path, str]) -> None:
    shared_dir, _, _ = both
    municipalities = load_project(ROOT).project.municipalities
    names = {code: municipalities[code].name for code in G1}
    identifiers = set()
    for code, name in names.items():
        pdf = shared_dir / f"rollout-{code}.pdf"
        info = pdfinfo(pdf)
        assert info["Title"] == f"{name} 展開パック（翌年度の庁内研修用）"
        assert info["Tagged"] == "yes"
        cover = page_texts(pdf)[0]
        assert name in cover and all(other not in cover for other in names.values() if other != name)
        reader = PdfReader(str(pdf))
        root = reader.trailer["/Root"]
        assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"] and root["/Lang"] == "ja"
        xmp = root["/Metadata"].get_object().get_data()
        assert b'pdfuaid:part="1"' in xmp or b"<pdfuaid:part>1</pdfuaid:part>" in xmp
        identifiers.add(str(reader.trailer["/ID"][0]))
    assert len(identifiers) == len(names)
