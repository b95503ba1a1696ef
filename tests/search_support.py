"""Search as a visitor uses it: Material's own search worker (the file the built site ships) run in
Node on the built index (`search_worker.js`), and in-process builds of a small project."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from site_helpers import ROOT

WORKER = Path(__file__).with_name("search_worker.js")
MINIMAL = ROOT / "tests" / "fixtures" / "minimal"


def search(site: Path, queries: list[str]) -> list[list[list[dict]]]:
    """For each query, the worker's result groups (one per page, its sections inside)."""
    node = shutil.which("node")
    assert node, "Node.js is needed to run the theme's search worker (scripts/dev.sh installs nodejs)"
    done = subprocess.run([node, str(WORKER), str(site)], input=json.dumps(queries), capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def found_pages(site: Path, queries: list[str]) -> list[set[str]]:
    """For each query, the pages the search box lists (site-relative URLs, no anchors)."""
    return [{group[0]["location"].split("#")[0] for group in groups} for groups in search(site, queries)]


def build_site(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """`mkdocs build` of `project` in this process (no PDFs, no offline plugin) into project/site."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    monkeypatch.setenv("COHORT_HANDOUTS", "false")
    monkeypatch.setenv("COHORT_SITE_OFFLINE", "false")
    monkeypatch.setenv("COHORT_SITE_PROFILE", "intranet")
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return project / "site"


def minimal_project(dest: Path) -> Path:
    """The minimal test cohort with the sample's config and hand-written pages."""
    shutil.copytree(MINIMAL, dest)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "site_src", dest / "site_src")
    return dest
