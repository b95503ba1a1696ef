"""Word (.docx) basics shared by every document the project writes, on python-docx.

A document made here is A4 with the PDFs' margins, names a Japanese East Asian font on every
style (python-docx's template names theme fonts only, which Word resolves to MS Mincho/Calibri
mixtures on a Japanese PC), writes text from data only as text runs (never a field code, never
parsed markup), and saves to the same bytes for the same content (fixed core properties and zip
times, no thumbnail). Also here: table rows and cells (header rows, rows kept on one page,
shading), a picture's alt text, and the fields a handout uses (a table of contents, "n / N" page
numbers in the footer) with a running header.

    doc = new_document("提案書", when=dt.datetime(2021, 4, 1))
    add_heading(doc, "対象業務", 1)
    add_paragraph(doc, "複数行の\\nテキスト")           # a line break is a Word line break
    add_table(doc, ("指標", "目標値"), [("利用率", "70")], widths_mm=(120, 40))
    set_custom_properties(doc, {"cohort": "tokyo-2021"})
    data = docx_bytes(doc)

Fonts: BIZ UDPGothic (headings, body) and BIZ UDMincho, as the PDFs use. A PC without them gets
Word's own substitute for a Japanese font of the same kind: each font is declared in the
document's font table with its Japanese name, the Shift_JIS charset and its family, which is
what Word and LibreOffice use to pick the fallback (MS Pゴシック, MS 明朝, or Noto CJK).
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Sequence
from io import BytesIO
from typing import Any

from docx import Document as _new_docx
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.opc.pkgwriter import PackageWriter
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from ..storage import FIXED_ZIP_TIME

GOTHIC = "BIZ UDPGothic"
MINCHO = "BIZ UDMincho"
# (Japanese name, family) of each font, for the font table: what a PC without it substitutes.
_FONT_TABLE = {GOTHIC: ("BIZ UDPゴシック", "modern"), MINCHO: ("BIZ UD明朝", "roman")}
CREATOR = "cohort-site"
GREY = RGBColor(0x59, 0x59, 0x59)  # instructions: 7:1 on white
HEADER_FILL = "DDEBF7"  # table header rows, as the results sheet's (black text on it: 15:1)
ACCENT = RGBColor(0x1D, 0x4E, 0x89)  # the PDFs' heading colour

# The PDFs' page: A4, margins top/right/bottom/left (handouts/templates pack CSS @page).
PAGE_MM = (210, 297)
MARGINS_MM = (20, 17, 18, 17)
BODY_PT = 10.5

_CUSTOM_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the user-defined property set
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# Characters XML 1.0 cannot hold (C0 controls but tab and newlines, lone surrogates, U+FFFE/F).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: object) -> str:
    """`text` as characters an XML part can hold: CR/LF pairs as one line break, other controls
    dropped (the loader refuses them in the data; a Word file cannot hold them)."""
    return _NOT_XML.sub("", str(text).replace("\r\n", "\n").replace("\r", "\n"))


def _set_fonts(rpr_parent: Any, font: str) -> None:
    """Name `font` for every script of a style's or the defaults' run properties (w:rPr), with
    no theme font left to override it (a theme attribute wins over the named font in Word)."""
    rpr = rpr_parent.get_or_add_rPr() if hasattr(rpr_parent, "get_or_add_rPr") else rpr_parent
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = etree.SubElement(rpr, qn("w:rFonts"))
        rpr.remove(fonts)
        rpr.insert(0, fonts)  # rFonts comes first in CT_RPr's sequence
    for name in list(fonts.attrib):
        del fonts.attrib[name]
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), font)
    fonts.set(qn("w:hint"), "eastAsia")


def _japanese_defaults(doc: Document, body_font: str) -> None:
    styles = doc.styles.element
    rpr = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    _set_fonts(rpr, body_font)
    lang = rpr.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:val"), "ja-JP")
        lang.set(qn("w:eastAsia"), "ja-JP")
    size = rpr.find(qn("w:sz"))
    if size is not None:
        size.set(qn("w:val"), str(int(BODY_PT * 2)))
    settings = doc.settings.element
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), "ja-JP")
        theme_lang.set(qn("w:eastAsia"), "ja-JP")


def _font_table(doc: Document) -> None:
    """Declare each font with its Japanese name, charset and family (what a fallback is chosen by)."""
    part = next(p for p in doc.part.package.iter_parts() if p.partname == "/word/fontTable.xml")
    root = etree.fromstring(part.blob)
    for name, (alt, family) in _FONT_TABLE.items():
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), name)
        for tag, value in (("w:altName", alt), ("w:charset", "80"), ("w:family", family), ("w:pitch", "variable")):
            etree.SubElement(font, qn(tag)).set(qn("w:val"), value)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def new_document(
    title: str, *, when: dt.datetime, subject: str = "", body_font: str = GOTHIC, heading_font: str = GOTHIC
) -> Document:
    """An empty A4 document whose every style names a Japanese font (`w:eastAsia` included):
    headings in `heading_font`, everything else in `body_font`. `when` is its created/modified
    date (fixed by the caller from the data, so the same content gives the same bytes)."""
    doc = _new_docx()
    _japanese_defaults(doc, body_font)
    for style in doc.styles:
        heading = style.type == WD_STYLE_TYPE.PARAGRAPH and (style.name or "").startswith(("Heading", "Title"))
        _set_fonts(style.element, heading_font if heading else body_font)
        if heading and style.font.color is not None and style.font.color.rgb is not None:
            style.font.color.rgb = ACCENT
    _font_table(doc)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    top, right, bottom, left = MARGINS_MM
    section.top_margin, section.right_margin = Mm(top), Mm(right)
    section.bottom_margin, section.left_margin = Mm(bottom), Mm(left)
    props = doc.core_properties
    props.title, props.subject = xml_text(title), xml_text(subject)
    props.author = props.last_modified_by = CREATOR
    props.comments, props.keywords, props.category = "", "", ""
    props.created = props.modified = when
    props.revision = 1
    _drop_thumbnail(doc)
    return doc


def _drop_thumbnail(doc: Document) -> None:
    """python-docx's template carries a thumbnail of its own sample; no document of ours shows it."""
    package = doc.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.rels.pop(rel_id)


