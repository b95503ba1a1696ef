"""A pack's editable Word twin (.docx), written from the pack's own print HTML.

The print HTML is the composition the PDF is made of (`handouts/packs.py` decides the parts and
sections, `handouts/html.py` draws them, the profile has already been applied), so the twin shows
the same parts and sections in the same order with the same titles: h1 becomes 「見出し 1」, h2
「見出し 2」 (the PDF's bookmark levels), headings inside Markdown bodies bold paragraphs as they
are not bookmarked either; tables become Word tables with the header row repeated on every page
and widths that fit A4 portrait; the charts' SVG becomes a PNG at print resolution with its
label as alt text; the cohort's images are read under the PDF fetcher's rules. A pack with a
cover page gets a table-of-contents field, every page a "n / N" footer of page fields.

Text is copied from the HTML's text nodes into runs (`docx_base.add_text`): nothing from the data
becomes a field, a hyperlink or markup. The same HTML gives the same bytes.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import struct
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from docx.document import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from lxml import etree
from lxml import html as lxml_html

from ..handouts.packs import Pack
from ..kpi_chart import chart_svgs
from . import docx_base as base

HtmlElement = Any  # lxml.html.HtmlElement (lxml ships no type information)
Raster = Callable[[list[str], float], list[bytes]]  # (SVGs, width in mm) -> their PNGs
ImageFile = Callable[[str], Path | None]  # an <img> src -> the file the PDF may read, or None

CHART_MM = 150.0  # as print.css shows a chart
TEXT_WIDTH_MM = base.PAGE_MM[0] - base.MARGINS_MM[1] - base.MARGINS_MM[3]
NOTE_PT = 8.5
MONO = "BIZ UDGothic"  # fixed-width Japanese gothic for code
_BLOCK = {
    "p", "div", "section", "nav", "header", "ul", "ol", "li", "table", "h1", "h2", "h3", "h4", "h5", "h6",
    "pre", "blockquote", "dl", "dt", "dd", "figure", "figcaption", "details", "summary", "hr", "svg",
}
_BOLD_CLASSES = {"item-title", "hw-title", "faq-q", "ws-question", "kpt-head", "outcome-statement", "admonition-title",
                 "cover-line-cohort", "rollout-flag"}
_HEIGHT = re.compile(r"height:\s*([\d.]+)mm")
_SPACE = re.compile(r"[ \t\r\n\f]+")


@dataclass
class _Writer:
    doc: Document
    pack: Pack
    charts: list[tuple[str, bytes]]  # each SVG chart as written and its PNG, in document order
    image_file: ImageFile
    first_part: bool = True
    numbering: list[int] = field(default_factory=list)  # the counters of the open <ol>s, or -1 for <ul>

    style_ids: dict[str, str] = field(default_factory=dict)
    chart_count: int = 0

    def style_id(self, name: str) -> str:
        """A built-in style's id, looked up once per document (python-docx searches every style)."""
        if name not in self.style_ids:
            self.style_ids[name] = self.doc.styles[name].style_id
        return self.style_ids[name]

    def grid_table(self, container: Any, rows: int, columns: int) -> Table:
        """A bordered table (「表 (格子)」) of `rows` × `columns` empty cells."""
        table = container.add_table(rows=rows, cols=columns)
        table._tbl.tblPr.style = self.style_id("Table Grid")
        return table

    # --- blocks ------------------------------------------------------------------------------

    def blocks(self, element: HtmlElement, container: Any) -> None:
        """Every child of `element` written into `container` (the document or a table cell)."""
        pending: list[HtmlElement | str] = []  # inline content between blocks
        if element.text and element.text.strip():
            pending.append(element.text)
        for child in element:
            if not isinstance(child.tag, str):
                if child.tail and child.tail.strip():
                    pending.append(child.tail)
                continue
            if child.tag in _BLOCK or child.tag == "img" and child.getparent().tag in ("figure", "div", "section"):
                self.loose(pending, container)
                pending = []
                self.block(child, container)
            else:
                pending.append(child)
            if child.tail and child.tail.strip():
                pending.append(child.tail)
        self.loose(pending, container)

    def loose(self, pending: list[HtmlElement | str], container: Any) -> None:
        if not any(isinstance(p, str) and p.strip() or not isinstance(p, str) for p in pending):
            return
        paragraph = container.add_paragraph()
        for item in pending:
            if isinstance(item, str):
                self.text(paragraph, item, {})
            else:
                self.inline(item, paragraph, {})

    def block(self, element: HtmlElement, container: Any) -> None:
        tag, classes = element.tag, set(element.get("class", "").split())
        if tag == "section" and "cover" in classes:
            self.cover(element)
        elif tag == "nav" and "toc" in classes:
            self.toc(element)
        elif tag == "section" and "part" in classes:
            self.part(element)
        elif tag in ("h1", "h2"):
            level = int(tag[1])
            paragraph = self.doc.add_paragraph()
            paragraph._p.style = self.style_id(f"Heading {level}")
            append_run(paragraph._p, _text(element))
            worksheet = element.getparent() is not None and "worksheet" in element.getparent().get("class", "")
            if level == 1 and not (self.first_part and self.pack.cover == "line") or worksheet:
                paragraph.paragraph_format.page_break_before = True
            self.first_part = self.first_part and level != 1
        elif tag in ("h3", "h4", "h5", "h6"):
            paragraph = container.add_paragraph()
            paragraph.paragraph_format.keep_with_next = True
            paragraph.paragraph_format.space_before = Pt(8)
            self.inline_children(element, paragraph, {"bold": True, "size": 11.0 if tag == "h3" else None})
        elif tag == "p":
            self.paragraph(element, container, classes)
        elif tag in ("ul", "ol"):
            self.numbering.append(0 if tag == "ol" else -1)
            for item in element:
                if isinstance(item.tag, str) and item.tag == "li":
                    self.list_item(item, container)
            self.numbering.pop()
        elif tag == "li":  # outside a list (never drawn so): a paragraph
            self.paragraph(element, container, classes)
        elif tag == "table":
            self.table(element, container)
        elif tag == "svg":
            self.chart(element, container)
        elif tag == "img":
            self.image(element, container.add_paragraph())
        elif tag == "pre":
            paragraph = container.add_paragraph()
            for number, line in enumerate(element.text_content().rstrip("\n").split("\n")):
                if number:
                    paragraph.add_run().add_break()
                run = base.add_text(paragraph, line, size_pt=9)
                run.font.name = MONO
        elif tag == "blockquote":
            start = _count(container)
            self.blocks(element, container)
            for paragraph in _since(container, start):
                paragraph.paragraph_format.left_indent = Mm(6)
        elif tag == "dt":
            self.paragraph(element, container, classes | {"item-title"})
        elif tag == "dd":
            start = _count(container)
            self.blocks(element, container)
            for paragraph in _since(container, start):
                paragraph.paragraph_format.left_indent = Mm(6)
        elif tag == "hr":
            container.add_paragraph()
        elif tag == "summary":
            self.paragraph(element, container, classes | {"item-title"})
        elif tag == "div" and "write-box" in classes:
            self.write_box(element, container)
        elif tag == "div" and "kpt" in classes:
            self.columns(element, container)
        else:  # div, dl, details, figure, figcaption, header, section: their content
            self.blocks(element, container)

    def part(self, element: HtmlElement) -> None:
        """One part of the pack: its Word elements are made once per process for the same HTML
        (every session is in every rollout pack and the book) and copied into each document,
        unless they hold a picture (its relationship belongs to one document)."""
        key = (etree.tostring(element), self.first_part and self.pack.cover == "line")
        body = self.doc.element.body
        cached = _PARTS.get(key)
        if cached is not None:
            for made in cached:
                body.sectPr.addprevious(copy.deepcopy(made))
            self.first_part = False
            return
        start = len(body) - 1  # before the section properties, always last
        self.blocks(element, self.doc)
        made = list(body)[start:-1]
        if not any(node.tag == qn("w:drawing") for item in made for node in item.iter()):
            if len(_PARTS) >= PART_CACHE:
                _PARTS.pop(next(iter(_PARTS)))
            _PARTS[key] = [copy.deepcopy(item) for item in made]

    def paragraph(self, element: HtmlElement, container: Any, classes: set[str]) -> Paragraph:
        paragraph = container.add_paragraph()
        style: dict[str, Any] = {}
        if classes & _BOLD_CLASSES:
            style["bold"] = True
            paragraph.paragraph_format.keep_with_next = True
        if "note" in classes or "cover-note" in classes:
            style.update(size=NOTE_PT, color=base.GREY)
        if "part-meta" in classes:
            style["color"] = base.GREY
        self.inline_children(element, paragraph, style)
        return paragraph

    def list_item(self, item: HtmlElement, container: Any) -> None:
        depth = len(self.numbering)
        if self.numbering[-1] >= 0:
            self.numbering[-1] += 1
            marker = f"{self.numbering[-1]}. "
        else:
            marker = "・"
        nested = [c for c in item if isinstance(c.tag, str) and c.tag in _BLOCK]
        start = _count(container)
        if nested:
            self.blocks(item, container)
        else:
            self.paragraph(item, container, set(item.get("class", "").split()))
        made = _since(container, start)
        if not made:
            made = [container.add_paragraph()]
        base.add_text(made[0], marker)
        first = made[0]._p
        runs = first.findall(qn("w:r"))
        if len(runs) > 1:  # the marker run goes first
            first.remove(runs[-1])
            runs[0].addprevious(runs[-1])
        for paragraph in made:
            if paragraph.paragraph_format.left_indent is None:
                paragraph.paragraph_format.left_indent = Mm(6 * depth)
        made[0].paragraph_format.first_line_indent = Mm(-4)

    # --- inline ------------------------------------------------------------------------------

    def inline_children(self, element: HtmlElement, paragraph: Paragraph, style: dict[str, Any]) -> None:
        if element.text:
            self.text(paragraph, element.text, style)
        for child in element:
            if isinstance(child.tag, str):
                if child.tag in _BLOCK and child.tag not in ("svg",):
                    # a block inside a paragraph-like element (a note in a cell): a line break, then its text
                    paragraph.add_run().add_break()
                    self.inline_children(child, paragraph, {**style, **_style_of(child)})
                else:
                    self.inline(child, paragraph, style)
            if child.tail:
                self.text(paragraph, child.tail, style)

    def inline(self, element: HtmlElement, paragraph: Paragraph, style: dict[str, Any]) -> None:
        tag = element.tag
        if tag == "br":
            paragraph.add_run().add_break()
            return
        if tag == "img":
            self.image(element, paragraph)
            return
        if tag == "rt":
            self.text(paragraph, f"（{element.text_content()}）", style)
            return
        if tag == "rp":
            return
        self.inline_children(element, paragraph, {**style, **_style_of(element)})

    def text(self, paragraph: Paragraph, text: str, style: dict[str, Any]) -> None:
        text = _SPACE.sub(" ", text)
        if not text or text == " " and not len(paragraph._p):
            return
        append_run(paragraph._p, text, _run_format(style))

    # --- tables ------------------------------------------------------------------------------

    def table(self, element: HtmlElement, container: Any) -> None:
        rows: list[tuple[HtmlElement, bool]] = []  # (tr, in thead)
        for child in element:
            if not isinstance(child.tag, str):
                continue
            if child.tag == "tr":
                rows.append((child, False))
            elif child.tag in ("thead", "tbody", "tfoot"):
                rows += [(tr, child.tag == "thead") for tr in child if isinstance(tr.tag, str) and tr.tag == "tr"]
        if not rows:
            return
        cells = [[c for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")] for tr, _ in rows]
        columns = max(sum(int(c.get("colspan", "1") or 1) for c in row) for row in cells)
        table = self.grid_table(container, len(rows), columns)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        widths = _column_widths(cells, columns, _available_mm(container))
        for r, ((_tr, head), row) in enumerate(zip(rows, cells, strict=True)):
            word_row = table.rows[r]
            if head:
                base.repeat_header(word_row)
            base.cant_split(word_row)
            blank = max((_blank_height(c) for c in row), default=0.0)
            if blank:
                word_row.height = Mm(blank)
            column = 0
            _set_widths_row(word_row, table, widths)  # before the content: a chart in a cell fits it
            word_cells = [_Cell(tc, table) for tc in word_row._tr.tc_lst]
            for cell in row:
                span = int(cell.get("colspan", "1") or 1)
                target = word_cells[column]
                if span > 1:
                    target = target.merge(word_cells[column + span - 1])
                self.cell(cell, target, bold=cell.tag == "th")
                column += span
        _set_grid(table, widths)

    def cell(self, element: HtmlElement, cell: _Cell, bold: bool) -> None:
        classes = set(element.get("class", "").split())
        if any(isinstance(c.tag, str) and c.tag in _BLOCK - {"svg"} for c in element):
            self.blocks(element, cell)
            first = cell.paragraphs[0]
            if len(cell.paragraphs) > 1 and not first.runs:
                first._p.getparent().remove(first._p)
        else:
            paragraph = cell.paragraphs[0]
            self.inline_children(element, paragraph, {"bold": bold})
        if "num" in classes:
            for paragraph in cell.paragraphs:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if bold:
            base.shade(cell, "EEF3F9")

    def columns(self, element: HtmlElement, container: Any) -> None:
        """Side-by-side boxes (Keep / Try columns) as one table row, each box a cell."""
        boxes = [c for c in element if isinstance(c.tag, str)]
        if not boxes:
            return
        table = self.grid_table(container, 1, len(boxes))
        for box, cell in zip(boxes, table.rows[0].cells, strict=True):
            self.blocks(box, cell)
            first = cell.paragraphs[0]
            if len(cell.paragraphs) > 1 and not first.runs:
                first._p.getparent().remove(first._p)
        width = _available_mm(container) / len(boxes)
        _set_widths(table, [width] * len(boxes))

    def write_box(self, element: HtmlElement, container: Any) -> None:
        """Room to write: an empty bordered box of the PDF's height."""
        found = _HEIGHT.search(element.get("style", ""))
        table = self.grid_table(container, 1, 1)
        table.rows[0].height = Mm(float(found.group(1)) if found else 30)
        _set_widths(table, [_available_mm(container)])

    # --- cover, contents, images -------------------------------------------------------------

    def cover(self, element: HtmlElement) -> None:
        sizes = {"cover-cohort": 16.0, "cover-kind": 24.0, "cover-municipality": 28.0, "cover-code": 12.0}
        for child in element:
            if not isinstance(child.tag, str):
                continue
            classes = set(child.get("class", "").split())
            if child.tag == "table":
                self.doc.add_paragraph()
                self.table(child, self.doc)
                continue
            paragraph = self.doc.add_paragraph()
            size = next((s for c, s in sizes.items() if c in classes), None)
            if size:
                paragraph.paragraph_format.space_after = Pt(size / 2)
            style: dict[str, Any] = {"size": size, "bold": bool(size and size >= 16)}
            if "cover-note" in classes:
                style.update(size=NOTE_PT, color=base.GREY)
            if "cover-cohort" in classes:
                paragraph.paragraph_format.space_before = Pt(120)
            self.inline_children(child, paragraph, style)
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def toc(self, element: HtmlElement) -> None:
        """A table-of-contents field (Word fills it in when the fields are updated), its result the
        PDF's contents as text until then."""
        title = element.find(".//p")
        paragraph = self.doc.add_paragraph()
        base.add_text(paragraph, _text(title) if title is not None else "目次", bold=True, size_pt=14)
        levels = "1-1" if self.pack.cover == "full" else "2-2"
        entries = [_text(a) for a in element.iter("a")]
        base.add_toc_field(self.doc, levels, entries)

    def chart(self, element: HtmlElement, container: Any) -> None:
        title = element.find("title")
        label = element.get("aria-label") or (_text(title) if title is not None else "")
        width = min(CHART_MM, _available_mm(container))
        _svg, png = self.charts[self.chart_count]
        self.chart_count += 1
        paragraph = container.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run()
        pixels_wide, pixels_high = struct.unpack(">II", png[16:24])  # the PNG's IHDR: the chart's own ratio
        run.add_picture(io.BytesIO(png), width=Mm(width), height=Mm(width * pixels_high / pixels_wide))
        base.alt_text(run, label or "グラフ")

    def image(self, element: HtmlElement, paragraph: Paragraph) -> None:
        path = self.image_file(element.get("src", ""))
        alt = element.get("alt", "")
        if path is None or path.suffix.lower() == ".svg":  # refused (the PDF refuses it too) or vector
            if alt:
                base.add_text(paragraph, f"［画像: {alt}］", color=base.GREY)
            return
        run = paragraph.add_run()
        try:
            run.add_picture(str(path))
        except Exception:  # a format python-docx cannot size (webp): its description instead
            run._r.getparent().remove(run._r)
            base.add_text(paragraph, f"［画像: {alt or path.name}］", color=base.GREY)
            return
        _fit_picture(run, _available_mm(None))
        base.alt_text(run, alt or path.name)


PART_CACHE = 128  # parts kept per process (the sample has about 60 distinct ones)
_PARTS: dict[tuple[bytes, bool], list[Any]] = {}  # (part's HTML, first under a cover line) -> Word elements


# --- runs --------------------------------------------------------------------------------

RunFormat = tuple[tuple[str, Any], ...]


def _run_format(style: dict[str, Any]) -> RunFormat:
    return tuple(sorted((k, v) for k, v in style.items() if v not in (None, False)))


@lru_cache(maxsize=256)
def _run_properties(run_format: RunFormat) -> bytes:
    """The w:rPr of a run format, in the schema's order (CT_RPr)."""
    style = dict(run_format)
    props = etree.Element(qn("w:rPr"))
    if style.get("mono"):
        fonts = etree.SubElement(props, qn("w:rFonts"))
        for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attribute), MONO)
    for key, tag in (("bold", "w:b"), ("italic", "w:i"), ("strike", "w:strike")):
        if style.get(key):
            etree.SubElement(props, qn(tag))
    if style.get("color") is not None:
        etree.SubElement(props, qn("w:color")).set(qn("w:val"), str(style["color"]))
    if style.get("size"):
        etree.SubElement(props, qn("w:sz")).set(qn("w:val"), str(round(style["size"] * 2)))
    if style.get("underline"):
        etree.SubElement(props, qn("w:u")).set(qn("w:val"), "single")
    if style.get("sup") or style.get("sub"):
        etree.SubElement(props, qn("w:vertAlign")).set(qn("w:val"), "superscript" if style.get("sup") else "subscript")
    return etree.tostring(props)


