"""`build.py proposal-review`: the checker's findings on a Word proposal, as Word comments.

The file is read as the import reads it and the whole checker runs on the project holding it
(`proposal_import.plan_import`, nothing written to `cohort_data/`); what the import could not read
(「約30」 in a number cell) is commented on its cell, and then the checker does not run. Each finding on the proposal
becomes a comment by 「DX研修チェッカー」 anchored on the paragraph or table cell its value came
from (the finding's YAML position → the model path → the Word element the reader recorded), with
the rule's title, the message and its suggested rewrite. Nothing else in the document changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from docx.document import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from .. import rules
from ..diagnostics import Diagnostic
from ..model import Loc, Node, Proposal
from . import proposal_layout as L
from .docx_base import docx_bytes
from .proposal_read import Problem


@dataclass(frozen=True)
class Finding:
    path: str  # model path the comment is anchored on ("outcomes.0.statement")
    rule: str
    text: str  # the comment's text
    element: Any = None  # the Word element itself, when known (an import problem's cell)


def _paths(proposal: Proposal) -> dict[tuple[int, int], str]:
    """(line, col) of every located value of the proposal → its model path, for the fields the
    reader anchors (text fields, table cells, outcome statements, KPI cells)."""
    found: dict[tuple[int, int], str] = {}

    def add(obj: Node, path: str, fields: tuple[str, ...]) -> None:
        whole = obj.loc()
        found.setdefault((whole.line, whole.col), f"{path}.{fields[0]}" if path else fields[0])
        for name in fields:
            where = obj.loc(name)
            found.setdefault((where.line, where.col), f"{path}.{name}" if path else name)

    add(proposal, "", (L.TITLE, L.TAGS, *[name for name in L.MARKDOWN_TAGS if name != "body"]))
    for i, outcome in enumerate(proposal.outcomes):
        add(outcome, f"outcomes.{i}", ("statement",))
        for j, kpi in enumerate(outcome.kpis):
            add(kpi, f"outcomes.{i}.kpis.{j}", L.KPI_TABLE.fields)
    for key, columns in L.TABLES.items():
        for i, item in enumerate(getattr(proposal, key)):
            add(item, f"{key}.{i}", columns.fields)
    return found


def _nearest(paths: dict[tuple[int, int], str], where: Loc) -> str:
    """The path at the finding's position, else the last one at or before its line."""
    exact = paths.get((where.line, where.col))
    if exact is not None:
        return exact
    before = [key for key in paths if key <= (where.line, where.col)]
    return paths[max(before)] if before else "title"


def body_line(text: str) -> int:
    """The first line of the proposal file's Markdown body (after the closing `---`)."""
    lines = text.split("\n")
    closing = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), len(lines))
    return closing + 2


def findings(proposal: Proposal, diagnostics: list[Diagnostic], first_body_line: int | None = None) -> list[Finding]:
    """Each diagnostic of the proposal's file as a comment anchored on its value; one inside the
    Markdown body (at or after `first_body_line`) on the body."""
    paths = _paths(proposal)
    out = []
    for diagnostic in diagnostics:
        text = f"{rules.title(diagnostic.rule)}（{diagnostic.rule}）\n{diagnostic.message}"
        in_body = first_body_line is not None and diagnostic.loc.line >= first_body_line
        out.append(Finding("body" if in_body else _nearest(paths, diagnostic.loc), diagnostic.rule, text))
    return out


def problem_findings(problems: list[Problem]) -> list[Finding]:
    """The import's own problems (a number it cannot read, a changed header) as comments on their
    cell, row or table; a problem without a place goes on the proposal's title."""
    return [
        Finding(L.TITLE, "import", f"{p.where}\n{p.message}" + ("" if p.is_error else "（確認してください）"), p.anchor)
        for p in problems
    ]


def _runs(doc: Document, anchor: Any) -> list[Run]:
    """The runs to anchor a comment on: the paragraph's, or the first paragraph's of a table cell."""
    p = anchor if anchor.tag == qn("w:p") else next(anchor.iter(qn("w:p")))
    paragraph = Paragraph(p, doc._body)
    runs = [r for r in paragraph.runs if r.text]
    return runs or [paragraph.add_run("")]


def _anchor(anchors: dict[str, Any], path: str) -> Any | None:
    """The element for `path`, else for its nearest recorded parent path (a KPI → its indicator cell)."""
    parts = path.split(".")
    while parts:
        for candidate in (".".join(parts), ".".join(parts) + ".indicator", ".".join(parts) + ".statement"):
            if candidate in anchors:
                return anchors[candidate]
        parts.pop()
    return anchors.get(L.TITLE)


def add_comments(doc: Document, anchors: dict[str, Any], found: list[Finding]) -> int:
    """Add each finding as a comment; returns how many were added."""
    count = 0
    for finding in found:
        element = finding.element if finding.element is not None else _anchor(anchors, finding.path)
        if element is None:
            continue
        doc.add_comment(_runs(doc, element), text=finding.text, author=L.REVIEW_AUTHOR, initials=L.REVIEW_INITIALS)
        count += 1
    return count


def review_bytes(doc: Document) -> bytes:
    return docx_bytes(doc)