def add_paragraph_style(
    doc: Document, name: str, *, size_pt: float | None = None, color: RGBColor | None = None, font: str = GOTHIC
) -> None:
    """A paragraph style based on 「Normal」 that names `font` for every script, like every other style."""
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    _set_fonts(style.element, font)
    if size_pt is not None:
        style.font.size = Pt(size_pt)
    if color is not None:
        style.font.color.rgb = color


def add_text(
    paragraph: Paragraph, text: object, *, bold: bool = False, italic: bool = False,
    color: RGBColor | None = None, size_pt: float | None = None,
) -> Run:
    """Append `text` to `paragraph` as one text run: a newline becomes a Word line break, a tab a
    tab; nothing in it is a field, a hyperlink or markup."""
    run = paragraph.add_run(xml_text(text))
    run.bold = bold or None
    run.italic = italic or None
    if color is not None:
        run.font.color.rgb = color
    if size_pt is not None:
        run.font.size = Pt(size_pt)
    return run


def add_paragraph(container: Any, text: object = "", style: str | None = None, **run_format: Any) -> Paragraph:
    """A paragraph of `container` (the document, a cell, a header) holding `text` as one run."""
    paragraph = container.add_paragraph(style=style)
    if text != "":
        add_text(paragraph, text, **run_format)
    return paragraph


def add_heading(doc: Document, text: object, level: int) -> Paragraph:
    """A Word heading (style 「Heading N」, so the navigation pane and a TOC list it); 0 is the title."""
    return doc.add_heading(xml_text(text), level)


def repeat_header(row: _Row) -> None:
    """Mark a table row as a header row: Word repeats it at the top of every page the table spans."""
    tr_pr = row._tr.get_or_add_trPr()
    if tr_pr.find(qn("w:tblHeader")) is None:
        etree.SubElement(tr_pr, qn("w:tblHeader"))


def cant_split(row: _Row) -> None:
    """Keep a table row on one page (Word moves it whole to the next page)."""
    tr_pr = row._tr.get_or_add_trPr()
    if tr_pr.find(qn("w:cantSplit")) is None:
        tr_pr.insert(0, etree.Element(qn("w:cantSplit")))


