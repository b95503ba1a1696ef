"""`build.py proposal-template`: a group's proposal as a Word document to write in and send back.

The sections are `labels.PROPOSAL_SECTIONS` (the titles and order of the page and the PDF), each a
Word heading with one grey instruction line; what the import reads sits in tagged content
controls (`proposal_layout`). Prefilled with the group's current proposal when there is one, so
template → Word → import gives the same proposal back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from docx.document import Document
from docx.oxml.ns import qn
from docx.shared import Pt
from lxml import etree

from .. import labels, outputs
from ..handouts.cache import image_folders_digest
from ..images import image_folder
from ..model import KPI, Cohort, Group, Project, Proposal
from . import proposal_layout as L
from .docx_base import (
    ACCENT,
    GREY,
    add_heading,
    add_paragraph,
    add_paragraph_style,
    add_table,
    add_text,
    docx_bytes,
    new_document,
    set_custom_properties,
)
from .docx_markdown import write_markdown


class _Controls:
    """Numbers the content controls (w:id) in document order, so the same proposal gives the same bytes."""

    def __init__(self) -> None:
        self.next_id = 1

    @contextmanager
    def block(self, doc: Document, tag: str, alias: str) -> Iterator[None]:
        """Wrap whatever the body gains inside the `with` in one block content control."""
        body = doc.element.body
        start = len(body) - 1  # the new elements go before the section properties, the last child
        yield
        added = list(body)[start: len(body) - 1] or [etree.Element(qn("w:p"))]
        sdt = etree.Element(qn("w:sdt"))
        pr = etree.SubElement(sdt, qn("w:sdtPr"))
        etree.SubElement(pr, qn("w:alias")).set(qn("w:val"), alias)
        etree.SubElement(pr, qn("w:tag")).set(qn("w:val"), tag)
        etree.SubElement(pr, qn("w:id")).set(qn("w:val"), str(self.next_id))
        etree.SubElement(pr, qn("w:lock")).set(qn("w:val"), "sdtLocked")  # the frame stays, the content is free
        self.next_id += 1
        body.insert(start, sdt)
        content = etree.SubElement(sdt, qn("w:sdtContent"))
        for element in added:
            content.append(element)


def _number(value: float | int | None) -> str:
    return "" if value is None else str(value)


def _kpi_row(kpi: KPI) -> tuple[str, ...]:
    return (
        kpi.indicator, _number(kpi.baseline), _number(kpi.target), kpi.unit,
        f"{kpi.deadline.year}/{kpi.deadline.month}/{kpi.deadline.day}" if kpi.deadline else "", kpi.baseline_note or "", kpi.id,
    )


def _first_page(doc: Document, project: Project, cohort: Cohort, group: Group, intranet: bool) -> None:
    add_heading(doc, f"{group.name} 提案書", 0)
    names = [project.municipalities[c].name if c in project.municipalities else c for c in group.municipalities]
    rows = [("研修", cohort.title), ("グループ", group.name), (labels.municipality_word(cohort), "、".join(names))]
    if intranet and group.members:
        rows.append(("メンバー", "\n".join(f"{m.name}（{project.municipalities[m.municipality].name if m.municipality in project.municipalities else m.municipality}）" for m in group.members)))
    add_table(doc, ("項目", "内容"), rows, widths_mm=(30, 146))
    lesson = add_paragraph(doc)
    lesson.paragraph_format.space_before = Pt(12)
    add_text(lesson, f"この研修で一番大切なこと: {L.LESSON_TITLE}", bold=True, color=ACCENT, size_pt=12)
    add_paragraph(doc, L.LESSON)
    add_table(
        doc, ("手段で書いた目標（施策に書く）", "成果で書いた目指す姿"), [(L.BAD_EXAMPLE, L.GOOD_EXAMPLE)], widths_mm=(80, 96)
    )
    add_paragraph(
        doc, "灰色の説明文と見出しは取り込まれません。枠（コンテンツ コントロール）の中に書いてください。"
        "枠の中では、段落・行・改行を自由に増やせます。", style=L.INSTRUCTION_STYLE,
    ).paragraph_format.space_before = Pt(6)


def write_template(project: Project, cohort: Cohort, group: Group, *, intranet: bool, images: Path | None = None) -> bytes:
    """The group's proposal template as .docx bytes (prefilled from its proposal when it has one).
    `intranet`: members are named on the first page (never in the public profile). `images`: the
    cohort's images folder (`images.image_folder`), the only place pictures are read from."""
    proposal = cohort.proposal_of(group.id)
    when = dt.datetime(cohort.fiscal_year, 4, 1)
    doc = new_document(f"{group.name} 提案書", when=when, subject=cohort.title)
    add_paragraph_style(doc, L.INSTRUCTION_STYLE, size_pt=9, color=GREY)
    set_custom_properties(doc, {L.PROP_FORMAT: L.FORMAT, L.PROP_COHORT: cohort.id, L.PROP_GROUP: group.id})
    controls = _Controls()
    _first_page(doc, project, cohort, group, intranet)

    add_paragraph(doc, "提案名", bold=True).paragraph_format.space_before = Pt(12)
    with controls.block(doc, L.TITLE, "提案名"):
        add_paragraph(doc, proposal.title if proposal else "")
    add_paragraph(doc, "テーマのタグ（「、」で区切ります）", bold=True)
    with controls.block(doc, L.TAGS, "テーマのタグ"):
        add_paragraph(doc, "、".join(proposal.tags) if proposal else "")

    for section in labels.PROPOSAL_SECTIONS:
        add_heading(doc, section.title, 1)
        add_paragraph(doc, L.INSTRUCTIONS.get(section.key, L.DEFAULT_INSTRUCTION), style=L.INSTRUCTION_STYLE)
        _section(doc, controls, section, proposal, images)
    return docx_bytes(doc)


