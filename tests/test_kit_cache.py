"""Kits of a cohort for the site (`write_kits`): zipped once per change, equal to `build.py kit`."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from cohort_site.checks import load_and_check
from cohort_site.exports import kit as kit_module
from cohort_site.exports.kit import build_kit, write_kits

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = "tokyo-2021"
PROPOSAL_G1 = "cohort_data/tokyo-2021/proposals/g1.md"


def project_copy(dest: Path) -> Path:
    """The files a kit reads, in a private folder (tests here edit them)."""
    shutil.copytree(ROOT / "cohort_data", dest / "cohort_data")
    for folder in ("plugins", "site_src", "scripts"):
        shutil.copytree(ROOT / folder, dest / folder, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("pyproject.toml", "build.py", "mkdocs.yml", "ARCHITECTURE.md"):
        shutil.copy(ROOT / name, dest / name)
    return dest


def cached_zips(cache: Path) -> set[Path]:
    return set(cache.rglob("*.zip"))


def kits(root: Path, out: Path, cache: Path) -> dict[str, str]:
    """Kit file name -> hash of its bytes (a failed comparison of 25 zips' bytes takes pytest
    minutes to print)."""
    project = load_and_check(root).project
    written = write_kits(root, project, project.cohort(SAMPLE), out, cache)
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in written}


def test_kits_are_zipped_once_per_change_and_equal_the_cli_kit(tmp_path: Path) -> None:
    root, cache = project_copy(tmp_path / "project"), tmp_path / "cache"
    first = kits(root, tmp_path / "site1", cache)
    project = load_and_check(root).project
    codes = list(dict.fromkeys(project.cohort(SAMPLE).participating_codes()))
    assert len(first) == len(codes) == len(cached_zips(cache)) == 25
    name, data = build_kit(root, project, project.cohort(SAMPLE), codes[0])
    assert first[name] == hashlib.sha256(data).hexdigest()  # the site's kit is the one `build.py kit` makes

    zipped = cached_zips(cache)
    stamps = {p: p.stat().st_mtime_ns for p in zipped}
    (index,) = (cache / "index").glob("*.json")
    os.utime(index, (0, 0))  # as if last used long ago
    # Nothing changed: the index names the zips, no kit's files are made to find its hash.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(kit_module, "own_files", _must_not_run)
        again = kits(root, tmp_path / "site2", cache)
    assert again == first
    assert cached_zips(cache) == zipped and {p: p.stat().st_mtime_ns for p in zipped} == stamps
    assert index.stat().st_mtime > 0, "a build marks the index it used (prune_cache keeps it)"

    # The group g1 proposal is in the kits of g1's members only: only those are zipped again.
    path = root / PROPOSAL_G1
    path.write_text(path.read_text(encoding="utf-8") + "\n追記した一文です。\n", encoding="utf-8")
    changed = kits(root, tmp_path / "site3", cache)
    g1 = {f"kit-{code}-{SAMPLE}.zip" for code in project.cohort(SAMPLE).group("g1").municipalities}
    assert {n for n in changed if changed[n] != first[n]} == g1
    assert len(cached_zips(cache) - zipped) == len(g1) == 5

    # A zip removed from the cache behind the index's back is made again (one the index names:
    # a new g1 zip; the old ones are named by no index any more).
    removed = sorted(cached_zips(cache) - zipped)[0]
    removed.unlink()
    assert kits(root, tmp_path / "site4", cache) == changed and removed.is_file()


def _must_not_run(*args: object, **kwargs: object) -> None:
    raise AssertionError("a kit's files were made although nothing changed")
