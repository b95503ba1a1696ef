"""A shared part page painted once for every PDF that shows it.

A part's page (segments.py) is the same in every pack that holds it but for its footer ("n / N").
WeasyPrint paints each page of each PDF into its content stream, which after the layout was
shared is most of a rollout pack's time. So a page that more packs will show is painted once into
a scratch stream, recording the operators before and after its footer and what painting them
registered in the PDF (the glyphs of each font, the tagged boxes with their marked-content ids, the
opacity states). Each PDF then gets the recorded operators and registrations in the same order,
with its own footer painted live in between: the content stream and everything the PDF writer
reads are what painting the page whole gives (the tests compare the bytes).

A page is painted whole every time when its painting uses anything named by what the rest of
the PDF holds (images, transparency groups, patterns, shadings, named graphics states), tags
anything after its footer, or logs anything (a missing glyph must be reported by every pack).

This follows WeasyPrint's `Page.paint` and `draw.draw_page` (version 70) and reads the stream's
state attributes, all through `internals.py` (imported only when layouts are shared; render.py
lays a pack out whole if anything here fails): the PDF cache's key holds WeasyPrint's version, and
the tests fail if they change.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pydyf

from .internals import (
    Font,
    Page,
    PageBox,
    StackingContext,
    Stream,
    Unavailable,
    draw_background,
    draw_border,
    draw_stacking_context,
    get_pango_font_key,
    is_margin_box,
    page_box_of,
    set_mask_border,
    set_stream_resources,
    stream_like,
    stream_resources,
    stream_tags,
)
from .internals import set_stream_state as _set_state
from .internals import stream_state as _state

FOOTER = "@bottom-center"
WEASYPRINT_LOGGER = logging.getLogger("weasyprint")


def _is_footer(box: object) -> bool:
    return is_margin_box(box, FOOTER)


def footer_index(page_box: PageBox) -> int | None:
    """Where the page's footer box is among its children, or None (the cover has no footer)."""
    for index, child in enumerate(page_box.children):
        if _is_footer(child):
            return index
    return None


def _paint(page_box: PageBox, stream: Stream, scale: float, around_footer: Callable[[str], None]) -> None:
    """WeasyPrint's Page.paint and draw_page, with `around_footer("start"/"end")` called around the
    footer's stacking context (a margin box is a child context of the page, z-index 0)."""

    def watched(contexts: Iterable[StackingContext]) -> Iterator[StackingContext]:
        for context in contexts:
            footer = _is_footer(context.box)
            if footer:
                around_footer("start")
            yield context
            if footer:
                around_footer("end")

    with stream.stacked():
        stream.transform(a=scale, d=scale)
        context = StackingContext.from_page(page_box)
        context.zero_z_contexts = watched(context.zero_z_contexts)  # iterated once, in draw order
        draw_background(
            stream, context.box.background, clip_box=False, bleed=page_box.bleed, marks=page_box.style["marks"]
        )
        set_mask_border(stream, page_box)
        draw_background(stream, page_box.canvas_background, clip_box=False)
        draw_border(stream, page_box)
        draw_stacking_context(stream, context)


@dataclass
class _Phase:
    """What painting one stretch of a page appended to the stream and registered in the PDF."""

    ops: list[Any] = field(default_factory=list)
    fonts: dict[int, tuple[Any, Font]] = field(default_factory=dict)  # key -> (Pango font, glyphs), first use first
    tags: dict[Any, dict[str, Any]] = field(default_factory=dict)  # box -> {tag, mcid}, in order
    resources: pydyf.Dictionary = field(default_factory=pydyf.Dictionary)

    def replayable(self) -> bool:
        """Only opacity states have names of their own; everything else is numbered in the PDF."""
        named = self.resources["ExtGState"]
        others = (self.resources[kind] for kind in ("XObject", "Pattern", "Shading"))
        return all(name[:1] in ("a", "A") for name in named) and not any(others)

    def apply(self, stream: Stream) -> None:
        """Append the operators and make the registrations live painting would have made."""
        stream.stream.extend(self.ops)
        for pango_font, glyphs in self.fonts.values():
            font, _ = stream.add_font(pango_font)
            for glyph, width in glyphs.widths.items():
                font.widths.setdefault(glyph, width)
            for glyph, text in glyphs.to_unicode.items():
                font.to_unicode.setdefault(glyph, text)
        tags = stream_tags(stream)
        if tags is not None:
            tags.update({box: dict(tag) for box, tag in self.tags.items()})
        states = stream_resources(stream)["ExtGState"]
        for name, state in self.resources["ExtGState"].items():
            if name not in states:
                states[name] = pydyf.Dictionary(dict(state))


_fonts: dict[int, Font] = {}  # one Font per Pango font key per process: making one copies its file


class _ScratchStream(Stream):
    """Paints like the PDF's stream, registering fonts and resources in the current phase."""

    phase: _Phase

    def enter(self, phase: _Phase, like: Stream) -> None:
        self.phase = phase
        phase.resources = pydyf.Dictionary({
            "ExtGState": pydyf.Dictionary(), "XObject": pydyf.Dictionary(), "Pattern": pydyf.Dictionary(),
            "Shading": pydyf.Dictionary(), "ColorSpace": stream_resources(like)["ColorSpace"],
        })
        set_stream_resources(self, phase.resources)

    def add_font(self, pango_font: Any) -> tuple[Font, float]:
        key, description, font_size = get_pango_font_key(pango_font)
        if key not in self.phase.fonts:
            if key not in _fonts:
                _fonts[key] = Font(pango_font, description, font_size)
            glyphs = copy.copy(_fonts[key])  # the font's data, with glyph registrations of its own
            glyphs.widths, glyphs.to_unicode = {}, {}
            self.phase.fonts[key] = (pango_font, glyphs)
        return self.phase.fonts[key][1], font_size


