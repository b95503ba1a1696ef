"""Reading a filled proposal template back: the tagged content controls → the proposal's data,
with every problem located the way a Word user finds it (「目指す姿 2 の KPI 表 3行目「目標値」」),
and the Word element each value came from (the review anchors its comments there)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from docx.document import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from .. import labels
from ..imports.results_sheet import read_date, read_number
from . import proposal_layout as L
from .docx_markdown import PictureSink, _list_kind, heading_level, paragraph_markdown, table_markdown

SECTION_TITLES = {s.field: s.title for s in labels.PROPOSAL_SECTIONS}


@dataclass(frozen=True)
class Problem:
    where: str  # 「目指す姿 2 の KPI 表 3行目「目標値」」
    message: str
    severity: str = "error"  # or "info": a reading the import made and says
    anchor: Any = field(default=None, compare=False)  # the Word element (w:tc, w:tr, w:tbl) it is about

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


@dataclass
class Read:
    """What a proposal document holds: front matter data, body, problems, and anchors."""

    data: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    problems: list[Problem] = field(default_factory=list)
    # model path ("outcomes.0.statement", "outcomes.0.kpis.1.indicator") -> the Word element (w:p or w:tc)
    anchors: dict[str, Any] = field(default_factory=dict)


def controls(doc: Document) -> list[tuple[str, Any]]:
    """(tag, w:sdtContent) of every block content control of the body, in order (nested ones too)."""
    found = []
    for sdt in doc.element.body.iter(qn("w:sdt")):
        tag = sdt.find(f"{qn('w:sdtPr')}/{qn('w:tag')}")
        content = sdt.find(qn("w:sdtContent"))
        if tag is not None and content is not None:
            found.append((tag.get(qn("w:val")) or "", content))
    return found


def _blocks(doc: Document, content: Any) -> list[Paragraph | Table]:
    out: list[Paragraph | Table] = []
    for child in content:
        if child.tag == qn("w:p"):
            paragraph = Paragraph(child, doc._body)
            if paragraph.style is None or paragraph.style.name != L.INSTRUCTION_STYLE:
                out.append(paragraph)
        elif child.tag == qn("w:tbl"):
            out.append(Table(child, doc._body))
        elif child.tag == qn("w:sdt"):  # a control pasted inside another: read through it
            inner = child.find(qn("w:sdtContent"))
            if inner is not None:
                out += _blocks(doc, inner)
    return out


def _cell_text(cell: Any) -> str:
    """A table cell as plain text: its paragraphs and line breaks joined by newlines, trimmed."""
    lines = []
    for paragraph in cell.paragraphs:
        lines.append(paragraph_text(paragraph))
    return "\n".join(line for line in lines if line.strip()).strip()


_WIDE = "\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_BREAK = re.compile(r"[ \t]*\n\s*")
_WIDE_CHAR = re.compile(f"[{_WIDE}]")


def one_line(text: str) -> str:
    """A cell's lines as one line: joined without a space next to Japanese (as print joins them),
    with one space between other words; runs of white space as one space."""
    stripped = text.strip()

    def join(match: re.Match[str]) -> str:
        before, after = stripped[match.start() - 1: match.start()], stripped[match.end(): match.end() + 1]
        return "" if _WIDE_CHAR.match(before) or _WIDE_CHAR.match(after) else " "

    return " ".join(_BREAK.sub(join, stripped).split())


def paragraph_text(paragraph: Paragraph) -> str:
    parts = []
    for element in paragraph._p.iter(qn("w:t"), qn("w:br"), qn("w:cr"), qn("w:tab")):
        if element.tag == qn("w:t"):
            parts.append(element.text or "")
        elif element.tag == qn("w:tab"):
            parts.append(" ")
        else:
            parts.append("\n")
    return "".join(parts)


def markdown_of(doc: Document, blocks: list[Paragraph | Table], pictures: PictureSink | None) -> str:
    """Free text as Markdown: paragraphs apart by a blank line, list items one per line."""
    numbering = doc.part.numbering_part.element if _has_numbering(doc) else None
    parts: list[tuple[str, bool]] = []  # (markdown, is a list item)
    for block in blocks:
        if isinstance(block, Table):
            rows = [[_cell_text(c) for c in row.cells] for row in block.rows]
            if any(any(c for c in r) for r in rows):
                parts.append((table_markdown(rows), False))
            continue
        level = heading_level(block)
        kind = _list_kind(block, numbering)
        if kind is not None:
            depth, numbered = kind
            indent = "  " * depth
            marker = "1. " if numbered else "- "
            text = paragraph_markdown(block, pictures, indent + " " * len(marker))
            if text:
                parts.append((f"{indent}{marker}{text}", True))
            continue
        text = paragraph_markdown(block, pictures)
        if not text:
            continue
        if level is not None:
            parts.append(("#" * min(6, max(2, level)) + " " + text.replace("\n", " "), False))
        else:
            parts.append((text, False))
    out = ""
    for index, (text, is_item) in enumerate(parts):
        if index:
            out += "\n" if is_item and parts[index - 1][1] else "\n\n"
        out += text
    return out


def _has_numbering(doc: Document) -> bool:
    try:
        doc.part.numbering_part  # noqa: B018 - raises when the document has none
    except (KeyError, NotImplementedError):
        return False
    return True


def _block_text(value: str) -> str:
    """A Markdown field as the files write it: several lines end with a newline (a `|` block)."""
    return value + "\n" if "\n" in value else value


class _Reader:
    def __init__(self, doc: Document, pictures: PictureSink | None) -> None:
        self.doc = doc
        self.pictures = pictures
        self.read = Read()

    def problem(self, where: str, message: str, severity: str = "error", anchor: Any = None) -> None:
        self.read.problems.append(Problem(where, message, severity, anchor))

    def run(self) -> Read:
        found = controls(self.doc)
        by_tag: dict[str, list[Any]] = {}
        for tag, content in found:
            by_tag.setdefault(tag, []).append(content)
        data = self.read.data
        data["title"] = self._plain(by_tag, L.TITLE, "提案名")
        if not data["title"] and L.TITLE in by_tag:
            self.problem("提案名", "提案名を書いてください", anchor=self.read.anchors.get(L.TITLE))
        tags_text = self._plain(by_tag, L.TAGS, "テーマのタグ")
        data["tags"] = [t.strip() for t in unicodedata.normalize("NFKC", tags_text).replace(",", "、").split("、") if t.strip()]
        for section in labels.PROPOSAL_SECTIONS:  # the file's keys in the sections' order
            name = section.field
            if name == "body":
                self.read.body = self._markdown(by_tag, "body")
            elif name in L.MARKDOWN_TAGS:
                data[name] = _block_text(self._markdown(by_tag, name))
            elif name == "outcomes":
                data["outcomes"] = self._outcomes(by_tag.get(L.OUTCOME, []))
            elif name == "rollout":
                rollout = self._rollout(by_tag)
                if rollout is not None:
                    data["rollout"] = rollout
            elif name in L.TABLES:
                data[name] = self._table_items(by_tag, L.TABLES[name])
            else:
                raise ValueError(f"proposal section {name!r} has no place in the Word template (office/proposal_layout.py)")
        return self.read

    # -- parts --

    def _one(self, by_tag: dict[str, list[Any]], tag: str, where: str) -> Any | None:
        found = by_tag.get(tag, [])
        if not found:
            self.problem(where, "記入欄（枠）が見つかりません。枠を消した場合は、新しいひな形に書き写してください")
            return None
        if len(found) > 1:
            self.problem(where, f"記入欄（枠）が {len(found)} つあります。1つにまとめてください")
        return found[0]

    def _plain(self, by_tag: dict[str, list[Any]], tag: str, where: str) -> str:
        content = self._one(by_tag, tag, where)
        if content is None:
            return ""
        paragraphs = [b for b in _blocks(self.doc, content) if isinstance(b, Paragraph)]
        if paragraphs:
            self.read.anchors[tag] = paragraphs[0]._p
        return one_line("\n".join(paragraph_text(p) for p in paragraphs))

    def _markdown(self, by_tag: dict[str, list[Any]], tag: str) -> str:
        title = SECTION_TITLES.get(tag, tag)
        content = self._one(by_tag, tag, title)
        if content is None:
            return ""
        blocks = _blocks(self.doc, content)
        if blocks:
            first = blocks[0]
            self.read.anchors[tag] = first._p if isinstance(first, Paragraph) else first._tbl
        return markdown_of(self.doc, blocks, self.pictures)

    def _outcomes(self, contents: list[Any]) -> list[dict[str, Any]]:
        outcomes: list[dict[str, Any]] = []
        title = SECTION_TITLES["outcomes"]
        if not contents:
            self.problem(title, "目指す姿の記入欄（枠）が見つかりません")
        for number, content in enumerate(contents, start=1):
            blocks = _blocks(self.doc, content)
            statement_paragraphs = [b for b in blocks if isinstance(b, Paragraph) and heading_level(b) is None and paragraph_text(b).strip()]
            statement = one_line("\n".join(paragraph_text(p) for p in statement_paragraphs))
            tables = [b for b in blocks if isinstance(b, Table)]
            index = len(outcomes)
            kpis = []
            for table in tables:
                kpis += self._kpis(table, f"目指す姿 {number} の KPI 表", f"outcomes.{index}.kpis")
            if not statement and not kpis:
                continue  # the empty outcome the template offers
            if statement_paragraphs:
                self.read.anchors[f"outcomes.{index}.statement"] = statement_paragraphs[0]._p
            if not statement:
                self.problem(f"目指す姿 {number}", "目指す姿の文を書いてください（KPI の表だけがあります）")
            outcomes.append({"statement": statement, "kpis": kpis})
        if contents and not outcomes:
            self.problem(title, "目指す姿を少なくとも1つ書いてください")
        return outcomes

    def _filled_rows(self, table: Table, width: int, where: str) -> Iterator[tuple[int, Any, list[str]]]:
        """(row number, row, cell texts) of each body row with something written in it; a row with
        another number of cells than `width` is reported (a user merged or split cells) and skipped."""
        for row_number, row in enumerate(table.rows[1:], start=2):
            values = [_cell_text(c) for c in row.cells]
            if len(values) != width:
                self.problem(f"{where} {row_number}行目", "列の数が変わっています。行を追加するときは、表の行の追加を使ってください",
                             anchor=row._tr)
            elif any(values):
                yield row_number, row, values

    def _header_ok(self, table: Table, header: tuple[str, ...], where: str) -> bool:
        found = tuple(_cell_text(c) for c in table.rows[0].cells) if table.rows else ()
        if found != header:
            self.problem(where, f"表の見出し行が変わっています（{'・'.join(found) or '空'}）。見出し行は「{'・'.join(header)}」のままにしてください",
                         anchor=table._tbl)
            return False
        return True

    def _kpis(self, table: Table, where: str, path: str) -> list[dict[str, Any]]:
        columns = L.KPI_TABLE
        if not self._header_ok(table, columns.header, where):
            return []
        kpis: list[dict[str, Any]] = []
        for row_number, row, values in self._filled_rows(table, len(columns.header), where):
            cells = row.cells
            kpi: dict[str, Any] = {}
            index = len(kpis)
            for column, name, text, cell in zip(columns.fields, columns.header, values, cells, strict=True):
                here = f"{where} {row_number}行目「{name}」"
                self.read.anchors[f"{path}.{index}.{column}"] = cell._tc
                text = one_line(text)
                if column in ("baseline", "target"):
                    if text:
                        kpi[column] = self._number(text, values[3], here, cell._tc)
                elif column == "deadline":
                    if text:
                        kpi[column] = self._date(text, here, cell._tc)
                elif column == "baseline_note":
                    if text:
                        kpi[column] = text
                elif column == "id":
                    if text:
                        kpi[column] = unicodedata.normalize("NFKC", text).lower()
                else:
                    kpi[column] = text
            kpis.append(kpi)
        return kpis

    def _number(self, text: str, unit: str, here: str, cell: Any) -> Any:
        value, error, note = read_number(text, unit.strip())
        if error:
            self.problem(here, "数値を入力してください（「" + text + "」）" if "数値として読めません" in error else error, anchor=cell)
            return None
        if note and unicodedata.normalize("NFKC", text) != text:
            self.problem(here, f"全角の「{text}」を {value} として読みました", "info", anchor=cell)
        return value

    def _date(self, text: str, here: str, cell: Any) -> Any:
        day, error, _ = read_date(text)  # 2023/4/30 and 2023年4月30日 are as plain as 2023-04-30 in Word
        if error:
            self.problem(here, error, anchor=cell)
        return day

    def _table_items(self, by_tag: dict[str, list[Any]], columns: L.Columns) -> list[dict[str, str]]:
        title = SECTION_TITLES[columns.tag]
        content = self._one(by_tag, columns.tag, title)
        if content is None:
            return []
        items: list[dict[str, str]] = []
        for table in [b for b in _blocks(self.doc, content) if isinstance(b, Table)]:
            where = f"{title}の表"
            if not self._header_ok(table, columns.header, where):
                continue
            for row_number, row, values in self._filled_rows(table, len(columns.header), where):
                item = {f: one_line(v) for f, v in zip(columns.fields, values, strict=True) if v}
                if columns.fields[0] not in item:
                    self.problem(f"{where} {row_number}行目「{columns.header[0]}」", "この欄は空にできません", anchor=row.cells[0]._tc)
                    continue
                for f, cell in zip(columns.fields, row.cells, strict=True):
                    self.read.anchors[f"{columns.tag}.{len(items)}.{f}"] = cell._tc
                items.append(item)
        return items

    def _rollout(self, by_tag: dict[str, list[Any]]) -> dict[str, Any] | None:
        title = SECTION_TITLES["rollout"]
        answer, answer_cell = "", None
        content = self._one(by_tag, L.ROLLOUT_REUSABLE, title)
        if content is not None:
            tables = [b for b in _blocks(self.doc, content) if isinstance(b, Table)]
            if tables and len(tables[0].rows) > 1 and len(tables[0].rows[1].cells) > 1:
                answer_cell = tables[0].rows[1].cells[1]._tc
                answer = unicodedata.normalize("NFKC", _cell_text(tables[0].rows[1].cells[1])).strip()
        summary = self._markdown(by_tag, L.ROLLOUT_SUMMARY)
        conditions_content = self._one(by_tag, L.ROLLOUT_CONDITIONS, f"{title}の条件")
        conditions = []
        if conditions_content is not None:
            for block in _blocks(self.doc, conditions_content):
                if isinstance(block, Paragraph) and paragraph_text(block).strip():
                    conditions.append(one_line(paragraph_text(block)))
        if not answer and not summary and not conditions:
            return None
        if answer not in (L.YES, L.NO):
            self.problem(f"{title}の表 2行目「回答」", f"「{L.YES}」か「{L.NO}」を入力してください（「{answer}」）", anchor=answer_cell)
        if not summary:
            self.problem(f"{title}の説明", "横展開について書くときは、説明も書いてください")
        return {"reusable": answer != L.NO, "summary": _block_text(summary), "conditions": conditions}


def read_proposal(doc: Document, pictures: PictureSink | None = None) -> Read:
    """The proposal's data (front matter without id/group) and body, with located problems."""
    return _Reader(doc, pictures).run()
