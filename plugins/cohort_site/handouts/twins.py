"""The editable twins of the handouts: a Word file (.docx) beside every PDF, a PowerPoint file
(.pptx) beside every session's (`outputs.PackRef.twin_formats`).

A twin is made from the pack's own composition: the Word file from the print HTML the PDF is
rendered from (`office/handout_docx.py`), the slides from the session part of the same pack
(`office/slides.py`). Twins are cached like PDFs, in the same cache: a twin's key is its PDF's key
(the print HTML, the images it shows, templates, fonts, profile) with the office code and library
versions, and the cohort's index names it, so editing one session makes again only the files
that show it, and a build where nothing changed makes nothing.
"""

from __future__ import annotations

import functools
import hashlib
import io
import re
import time
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from ..kpi_chart import chart_svgs
from ..logger import HANDOUTS_LOGGER as log
from ..model import Cohort, Project
from ..outputs import OfficeFormat, PackRef, packs_for
from ..profile import redact
from ..storage import link_or_copy, write_bytes
from .cache import HandoutCache, hash_versions
from .chart_images import svg_pngs
from .errors import HandoutError
from .fetcher import RestrictedFetcher
from .fonts import FontSet
from .html import image_dirs, pack_html
from .packs import Pack, compose

OFFICE_LIBRARIES = ("python-docx", "python-pptx", "lxml", "pillow")
_SLIDE = re.compile(r"ppt/slides/slide\d+\.xml")


@dataclass(frozen=True)
class BuiltTwin:
    ref: PackRef
    fmt: OfficeFormat
    path: Path
    pages: int  # slides of a .pptx; for a .docx, its PDF's pages (Word lays it out on the reader's PC)
    size: int
    cached: bool

    @property
    def site_path(self) -> str:
        return self.ref.twin_path(self.fmt)


@lru_cache(maxsize=1)
def office_fingerprint() -> str:
    """Hash of the code that makes the twins (office/, this module, the chart pictures) and the
    versions of the libraries that write the files."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]
    own = [Path(__file__).resolve(), package / "handouts" / "chart_images.py"]
    for path in [*sorted((package / "office").glob("*.py")), *own]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    hash_versions(digest, OFFICE_LIBRARIES)
    return digest.hexdigest()


def twin_key(pdf_key: str, fmt: OfficeFormat) -> str:
    return hashlib.sha256(f"{fmt}\0{office_fingerprint()}\0{pdf_key}".encode()).hexdigest()


def twins_cached(cache: HandoutCache, ref: PackRef, pdf_key: str) -> bool:
    return all(cache.get(twin_key(pdf_key, fmt), fmt) is not None for fmt in ref.twin_formats)


@dataclass(frozen=True)
class TwinSource:
    """What a pack's twins are made from: its ref, its PDF's key and, when composed, pack and HTML."""

    ref: PackRef
    pdf_key: str
    pack: Pack | None
    html: str


class TwinWriter(Protocol):
    """What writes the files (office/handout_twins.OfficeTwins, given by the adapters: office/ is
    above handouts/ in the layers, so handouts/ never imports it)."""

    def docx(self, pack: Pack, html: str, raster: Raster, image_file: ImageFile) -> bytes: ...

    def pptx(self, pack: Pack) -> bytes: ...


Raster = Callable[[list[str], float], list[bytes]]  # (SVG charts, width in mm) -> their PNGs
ImageFile = Callable[[str], Path | None]  # an <img> src of the print HTML -> the file the PDF may read


def build_twins(
    root: Path, items: Sequence[TwinSource], out_dir: Path, cache: HandoutCache, fonts: FontSet,
    pdf_pages: Callable[[PackRef], int], writer: TwinWriter,
) -> list[BuiltTwin]:
    """Write every twin of `items` to `out_dir/<ref.twin_path(fmt)>`, from the cache or made now.
    `pdf_pages` gives the page count of a pack's PDF (shown for its Word twin)."""
    started = time.perf_counter()
    todo = [
        (item, fmt) for item in items for fmt in item.ref.twin_formats
        if cache.get(twin_key(item.pdf_key, fmt), fmt) is None
    ]
    # Every chart of the docs to make, rasterised in one go.
    svgs = [svg for item, fmt in todo if fmt == "docx" for svg in chart_svgs(item.html)]
    if svgs:
        svg_pngs(svgs, fonts)
    made: dict[tuple[str, str], tuple[bytes, int]] = {}
    for item, fmt in todo:
        if item.pack is None:  # runner.prepare composes every pack whose twins are not cached
            raise HandoutError(f"{item.ref.path}: キャッシュ（{cache.directory}）が作成中に変更されました。もう一度実行してください")
        if fmt == "docx":
            fetcher = RestrictedFetcher(root, item.ref.path, image_dirs=image_dirs(item.pack))
            data = writer.docx(
                item.pack, item.html, lambda found, width: svg_pngs(found, fonts, width),
                functools.partial(_image_file, root, fetcher),
            )
            pages = 0
        else:
            data = writer.pptx(item.pack)
            pages = slide_count(data)
        made[(item.ref.path, fmt)] = (data, pages)
    built = []
    for item in items:
        for fmt in item.ref.twin_formats:
            key = twin_key(item.pdf_key, fmt)
            target = out_dir / item.ref.twin_path(fmt)
            if (item.ref.path, fmt) in made:
                data, pages = made[(item.ref.path, fmt)]
                cache.put(key, data, pages, fmt)
                write_bytes(target, data)
                cached = False
            else:
                hit = cache.get(key, fmt)
                assert hit is not None  # todo held every twin not cached
                link_or_copy(hit.path, target)
                pages, cached = hit.pages, True
            shown = pdf_pages(item.ref) if fmt == "docx" else pages
            built.append(BuiltTwin(item.ref, fmt, target, shown, target.stat().st_size, cached))
    if made:
        seconds = time.perf_counter() - started
        log.info("配布資料（Word・PowerPoint）: 作成 %d 件、キャッシュ %d 件、%.1f 秒", len(made), len(built) - len(made), seconds)
    return built


