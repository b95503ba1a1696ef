"""A Markdown field as Word paragraphs and back, for the subset a Word user writes.

Word → Markdown (import): paragraphs, line breaks (Shift+Enter), headings (見出し 2 and below
become `##`…), bullet and numbered lists (Word's list buttons or the List styles, nested by
level), bold, tables and pictures. Every piece of text goes through `markup.md_text`, so what
the user typed is shown as typed: a `*`, `#` or `<b>` typed in Word is text on the site, never
markup.

Markdown → Word (the template's prefill): the same subset back — `##` headings, `-`/`1.` lists
with continuation lines, soft line breaks, `**bold**`, pipe tables, numeric character references
and `![alt](images/x.png)` pictures of the cohort's folder. Anything else is written as its
Markdown text, so nothing is lost, and reads back as that text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx.document import Document
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.text.paragraph import Paragraph

from ..markup import md_text
from .docx_base import add_table, add_text, alt_text, xml_text

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^(\s*)[-*+]\s+(.*)$")
_NUMBER = re.compile(r"^(\s*)\d{1,9}[.)]\s+(.*)$")
_TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_INLINE = re.compile(r"\*\*(?P<bold>.+?)\*\*|!\[(?P<alt>[^\]]*)\]\((?P<src>images/[^)\s]+)\)|&#(?P<dec>\d{1,7});|&#[xX](?P<hex>[0-9a-fA-F]{1,6});|\\(?P<esc>[\\`*_{}\[\]()#+\-.!|<>&\"])")

IMAGE_WIDTH_MM = 120


# --- Markdown -> Word (prefill) ----------------------------------------------------------------

def _blocks(text: str) -> list[list[str]]:
    """Blank-line separated blocks of lines."""
    blocks: list[list[str]] = [[]]
    for line in text.strip("\n").split("\n"):
        if line.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def _inline(paragraph: Paragraph, text: str, images: Path | None) -> None:
    """Runs for one Markdown line group: bold, pictures and character references; the rest literal."""
    position = 0
    for match in _INLINE.finditer(text):
        if match.start() > position:
            add_text(paragraph, text[position:match.start()])
        if match.group("bold") is not None:
            _inline_bold(paragraph, match.group("bold"))
        elif match.group("src") is not None:
            path = images.parent / match.group("src") if images is not None else None
            if path is not None and path.is_file() and path.resolve().is_relative_to(images.resolve()):  # type: ignore[union-attr]
                run = paragraph.add_run()
                run.add_picture(str(path), width=Mm(IMAGE_WIDTH_MM))
                alt_text(run, match.group("alt"), title=False)
            else:
                add_text(paragraph, match.group(0))
        elif match.group("dec") is not None or match.group("hex") is not None:
            add_text(paragraph, html.unescape(match.group(0)))
        else:
            add_text(paragraph, match.group("esc"))
        position = match.end()
    if position < len(text):
        add_text(paragraph, text[position:])


def _inline_bold(paragraph: Paragraph, text: str) -> None:
    add_text(paragraph, html.unescape(text), bold=True)


def write_markdown(doc: Document, text: str, images: Path | None = None) -> None:
    """Append Markdown `text` to the end of `doc`'s body as Word paragraphs and tables.
    `images`: the cohort's images folder (pictures are read only from there)."""
    if not text.strip():
        doc.add_paragraph()
        return
    for block in _blocks(text):
        heading = _HEADING.match(block[0])
        if heading and len(block) == 1:
            doc.add_heading(xml_text(_unescape(heading.group(2))), max(2, len(heading.group(1))))
        elif _BULLET.match(block[0]) or _NUMBER.match(block[0]):
            _write_list(doc, block, images)
        elif len(block) >= 2 and block[0].lstrip().startswith("|") and _TABLE_RULE.match(block[1]):
            rows = [_cells(line) for line in [block[0], *block[2:]]]
            width = len(rows[0])
            add_table(doc, rows[0], [(r + [""] * width)[:width] for r in rows[1:]])
        else:
            _inline(doc.add_paragraph(), "\n".join(line.strip() for line in block), images)


def _unescape(text: str) -> str:
    return html.unescape(re.sub(r"\\([\\`*_{}\[\]()#+\-.!|<>&\"])", r"\1", text))


def _cells(line: str) -> list[str]:
    inner = line.strip().removeprefix("|").removesuffix("|")
    return [_unescape(cell.strip()) for cell in re.split(r"(?<!\\)\|", inner)]


