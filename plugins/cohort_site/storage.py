"""Writing a file or folder all at once or not at all: stage next to the target, then rename; and
the upkeep of the content caches (PDFs, kits) the site's files are linked from. Below every output
(`exports/`, `imports/`, `handouts/`, `pages/`, the plugins), so none of them imports another for it."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
import zipfile
from io import BytesIO
from pathlib import Path

from .errors import CohortSiteError


class TargetExists(CohortSiteError, FileExistsError):
    """The target is already there; nothing was written."""


def write_tree(target: Path, files: dict[str, str | bytes]) -> None:
    """Create folder `target` holding `files` (relative path -> text, or bytes for images), or
    nothing at all.

    The files are written into a hidden staging folder next to the target (same file system)
    and renamed into place at the end; on any failure the staging folder is removed. The
    staging folder holds the new folder one level down, so a loader scanning the parent for
    `*/cohort.yml` never sees a half-written cohort.
    """
    if target.exists():
        raise TargetExists(f"{target} はすでにあります。上書きはしません（別の名前にするか、先に削除してください）")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent))
    try:
        stage = staging / target.name
        for rel, text in sorted(files.items()):
            path = stage / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(text, encoding="utf-8", newline="\n")
        if target.exists():
            raise TargetExists(f"{target} が作成中に別の処理で作られました。上書きはしません")
        os.rename(stage, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def write_bytes(target: Path, data: bytes) -> None:
    """Replace file `target` with `data` atomically (a temporary file next to it, then rename)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temp, 0o644)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


ZipTime = tuple[int, int, int, int, int, int]
FIXED_ZIP_TIME: ZipTime = (2000, 1, 1, 0, 0, 0)  # any fixed value: zip times are local, no time zone


def fixed_zip_times(data: bytes, when: ZipTime) -> bytes:
    """A zip (an Office file) with every entry dated `when`: openpyxl and python-docx stamp the clock's time."""
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=when)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def link_or_copy(cached: Path, target: Path) -> None:
    """`target` becomes the cached file (a kit's zip, a PDF): a hard link when the file system
    allows, else a copy; either way it appears whole."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.{os.getpid()}.partial")
    temp.unlink(missing_ok=True)
    try:
        os.link(cached, temp)
    except OSError:
        write_bytes(target, cached.read_bytes())
        return
    os.replace(temp, target)



# Where a build keeps its caches: the project's `.cache/` folder, unless COHORT_SITE_CACHE names
# another one (the tests point it at a temporary folder, so nothing is written into the checkout).
CACHE_ENV = "COHORT_SITE_CACHE"


def cache_path(root: Path | str, relative: str | Path) -> Path:
    """`root / relative`; a path under `.cache/` goes under $COHORT_SITE_CACHE instead when it is set."""
    parts = Path(relative).parts
    moved = os.environ.get(CACHE_ENV)
    if moved and parts and parts[0] == ".cache":
        return Path(moved).joinpath(*parts[1:])
    return Path(root) / relative


# A content cache (`.cache/handouts`, `.cache/kits`) keeps `<key[:2]>/<key>.*` files, named by
# `index/<inputs>.json` files (what a cohort's outputs are made from -> their keys). What no build
# used for this long is removed, so a year of edits does not grow the cache without bound, while
# another profile's or an occasional partial build's outputs stay.
CACHE_KEEP_DAYS = 30


def read_index(index: Path) -> dict[str, str] | None:
    """A cache index (output name -> key), or None if missing or broken. Reading it means this
    build uses it: it and its files stay another CACHE_KEEP_DAYS. (Only the index's own time is
    set: the cached files are hard-linked into the site, whose times must not move.)"""
    found = _load_index(index)
    if found is not None:
        os.utime(index)
    return found


def _load_index(index: Path) -> dict[str, str] | None:
    try:
        found = json.loads(index.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(found, dict) or not all(isinstance(value, str) for value in found.values()):
        return None
    return found


def prune_cache(directory: Path, keep_days: float = CACHE_KEEP_DAYS) -> int:
    """Remove every index no build used for `keep_days`, then every cached file older than that
    which no index left names (and leftover partial files). Returns how many files went."""
    if not directory.is_dir():
        return 0
    limit, removed = time.time() - keep_days * 86400, 0
    named: set[str] = set()
    indexes = directory / "index"
    for index in sorted(indexes.glob("*.json")) if indexes.is_dir() else ():
        if index.stat().st_mtime < limit:
            index.unlink(missing_ok=True)
            removed += 1
            continue
        named.update((_load_index(index) or {}).values())  # read without marking it used
    for folder in sorted(directory.iterdir()):
        if folder.name == "index" or len(folder.name) != 2 or not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if path.name.split(".", 1)[0] not in named and path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)
                removed += 1
    return removed
