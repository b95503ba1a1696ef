"""Long content: the render time limit per pack, and the print CSS that lays out long items fully."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cohort_site.checks import load_and_check
from cohort_site.handouts.errors import PackFailed
from cohort_site.handouts.html import LONG_CELL, mark_long_tables
from cohort_site.handouts.runner import HandoutOptions, build_handouts
from handouts_support import page_texts, squash

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = ROOT / "tests" / "fixtures" / "minimal"
SENTENCE = "窓口での待ち時間を短くするために受付の流れを見直します。"


def _project(tmp_path: Path, body: str = "", keep: str = "") -> Path:
    root = tmp_path / "project"
    shutil.copytree(MINIMAL, root)
    proposal = root / "cohort_data" / "mini-2021" / "proposals" / "g1.md"
    proposal.write_text(proposal.read_text(encoding="utf-8") + "\n" + body + "\n", encoding="utf-8")
    if keep:
        retro = root / "cohort_data" / "mini-2021" / "retrospectives" / "session-01.yml"
        text = retro.read_text(encoding="utf-8").replace("keep: [良かった]", f"keep: [良かった, {keep}]")
        retro.write_text(text, encoding="utf-8")
    return root


def test_a_pack_over_the_time_limit_fails_naming_the_pack_and_its_largest_part(tmp_path: Path) -> None:
    # ~200,000 characters of body: far more than one second of layout.
    root = _project(tmp_path, body="\n\n".join([SENTENCE * 40] * 170))
    checked = load_and_check(root)
    options = HandoutOptions(cache_dir=None, workers=1, render_timeout=1)
    with pytest.raises(PackFailed) as caught:
        build_handouts(root, checked.project, tmp_path / "out", options, select=lambda ref: ref.kind == "proposal")
    message = str(caught.value)
    assert "proposal-g1.pdf" in message and "1 秒以内に作成できませんでした" in message
    assert "cohort_data/mini-2021/proposals/g1.md" in message.split("最も大きい部分")[1]
    assert not (tmp_path / "out" / "pdf").exists()


def test_long_tables_are_marked_and_short_ones_are_not() -> None:
    short = '<table class="survey"><tr><td>短い</td></tr></table>'
    long = f'<table><tr><td>{"あ" * (LONG_CELL + 1)}</td></tr></table>'
    marked = mark_long_tables(short + long)
    assert marked.startswith(short)
    assert '<table class="long-cells">' in marked


def test_a_long_keep_item_and_a_long_cell_print_in_full(tmp_path: Path) -> None:
    keep = (SENTENCE * 110)[:3000]
    cell = "長い表のセル" + (SENTENCE * 110)[:3000]
    root = _project(tmp_path, body=f"| 項目 | 内容 |\n|---|---|\n| A | {cell} |\n", keep=keep)
    checked = load_and_check(root)
    assert checked.ok, [str(d) for d in checked.diagnostics if d.is_error]
    summary = build_handouts(
        root, checked.project, tmp_path / "out", HandoutOptions(cache_dir=None, workers=1),
        select=lambda ref: ref.kind in ("proposal", "book"),
    )
    texts = {b.ref.kind: squash("".join(page_texts(b.path, layout=False))) for b in summary.built}
    # Page breaks interleave running headers and page numbers: count a character of every sentence.
    assert "長い表のセル" in texts["proposal"]
    assert texts["proposal"].count("窓") >= cell.count("窓")
    assert texts["book"].count("窓") >= cell.count("窓") + keep.count("窓")