KIT_FOLDER = "handouts"  # where a municipality's kit holds its editable handouts


def kit_twins(
    root: Path, project: Project, cohort: Cohort, fonts: FontSet, writer: TwinWriter
) -> Callable[[str], dict[str, bytes]]:
    """The editable handouts of a municipality's in-house kit, by its code: its rollout pack as
    Word and every session's slides, in the public profile (a kit holds no personal data and no
    facilitator notes). The slides are made once for every kit of the cohort."""
    public = redact(project, "public")
    shown = public.cohort(cohort.id)
    assert shown is not None
    refs = packs_for(public, shown)
    slides: dict[str, bytes] = {}

    def files(code: str) -> dict[str, bytes]:
        if not slides:
            for ref in (r for r in refs if r.kind == "session"):
                name = ref.twin_path("pptx").rsplit("/", 1)[1]
                slides[f"{KIT_FOLDER}/{name}"] = writer.pptx(compose(public, shown, ref, "public"))
        found = dict(slides)
        for ref in (r for r in refs if r.kind == "rollout" and r.key == code):
            pack = compose(public, shown, ref, "public")
            fetcher = RestrictedFetcher(root, ref.path, image_dirs=image_dirs(pack))
            docx = writer.docx(
                pack, pack_html(pack, fonts, pack.date.isoformat()), lambda found, width: svg_pngs(found, fonts, width),
                functools.partial(_image_file, root, fetcher),
            )
            found[f"{KIT_FOLDER}/{ref.twin_path('docx').rsplit('/', 1)[1]}"] = docx
        return found

    return files


def _image_file(root: Path, fetcher: RestrictedFetcher, src: str) -> Path | None:
    """The file an <img> of the print HTML shows, if the PDF's fetcher would read it (its src is
    relative to the project root, the HTML's base URL)."""
    return fetcher.allowed_path((root / src).as_uri())


def slide_count(pptx: bytes) -> int:
    """How many slides a .pptx holds (its slide parts)."""
    with zipfile.ZipFile(io.BytesIO(pptx)) as package:
        return sum(1 for name in package.namelist() if _SLIDE.fullmatch(name))
