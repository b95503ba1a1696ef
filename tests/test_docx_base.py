"""office/docx_base: the Word basics every document shares (fonts, page, tables, text, bytes)."""

from __future__ import annotations

import datetime as dt
import zipfile
from io import BytesIO

import docx
from docx.oxml.ns import qn
from docx.shared import Mm

from cohort_site.office.docx_base import (
    GOTHIC,
    MINCHO,
    add_heading,
    add_paragraph,
    add_table,
    add_toc_field,
    custom_properties,
    docx_bytes,
    new_document,
    page_number_footer,
    running_header,
    set_custom_properties,
    update_fields_on_open,
)
from cohort_site.storage import FIXED_ZIP_TIME, fixed_zip_times

WHEN = dt.datetime(2021, 4, 1)


def _sample() -> bytes:
    doc = new_document("提案書 =1+1", when=WHEN, body_font=MINCHO)
    add_heading(doc, "対象業務", 1)
    add_paragraph(doc, '=HYPERLINK("http://127.0.0.1/","x")\n{ PAGE } !!python/object:os.system')
    add_table(doc, ("指標", "目標値"), [("利用率", "=1+1"), ("来庁回数\n（年）", "@SUM(A1)")], widths_mm=(120, 40))
    set_custom_properties(doc, {"cohort": "tokyo-2021", "group": "g1"})
    return docx_bytes(doc)


def test_every_style_names_a_japanese_east_asian_font_without_theme_fonts() -> None:
    doc = docx.Document(BytesIO(_sample()))
    styles = doc.styles.element
    defaults = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    assert defaults.get(qn("w:eastAsia")) == MINCHO and defaults.get(qn("w:eastAsiaTheme")) is None
    checked = 0
    for style in styles.findall(qn("w:style")):
        fonts = style.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        name = style.find(qn("w:name")).get(qn("w:val"))
        assert fonts is not None, name
        assert fonts.get(qn("w:eastAsia")) in (GOTHIC, MINCHO), name
        assert not [a for a in fonts.attrib if a.endswith("Theme") or a.endswith("theme")], name
        checked += 1
    assert checked > 50
    assert doc.styles["Heading 1"].element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}").get(qn("w:eastAsia")) == GOTHIC
    table = zipfile.ZipFile(BytesIO(_sample())).read("word/fontTable.xml").decode()
    assert 'w:name="BIZ UDPGothic"' in table and "BIZ UDPゴシック" in table and 'w:charset w:val="80"' in table


def test_a4_page_header_rows_repeat_and_text_stays_text() -> None:
    data = _sample()
    doc = docx.Document(BytesIO(data))
    section = doc.sections[0]
    assert (round(section.page_width / Mm(1)), round(section.page_height / Mm(1))) == (210, 297)
    table = doc.tables[0]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [c.text for c in table.rows[1].cells] == ["利用率", "=1+1"]
    assert table.rows[2].cells[0].text == "来庁回数\n（年）"
    xml = zipfile.ZipFile(BytesIO(data)).read("word/document.xml").decode()
    assert "fldSimple" not in xml and "instrText" not in xml and "fldChar" not in xml and "hyperlink" not in xml
    assert doc.paragraphs[1].text.startswith('=HYPERLINK("http://127.0.0.1/","x")\n{ PAGE }')


def test_same_content_same_bytes_and_fixed_properties() -> None:
    assert _sample() == _sample()
    archive = zipfile.ZipFile(BytesIO(_sample()))
    assert {info.date_time for info in archive.infolist()} == {(2000, 1, 1, 0, 0, 0)}
    assert not [n for n in archive.namelist() if "thumbnail" in n]
    props = docx.Document(BytesIO(_sample())).core_properties
    utc = WHEN.replace(tzinfo=dt.UTC)
    assert (props.created, props.modified, props.author, props.title) == (utc, utc, "cohort-site", "提案書 =1+1")


def test_custom_properties_round_trip() -> None:
    doc = docx.Document(BytesIO(_sample()))
    assert custom_properties(doc) == {"cohort": "tokyo-2021", "group": "g1"}
    set_custom_properties(doc, {"cohort": "x"})
    assert custom_properties(docx.Document(BytesIO(docx_bytes(doc)))) == {"cohort": "x"}
    assert custom_properties(new_document("t", when=WHEN)) == {}


def test_column_widths_in_grid_and_cells() -> None:
    table = docx.Document(BytesIO(_sample())).tables[0]
    assert [round(c.width / Mm(1)) for c in table.columns] == [120, 40]
    assert [round(c.width / Mm(1)) for c in table.rows[1].cells] == [120, 40]


def test_fields_header_and_footer() -> None:
    doc = new_document("研修ブック", when=WHEN)
    add_toc_field(doc, "1-2", ["第1回 DXとは", "第2回 業務の棚卸し"])
    update_fields_on_open(doc)
    update_fields_on_open(doc)  # once only
    running_header(doc, "令和3年度 DX研修")
    page_number_footer(doc)
    archive = zipfile.ZipFile(BytesIO(docx_bytes(doc)))
    body = archive.read("word/document.xml").decode()
    assert '<w:instrText xml:space="preserve"> TOC \\o "1-2" \\h \\z \\u </w:instrText>' in body
    assert body.index('w:fldCharType="begin"') < body.index("第1回 DXとは") < body.index("第2回 業務の棚卸し")
    assert body.index("第2回 業務の棚卸し") < body.index('w:fldCharType="end"')
    settings = archive.read("word/settings.xml").decode()
    assert settings.count("<w:updateFields") == 1
    assert settings.index("<w:updateFields") < settings.index("<w:compat")  # CT_Settings' order
    footer = next(archive.read(n).decode() for n in archive.namelist() if n.startswith("word/footer"))
    codes = [c.strip() for c in footer.split("<w:instrText")[1:]]
    assert [c.split(">", 1)[1].split("<", 1)[0].strip() for c in codes] == ["PAGE", "NUMPAGES"]
    assert "> / <" in footer.replace("</w:t>", "<").replace('<w:t xml:space="preserve">', ">")
    header = next(archive.read(n).decode() for n in archive.namelist() if n.startswith("word/header"))
    assert "令和3年度 DX研修" in header


def test_docx_bytes_are_python_docx_s_own_save_at_fixed_times() -> None:
    doc = docx.Document(BytesIO(_sample()))
    saved = BytesIO()
    doc.save(saved)
    assert docx_bytes(doc) == fixed_zip_times(saved.getvalue(), FIXED_ZIP_TIME)