def append_run(paragraph: Any, text: str, run_format: RunFormat = ()) -> None:
    """`text` as one text run (w:r/w:t) at the end of a w:p element: the fast path of
    `docx_base.add_text` for text without line breaks, as many runs as a handout has."""
    run = etree.SubElement(paragraph, qn("w:r"))
    if run_format:
        run.append(etree.fromstring(_run_properties(run_format)))
    node = etree.SubElement(run, qn("w:t"))
    node.text = base.xml_text(text)
    if text != text.strip():
        node.set(base.XML_SPACE, "preserve")


# --- helpers on python-docx objects ---------------------------------------------------------

def _style_of(element: HtmlElement) -> dict[str, Any]:
    tag, classes = element.tag, set(element.get("class", "").split())
    style: dict[str, Any] = {}
    if tag in ("strong", "b", "th") or classes & _BOLD_CLASSES:
        style["bold"] = True
    if tag in ("em", "i", "cite"):
        style["italic"] = True
    if tag in ("code", "kbd", "samp"):
        style["mono"] = True
    if tag in ("u", "ins"):
        style["underline"] = True
    if tag in ("s", "del"):
        style["strike"] = True
    if tag == "sup":
        style["sup"] = True
    if tag == "sub":
        style["sub"] = True
    if tag == "small" or "note" in classes or "minutes" in classes:
        style.update(size=NOTE_PT, color=base.GREY)
    return style


