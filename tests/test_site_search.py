"""Japanese search: the built index is configured for Japanese and holds the words people
search for, on the pages that should be found."""

from __future__ import annotations

import json
import re
from pathlib import Path

from cohort_site.pages.search_terms import READINGS_CLASS, ZWSP, segment_words
from site_helpers import search_index


def _locations(site: Path, word: str) -> set[str]:
    return {d["location"].split("#")[0] for d in search_index(site)
            if word in d["text"].replace(ZWSP, "") or word in d["title"].replace(ZWSP, "")}


def test_index_is_cut_into_words_at_build_time(site: Path) -> None:
    """The words are cut by SudachiPy when the site is built, so the browser must not cut
    them again (no TinySegmenter: lang "en" with an empty pipeline)."""
    config = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["config"]
    assert config["lang"] == ["en"] and config["pipeline"] == []
    assert config["separator"].startswith("[\\u200b")
    assert "、" in config["separator"] and "。" in config["separator"]


def test_words_are_found_where_they_belong(site: Path) -> None:
    assert "tokyo-2021/proposals/g1/" in _locations(site, "電子申請")
    assert "tokyo-2021/retrospective/" in _locations(site, "振り返り")
    assert {"municipalities/131121/", "tokyo-2021/groups/g1/"} <= _locations(site, "世田谷区")


def test_generated_sections_are_searchable_by_heading(site: Path) -> None:
    titles = {(d["location"], d["title"].replace(ZWSP, "")) for d in search_index(site)}
    assert ("tokyo-2021/proposals/g1/#施策アウトプット", "施策（アウトプット）") in titles
    assert ("tokyo-2021/sessions/1/#進行表", "進行表") in titles


def test_filter_css_is_not_indexed(site: Path) -> None:
    portfolio = [d for d in search_index(site) if d["location"].startswith("portfolio/")]
    assert portfolio and not any("display" in d["text"] or ":checked" in d["text"] for d in portfolio)


def test_municipality_names_are_whole_words_with_their_readings(site: Path) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    setagaya = [d for d in index["docs"] if d["location"] == "municipalities/131121/"][0]
    assert f"{ZWSP}世田谷区{ZWSP}" in setagaya["text"]
    readings = re.search(rf'<span class="{READINGS_CLASS}" hidden>([^<]*)</span>$', setagaya["text"]).group(1).split(" ")
    assert "せたがやく" in readings  # the reference data's kana


def test_segment_words_keeps_names_whole_text_intact_and_adds_readings() -> None:
    index = {"config": {"lang": ["ja"], "separator": "[\\s\\-]+"},
             "docs": [{"location": "", "title": "府中市の振り返り",
                       "text": "<p>府中市と世田谷区（区）が電子申請を&amp;振り返りました。</p>"}]}
    out = segment_words(index, {"府中市": "ふちゅうし", "世田谷区": "せたがやく", "中市": "なかし"})
    doc = out["docs"][0]
    assert doc["title"] == f"{ZWSP}府中市{ZWSP}の{ZWSP}振り返り"
    body, readings = doc["text"].split(f'<span class="{READINGS_CLASS}" hidden>')
    assert body.replace(ZWSP, "") == "<p>府中市と世田谷区（区）が電子申請を&amp;振り返りました。</p>"
    assert f"{ZWSP}電子申請{ZWSP}" in body and "&amp;" in body
    words = readings.removesuffix("</span>").split(" ")
    assert {"ふりかえり", "でんししんせい", "ふちゅうし", "せたがやく"} <= set(words)
    assert "なかし" not in words  # 中市 only inside 府中市
    assert out["config"] == {"lang": ["en"], "separator": "[\\u200b\\s\\-]+", "pipeline": []}
    assert index["docs"][0]["title"] == "府中市の振り返り", "input unchanged"


def test_words_and_readings_keep_the_index_under_one_and_a_half_times_its_size(site: Path) -> None:
    """Gzipped, as a server sends it: the index as built against the same index without the
    cuts and readings (what the search plugin wrote)."""
    import gzip

    built = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    plain = {**built, "docs": [{**d, "title": d["title"].replace(ZWSP, ""),
                                "text": re.sub(rf'<span class="{READINGS_CLASS}" hidden>[^<]*</span>$', "",
                                               d["text"]).replace(ZWSP, "")} for d in built["docs"]]}

    def size(index: dict) -> int:
        return len(gzip.compress(json.dumps(index, ensure_ascii=False, separators=(",", ":")).encode(), 9))

    assert plain != built and size(built) <= 1.5 * size(plain), (size(built), size(plain))
