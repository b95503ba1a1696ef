"""`build.py build`: the site through MkDocs, with the profile chosen on the command line."""

from __future__ import annotations

from pathlib import Path

from site_helpers import run_cli

ROOT = Path(__file__).resolve().parent.parent


def test_build_public_profile_leaves_out_member_names(tmp_path: Path) -> None:
    from cohort_site.loader import load_project

    members = [m.name for c in load_project(ROOT).project.cohorts for g in c.groups for m in g.members]
    assert members
    site = tmp_path / "site"
    result = run_cli("--root", str(ROOT), "build", "--profile", "public", "--strict", "--site-dir", str(site),
                     env={"COHORT_HANDOUTS": "false"})
    assert result.returncode == 0, result.stderr
    group_page = (site / "tokyo-2021" / "groups" / "g1" / "index.html").read_text(encoding="utf-8")
    assert "Aグループ" in group_page
    texts = [p.read_text(encoding="utf-8") for p in site.rglob("*.html")]
    texts.append((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    for name in members:
        assert not any(name in text for text in texts), name
