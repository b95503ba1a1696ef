"""Staged publishing: a failed build leaves the previous site/ byte for byte; no page links a
download that is not there; cohort_data/ is loaded once per build."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from site_helpers import ROOT, run_build

MINIMAL = ROOT / "tests" / "fixtures" / "minimal"


def _project(tmp_path: Path) -> Path:
    """The sample's config and hand-written pages with the small test cohort (quick to build)."""
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy2(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "site_src", project / "site_src")
    shutil.copytree(MINIMAL / "cohort_data", project / "cohort_data")
    return project


def _listing(folder: Path) -> dict[str, str]:
    """Every file's checksum (the 'byte for byte' of the tests)."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


def _missing_targets(site: Path) -> list[str]:
    """Every relative href/src of every built page whose file is not in the site."""
    missing = []
    for page in site.rglob("*.html"):
        # Real links only: a pending download keeps its target as data-href (publish.py).
        for ref in re.findall(r'(?<![\w-])(?:href|src)="([^"]+)"', page.read_text(encoding="utf-8")):
            parts = urlsplit(ref)
            if parts.scheme or parts.netloc or not parts.path or ref.startswith("#"):
                continue
            base = site if parts.path.startswith("/") else page.parent  # 404.html uses absolute paths
            target = (base / unquote(parts.path).lstrip("/")).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                missing.append(f"{page.relative_to(site)} -> {ref}")
    return missing


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str]]:
    """A project and its site, built with the PDFs and kits."""
    project = _project(tmp_path_factory.mktemp("publish"))
    site = project / "site"
    done = run_build(project, site, COHORT_HANDOUTS="true")
    assert done.returncode == 0, done.stderr
    return project, site, _listing(site)


def test_every_link_of_the_built_site_has_its_file(built: tuple[Path, Path, dict[str, str]]) -> None:
    _project_dir, site, listing = built
    assert any(name.endswith(".pdf") for name in listing) and any(name.endswith(".zip") for name in listing)
    assert _missing_targets(site) == []
    assert not (site.parent / ".site.staging").exists()


def test_without_pdfs_the_downloads_page_links_nothing_missing(tmp_path: Path) -> None:
    project = _project(tmp_path)
    site = project / "site"
    done = run_build(project, site)  # COHORT_HANDOUTS=false: no PDFs
    assert done.returncode == 0, done.stderr
    assert _missing_targets(site) == []
    downloads = (site / "mini-2021" / "downloads" / "index.html").read_text(encoding="utf-8")
    assert "（未作成）" in downloads and not re.search(r'(?<![\w-])href="[^"]*\.pdf"', downloads)


def _fails_and_keeps(project: Path, site: Path, before: dict[str, str], **env: str) -> str:
    done = run_build(project, site, COHORT_HANDOUTS="true", **env)
    assert done.returncode != 0
    assert _listing(site) == before
    assert "Traceback" not in done.stderr
    assert not (site.parent / ".site.staging").exists()
    return done.stderr


def test_a_failed_pdf_leaves_the_previous_site(built: tuple[Path, Path, dict[str, str]], tmp_path: Path) -> None:
    project, site, before = built
    copy = tmp_path / "copy"
    shutil.copytree(project, copy)
    proposal = copy / "cohort_data" / "mini-2021" / "proposals" / "g1.md"
    # A body link to an anchor nowhere in the cohort: the PDF fails after the HTML is written.
    proposal.write_text(proposal.read_text(encoding="utf-8") + "\n[どこにもない](#nowhere)\n", encoding="utf-8")
    stderr = _fails_and_keeps(copy, copy / "site", _listing(copy / "site"))
    assert "#nowhere" in stderr


def test_a_strict_warning_leaves_the_previous_site(built: tuple[Path, Path, dict[str, str]], tmp_path: Path) -> None:
    project, _site, _before = built
    copy = tmp_path / "copy"
    shutil.copytree(project, copy)
    (copy / "site_src" / "broken.md").write_text("# 壊れたリンク\n\n[なし](no-such-page.md)\n", encoding="utf-8")
    stderr = _fails_and_keeps(copy, copy / "site", _listing(copy / "site"))
    assert "no-such-page.md" in stderr


def test_cohort_data_is_loaded_once_per_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    import cohort_site.checks as checks

    calls = []
    real = checks.load_project
    monkeypatch.setattr(checks, "load_project", lambda *a, **k: calls.append(a) or real(*a, **k))
    monkeypatch.setenv("COHORT_HANDOUTS", "true")
    project = _project(tmp_path)
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    assert len(calls) == 1
    assert any((project / "site" / "pdf" / "mini-2021").glob("*.pdf"))


def test_an_interrupt_leaves_the_previous_site(built: tuple[Path, Path, dict[str, str]], tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import time

    from site_helpers import BIN

    project, _site, _before = built
    copy = tmp_path / "copy"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns(".cache"))  # PDFs rendered again
    before = _listing(copy / "site")
    env = dict(os.environ, COHORT_HANDOUTS="true", NO_MKDOCS_2_WARNING="1", COHORT_SITE_OFFLINE="false",
               COHORT_SITE_CACHE=str(tmp_path / "cache"))  # an empty cache of its own: the PDFs are made again
    build = subprocess.Popen(
        [str(BIN / "mkdocs"), "build", "-f", str(copy / "mkdocs.yml")], cwd=copy, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # as in a terminal
    )
    staging = copy / ".site.staging"
    deadline = time.monotonic() + 300
    while not (staging / "search").exists() and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)  # the pages are written; the PDFs are being made
    assert build.poll() is None, "the build ended before it could be interrupted"
    build.send_signal(signal.SIGINT)
    _out, _err = build.communicate(timeout=300)
    assert build.returncode != 0
    assert _listing(copy / "site") == before
