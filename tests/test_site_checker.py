"""The build stops on a checker error with the checker's own file:line:col message, and logs
its warnings without failing --strict."""

from __future__ import annotations

from pathlib import Path

from site_helpers import copy_project, run_build


def test_checker_error_stops_the_build_with_file_line_message(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    groups = project / "cohort_data/tokyo-2021/groups.yml"
    content = groups.read_text(encoding="utf-8")
    # Swap 文京区 out of group g1: its member there no longer belongs to the group.
    content = content.replace('"131059"  # 文京区', '"131067"  # 台東区', 1)
    groups.write_text(content, encoding="utf-8")
    member_line = next(i for i, line in enumerate(content.splitlines(), 1) if 'municipality: "131059"' in line)
    done = run_build(project, tmp_path / "site")
    output = done.stdout + done.stderr
    assert done.returncode != 0
    assert f"cohort_data/tokyo-2021/groups.yml:{member_line}:23: error member-outside-group: " in output
    assert "Traceback" not in output
    assert not (tmp_path / "site" / "index.html").exists()


def test_checker_warnings_are_logged_and_do_not_fail_strict(tmp_path: Path) -> None:
    done = run_build(copy_project(tmp_path / "project"), tmp_path / "site")
    assert done.returncode == 0, done.stderr
    assert "INFO    -  cohort_site: チェックツールの指摘: cohort_data/tokyo-2021/proposals/g2.md:" in done.stderr
    assert "warning kpi-counts-output" in done.stderr
