"""A real client opens the Word files: LibreOffice converts the template and the review copy to PDF."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from cohort_site import labels
from cohort_site.checks import load_and_check
from cohort_site.office.proposal_template import write_template

ROOT = Path(__file__).resolve().parent.parent
SOFFICE = shutil.which("soffice")


def _convert(tmp_path: Path, docx: Path) -> Path:
    assert SOFFICE, "LibreOffice (libreoffice-writer-nogui) is installed by scripts/dev.sh setup"
    subprocess.run(
        [SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(docx)],
        check=True, capture_output=True, timeout=180,
    )
    return tmp_path / (docx.stem + ".pdf")


def _text(pdf: Path) -> str:
    return " ".join(subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout.split())


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> tuple[Path, object]:
    tmp = tmp_path_factory.mktemp("lo")
    project = load_and_check(ROOT).project
    cohort = project.cohort("tokyo-2021")
    docx = tmp / "proposal-tokyo-2021-g2.docx"
    docx.write_bytes(write_template(project, cohort, cohort.group("g2"), intranet=True))
    subprocess.run([".venv/bin/python", "build.py", "proposal-review", str(docx), "--out", str(tmp / "review")],
                   cwd=ROOT, check=True, capture_output=True, timeout=300)
    return tmp, cohort.proposal_of("g2")


def test_libreoffice_shows_every_heading_and_prefilled_value(converted) -> None:
    tmp, proposal = converted
    pdf = _convert(tmp, tmp / "proposal-tokyo-2021-g2.docx")
    text = _text(pdf)
    squeezed = text.replace(" ", "")
    for section in labels.PROPOSAL_SECTIONS:
        assert section.title in text
    values = [proposal.title, *proposal.tags]
    values += [o.statement for o in proposal.outcomes]
    values += [k.indicator for o in proposal.outcomes for k in o.kpis] + [k.id for o in proposal.outcomes for k in o.kpis]
    values += [m.title for m in proposal.measures] + [s.name for s in proposal.stakeholders] + [r.risk for r in proposal.risks]
    values += [f"{k.deadline.year}/{k.deadline.month}/{k.deadline.day}" for o in proposal.outcomes for k in o.kpis if k.deadline]
    values += [k.baseline_note for o in proposal.outcomes for k in o.kpis if k.baseline_note]
    values += [m.description for m in proposal.measures] + [s.role for s in proposal.stakeholders]
    values += [i.period for i in proposal.schedule] + [i.task for i in proposal.schedule] + [r.mitigation for r in proposal.risks]
    values += [*proposal.rollout.conditions] if proposal.rollout else []
    values += [line for field in ("scope", "current_state", "target_users") for line in getattr(proposal, field).splitlines()]
    for value in values:
        assert value.replace(" ", "") in squeezed, value
    fonts = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert "BIZUDPGothic" in fonts and "DejaVu" not in fonts  # Japanese glyphs from BIZ UD, no substitute
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(tmp / "page")], check=True)
    assert (tmp / "page-1.png").stat().st_size > 10_000


def test_libreoffice_opens_the_review_copy(converted) -> None:
    tmp, proposal = converted
    pdf = _convert(tmp, tmp / "review" / "proposal-tokyo-2021-g2-review.docx")
    assert proposal.title.replace(" ", "") in _text(pdf).replace(" ", "")
