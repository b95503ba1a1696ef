"""Japanese search: the built index is cut into words at build time so that the theme's search
worker and the index agree (what a visitor finds is measured in test_search_recall.py)."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

from cohort_site.site_rewrites.search_terms import JOINER, READINGS_CLASS, SEPARATOR, ZWSP, segment_words
from site_helpers import search_index

HIDDEN = re.compile(rf'<span class="{READINGS_CLASS}" hidden>([^<]*)</span>$')


def _words(text: str) -> list[str]:
    """The words of an index text as the worker splits them (tags apart)."""
    return [w for w in re.split(SEPARATOR, re.sub(r"<[^>]*>", " ", text)) if w]


def _locations(site: Path, word: str) -> set[str]:
    return {d["location"].split("#")[0] for d in search_index(site)
            if word in d["text"].replace(ZWSP, "") or word in d["title"]}


def _doc(site: Path, location: str) -> dict:
    return next(d for d in search_index(site) if d["location"] == location)


def test_index_is_cut_into_words_at_build_time(site: Path) -> None:
    """The words are cut by SudachiPy when the site is built, so the browser must not cut
    them again (no TinySegmenter: lang "en" with an empty pipeline)."""
    config = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["config"]
    assert config["lang"] == ["en"] and config["pipeline"] == []
    assert config["separator"] == SEPARATOR
    assert all(c in config["separator"] for c in "、。「」（）")


def test_words_are_found_where_they_belong(site: Path) -> None:
    assert "tokyo-2021/proposals/g1/" in _locations(site, "電子申請")
    assert "tokyo-2021/retrospective/" in _locations(site, "振り返り")
    assert {"municipalities/131121/", "tokyo-2021/groups/g1/"} <= _locations(site, "世田谷区")


def test_titles_are_as_written(site: Path) -> None:
    """A result's title is copied as it reads: no ZWSP or joiner in it."""
    titles = {(d["location"], d["title"]) for d in search_index(site)}
    assert ("tokyo-2021/proposals/g1/#施策アウトプット", "施策（アウトプット）") in titles
    assert ("tokyo-2021/sessions/1/#進行表", "進行表") in titles
    assert not [t for _, t in titles if ZWSP in t or JOINER in t]


def test_no_word_of_the_index_is_made_of_kanji_only(site: Path) -> None:
    """The worker cuts a kanji query against the index's words; a word of kanji only (申請)
    would cut 申請書 into 申請 (and highlight that). Titles are left as written."""
    kanji_only = re.compile(r"[\u3400-\u9fff々]+")
    words = {w for d in search_index(site) for w in _words(d["text"])}
    assert words and not [w for w in words if kanji_only.fullmatch(w)]
    assert "申請\u2060" in words


def test_filter_css_is_not_indexed(site: Path) -> None:
    portfolio = [d for d in search_index(site) if d["location"].startswith("portfolio/")]
    assert portfolio and not any("display" in d["text"] or ":checked" in d["text"] for d in portfolio)


def test_municipality_names_are_whole_words_with_their_readings(site: Path) -> None:
    setagaya = _doc(site, "municipalities/131121/")
    assert f"世田谷区{JOINER}" in _words(setagaya["text"])  # one word, marked as kanji only
    assert "せたがやく" in _words(setagaya["text"])  # the reference data's kana (shown, else hidden)
    assert "せたがやく" in HIDDEN.search(_doc(site, "tokyo-2021/groups/g1/#自治体")["text"]).group(1).split(" ")