def shade(cell: _Cell, fill: str) -> None:
    """Fill a table cell with the colour `fill` (hex RGB, as "DDEBF7")."""
    shading = etree.SubElement(cell._tc.get_or_add_tcPr(), qn("w:shd"))
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)


def fill_row(row: _Row, values: Sequence[object], *, bold: bool = False) -> None:
    """Write `values` into the row's cells as text runs (a newline is a line break inside the cell)."""
    for cell, value in zip(row.cells, values, strict=True):
        paragraph = cell.paragraphs[0]
        for run in list(paragraph.runs):
            run._r.getparent().remove(run._r)
        add_text(paragraph, value, bold=bold)


def add_table(
    container: Any, header: Sequence[str], rows: Sequence[Sequence[object]] = (),
    widths_mm: Sequence[float] | None = None,
) -> Table:
    """A bordered table ("Table Grid") whose first row is `header` in bold, repeated on every page,
    then one row per item of `rows`, every cell text."""
    table = container.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    margins = etree.SubElement(table._tbl.tblPr, qn("w:tblCellMar"))  # a little air above and below text
    for side, twips in (("top", 30), ("bottom", 30)):
        edge = etree.SubElement(margins, qn(f"w:{side}"))
        edge.set(qn("w:w"), str(twips))
        edge.set(qn("w:type"), "dxa")
    fill_row(table.rows[0], header, bold=True)
    repeat_header(table.rows[0])
    for cell in table.rows[0].cells:
        shade(cell, HEADER_FILL)
    for values in rows:
        fill_row(table.add_row(), values)
    if widths_mm is not None:
        table.autofit = False
        for index, width in enumerate(widths_mm):
            table.columns[index].width = Mm(width)  # the grid: LibreOffice lays out by it
            for cell in table.columns[index].cells:  # the cells: Word lays out by them
                cell.width = Mm(width)
    return table


def alt_text(run: Run, text: str, *, title: bool = True) -> None:
    """The description (Word: 代替テキスト) of the picture in `run`; with `title`, its title the same."""
    for doc_pr in run._r.iter(qn("wp:docPr")):
        doc_pr.set("descr", xml_text(text))
        if title:
            doc_pr.set("title", xml_text(text)[:200])


# --- fields, header and footer ---------------------------------------------------------------

def _field_char(paragraph: Paragraph, kind: str) -> None:
    etree.SubElement(paragraph.add_run()._r, qn("w:fldChar")).set(qn("w:fldCharType"), kind)


def _field_code(paragraph: Paragraph, instruction: str) -> None:
    code = etree.SubElement(paragraph.add_run()._r, qn("w:instrText"))
    code.set(XML_SPACE, "preserve")
    code.text = f" {instruction} "


def _field(paragraph: Paragraph, instruction: str, result: str = "") -> None:
    """A complex field with a fixed instruction written by this module (never from the data)."""
    _field_char(paragraph, "begin")
    _field_code(paragraph, instruction)
    _field_char(paragraph, "separate")
    add_text(paragraph, result or "1")
    _field_char(paragraph, "end")


def add_toc_field(doc: Document, levels: str, entries: list[str]) -> None:
    """A TOC field over heading levels `levels` ("1-2"), hyperlinked; until Word updates it, its
    result lists `entries` (the PDF's contents) as text. Word asks to update fields on opening."""
    first = doc.add_paragraph()
    _field_char(first, "begin")
    _field_code(first, f'TOC \\o "{levels}" \\h \\z \\u')
    _field_char(first, "separate")
    last = first
    for number, entry in enumerate(entries):
        paragraph = first if number == 0 else doc.add_paragraph()
        add_text(paragraph, entry)
        last = paragraph
    _field_char(last, "end")


# What follows w:updateFields in CT_Settings' sequence (Word refuses a settings part out of order).
_AFTER_UPDATE_FIELDS = (
    "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "attachedSchema", "themeFontLang",
    "clrSchemeMapping", "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade", "captions",
    "readModeInkLockDown", "smartTagType", "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator",
)


