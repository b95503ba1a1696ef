"""Which PDF packs (and in-house kits) a cohort has, and where they live in the built site.

The site's downloads page and the PDF renderer both read this list, so a link never points at
a file the renderer does not make. Paths are relative to the site root, with `/` separators.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..model import Cohort, Project

PackKind = Literal["session", "proposal", "municipality", "results", "book"]

PDF_DIR = "pdf"
KIT_DIR = "kits"


@dataclass(frozen=True)
class PackRef:
    cohort: str
    kind: PackKind
    key: str  # session number, group id, municipality code, or "book"
    title: str  # Japanese, as shown on the downloads page and the PDF's title metadata
    filename: str

    @property
    def path(self) -> str:
        """Site-relative path, e.g. pdf/tokyo-2021/session-01.pdf."""
        return f"{PDF_DIR}/{self.cohort}/{self.filename}"


def packs_for(project: Project, cohort: Cohort) -> list[PackRef]:
    """Every pack of a cohort, in the order the downloads page lists them."""
    packs = [
        PackRef(cohort.id, "book", "book", f"{cohort.title} 研修ブック（全資料）", "cohort-book.pdf")
    ]
    for session in cohort.sessions:
        packs.append(
            PackRef(
                cohort.id, "session", str(session.number),
                f"第{session.number}回 {session.title} 配布資料", f"session-{session.number:02d}.pdf",
            )
        )
    for proposal in cohort.proposals:
        group = cohort.group(proposal.group)
        name = group.name if group else proposal.group
        packs.append(
            PackRef(cohort.id, "proposal", proposal.group, f"{name} 提案書「{proposal.title}」", f"proposal-{proposal.group}.pdf")
        )
    for code in participating_codes(cohort):
        municipality = project.municipalities.get(code)
        name = municipality.name if municipality else code
        packs.append(
            PackRef(cohort.id, "municipality", code, f"{name} 展開パック（翌年度の庁内研修用）", f"rollout-{code}.pdf")
        )
    for results in cohort.results:  # 成果報告: only where the municipality has reported
        if cohort.group_of(results.municipality) is None:
            continue
        municipality = project.municipalities.get(results.municipality)
        name = municipality.name if municipality else results.municipality
        packs.append(
            PackRef(cohort.id, "results", results.municipality, f"{name} 成果報告", f"results-{results.municipality}.pdf")
        )
    return packs


def participating_codes(cohort: Cohort) -> list[str]:
    """Codes of every municipality in one of the cohort's groups, in group order."""
    return [code for group in cohort.groups for code in group.municipalities]


def kit_filename(code: str, cohort_id: str) -> str:
    return f"kit-{code}-{cohort_id}.zip"


def kit_path(code: str, cohort_id: str) -> str:
    """Site-relative path of a municipality's in-house kit (issue: reuse next year)."""
    return f"{KIT_DIR}/{kit_filename(code, cohort_id)}"
