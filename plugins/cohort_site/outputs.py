"""The registry of outputs: every kind of PDF pack a cohort has, declared once, and the kits.

Each pack kind says here its file name, its section on the downloads page, its cover and the
subtitle its template prints; `handouts/packs.COMPOSE` holds the function that fills it and
refuses to import if a kind has none. The downloads page, the municipality page, the PDF
renderer and the kit writer all read this module, so a link never points at a file that is not
made and a kind cannot be silently left out. Paths are relative to the site root, `/` separators.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from .errors import CohortSiteError
from .model import Cohort, Project

PackKind = Literal["book", "session", "proposal", "rollout", "results"]
OfficeFormat = Literal["docx", "pptx"]
OFFICE_LABELS: dict[str, str] = {"docx": "Word", "pptx": "PowerPoint"}  # as the downloads page names them

PDF_DIR = "pdf"
KIT_DIR = "kits"
WORD_DIR = "word"  # the groups' proposal templates (Word), made by the site plugin's plan


@dataclass(frozen=True)
class PackKindSpec:
    """What one kind of pack is: declared once, read by every output."""

    kind: PackKind
    filename: Callable[[str], str]  # key -> file name in pdf/<cohort>/
    section: str  # heading of its list on the downloads page
    subtitle: str  # printed on the cover and in the PDF's description
    cover: Literal["full", "line"]  # "full": cover page + TOC page; "line": a cover line on page 1
    slides: bool = False  # a PowerPoint twin (.pptx) beside the PDF, besides the Word twin every pack has


# In the order the downloads page lists them.
PACK_KINDS: dict[str, PackKindSpec] = {
    spec.kind: spec
    for spec in (
        PackKindSpec("book", lambda key: "cohort-book.pdf", "研修ブック（全資料をまとめたもの）", "研修ブック（全資料）", "full"),
        PackKindSpec("session", lambda key: f"session-{int(key):02d}.pdf", "各回の配布資料", "配布資料", "line", slides=True),
        PackKindSpec("proposal", lambda key: f"proposal-{key}.pdf", "提案書", "提案書", "line"),
        PackKindSpec(
            "rollout", lambda key: f"rollout-{key}.pdf",
            "自治体別 展開パック（翌年度の庁内研修用）", "展開パック（翌年度の庁内研修用）", "full",
        ),
        PackKindSpec("results", lambda key: f"results-{key}.pdf", "自治体別 成果報告", "成果報告", "full"),
    )
}


class UnknownPackKind(CohortSiteError, ValueError):
    """A pack kind nobody declared: a programming error, never a book."""


def pack_kind(kind: str) -> PackKindSpec:
    try:
        return PACK_KINDS[kind]
    except KeyError:
        raise UnknownPackKind(f"未登録の PDF の種類です: {kind!r}（outputs.PACK_KINDS に登録してください）") from None


@dataclass(frozen=True)
class PackRef:
    cohort: str
    kind: PackKind
    key: str  # session number, group id, municipality code, or "book"
    title: str  # Japanese, as shown on the downloads page and the PDF's title metadata

    def __post_init__(self) -> None:
        pack_kind(self.kind)  # an unknown kind fails where the ref is made

    @property
    def spec(self) -> PackKindSpec:
        return pack_kind(self.kind)

    @property
    def filename(self) -> str:
        return self.spec.filename(self.key)

    @property
    def path(self) -> str:
        """Site-relative path, e.g. pdf/tokyo-2021/session-01.pdf."""
        return f"{PDF_DIR}/{self.cohort}/{self.filename}"

    @property
    def twin_formats(self) -> tuple[OfficeFormat, ...]:
        """The editable twins made beside the PDF: Word for every pack, PowerPoint for sessions."""
        return ("docx", "pptx") if self.spec.slides else ("docx",)

    def twin_path(self, fmt: OfficeFormat) -> str:
        """Site-relative path of an editable twin, e.g. pdf/tokyo-2021/session-01.docx."""
        return f"{self.path.removesuffix('.pdf')}.{fmt}"


def _name(project: Project, code: str) -> str:
    municipality = project.municipalities.get(code)
    return municipality.name if municipality else code


def packs_for(project: Project, cohort: Cohort) -> list[PackRef]:
    """Every pack of a cohort, in the order of PACK_KINDS (the downloads page's order)."""
    packs = [PackRef(cohort.id, "book", "book", f"{cohort.title} 研修ブック（全資料）")]
    for session in cohort.sessions:
        packs.append(PackRef(cohort.id, "session", str(session.number), f"第{session.number}回 {session.title} 配布資料"))
    for proposal in cohort.proposals:
        group = cohort.group(proposal.group)
        name = group.name if group else proposal.group
        packs.append(PackRef(cohort.id, "proposal", proposal.group, f"{name} 提案書「{proposal.title}」"))
    for code in cohort.participating_codes():
        packs.append(PackRef(cohort.id, "rollout", code, f"{_name(project, code)} 展開パック（翌年度の庁内研修用）"))
    for results in cohort.results:  # 成果報告: only where the municipality has reported
        if cohort.group_of(results.municipality) is not None:
            code = results.municipality
            packs.append(PackRef(cohort.id, "results", code, f"{_name(project, code)} 成果報告"))
    return packs


def kit_filename(code: str, cohort_id: str) -> str:
    return f"kit-{code}-{cohort_id}.zip"


def kit_path(code: str, cohort_id: str) -> str:
    """Site-relative path of a municipality's in-house kit (reuse next year)."""
    return f"{KIT_DIR}/{kit_filename(code, cohort_id)}"


def proposal_template_filename(cohort_id: str, group_id: str) -> str:
    return f"proposal-{cohort_id}-{group_id}.docx"


def proposal_template_path(cohort_id: str, group_id: str) -> str:
    """Site-relative path of a group's proposal template (Word), linked from its group page and
    the downloads page; `build.py proposal-template` writes the same file name."""
    return f"{WORD_DIR}/{cohort_id}/{proposal_template_filename(cohort_id, group_id)}"
