"""Remake the guide's pictures of the Word proposal (site_src/guide/images/proposal-word-*.png).

The template (public profile: no member names) and a review copy of the sample's group g2 as
LibreOffice shows them:
    .venv/bin/python scripts/word_screenshots.py
Needs LibreOffice (scripts/dev.sh setup installs it) and poppler's pdftoppm.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageOps

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "site_src" / "guide" / "images"
DPI = 110


# Comments exported as PDF notes (LibreOffice draws a note mark where each comment is anchored).
PDF_WITH_NOTES = 'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}'


def _pages(docx: Path, work: Path) -> list[Image.Image]:
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{work}/lo", "--convert-to", PDF_WITH_NOTES,
                    "--outdir", str(work), str(docx)], check=True, capture_output=True)
    prefix = work / docx.stem
    subprocess.run(["pdftoppm", "-png", "-r", str(DPI), str(work / f"{docx.stem}.pdf"), str(prefix)], check=True)
    return [Image.open(p).convert("RGB") for p in sorted(work.glob(f"{docx.stem}-*.png"))]


def _save(image: Image.Image, name: str) -> None:
    """A grey frame, so the page's white stands apart from the site's."""
    ImageOps.expand(image, border=2, fill=(150, 150, 150)).save(OUT / name, optimize=True)
    print(OUT / name)


def main() -> int:
    python = sys.executable
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        subprocess.run([python, "build.py", "proposal-template", "tokyo-2021", "g2", "--out", str(work),
                        "--profile", "public"], cwd=ROOT, check=True)
        docx = work / "proposal-tokyo-2021-g2.docx"
        subprocess.run([python, "build.py", "proposal-review", str(docx), "--out", str(work / "review")], cwd=ROOT, check=True)
        template = _pages(docx, work)
        review = _pages(work / "review" / "proposal-tokyo-2021-g2-review.docx", work)
        width, height = template[0].size
        mm = DPI / 25.4
        _save(template[0].crop((0, 0, width, int(165 * mm))), "proposal-word-first-page.png")
        _save(template[1].crop((0, 0, width, int(160 * mm))), "proposal-word-outcomes.png")
        _save(review[1].crop((0, int(84 * mm), width, int(150 * mm))), "proposal-word-review.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