def _text(element: HtmlElement) -> str:
    return " ".join(element.text_content().split())


def _element(container: Any) -> Any:
    return container._tc if isinstance(container, _Cell) else container.element.body


def _count(container: Any) -> int:
    """How many children the container's element has before its section properties (a mark for
    `_since`: python-docx adds paragraphs before the body's w:sectPr)."""
    element = _element(container)
    return len(element) - (1 if len(element) and element[-1].tag == qn("w:sectPr") else 0)


def _since(container: Any, mark: int) -> list[Paragraph]:
    """The paragraphs added to the container after `mark` (not those in tables)."""
    return [Paragraph(p, container) for p in _element(container)[mark:] if p.tag == qn("w:p")]


def _available_mm(container: Any) -> float:
    if isinstance(container, _Cell) and container.width is not None:
        return float(container.width.mm) - 2
    return float(TEXT_WIDTH_MM)


def _blank_height(cell: HtmlElement) -> float:
    classes = set(cell.get("class", "").split())
    if "blank" not in classes:
        return 0.0
    return 40.0 if "taller" in classes else 25.0 if "tall" in classes else 9.0


_UNBROKEN = {"num", "deadline", "nowrap", "time"}  # print.css keeps these cells on one line


def _text_mm(text: str) -> float:
    """About how wide a line of text is at the body size (10.5 pt) with some room: full-width 3.9 mm,
    else 2.5 mm, and 1.2 mm where Japanese and Latin text meet (Word and LibreOffice space them)."""
    wide = [ord(ch) > 0x2E7F for ch in text]
    changes = sum(a != b for a, b in zip(wide, wide[1:], strict=False))
    return sum(3.9 if w else 2.5 for w in wide) + 1.2 * changes


