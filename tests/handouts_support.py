"""Helpers of the PDF handout tests: render packs once, read PDFs with poppler and pypdf."""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
from pathlib import Path

from pypdf import PdfReader

from cohort_site.checks import load_and_check
from cohort_site.handouts.runner import HandoutOptions, Summary, build_handouts
from cohort_site.office.handout_twins import OfficeTwins
from cohort_site.storage import cache_path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = "tokyo-2021"
# The sample's packs the public profile is tested on (tests/conftest.py `public_packs`): the book,
# every session (each holds the recap of the one before), a proposal and a rollout pack.
# The sample's packs the tests render whole (tests/conftest.py `whole_packs`): two rollout packs of
# one group (the same parts after their own cover), a pack of another kind with a cover, a session's.
WHOLE_PACKS = {"rollout-131059.pdf", "rollout-132080.pdf", "results-132012.pdf", "session-01.pdf"}
PUBLIC_PACKS = {"cohort-book.pdf", "proposal-g1.pdf", "rollout-131121.pdf"} | {f"session-0{n}.pdf" for n in range(1, 6)}


def shared_cache() -> Path:
    """The handouts cache the tests share, in the run's temporary cache folder (tests/conftest.py)."""
    return cache_path(ROOT, ".cache/handouts-tests")


def copy_project(dest: Path) -> Path:
    """A private copy of the project's data (for tests that edit files)."""
    shutil.copytree(ROOT / "cohort_data", dest / "cohort_data")
    return dest


def render(root: Path, out: Path, cache: Path | None, *, select=None, **options) -> Summary:
    """The packs (or the selected ones) of the project at `root`; PDFs only unless office=True."""
    checked = load_and_check(root)
    assert checked.ok, [str(d) for d in checked.diagnostics if d.is_error]
    options = {"office": False, **options}  # the Word / PowerPoint twins have their own tests
    opts = HandoutOptions(cache_dir=str(cache) if cache else None, findings=checked.by_file(), **options)
    return build_handouts(root, checked.project, out, opts, select=select, writer=OfficeTwins())


def page_texts(pdf: Path, layout: bool = True) -> list[str]:
    """Text of every page (pdftotext; `layout` keeps lines, else reading order), index = page - 1."""
    command = ["pdftotext", *(["-layout"] if layout else []), str(pdf), "-"]
    text = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdfinfo(pdf: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


def pdffonts(pdf: Path) -> list[tuple[str, str]]:
    """(font name, embedded yes/no) of every font of the PDF."""
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()[2:]
    return [(row.split()[0], row.split()[-5]) for row in rows if row.strip()]


def pdf_reader(pdf: Path) -> PdfReader:
    """pypdf's reader of the file, one per file (as it is now) and process: pypdf parses every
    object of a WeasyPrint PDF at its first look (≈0.15 s), so the tests that read the same PDFs
    share it. Read it, never change it."""
    stat = Path(pdf).stat()
    return _reader(str(Path(pdf).resolve()), stat.st_mtime_ns, stat.st_size)


@functools.cache
def _reader(path: str, _mtime: int, _size: int) -> PdfReader:
    return PdfReader(path)


def pdf_facts(pdf: Path) -> dict:
    """What pypdf reads of a PDF's document level: title, author, language, tagging, whether its
    XMP claims PDF/UA-1, and its bookmarks (`outline`)."""
    reader = pdf_reader(pdf)
    root = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data()
    return {
        "title": reader.metadata.title, "author": reader.metadata.author, "lang": str(root["/Lang"]),
        "marked": bool(root["/MarkInfo"]["/Marked"]),
        "pdf_ua": b'pdfuaid:part="1"' in xmp or b"<pdfuaid:part>1</pdfuaid:part>" in xmp,
        "outline": outline(pdf),
    }


def outline(pdf: Path) -> list[tuple[int, str, int]]:
    """(level, title, 1-based page) of every bookmark."""
    reader = pdf_reader(pdf)
    found: list[tuple[int, str, int]] = []

    def walk(items: list, level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                found.append((level, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 1)
    return found


def toc_entries(text: str) -> list[tuple[str, int]]:
    """(title, page) of the dotted TOC lines of a page's text."""
    return [(squash(m[0]), int(m[1])) for m in re.findall(r"^\s*(\S.*?)\s*\.{3,}\s*(\d+)\s*$", text, re.M)]


def has_heading(page_text: str, title: str) -> bool:
    """A line of the page is the heading (or, wrapped, starts it)."""
    lines = [squash(line) for line in page_text.splitlines()]
    return any(line == title or (len(line) >= 8 and title.startswith(line)) for line in lines if line)
