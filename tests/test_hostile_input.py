"""Hostile input too large to keep as a fixture file: generated here, checked like the fixtures of
tests/fixtures/broken/ (exit code, rule, file:line, no traceback, wall time), and one build case:
a body nested too deeply stops `mkdocs build` before it touches site/.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import pytest

from cohort_site import limits
from site_helpers import copy_project, run_build
from test_checker_fixtures import TIME_LIMIT, make_project, parse, run_check

SESSION = "cohort_data/mini-2021/sessions/01.md"
RETRO = "cohort_data/mini-2021/retrospectives/session-01.yml"


def _with_body(project: Path, body: str) -> None:
    path = project / SESSION
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("本文\n", body), encoding="utf-8")


def _retro_with_keep(project: Path, keep: str) -> None:
    (project / RETRO).write_text(
        f"id: session-01\nsession: 1\nkeep:\n  - {keep}\nproblem: [時間が短い]\ntry: [事前課題を出す]\n",
        encoding="utf-8",
    )


@pytest.mark.parametrize(
    ("case", "write", "expected"),
    [
        ("10 MB body", lambda p: _with_body(p, "あ" * 3_500_000 + "\n"), f"{SESSION}:1:1 error file-too-large"),
        ("900 KB line in YAML", lambda p: _retro_with_keep(p, "x" * 900_000), f"{RETRO}:4:1 error line-too-long"),
        ("deep YAML flow", lambda p: _retro_with_keep(p, "[" * 100_000 + "]" * 100_000), f"{RETRO}:4:"),
        ("list 250 levels by indent", lambda p: _with_body(p, "".join("  " * i + "- x\n" for i in range(250))),
         f"{SESSION}:39:1 error markdown-depth"),
        ("1000 list markers on a line", lambda p: _with_body(p, "- " * 1000 + "x\n"), f"{SESSION}:19:1 error markdown-depth"),
        ("400 nested HTML blocks", lambda p: _with_body(p, '<div markdown="1">\n\n' * 400 + "x\n\n" + "</div>\n\n" * 400),
         f"{SESSION}:59:1 error html-depth"),
        ("20,000 open brackets in a paragraph", lambda p: _with_body(p, ("[" * 1000 + "\n") * 20),
         f"{SESSION}:19:1 error markdown-depth"),
    ],
)
def test_generated_hostile_input_ends_fast_with_a_located_error(tmp_path: Path, case: str, write, expected: str) -> None:
    project = make_project(tmp_path, None)
    write(project)
    started = time.monotonic()
    result = run_check(project)
    elapsed = time.monotonic() - started
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert elapsed < TIME_LIMIT, f"{case}: {elapsed:.1f} s"
    found = [f"{loc} {severity} {rule}" for loc, severity, rule, _ in parse(result.stdout)]
    assert any(line.startswith(expected) for line in found), found


def test_alias_bomb_of_any_size_is_refused_at_the_first_anchor(tmp_path: Path) -> None:
    # 12 levels of 12 would expand to ~9 * 10^12 nodes; refusing anchors means it is never expanded.
    project = make_project(tmp_path, None)
    lines = ["id: session-01", "session: 1", "keep: [a]", "problem: [b]", "try: [c]", 'x0: &x0 ["lol"]']
    lines += [f"x{i}: &x{i} [" + ", ".join([f"*x{i - 1}"] * 12) + "]" for i in range(1, 13)]
    (project / RETRO).write_text("\n".join(lines) + "\n", encoding="utf-8")
    started = time.monotonic()
    result = run_check(project)
    assert time.monotonic() - started < TIME_LIMIT
    assert result.returncode == 1
    assert [(loc, rule) for loc, _, rule, _ in parse(result.stdout)] == [(f"{RETRO}:6:5", "yaml-alias")]


def test_limits_are_far_above_real_data() -> None:
    # The sample's deepest Markdown and largest file stay well inside the limits.
    root = Path(__file__).resolve().parent.parent / "cohort_data"
    files = [p for p in root.rglob("*") if p.is_file()]
    assert max(p.stat().st_size for p in files) * 10 < limits.MAX_FILE_BYTES
    depth = max(limits.markdown_depth(line) for p in root.rglob("*.md") for line in p.read_text("utf-8").splitlines())
    assert 0 < depth <= limits.MAX_MARKDOWN_DEPTH // 2


def _listing(folder: Path) -> str:
    return "\n".join(
        f"{p.relative_to(folder)} {hashlib.sha256(p.read_bytes()).hexdigest()}"
        for p in sorted(folder.rglob("*")) if p.is_file()
    )


def test_deep_list_stops_the_build_before_site_is_touched(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>前回のサイト</p>", encoding="utf-8")
    (site / "old").mkdir()
    (site / "old" / "page.html").write_text("<p>古いページ</p>", encoding="utf-8")
    before = _listing(site)
    session = sorted((project / "cohort_data" / "tokyo-2021" / "sessions").glob("*.md"))[0]
    session.write_text(session.read_text(encoding="utf-8") + "\n" + "- " * 500 + "x\n", encoding="utf-8")
    lines = session.read_text(encoding="utf-8").count("\n")

    started = time.monotonic()
    result = run_build(project, site)
    elapsed = time.monotonic() - started

    assert result.returncode != 0
    assert "Traceback" not in result.stderr and "RecursionError" not in result.stderr, result.stderr[-2000:]
    assert f"cohort_data/tokyo-2021/sessions/{session.name}:{lines}:1: error markdown-depth" in result.stderr
    assert _listing(site) == before
    assert elapsed < 60  # MkDocs' own start-up included