def _column_widths(rows: list[list[HtmlElement]], columns: int, total: float) -> list[float]:
    """Widths in mm sharing `total` by each column's longest text, each at least 14 mm; a column
    the PDF keeps on one line (numbers, dates, times) is at least as wide as its longest line.
    The widest columns give way first."""
    need, floor = [4.0] * columns, [min(14.0, total / columns)] * columns
    for row in rows:
        column = 0
        for cell in row:
            span = int(cell.get("colspan", "1") or 1)
            if span == 1:
                length = sum(2 if ord(ch) > 0x2E7F else 1 for ch in _text(cell))
                need[column] = max(need[column], min(float(length), 60.0))
                if set(cell.get("class", "").split()) & _UNBROKEN:
                    line = max((_text_mm(t.strip()) for t in cell.itertext() if t.strip()), default=0.0)
                    floor[column] = max(floor[column], min(line + 5.5, total * 0.4))  # + the cell's margins
            column += span
    if sum(floor) > total:  # more one-line text than fits: share by the floors
        return [total * f / sum(floor) for f in floor]
    widths = [max(floor[i], total * n / sum(need)) for i, n in enumerate(need)]
    excess = sum(widths) - total
    while excess > 0.01:
        wide = [i for i, w in enumerate(widths) if w > floor[i] + 0.01]
        if not wide:
            break
        cut = excess / len(wide)
        for i in wide:
            taken = min(cut, widths[i] - floor[i])
            widths[i] -= taken
            excess -= taken
    return widths


