"""Japanese search: the built index is configured for Japanese and holds the words people
search for, on the pages that should be found."""

from __future__ import annotations

import json
from pathlib import Path

from site_helpers import search_index


def _locations(site: Path, word: str) -> set[str]:
    return {d["location"].split("#")[0] for d in search_index(site) if word in d["text"] or word in d["title"]}


def test_index_is_configured_for_japanese(site: Path) -> None:
    config = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["config"]
    assert config["lang"] == ["ja"]
    assert "、" in config["separator"] and "。" in config["separator"]
    # The browser segments Japanese with lunr's ja support (TinySegmenter), shipped locally.
    assert (site / "assets/javascripts/lunr/min/lunr.ja.min.js").is_file()
    assert (site / "assets/javascripts/lunr/tinyseg.js").is_file()


def test_words_are_found_where_they_belong(site: Path) -> None:
    assert "tokyo-2021/proposals/g1/" in _locations(site, "電子申請")
    assert "tokyo-2021/retrospective/" in _locations(site, "振り返り")
    assert {"municipalities/131121/", "tokyo-2021/groups/g1/"} <= _locations(site, "世田谷区")


def test_generated_sections_are_searchable_by_heading(site: Path) -> None:
    titles = {(d["location"], d["title"]) for d in search_index(site)}
    assert ("tokyo-2021/proposals/g1/#施策アウトプット", "施策（アウトプット）") in titles
    assert ("tokyo-2021/sessions/1/#進行表", "進行表") in titles


def test_filter_css_is_not_indexed(site: Path) -> None:
    portfolio = [d for d in search_index(site) if d["location"].startswith("portfolio/")]
    assert portfolio and not any("display" in d["text"] or ":checked" in d["text"] for d in portfolio)


def test_municipality_names_are_set_apart_for_the_segmenter(site: Path) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["separator"].startswith("[\\u200b")
    setagaya = [d for d in index["docs"] if d["location"] == "municipalities/131121/"][0]
    assert "東京都\u200b世田谷区\u200b（特別区）" in setagaya["text"]
    assert "世田谷区" in setagaya["text"].replace("\u200b", "")


def test_isolate_terms_prefers_the_longest_name_and_keeps_other_text() -> None:
    from cohort_site.pages.search_terms import isolate_terms

    index = {"config": {"separator": "[\\s\\-]+"}, "docs": [{"location": "", "title": "府中市", "text": "府中市と中市と世田谷区（区）"}]}
    out = isolate_terms(index, ["府中市", "中市", "世田谷区"])
    assert out["docs"][0]["text"] == "\u200b府中市\u200bと\u200b中市\u200bと\u200b世田谷区\u200b（区）"
    assert out["docs"][0]["title"] == "\u200b府中市\u200b"
    assert out["config"]["separator"] == "[\\u200b\\s\\-]+"
    assert index["docs"][0]["text"] == "府中市と中市と世田谷区（区）", "input unchanged"
