"""Shared pages painted once (handouts/painting.py): every pack after the first gets a part's page
from its recording with its own footer, and the PDF is the one of the pack painted whole."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from cohort_site.checks import load_and_check
from cohort_site.handouts import painting
from cohort_site.handouts.internals import Page
from cohort_site.handouts.render import Layouts, MissingGlyph, RenderJob, needs_of, render
from cohort_site.handouts.runner import HandoutOptions, prepare
from cohort_site.handouts.segments import PART_MARK
from handouts_support import ROOT, SAMPLE, page_texts

# Two rollout packs of one group: the same parts after their own cover.
PACKS = ("rollout-131059.pdf", "rollout-132080.pdf")


@pytest.fixture(scope="module")
def jobs() -> list[RenderJob]:
    checked = load_and_check(ROOT)
    fonts, _, items = prepare(ROOT, checked.project, HandoutOptions(cache_dir=None), [SAMPLE], lambda ref: ref.filename in PACKS)
    by_name = {item.ref.filename: item.html for item in items}
    return [RenderJob(name, by_name[name], ROOT, fonts) for name in PACKS]


class _Painted:
    """Counts WeasyPrint's own painting of pages that have a recording to be replayed from."""

    def __init__(self, layouts: Layouts) -> None:
        self.layouts, self.live_with_recording, self.recorded = layouts, 0, 0

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        paint, record = Page.paint, painting.record

        def counted_paint(page: Page, stream: object, scale: float = 1) -> None:
            slot = getattr(page, "slot", None)
            if slot is not None and self.layouts.paintings.recordings.get(slot) is not None:
                self.live_with_recording += 1
            paint(page, stream, scale)

        def counted_record(*args: object) -> painting.Recording | None:
            self.recorded += 1
            return record(*args)

        monkeypatch.setattr(Page, "paint", counted_paint)
        monkeypatch.setattr(painting, "record", counted_record)


def test_each_shared_page_is_painted_once_and_every_pdf_equals_the_pack_painted_whole(
    jobs: list[RenderJob], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    whole = [render(job) for job in jobs]  # laid out and painted whole, each on its own
    layouts = Layouts(needs_of([job.html for job in jobs]))
    painted = _Painted(layouts)
    painted.install(monkeypatch)
    shared = [render(job, layouts) for job in jobs]
    for job, alone, joined in zip(jobs, whole, shared, strict=True):
        assert joined.pdf == alone.pdf, job.label
    # Each page after the cover is recorded once (a part's by the first pack, the contents' by the
    # second, the first to share it); the others replay them with their own footers.
    assert 0 < painted.recorded <= whole[0].pages - 1
    assert painted.live_with_recording == 0
    assert layouts.paintings.replayed >= painted.recorded * (len(jobs) - 1) * 3 // 4, (
        "most part pages should be replayed", layouts.paintings.replayed, painted.recorded)
    left = {key for key, _ in layouts.paintings.recordings}
    assert left <= set(layouts.tocs), "a part's recordings are dropped with the last pack that shows it"
    last = tmp_path / "last.pdf"
    last.write_bytes(shared[-1].pdf)
    texts = page_texts(last)
    assert all(f"{number} / {len(texts)}" in text for number, text in enumerate(texts, start=1) if number > 1)


def test_a_shared_page_with_a_missing_glyph_fails_every_pack_that_shows_it(jobs: list[RenderJob]) -> None:
    """The glyph is missed while painting: a recording would keep it from the later packs' logs."""
    marked = [
        RenderJob(job.label, job.html.replace(PART_MARK, f"{PART_MARK}<p>試験\ue000</p>", 1), job.root, job.fonts)
        for job in jobs[:2]
    ]
    layouts = Layouts(needs_of([job.html for job in marked]))
    for job in marked:
        with pytest.raises(MissingGlyph, match="\ue000"):
            render(job, layouts)


def test_a_page_whose_painting_says_anything_is_painted_whole_every_time(
    jobs: list[RenderJob], monkeypatch: pytest.MonkeyPatch
) -> None:
    paint = painting._paint

    def talking(*args: object) -> None:
        logging.getLogger("weasyprint").warning("something to say")
        paint(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(painting, "_paint", talking)
    layouts = Layouts(needs_of([job.html for job in jobs[:2]]))
    for job in jobs[:2]:
        render(job, layouts)
    assert layouts.paintings.replayed == 0