def _write_list(doc: Document, block: list[str], images: Path | None) -> None:
    items: list[tuple[int, bool, list[str]]] = []  # (level, numbered, lines)
    for line in block:
        bullet, number = _BULLET.match(line), _NUMBER.match(line)
        found = bullet or number
        if found and (not items or len(found.group(1)) <= len(line) - len(line.lstrip())):
            items.append((len(found.group(1).expandtabs(4)) // 2, number is not None and bullet is None, [found.group(2)]))
        elif items:
            items[-1][2].append(line.strip())
        else:
            items.append((0, False, [line.strip()]))
    for level, numbered, lines in items:
        style = ("List Number" if numbered else "List Bullet") + (f" {min(level, 2) + 1}" if level else "")
        _inline(doc.add_paragraph(style=style), "\n".join(lines), images)


# --- Word -> Markdown (import) -----------------------------------------------------------------

@dataclass
class Picture:
    """A picture found in the text: its bytes, file extension and alternative text."""

    data: bytes
    ext: str
    alt: str


PictureSink = Callable[[Picture], str]  # stores the picture, returns its Markdown path (images/x.png)


def _escape(text: str) -> str:
    """Typed text as Markdown text, line by line, keeping the spaces at the ends of the piece."""
    lines = []
    for line in text.split("\n"):
        core = md_text(line)
        lead = " " if core and line[:1].isspace() else ""
        tail = " " if core and line[-1:].isspace() else ""
        lines.append(lead + core + tail)
    return "\n".join(lines)


def _run_pieces(paragraph: Paragraph, pictures: PictureSink | None) -> Iterable[tuple[str, bool, bool]]:
    """(text, bold, is_markdown) of a paragraph's content in order; hyperlinks give their text."""
    for element in paragraph._p.iter(qn("w:r")):
        bold = _bold(element)
        for child in element:
            if child.tag == qn("w:t"):
                yield child.text or "", bold, False
            elif child.tag in (qn("w:br"), qn("w:cr")):
                yield "\n", False, False
            elif child.tag == qn("w:tab"):
                yield " ", False, False
            elif child.tag == qn("w:drawing") and pictures is not None:
                found = _picture(paragraph, child)
                if found is not None:
                    yield f"![{md_text(found.alt)}]({pictures(found)})", False, True


def _bold(run: Any) -> bool:
    rpr = run.find(qn("w:rPr"))
    if rpr is None:
        return False
    b = rpr.find(qn("w:b"))
    return b is not None and b.get(qn("w:val"), "true") not in ("0", "false", "off")


def _picture(paragraph: Paragraph, drawing: Any) -> Picture | None:
    blip = next(drawing.iter(qn("a:blip")), None)
    rel_id = blip.get(qn("r:embed")) if blip is not None else None
    if not rel_id or rel_id not in paragraph.part.rels:
        return None
    rel = paragraph.part.rels[rel_id]
    if rel.is_external:
        return None
    part = rel.target_part
    ext = str(part.partname).rsplit(".", 1)[-1].lower()
    doc_pr = next(drawing.iter(qn("wp:docPr")), None)
    alt = (doc_pr.get("descr") or doc_pr.get("title") or "") if doc_pr is not None else ""
    return Picture(part.blob, ext, alt)


def paragraph_markdown(paragraph: Paragraph, pictures: PictureSink | None = None, indent: str = "") -> str:
    """One paragraph's inline content as Markdown: bold as `**`, a line break as a new line."""
    out: list[str] = []
    pending: list[str] = []
    pending_bold = False

    def flush() -> None:
        if pending:
            text = _escape("".join(pending))
            if pending_bold and text.strip():
                core = text.strip()
                text = text[: len(text) - len(text.lstrip())] + f"**{core}**" + text[len(text.rstrip()):]
            out.append(text)
            pending.clear()

    for text, bold, is_markdown in _run_pieces(paragraph, pictures):
        if is_markdown:
            flush()
            out.append(text)
            continue
        if bold != pending_bold and text != "\n":
            flush()
            pending_bold = bold
        pending.append(text)
    flush()
    lines = [line.rstrip() for line in "".join(out).strip().split("\n")]
    return f"\n{indent}".join(line.strip() for line in lines if line.strip())


def _list_kind(paragraph: Paragraph, numbering: Any) -> tuple[int, bool] | None:
    """(level, numbered) when the paragraph is a list item, from its style or Word's numbering."""
    name = paragraph.style.name if paragraph.style is not None else ""
    match = re.match(r"List (Bullet|Number)(?: (\d))?$", name or "")
    if match:
        return (int(match.group(2) or 1) - 1, match.group(1) == "Number")
    num_pr = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
    num_id = num_pr.find(qn("w:numId")) if num_pr is not None else None
    if num_pr is None or num_id is None:
        return None
    ilvl = num_pr.find(qn("w:ilvl"))
    level = int(ilvl.get(qn("w:val"), "0")) if ilvl is not None else 0
    return (level, _numbered(numbering, int(num_id.get(qn("w:val"), "0")), level))


def _numbered(numbering: Any, num_id: int, level: int) -> bool:
    if numbering is None:
        return False
    for num in numbering.findall(qn("w:num")):
        if num.get(qn("w:numId")) != str(num_id):
            continue
        abstract = num.find(qn("w:abstractNumId"))
        abstract_id = abstract.get(qn("w:val")) if abstract is not None else None
        for candidate in numbering.findall(qn("w:abstractNum")):
            if candidate.get(qn("w:abstractNumId")) == abstract_id:
                for lvl in candidate.findall(qn("w:lvl")):
                    if lvl.get(qn("w:ilvl")) == str(level):
                        fmt = lvl.find(qn("w:numFmt"))
                        return fmt is not None and fmt.get(qn("w:val")) not in ("bullet", "none")
    return False


def heading_level(paragraph: Paragraph) -> int | None:
    name = paragraph.style.name if paragraph.style is not None else ""
    match = re.match(r"Heading (\d)$", name or "")
    return int(match.group(1)) if match else None


def table_markdown(rows: list[list[str]]) -> str:
    """A Word table of free text as a Markdown pipe table (first row as the header)."""
    width = max(len(r) for r in rows)
    cells = [[_escape(c).replace("\n", "<br>") for c in r] + [""] * (width - len(r)) for r in rows]
    lines = ["| " + " | ".join(cells[0]) + " |", "| " + " | ".join(["---"] * width) + " |"]
    lines += ["| " + " | ".join(r) + " |" for r in cells[1:]]
    return "\n".join(lines)