@dataclass
class Recording:
    start: tuple[Any, ...]  # the stream's state when the page's painting starts
    before: _Phase  # up to the footer
    at_footer: tuple[Any, ...]  # the state the footer is painted in
    after_footer: tuple[Any, ...]  # and leaves
    after: _Phase  # from the footer to the end
    end: tuple[Any, ...]


def record(page_box: PageBox, stream: Stream, scale: float) -> Recording | None:
    """Paint the page into a scratch stream like `stream`; None if it cannot be replayed."""
    tags: dict[Any, dict[str, Any]] | None = {} if stream_tags(stream) is not None else None
    scratch = stream_like(_ScratchStream, stream, tags)
    start = _state(stream)
    _set_state(scratch, start)
    before, footer, after = _Phase(), _Phase(), _Phase()
    states: dict[str, tuple[Any, ...]] = {}
    marks: list[int] = []  # where the footer's operators and tags start and end

    def around_footer(moment: str) -> None:
        states[moment] = _state(scratch)
        marks.extend((len(scratch.stream), len(tags or ())))
        scratch.enter(footer if moment == "start" else after, stream)

    scratch.enter(before, stream)
    with _quiet() as quiet:  # painted again live if it says anything: no double lines
        _paint(page_box, scratch, scale, around_footer)
    tagged = list((tags or {}).items())
    if quiet.said or len(marks) != 4 or stream_tags(stream) or not (before.replayable() and after.replayable()):
        return None
    if len(tagged) != marks[3]:  # something tagged after the footer: its ids depend on the footer's
        return None
    # Joined once here: the PDF writer joins a stream's operators with newlines, and the footer
    # painted in between starts with its own save-state operator (it never looks at the one before).
    before.ops, after.ops = _joined(scratch.stream[: marks[0]]), _joined(scratch.stream[marks[2]:])
    before.tags = dict(tagged[: marks[1]])
    return Recording(start, before, states["start"], states["end"], after, _state(scratch))


def _joined(ops: list[Any]) -> list[Any]:
    """The operators as one item, written as the PDF writer writes them (bytes as they are, names
    as ASCII, a marked-content property list as its dictionary); left as they are otherwise."""
    written = []
    for op in ops:
        if isinstance(op, bytes):
            written.append(op)
        elif isinstance(op, str):
            written.append(op.encode("ascii"))
        elif isinstance(op, pydyf.Object):
            written.append(op.data)
        else:
            return list(ops)
    return [b"\n".join(written)] if written else []


@contextmanager
def _quiet() -> Iterator[_Quiet]:
    """WeasyPrint's logger says nothing while a page is recorded, and `said` tells whether it
    would have. The filters already there (render.routed_log's, which forwards every record)
    are taken off meanwhile: a logger stops at the first filter that refuses a record."""
    quiet, others = _Quiet(), list(WEASYPRINT_LOGGER.filters)
    for other in others:
        WEASYPRINT_LOGGER.removeFilter(other)
    WEASYPRINT_LOGGER.addFilter(quiet)
    try:
        yield quiet
    finally:
        WEASYPRINT_LOGGER.removeFilter(quiet)
        for other in others:
            WEASYPRINT_LOGGER.addFilter(other)


class _Quiet(logging.Filter):
    said = False

    def filter(self, record: logging.LogRecord) -> bool:
        self.said = True
        return False


def replay(recording: Recording, page_box: PageBox, stream: Stream) -> bool:
    """Paint the page from its recording with its own footer; False (nothing done) if the stream
    is not in the state the recording started from."""
    if _state(stream) != recording.start or stream_tags(stream):
        return False
    recording.before.apply(stream)
    _set_state(stream, recording.at_footer)
    index = footer_index(page_box)
    assert index is not None, "a recorded page without a footer"
    draw_stacking_context(stream, StackingContext.from_box(page_box.children[index], page_box))
    if _state(stream) != recording.after_footer:
        raise Unavailable("the footer painted live left the stream in another state than recorded")
    recording.after.apply(stream)
    _set_state(stream, recording.end)
    return True


class Paintings:
    """The recordings of one worker's shared pages, by (segment key, page index): a part's kept as
    long as its layout, a table of contents' for the whole unit."""

    def __init__(self) -> None:
        self.recordings: dict[tuple[str, int], Recording | None] = {}
        self.replayed = 0

    def page(self, page_box: PageBox, slot: tuple[str, int], shared: bool) -> Page:
        """The page to write; `shared`: more packs will show it (worth recording)."""
        return _SharedPage(page_box, self, slot) if shared or slot in self.recordings else Page(page_box)

    def paint(self, page: _SharedPage, stream: Stream, scale: float) -> None:
        if page.slot not in self.recordings:
            self.recordings[page.slot] = record(page_box_of(page), stream, scale)
        recording = self.recordings[page.slot]
        if recording is not None and replay(recording, page_box_of(page), stream):
            self.replayed += 1
            return
        Page.paint(page, stream, scale)

    def drop(self, key: str) -> None:
        for slot in [slot for slot in self.recordings if slot[0] == key]:
            del self.recordings[slot]


class _SharedPage(Page):
    def __init__(self, page_box: PageBox, paintings: Paintings, slot: tuple[str, int]) -> None:
        super().__init__(page_box)
        self.paintings, self.slot = paintings, slot

    def paint(self, stream: Stream, scale: float = 1) -> None:
        self.paintings.paint(self, stream, scale)
