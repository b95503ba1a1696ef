"""Content-hash cache of rendered PDFs, outside the site (default `.cache/handouts/`).

The key covers everything that shapes a PDF: the pack's print HTML (content, stylesheet, font
declarations, dates), the image files it shows, the template files, the font files, the options
and WeasyPrint's version.

An index per input (`index/<key>.json`: a cohort's data and image files, the municipalities, the
package's code and the libraries that make the HTML) maps each pack to its PDF's key, so a rebuild
where nothing changed finds its PDFs without making any print HTML.
"""

from __future__ import annotations

import hashlib
import html as html_text
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from ..images import IMAGE_TYPES
from ..storage import prune_cache, read_index, write_bytes

# Read from the package's metadata: importing WeasyPrint (0.6 s) is for builds that render.
WEASYPRINT_VERSION = metadata.version("weasyprint")


CACHE_FORMAT = "1"


@dataclass(frozen=True)
class CachedPdf:
    path: Path
    pages: int


class HandoutCache:
    def __init__(self, directory: Path | None, environment: str):
        """`environment`: fingerprint of templates, fonts and options shared by every pack."""
        self.directory = directory
        self.environment = environment

    def key(self, html: str) -> str:
        digest = hashlib.sha256()
        for part in (CACHE_FORMAT, WEASYPRINT_VERSION, self.environment, html):
            digest.update(part.encode())
            digest.update(b"\0")
        return digest.hexdigest()

    def get(self, key: str, suffix: str = "pdf") -> CachedPdf | None:
        """The cached file of `key` (a PDF, or an Office twin by its suffix) and its page count."""
        if self.directory is None:
            return None
        pdf, meta = self._paths(key, suffix)
        try:
            pages = int(json.loads(meta.read_text(encoding="utf-8"))["pages"])
        except (OSError, ValueError, KeyError):
            return None
        return CachedPdf(pdf, pages) if pdf.is_file() else None

    def put(self, key: str, pdf: bytes, pages: int, suffix: str = "pdf") -> None:
        if self.directory is None:
            return
        pdf_path, meta = self._paths(key, suffix)
        write_bytes(pdf_path, pdf)
        write_bytes(meta, json.dumps({"pages": pages}).encode())

    def index(self, inputs: str) -> dict[str, str]:
        """Pack path -> PDF key, as made last time from the same inputs ({} if unknown). Read by
        a build, so it and its PDFs are kept (`prune`)."""
        if self.directory is None:
            return {}
        return read_index(self.directory / "index" / f"{inputs}.json") or {}

    def prune(self) -> int:
        """Remove what no build used for CACHE_KEEP_DAYS (storage.prune_cache)."""
        return prune_cache(self.directory) if self.directory is not None else 0

    def put_index(self, inputs: str, keys: dict[str, str]) -> None:
        if self.directory is None:
            return
        merged = {**self.index(inputs), **keys}
        write_bytes(self.directory / "index" / f"{inputs}.json", json.dumps(merged, sort_keys=True).encode())

    def _paths(self, key: str, suffix: str = "pdf") -> tuple[Path, Path]:
        assert self.directory is not None
        folder = self.directory / key[:2]
        return folder / f"{key}.{suffix}", folder / f"{key}.json"


def environment_fingerprint(*parts: str | bytes | Path) -> str:
    digest = hashlib.sha256()
    for part in parts:
        if isinstance(part, Path):
            digest.update(part.name.encode())
            digest.update(part.read_bytes())
        else:
            digest.update(part if isinstance(part, bytes) else part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


HTML_LIBRARIES = ("jinja2", "markupsafe", "markdown", "nh3", "pymdown-extensions")


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash of the package's own files and the versions of the libraries that make print HTML."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    hash_versions(digest, HTML_LIBRARIES)
    return digest.hexdigest()


def hash_versions(digest: hashlib._Hash, names: Sequence[str]) -> None:
    """Feed `digest` the installed version of each library (`-` when it is not installed)."""
    for name in names:
        try:
            digest.update(f"{name}={metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=-\0".encode())


_IMG_SRC = re.compile(r'<img\b[^>]*?\bsrc="([^"]*)"')


def shown_images(root: Path, html: str) -> str:
    """Hash of the image files a pack's print HTML shows (path and bytes; relative to the project
    root, its base URL): a changed image makes the packs that show it again, their HTML unchanged.
    A source that is no readable file inside the root counts as its text (the fetcher refuses it)."""
    digest, root = hashlib.sha256(), root.resolve()
    for src in sorted(set(_IMG_SRC.findall(html))):
        digest.update(src.encode() + b"\0")
        path = (root / html_text.unescape(src)).resolve()
        if path.is_relative_to(root) and path.is_file():
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def image_folders_digest(*folders: Path) -> str:
    """Hash of every image file under these folders (path and bytes), for the index's key."""
    digest = hashlib.sha256()
    for number, folder in enumerate(folders):
        for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
            if path.suffix.lower() in IMAGE_TYPES and path.is_file():
                name = f"{number}:{path.relative_to(folder).as_posix()}\0"
                digest.update(name.encode() + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()