def update_fields_on_open(doc: Document) -> None:
    """Word updates the fields (the table of contents) when the document is opened."""
    settings = doc.settings.element
    if settings.find(qn("w:updateFields")) is not None:
        return
    update = etree.Element(qn("w:updateFields"))
    update.set(qn("w:val"), "true")
    follower = next((c for c in settings if etree.QName(c).localname in _AFTER_UPDATE_FIELDS), None)
    if follower is not None:
        follower.addprevious(update)
    else:
        settings.append(update)


def page_number_footer(doc: Document) -> None:
    """Every page's footer: "n / N" from the PAGE and NUMPAGES fields, centred."""
    for section in doc.sections:
        paragraph = section.footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _field(paragraph, "PAGE")
        add_text(paragraph, " / ")
        _field(paragraph, "NUMPAGES")
        for run in paragraph.runs:
            run.font.size = Pt(8)


def running_header(doc: Document, text: str) -> None:
    """Every page's header: `text` in small grey type."""
    for section in doc.sections:
        paragraph = section.header.paragraphs[0]
        add_text(paragraph, text, size_pt=7.5, color=RGBColor(0x55, 0x55, 0x55))


# --- custom document properties (docProps/custom.xml) ----------------------------------------

def set_custom_properties(doc: Document, values: dict[str, str]) -> None:
    """Store `values` as the document's custom properties (Word: ファイル > 情報 > プロパティ >
    詳細プロパティ > ユーザー設定). Word and LibreOffice keep them when the file is edited."""
    root = etree.Element(qn_custom("Properties"), nsmap={None: _CUSTOM_NS, "vt": _VT_NS})
    for pid, (name, value) in enumerate(values.items(), start=2):
        prop = etree.SubElement(root, qn_custom("property"), fmtid=_FMTID, pid=str(pid), name=name)
        etree.SubElement(prop, f"{{{_VT_NS}}}lpwstr").text = xml_text(value)
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    package = doc.part.package
    existing = _custom_part(doc)
    if existing is not None:
        existing._blob = blob
        return
    part = Part(PackURI("/docProps/custom.xml"), _CUSTOM_CT, blob, package)
    package.relate_to(part, RT.CUSTOM_PROPERTIES)


def qn_custom(tag: str) -> str:
    return f"{{{_CUSTOM_NS}}}{tag}"


def _custom_part(doc: Document) -> Part | None:
    for rel in doc.part.package.rels.values():
        if rel.reltype == RT.CUSTOM_PROPERTIES and not rel.is_external:
            return rel.target_part
    return None


def custom_properties(doc: Document) -> dict[str, str]:
    """The document's custom text properties (name -> value); {} when it has none or they do not parse."""
    part = _custom_part(doc)
    if part is None:
        return {}
    try:
        root = parse_xml(part.blob)
    except etree.XMLSyntaxError:
        return {}
    found: dict[str, str] = {}
    for prop in root.findall(qn_custom("property")):
        value = prop.find(f"{{{_VT_NS}}}lpwstr")
        name = prop.get("name")
        if name and value is not None:
            found[name] = value.text or ""
    return found


# --- saving ----------------------------------------------------------------------------------

class _FixedZip:
    """python-docx's package writer target: each part deflated once, with a fixed time."""

    def __init__(self, out: BytesIO):
        self.zip = zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED)

    def write(self, pack_uri: Any, blob: bytes) -> None:
        entry = zipfile.ZipInfo(pack_uri.membername, FIXED_ZIP_TIME)
        entry.compress_type = zipfile.ZIP_DEFLATED
        self.zip.writestr(entry, blob, compresslevel=6)

    def close(self) -> None:
        self.zip.close()


def docx_bytes(doc: Document) -> bytes:
    """The document as .docx bytes: the same content gives the same bytes (fixed zip times).
    Each part is compressed once, where saving and then rezipping with `storage.fixed_zip_times`
    compressed it twice (the sample's 71 handouts spent 2 s more). These are python-docx's own
    `OpcPackage.save` steps, on its package writer, so the bytes are those of a save rezipped."""
    package = doc.part.package
    for part in package.parts:
        part.before_marshal()
    out = BytesIO()
    target = _FixedZip(out)
    PackageWriter._write_content_types_stream(target, package.parts)
    PackageWriter._write_pkg_rels(target, package.rels)
    PackageWriter._write_parts(target, package.parts)  # type: ignore[arg-type]  # its write() and close() suffice
    target.close()
    return out.getvalue()
