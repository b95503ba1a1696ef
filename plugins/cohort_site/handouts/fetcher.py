"""The only way WeasyPrint may load a resource: files inside the project (and the font files we
chose), plus `data:` URIs. Everything else — http(s), file:// outside the project, `..` escapes —
is refused with a warning naming the page, before any connection or file is opened."""

from __future__ import annotations

import base64
import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

log = logging.getLogger("cohort_site.handouts")


class ResourceRefused(ValueError):
    pass


class RestrictedFetcher(URLFetcher):
    """A URLFetcher that reads local files itself and never opens a socket."""

    def __init__(self, root: Path, page: str, extra_files: tuple[Path, ...] = ()):
        super().__init__(allowed_protocols=("file", "data"))
        self.root = Path(root).resolve()
        self.page = page  # the pack (and source) the resource is referenced from, for warnings
        self.extra_files = {Path(p).resolve() for p in extra_files}
        self.refused: list[str] = []

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return _data_uri(url)
        if scheme == "file":
            path = self._allowed_path(url)
            if path is not None:
                mime, _ = mimetypes.guess_type(path.name)
                headers = {"Content-Type": mime} if mime else None
                return URLFetcherResponse(path.as_uri(), path.read_bytes(), headers)
        self.refused.append(url)
        log.warning("%s: 外部のリソース %s は読み込みません（プロジェクト内のファイルと data: URI のみ使えます）", self.page, url)
        raise ResourceRefused(f"refused: {url}")

    def _allowed_path(self, url: str) -> Path | None:
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            return None
        raw = url2pathname(unquote(parts.path))
        if ".." in Path(raw).parts:
            return None
        path = Path(raw).resolve()
        if path in self.extra_files:
            return path
        if path.is_file() and path.is_relative_to(self.root):
            return path
        return None


def _data_uri(url: str) -> URLFetcherResponse:
    header, _, payload = url[len("data:"):].partition(",")
    mime, *params = header.split(";") if header else ["text/plain"]
    data = base64.b64decode(payload) if "base64" in params else unquote(payload).encode()
    return URLFetcherResponse(url, data, {"Content-Type": mime or "text/plain"})
