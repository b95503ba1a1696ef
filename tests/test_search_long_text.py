"""Search over texts of any length: the analyser (SudachiPy) refuses an input over 49,149 bytes, so
`japanese.analyse` cuts long texts into pieces between words; the site builds and the last words
of a 1 MB body and of a 60 KB keep item are found by the theme's search."""

from __future__ import annotations

from pathlib import Path

import pytest

from cohort_site.japanese import MAX_PIECE_BYTES, analyse, pieces
from search_support import build_site, found_pages, minimal_project

SENTENCE = "窓口での待ち時間を短くするために受付の流れを見直します。"


def test_pieces_join_to_the_text_and_stay_under_the_limit() -> None:
    text = "\n\n".join(f"第{i}段落。" + SENTENCE * 30 for i in range(200))
    cut = list(pieces(text))
    assert "".join(cut) == text and len(cut) > 1
    assert all(len(p.encode()) <= MAX_PIECE_BYTES for p in cut)
    assert all(p.endswith("\n\n") for p in cut[:-1]), "cut after paragraphs when there are any"


def test_a_run_without_any_boundary_is_cut_between_words() -> None:
    run = "電子申請" * 15_000  # 180,000 bytes, no punctuation, space or line
    words = analyse(run)
    assert "".join(m.surface for m in words) == run
    assert {m.surface for m in words} == {"電子申請"}, "no word cut in two"


def test_a_long_text_is_analysed_whole() -> None:
    text = (SENTENCE * 40 + "\n") * 300 + "最後に出てくる固有名詞は世田谷区です。"
    assert len(text.encode()) > 49_149 * 10
    assert [m.surface for m in analyse(text)[-4:]] == ["は", "世田谷区", "です", "。"]


def test_a_1_mb_body_and_a_60_kb_keep_item_build_and_their_last_words_are_found(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = minimal_project(tmp_path / "project")
    proposal = project / "cohort_data" / "mini-2021" / "proposals" / "g1.md"
    paragraphs = "\n\n".join(f"段落{i}。" + SENTENCE * 12 for i in range(960))
    body = paragraphs + "\n\n最後の段落では住民票オンライン請求の効果を確かめます。\n"
    proposal.write_text(proposal.read_text(encoding="utf-8") + body, encoding="utf-8")
    assert 950_000 < len(proposal.read_bytes()) <= 1_000_000  # the input limit (limits.MAX_FILE_BYTES)
    retro = project / "cohort_data" / "mini-2021" / "retrospectives" / "session-01.yml"
    lines = "\n".join("    " + SENTENCE * 20 for _ in range(37)) + "\n    最後に粗大ごみ受付の話をしました。"
    retro.write_text(retro.read_text(encoding="utf-8").replace(
        "keep: [良かった]", f"keep:\n  - 良かった\n  - >-\n{lines}"), encoding="utf-8")
    assert len(lines.encode()) > 60_000

    site = build_site(project, monkeypatch)

    # Words that only the last paragraph of each has (the index is cut past 49,149 bytes).
    in_body, in_keep, inside = found_pages(site, ["住民票オンライン請求", "粗大ごみ受付", "オンライン請求"])
    assert "mini-2021/proposals/g1/" in in_body and "mini-2021/proposals/g1/" in inside
    assert any(page.startswith("mini-2021/retrospective") for page in in_keep), in_keep
