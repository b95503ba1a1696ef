"""Segments of a pack's print HTML (handouts/segments.py) and the joined layout of a long contents."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cohort_site.checks import load_and_check
from cohort_site.handouts.render import Layouts, RenderJob, render
from cohort_site.handouts.runner import HandoutOptions, prepare
from cohort_site.handouts.segments import split, toc_with_pages
from handouts_support import ROOT, SAMPLE, page_texts


@pytest.fixture(scope="module")
def prepared() -> dict[str, tuple[str, object]]:
    """filename -> (print HTML, fonts) of some packs of the sample cohort."""
    wanted = {"session-02.pdf", "proposal-g1.pdf", "cohort-book.pdf", "rollout-131211.pdf", "rollout-132292.pdf",
              "rollout-132012.pdf", "results-132012.pdf"}
    checked = load_and_check(ROOT)
    fonts, _, items = prepare(
        ROOT, checked.project, HandoutOptions(cache_dir=None), [SAMPLE], lambda ref: ref.filename in wanted
    )
    return {item.ref.filename: (item.html, fonts) for item in items}


def test_a_pack_with_a_cover_line_is_not_cut(prepared: dict) -> None:
    assert split(prepared["session-02.pdf"][0]) is None
    assert split(prepared["proposal-g1.pdf"][0]) is None


def test_the_cover_keeps_the_metadata_and_the_contents_and_parts_do_not(prepared: dict) -> None:
    html = prepared["rollout-131211.pdf"][0]
    segments = split(html)
    assert segments is not None
    assert "<title>" in segments.cover and 'class="cover"' in segments.cover and 'class="toc' not in segments.cover
    assert "<title>" not in segments.toc and 'class="toc toc-full"' in segments.toc and 'class="cover"' not in segments.toc
    assert len(segments.parts) == html.count('<section class="part ')
    for part in segments.parts:
        head = part.split("<body", 1)[0]  # (a KPI chart's SVG in the body has a <title> of its own)
        assert "<title>" not in head and '<meta name="description"' not in head and "font-face" in head
        assert part.count('<section class="part ') == 1 and part.rstrip().endswith("</html>")


def test_the_same_part_has_the_same_key_in_every_pack_and_an_own_part_its_own(prepared: dict) -> None:
    keys = {name: split(prepared[name][0]).part_keys for name in ("rollout-131211.pdf", "rollout-132292.pdf", "rollout-132012.pdf", "cohort-book.pdf")}
    g1a, g1b, g2, book = keys.values()
    assert g1a == g1b  # two members of one group (g5, neither reports results): everything after the cover is the same
    assert g1a[1:6] == g2[1:6] and set(g1a[1:6]) <= set(book)  # the five sessions, everywhere
    assert g1a[0] != g2[0]  # the overview marks the reader's own group
    assert len(g2) == len(g1a) + 1  # 132012 reports results: one part more
    results = split(prepared["results-132012.pdf"][0]).part_keys
    assert len(results) == 1 and results[0] in g2


def test_contents_get_the_page_numbers_written_in(prepared: dict) -> None:
    toc = split(prepared["rollout-131211.pdf"][0]).toc
    numbered = toc_with_pages(toc, {"overview": 3, "session-1": 5})
    assert '<a href="#overview" data-page="3">' in numbered and '<a href="#session-1" data-page="5">' in numbered
    assert '<a href="#templates">' in numbered  # not given: left for WeasyPrint (never happens in a pack)


def test_a_contents_of_several_pages_moves_every_part_and_every_number(prepared: dict, tmp_path: Path) -> None:
    """The joined layout guesses two head pages; with a contents three pages long it must lay the
    head out again and number everything from there, exactly as the pack laid out whole."""
    html, fonts = prepared["results-132012.pdf"]
    entries = re.search(r'(<li class="toc-l1">.*?</li>\n)', html, re.S)
    assert entries is not None
    long_html = html.replace(entries.group(1), entries.group(1) * 90, 1)
    job = RenderJob("long-toc", long_html, ROOT, fonts)
    whole, joined = render(job), render(job, Layouts())
    (tmp_path / "whole.pdf").write_bytes(whole.pdf)
    (tmp_path / "joined.pdf").write_bytes(joined.pdf)
    texts = page_texts(tmp_path / "joined.pdf")
    assert texts == page_texts(tmp_path / "whole.pdf")
    assert whole.pages == joined.pages >= 6 and whole.anchors == joined.anchors and whole.bookmarks == joined.bookmarks
    first_part = joined.anchors["results-132012"]
    assert first_part >= 5  # cover + three or more pages of contents
    assert f"{first_part} / {joined.pages}" in texts[first_part - 1]
    assert re.search(rf"成果報告\s*\.+\s*{first_part}\b", texts[1])
