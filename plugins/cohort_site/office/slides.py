"""A session's slides (.pptx) for the trainer to present, from the session's handout composition.

16:9, one blank layout, text boxes placed here: a title slide (cohort, session number, date and
time), the objectives, the agenda with clock times, the worksheet questions, the homework with
its due date, and a closing slide. The theme's major and minor fonts name the handouts' gothic
family as their East Asian (`a:ea`) and Latin font, and every run refers to the theme's font
(`+mj-ea` / `+mn-ea`), because python-pptx sets no East Asian font by itself. Speaker notes hold
the facilitator notes, in the intranet profile only. Text from the data is set as run text only.
"""

from __future__ import annotations

import datetime as dt
import io

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_CONNECTOR
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide
from pptx.text.text import TextFrame
from pptx.util import Emu, Pt

from .. import jpdate, labels
from ..handouts.packs import Pack
from ..model import AGENDA_KIND_LABELS, Session
from ..storage import FIXED_ZIP_TIME, fixed_zip_times
from ..timetable import timetable
from .docx_base import GOTHIC
from .text import markdown_paragraphs

WIDTH, HEIGHT = Emu(12192000), Emu(6858000)  # 16:9 (13.33 × 7.5 in)
MARGIN = Emu(609600)  # 0.67 in
ACCENT = RGBColor(0x1D, 0x4E, 0x89)  # the handouts' heading colour
AGENDA_ROWS = 9  # agenda rows per slide; a longer agenda continues on the next slide
_DRAWINGML = "http://schemas.openxmlformats.org/drawingml/2006/main"


def session_pptx(pack: Pack, gothic: str = GOTHIC) -> bytes:
    """The slides of a session pack (kind "session"); `gothic` is the theme's East Asian and Latin
    font (the Word twins' gothic)."""
    session: Session = next(p for p in pack.parts if p.template == "session").data["session"]
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    deck = _Deck(prs)
    cohort = pack.cohort
    when = f"{jpdate.format_date(session.date)}　{jpdate.format_time(session.start)}〜{jpdate.format_time(session.end)}"
    title = deck.slide()
    deck.text(title, cohort.title, top=Emu(1100000), height=Emu(700000), size=20, color=ACCENT)
    deck.text(title, f"第{session.number}回", top=Emu(1900000), height=Emu(700000), size=28, bold=True, major=True)
    deck.text(title, session.title, top=Emu(2600000), height=Emu(1500000), size=34, bold=True, major=True)
    deck.text(title, when, top=Emu(4400000), height=Emu(600000), size=20)
    deck.text(title, cohort.organiser, top=Emu(5000000), height=Emu(600000), size=16)
    if pack.profile == "intranet" and session.facilitator_notes:
        deck.notes(title, ["ファシリテーター向けメモ", *markdown_paragraphs(session.facilitator_notes)])

    deck.bullets(labels.SESSION_TITLES["objectives"], session.objectives, numbered=True)

    slots = timetable(session)
    chunks = [slots[i:i + AGENDA_ROWS] for i in range(0, len(slots), AGENDA_ROWS)] or [[]]
    for number, chunk in enumerate(chunks, 1):
        heading = labels.SESSION_TITLES["agenda"] + (f"（{number}/{len(chunks)}）" if len(chunks) > 1 else "")
        slide = deck.titled(heading)
        rows = [["時間", "内容", "形式", "担当"]] + [
            [f"{jpdate.format_time(s.start)}〜{jpdate.format_time(s.end)}（{s.item.minutes}分）", s.item.title,
             AGENDA_KIND_LABELS.get(s.item.kind, ""), s.item.presenter or ""]
            for s in chunk
        ]
        deck.table(slide, rows, (0.2, 0.47, 0.14, 0.19))

    deck.bullets(f"第{session.number}回 ワークシート", session.worksheet or list(labels.WORKSHEET_QUESTIONS), numbered=True)

    if session.homework:
        items = []
        for hw in session.homework:
            due = cohort.session(hw.due_session) if hw.due_session else None
            line = hw.title + (f"（第{due.number}回 {jpdate.format_date(due.date)}までに）" if due else "")
            items.append((line, markdown_paragraphs(hw.description)))
        slide = deck.titled(labels.SESSION_TITLES["homework"])
        frame = deck.body(slide)
        for line, details in items:
            deck.paragraph(frame, line, size=22, bold=True)
            for detail in details:
                deck.paragraph(frame, detail, size=16, level=1)

    closing = deck.slide()
    deck.text(closing, "ありがとうございました", top=Emu(2200000), height=Emu(1000000), size=36, bold=True, major=True)
    following = cohort.session(session.number + 1)
    if following is not None:
        deck.text(
            closing, f"次回　第{following.number}回 {following.title}\n{jpdate.format_date(following.date)}　"
            f"{jpdate.format_time(following.start)}〜{jpdate.format_time(following.end)}",
            top=Emu(3500000), height=Emu(1200000), size=20,
        )
    _set_theme_fonts(prs, gothic)
    moment = dt.datetime.combine(pack.date, dt.time())
    props = prs.core_properties
    props.title, props.author, props.subject = pack.ref.title.replace("配布資料", "スライド"), cohort.organiser, cohort.title
    props.keywords, props.last_modified_by, props.revision = cohort.id, "cohort-site", 1
    props.created = props.modified = props.last_printed = moment
    props.language = "ja-JP"
    out = io.BytesIO()
    prs.save(out)
    return fixed_zip_times(out.getvalue(), FIXED_ZIP_TIME)


