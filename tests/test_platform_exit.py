"""The way out of the plugin API (README「今後の MkDocs と Material」): `build.py export-docs`
writes every page as plain Markdown with its assets and a plain mkdocs.yml, and MkDocs without
the project's plugins or theme builds the same pages from it. (ProperDocs ships no theme: it
builds the export after `pip install properdocs-theme-mkdocs`; the sample itself is built with
ProperDocs in test_site_portability.py.)"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from cohort_site import cli
from cohort_site.cli import main as cli_main
from site_helpers import ROOT, build, page, pages


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export") / "plain"
    assert cli_main(["--root", str(ROOT), "export-docs", str(out)]) == 0
    return out


def test_the_export_names_no_plugin_or_theme_of_the_project(export: Path) -> None:
    config = (export / "mkdocs.yml").read_text(encoding="utf-8")
    assert "cohort-site" not in config and "cohort-handouts" not in config and "material" not in config
    assert "name: mkdocs" in config and "docs_dir: docs" in config
    session = (export / "docs" / "tokyo-2021" / "sessions" / "1.md").read_text(encoding="utf-8")
    assert session.startswith("---\ntitle: ") and "\n# 第1回 キックオフ" in session
    assert (export / "docs" / "stylesheets" / "cohort.css").is_file()
    assert any((export / "docs").rglob("*.ics")) and any((export / "docs").rglob("*.docx"))
    assert not (export / "docs" / "overrides").exists()


def test_plain_mkdocs_builds_the_export_strictly_with_the_plugin_builds_pages(export: Path, site: Path, tmp_path: Path) -> None:
    dest = tmp_path / "plain-site"
    build(export, dest)  # mkdocs build --strict, no plugin of ours in its config
    assert pages(dest) == pages(site) and len(pages(site)) > 40
    html = page(dest, "tokyo-2021/proposals/g1/")
    assert "保育所等の入所申込を" in html and "md-typeset" not in html  # MkDocs' own theme
    assert "cs-sample" in page(site, "tokyo-2021/proposals/g1/") and "cs-sample" in html  # the same page body


def test_the_export_refuses_an_existing_folder(export: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = sorted(p.name for p in export.iterdir())
    assert cli_main(["--root", str(ROOT), "export-docs", str(export)]) == 2
    assert "すでにあります" in capsys.readouterr().err
    assert sorted(p.name for p in export.iterdir()) == before


def test_build_py_build_silences_materials_end_of_life_notice(monkeypatch: pytest.MonkeyPatch) -> None:
    """The notice is for the maintainers (the README's plan); whoever builds cannot act on it."""
    monkeypatch.delenv("NO_MKDOCS_2_WARNING", raising=False)
    seen: list[dict[str, str]] = []

    def run(command: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
        seen.append(env)
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(cli.subprocess, "run", run)
    assert cli_main(["--root", str(ROOT), "build"]) == 0
    assert seen[0]["NO_MKDOCS_2_WARNING"] == "1"
    script = (ROOT / "scripts" / "dev.sh").read_text(encoding="utf-8")
    assert "NO_MKDOCS_2_WARNING=1 .venv/bin/mkdocs build --strict" in script