def test_segment_words_starts_a_word_at_each_phrase_and_hides_the_words_inside() -> None:
    index = {"config": {"lang": ["ja"], "separator": "[\\s\\-]+"},
             "docs": [{"location": "p/", "title": "府中市の振り返り",
                       "text": "<p>府中市と世田谷区（区）の「電子申請を導入する」やRPAなど、平均待ち時間を&amp;短縮。</p>"
                               "<p>ＫＰＩ</p><p>書かない窓口へ</p>"}]}
    out = segment_words(index, {"府中市": "ふちゅうし", "世田谷区": "せたがやく", "中市": "なかし"})
    doc = out["docs"][0]
    assert doc["title"] == "府中市の振り返り"
    body, hidden = doc["text"][:HIDDEN.search(doc["text"]).start()], HIDDEN.search(doc["text"]).group(1).split(" ")
    assert body.replace(ZWSP, "").replace(JOINER, "") == index["docs"][0]["text"]
    words = _words(body)
    # No bracket or particle starts a word; particles stay on the word before them.
    assert {"府中市と", f"世田谷区{JOINER}", f"区{JOINER}", "電子申請を", "RPAなど", "平均待ち時間を&amp;", f"短縮{JOINER}", "ＫＰＩ"} <= set(words)
    # Inside compounds, readings, names' kana, the other width of an acronym, the title's words.
    assert {"待ち時間", f"申請{JOINER}", "ふりかえり", "でんししんせい", "ふちゅうし", "せたがやく", "kpi", "振り返り",
            "書かない窓口"} <= set(hidden)
    assert "なかし" not in hidden  # 中市 only inside 府中市
    assert out["config"]["lang"] == ["en"] and out["config"]["pipeline"] == [] and out["config"]["separator"] == SEPARATOR
    assert index["docs"][0]["title"] == "府中市の振り返り", "input unchanged"


def test_characters_nfkc_writes_otherwise_do_not_glue_a_paragraph_into_one_word() -> None:
    """「…」 is 「...」 in NFKC and ｶﾞ is ガ: the words around them are still cut, and the
    half-width word is found by its full-width form."""
    doc = {"location": "p/", "title": "t", "text": "<p>待ち時間が長い…電子申請を導入する。ｶﾞｲﾄﾞﾌﾞｯｸを配る㈱</p>"}
    text = segment_words({"docs": [doc]}, {})["docs"][0]["text"]
    words = _words(text)
    assert {"待ち時間が", "電子申請を", "導入する", "配る㈱", "ガイドブックを"} <= set(words), words


def test_inserted_characters_are_never_indexed() -> None:
    """Characters another step adds to show a text (BudouX's <wbr>, ZWSP) are not words."""
    plain = {"docs": [{"location": "p/", "title": "電子申請の手引き", "text": "<p>電子申請を導入する</p>"}]}
    broken = {"docs": [{"location": "p/", "title": f"電子<wbr>申請の{ZWSP}手引き", "text": f"<p>電子<wbr/>申請を{ZWSP}導入する</p>"}]}
    assert segment_words(broken, {}) == segment_words(plain, {})


def test_a_hidden_word_is_kept_once_per_page() -> None:
    """A page is found through its first section with the word; later sections leave it out."""
    docs = [{"location": f"p/#{i}", "title": "見出し", "text": "<p>電子申請の利用</p>"} for i in range(2)]
    out = segment_words({"docs": docs + [{"location": "q/", "title": "見出し", "text": "<p>電子申請の利用</p>"}]}, {})
    first, second, other = (HIDDEN.search(d["text"]) for d in out["docs"])
    assert first and "でんししんせい" in first.group(1).split(" ")
    assert second is None or "でんししんせい" not in second.group(1).split(" ")
    assert other and "でんししんせい" in other.group(1).split(" ")


def test_words_and_readings_keep_the_index_under_one_and_a_half_times_its_size(site: Path) -> None:
    """Gzipped, as a server sends it: the index as built against the same index without the
    cuts and hidden words (what the search plugin wrote)."""
    built = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    plain = {**built, "docs": [{**d, "text": HIDDEN.sub("", d["text"]).replace(ZWSP, "").replace(JOINER, "")}
                               for d in built["docs"]]}

    def size(index: dict) -> int:
        return len(gzip.compress(json.dumps(index, ensure_ascii=False, separators=(",", ":")).encode(), 9))

    print(f"\nsearch index gzipped: {size(built)} bytes, plain {size(plain)} bytes, {size(built) / size(plain):.3f}x")
    assert plain != built and size(built) <= 1.5 * size(plain), (size(built), size(plain))