def _set_grid(table: Table, widths: list[float]) -> None:
    table.autofit = False
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths, strict=False):
        col.set(qn("w:w"), str(int(Mm(width).twips)))


def _set_widths_row(row: Any, table: Table, widths: list[float]) -> None:
    """Each cell's width: the sum of the grid columns it spans."""
    column = 0
    for tc in row._tr.tc_lst:
        span = tc.grid_span
        _Cell(tc, table).width = Mm(sum(widths[column:column + span]))
        column += span


def _set_widths(table: Table, widths: list[float]) -> None:
    for row in table.rows:
        _set_widths_row(row, table, widths)
    _set_grid(table, widths)


def _fit_picture(run: Any, width_mm: float) -> None:
    """Shrink a picture wider than the text area to its width, keeping its ratio."""
    for extent in run._r.iter(qn("wp:extent")):
        cx, cy = int(extent.get("cx")), int(extent.get("cy"))
        limit = int(Mm(width_mm))
        if cx > limit:
            extent.set("cx", str(limit))
            extent.set("cy", str(cy * limit // cx))
            for ext in run._r.iter(qn("a:ext")):
                ext.set("cx", str(limit))
                ext.set("cy", str(cy * limit // cx))


def handout_docx(pack: Pack, html: str, raster: Raster, image_file: ImageFile) -> bytes:
    """The Word twin of `pack`, from its print HTML (`handouts.html.pack_html`)."""
    tree = lxml_html.document_fromstring(html)
    when = dt.datetime.combine(pack.date, dt.time())
    doc = base.new_document(pack.ref.title, when=when, subject=f"{pack.cohort.title} {pack.subtitle}")
    doc.core_properties.keywords = pack.cohort.id
    body = tree.find("body")
    assert body is not None
    svgs = chart_svgs(html)
    writer = _Writer(doc, pack, list(zip(svgs, raster(svgs, CHART_MM), strict=True)) if svgs else [], image_file)
    writer.blocks(body, doc)
    if any((code.text or "").lstrip().startswith("TOC") for code in doc.element.body.iter(qn("w:instrText"))):
        base.update_fields_on_open(doc)  # here: a part copied from another document holds its TOC field
    base.running_header(doc, pack.cohort.title + ("　［サンプル］" if pack.cohort.sample else ""))
    base.page_number_footer(doc)
    return base.docx_bytes(doc)
