"""The content caches stay bounded: what no build used for CACHE_KEEP_DAYS leaves them
(storage.prune_cache), and every build marks the indexes it used."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from cohort_site.storage import CACHE_KEEP_DAYS, prune_cache
from handouts_support import copy_project, render

OLD = time.time() - (CACHE_KEEP_DAYS + 5) * 86400


def _file(path: Path, data: bytes = b"x", old: bool = True) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    if old:
        os.utime(path, (OLD, OLD))
    return path


def test_prune_keeps_what_a_recent_index_names_and_anything_recent(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    used = _file(cache / "index" / "used.json", json.dumps({"a.pdf": "aa11"}).encode(), old=False)
    stale = _file(cache / "index" / "stale.json", json.dumps({"b.pdf": "bb22"}).encode())
    named = [_file(cache / "aa" / "aa11.pdf"), _file(cache / "aa" / "aa11.json")]  # old, but named
    orphans = [_file(cache / "bb" / "bb22.pdf"), _file(cache / "cc" / "cc33.zip"), _file(cache / "cc" / ".cc44.zip.1.partial")]
    fresh = _file(cache / "dd" / "dd44.zip", old=False)  # just written, in no index yet
    assert prune_cache(cache) == 1 + len(orphans)
    assert used.is_file() and not stale.exists()
    assert all(p.is_file() for p in [*named, fresh]) and not any(p.exists() for p in orphans)
    assert prune_cache(tmp_path / "missing") == 0


def test_a_build_marks_its_index_and_prunes_what_nobody_used(tmp_path: Path) -> None:
    project, cache = copy_project(tmp_path / "project"), tmp_path / "cache"
    select = lambda ref: ref.cohort == "tokyo-2021" and ref.filename == "session-01.pdf"  # noqa: E731
    assert render(project, tmp_path / "a", cache, select=select, workers=1).rendered == 1
    index = next((cache / "index").glob("*.json"))
    pdfs = list(cache.glob("??/*.pdf"))
    for path in [index, *pdfs]:
        os.utime(path, (OLD, OLD))  # as if the last build was long ago
    stray = _file(cache / "ff" / "ff99.pdf")  # a PDF no index names any more
    again = render(project, tmp_path / "b", cache, select=select, workers=1)
    assert (again.rendered, again.cached) == (0, 1)
    assert index.stat().st_mtime > OLD + 86400, "the build marks the index it used"
    assert all(p.is_file() for p in pdfs) and not stray.exists()