def site_templates(project: Project, *, intranet: bool, data_root: Path | None) -> list[tuple[str, bytes]]:
    """Every group's template as the site serves it: (site path, .docx bytes). `project` is
    already redacted for the build's profile; `data_root` is cohort_data/ (for the pictures).

    Writing them is about a second for the sample's eight; a rebuild (`mkdocs serve`) whose
    cohort, names, profile and pictures are unchanged takes them from this process's memory."""
    templates = []
    for cohort in project.cohorts:
        images = image_folder(data_root, cohort.id) if data_root is not None else None
        key = _inputs_key(project, cohort, intranet, images)
        for group in cohort.groups:
            data = _WRITTEN.get((key, group.id))
            if data is None:
                data = write_template(project, cohort, group, intranet=intranet, images=images)
                if len(_WRITTEN) >= _WRITTEN_MAX:
                    _WRITTEN.clear()
                _WRITTEN[(key, group.id)] = data
            templates.append((outputs.proposal_template_path(cohort.id, group.id), data))
    return templates


def _inputs_key(project: Project, cohort: Cohort, intranet: bool, images: Path | None) -> str:
    """Everything a cohort's templates are written from: the cohort, the names of the
    municipalities it mentions, the profile and the pictures' bytes."""
    digest = hashlib.sha256(cohort.model_dump_json().encode())
    codes = sorted({code for group in cohort.groups for code in (*group.municipalities, *(m.municipality for m in group.members))})
    names = [(code, project.municipalities[code].name) for code in codes if code in project.municipalities]
    digest.update(json.dumps([names, intranet], ensure_ascii=False).encode())
    digest.update(image_folders_digest(images).encode() if images is not None else b"-")
    return digest.hexdigest()


_WRITTEN: dict[tuple[str, str], bytes] = {}
_WRITTEN_MAX = 200  # templates (≈40 KB each); beyond, start again


def _markdown_field(doc: Document, text: str, images: Path | None) -> None:
    """A Markdown field inside its control. LibreOffice (7.4) drops the line breaks of a control's
    first paragraph, so a first block with a line break gets an empty paragraph before it (the
    import skips empty paragraphs; Word shows a blank line)."""
    if "\n" in text.strip("\n").split("\n\n")[0]:
        doc.add_paragraph()
    write_markdown(doc, text, images)


def _section(doc: Document, controls: _Controls, section: labels.Section, proposal: Proposal | None, images: Path | None) -> None:
    field = section.field
    if field in L.MARKDOWN_TAGS:
        with controls.block(doc, field, section.title):
            _markdown_field(doc, getattr(proposal, field) if proposal else "", images)
    elif field == "outcomes":
        outcomes = list(proposal.outcomes) if proposal else []
        for number in range(1, len(outcomes) + 2):  # one empty outcome to fill or copy
            outcome = outcomes[number - 1] if number <= len(outcomes) else None
            with controls.block(doc, L.OUTCOME, f"目指す姿 {number}"):
                add_heading(doc, f"目指す姿 {number}", 2)
                add_paragraph(doc, outcome.statement if outcome else "")
                rows = [_kpi_row(k) for k in outcome.kpis] if outcome else []
                kpis = add_table(doc, L.KPI_TABLE.header, rows or [("",) * len(L.KPI_TABLE.header)], L.KPI_TABLE.widths_mm)
                for cell in (c for row in kpis.rows for c in row.cells):  # seven columns: a size smaller
                    for run in cell.paragraphs[0].runs:
                        run.font.size = Pt(L.KPI_TABLE_PT)
    elif field == "rollout":
        rollout = proposal.rollout if proposal else None
        with controls.block(doc, L.ROLLOUT_REUSABLE, "横展開できるか"):
            reusable = "" if rollout is None else (L.YES if rollout.reusable else L.NO)
            add_table(doc, ("他の自治体でも使えるか（はい・いいえ）", "回答"), [("他の自治体でも使える", reusable)], (130, 46))
        add_paragraph(doc, "説明", bold=True).paragraph_format.space_before = Pt(8)
        with controls.block(doc, L.ROLLOUT_SUMMARY, "横展開の説明"):
            _markdown_field(doc, rollout.summary if rollout else "", images)
        add_paragraph(doc, "使うための条件（1行に1つ）", bold=True)
        with controls.block(doc, L.ROLLOUT_CONDITIONS, "横展開の条件"):
            for condition in (rollout.conditions if rollout else []) or [""]:
                add_paragraph(doc, condition, style="List Bullet")
    elif field in L.TABLES:
        columns = L.TABLES[field]
        items = getattr(proposal, field) if proposal else []
        rows = [tuple(getattr(item, f) or "" for f in columns.fields) for item in items]
        with controls.block(doc, columns.tag, section.title):
            add_table(doc, columns.header, rows or [("",) * len(columns.header)], columns.widths_mm)
    else:  # a structured field needs its table in proposal_layout.TABLES (as the page and PDF need their drawing)
        raise ValueError(f"proposal section {field!r} has no place in the Word template (office/proposal_layout.py)")