class _Deck:
    """Slides on the blank layout, with text boxes in the theme's fonts."""

    def __init__(self, prs: PresentationType):
        self.prs = prs
        self.layout = prs.slide_layouts[6]  # blank

    def slide(self) -> Slide:
        return self.prs.slides.add_slide(self.layout)

    def titled(self, title: str) -> Slide:
        slide = self.slide()
        self.text(slide, title, top=Emu(380000), height=Emu(800000), size=30, bold=True, color=ACCENT, major=True)
        line = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, MARGIN, Emu(1200000), Emu(WIDTH - MARGIN), Emu(1200000))
        line.line.color.rgb = ACCENT
        return slide

    def body(self, slide: Slide) -> TextFrame:
        box = slide.shapes.add_textbox(MARGIN, Emu(1400000), Emu(WIDTH - 2 * MARGIN), Emu(HEIGHT - 1400000 - MARGIN))
        frame = box.text_frame
        frame.word_wrap = True
        return frame

    def bullets(self, title: str, items: list[str], numbered: bool = False) -> Slide:
        slide = self.titled(title)
        frame = self.body(slide)
        size = 24 if sum(len(i) for i in items) < 160 else 20 if sum(len(i) for i in items) < 320 else 16
        for number, item in enumerate(items or [labels.NONE_LISTED], 1):
            self.paragraph(frame, (f"{number}. " if numbered and items else "・") + item, size=size, space=12)
        return slide

    def text(
        self, slide: Slide, text: str, *, top: Emu, height: Emu, size: int, bold: bool = False,
        color: RGBColor | None = None, major: bool = False,
    ) -> None:
        box = slide.shapes.add_textbox(MARGIN, top, Emu(WIDTH - 2 * MARGIN), height)
        frame = box.text_frame
        frame.word_wrap = True
        for line in text.split("\n"):
            self.paragraph(frame, line, size=size, bold=bold, color=color, major=major)

    def paragraph(
        self, frame: TextFrame, text: str, *, size: int, bold: bool = False, color: RGBColor | None = None,
        major: bool = False, level: int = 0, space: int = 6,
    ) -> None:
        first = frame.paragraphs[0]
        paragraph = first if len(frame.paragraphs) == 1 and not first.runs else frame.add_paragraph()
        paragraph.level = level
        paragraph.space_after = Pt(space)
        run = paragraph.add_run()
        run.text = text
        run.font.size = Pt(size)
        run.font.bold = bold
        if color is not None:
            run.font.color.rgb = color
        _theme_font(run._r, major)

    def table(self, slide: Slide, rows: list[list[str]], widths: tuple[float, ...]) -> None:
        usable = WIDTH - 2 * MARGIN
        shape = slide.shapes.add_table(
            len(rows), len(widths), MARGIN, Emu(1400000), Emu(usable), Emu(400000 * len(rows))
        )
        table = shape.table
        for index, share in enumerate(widths):
            table.columns[index].width = Emu(int(usable * share))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                frame = table.cell(r, c).text_frame
                frame.word_wrap = True
                self.paragraph(frame, value, size=14 if r else 15, bold=r == 0, space=0)

    def notes(self, slide: Slide, paragraphs: list[str]) -> None:
        frame = slide.notes_slide.notes_text_frame
        assert frame is not None  # the default notes master has a body placeholder
        for text in paragraphs:
            self.paragraph(frame, text, size=12, space=4)


def _theme_font(run: etree._Element, major: bool) -> None:
    """The run's Latin and East Asian fonts are the theme's (major for titles, minor for text)."""
    props = run.get_or_add_rPr()
    for tag in ("a:latin", "a:ea"):
        for old in props.findall(qn(tag)):
            props.remove(old)
    kind = "mj" if major else "mn"
    latin = etree.SubElement(props, qn("a:latin"), typeface=f"+{kind}-lt")
    ea = etree.SubElement(props, qn("a:ea"), typeface=f"+{kind}-ea")
    # a:latin and a:ea follow the fill (CT_TextCharacterProperties' order)
    for element in (latin, ea):
        props.remove(element)
    fill = props.find(qn("a:solidFill"))
    at = list(props).index(fill) + 1 if fill is not None else 0
    props.insert(at, latin)
    props.insert(at + 1, ea)


def _set_theme_fonts(prs: PresentationType, gothic: str) -> None:
    """Every theme of the package (the slide master's and the notes master's): the major and minor
    fonts' Latin, East Asian and Japanese-script fonts are the handouts' gothic family."""
    for part in prs.part.package.iter_parts():
        if part.content_type != CT.OFC_THEME:
            continue
        element = getattr(part, "_element", None)  # the notes master's theme is an XML part, the other a blob
        root = element if element is not None else etree.fromstring(part.blob)
        for scheme in root.iter(f"{{{_DRAWINGML}}}majorFont", f"{{{_DRAWINGML}}}minorFont"):
            for tag in ("a:latin", "a:ea"):
                found = scheme.find(qn(tag))
                if found is not None:
                    found.set("typeface", gothic)
            for font in scheme.findall(qn("a:font")):
                if font.get("script") == "Jpan":
                    font.set("typeface", gothic)
        if element is None:
            part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
