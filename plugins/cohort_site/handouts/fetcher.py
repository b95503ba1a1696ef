"""The only way WeasyPrint may load a resource, and it may load very little: the font files the
project chose, and image files (by type, `images.IMAGE_TYPES`) inside the pack's cohort folder or
`site_src/`. Never a data file (YAML, Markdown, CSV), nothing under `.git/`, nothing outside the
project, nothing through a symlink that leaves those folders, no network. The print stylesheet is
inlined into the HTML, so it needs no fetch. Everything else is refused with a warning naming the
page, before any connection or file is opened; the checker reports the same references at the line
where they were written (`checks/resources.py`)."""

from __future__ import annotations

import base64
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

from ..diagnostics import cut
from ..images import IMAGE_TYPES
from ..logger import HANDOUTS_LOGGER

log = HANDOUTS_LOGGER


class ResourceRefused(ValueError):
    pass


class RestrictedFetcher(URLFetcher):
    """A URLFetcher that reads allowed local files itself and never opens a socket.

    image_dirs: folders (relative to root or absolute) images may come from: a pack passes its
    own cohort folder and `site_src/` (`html.image_dirs`)."""

    def __init__(
        self, root: Path, page: str, image_dirs: tuple[Path | str, ...], extra_files: tuple[Path, ...] = (),
    ):
        super().__init__(allowed_protocols=("file", "data"))
        self.root = Path(root).resolve()
        self.page = page  # the pack (and source) the resource is referenced from, for warnings
        self.extra_files = {Path(p).resolve() for p in extra_files}
        self.image_dirs = tuple((self.root / d) if not Path(d).is_absolute() else Path(d) for d in image_dirs)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            found = _data_image(url)
            if found is not None:
                return found
        if scheme == "file":
            path = self.allowed_path(url)
            if path is not None:
                mime = IMAGE_TYPES.get(path.suffix.lower())
                return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": mime} if mime else None)
        self.refused.append(url)
        log.warning(
            "%s: %s は読み込みません（PDF に入れられるのは、研修フォルダの images/ と site_src/ の画像だけです）",
            self.page, self._shown(url),
        )
        raise ResourceRefused(f"refused: {url}")

    def _shown(self, url: str) -> str:
        """A refused URL for the log: a project file by its path in the project, else cut."""
        parts = urlsplit(url)
        if parts.scheme.lower() == "file":
            path = Path(url2pathname(unquote(parts.path)))
            if path.is_relative_to(self.root):
                return path.relative_to(self.root).as_posix()
        return cut(url)

    def allowed_path(self, url: str) -> Path | None:
        """The file a file:// URL names, if it may be read; None otherwise."""
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            return None
        written = Path(url2pathname(unquote(parts.path)))
        if ".." in written.parts or ".git" in written.parts:
            return None
        real = written.resolve()
        if real in self.extra_files:
            return real
        if written.suffix.lower() not in IMAGE_TYPES or real.suffix.lower() not in IMAGE_TYPES:
            return None
        for folder in self.image_dirs:
            inside = written.is_relative_to(folder) and real.is_relative_to(folder.resolve())
            if inside and real.is_relative_to(self.root) and ".git" not in real.parts and real.is_file():
                return real
        return None


def _data_image(url: str) -> URLFetcherResponse | None:
    """A `data:` URI of an image type; other data (HTML, SVG scripts aside) is refused."""
    header, _, payload = url[len("data:"):].partition(",")
    mime, *params = header.split(";") if header else ["text/plain"]
    if mime.lower() not in set(IMAGE_TYPES.values()) - {"image/svg+xml"}:
        return None
    data = base64.b64decode(payload) if "base64" in params else unquote(payload).encode()
    return URLFetcherResponse(url, data, {"Content-Type": mime})
