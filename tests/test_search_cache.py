"""The search index's word cutting is cached per doc (`segment_words(..., cache_file)`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cohort_site.site_rewrites import search_terms
from cohort_site.site_rewrites.search_terms import segment_words

NAMES = {"世田谷区": "せたがやく", "八王子市": "はちおうじし"}


def index(*texts: str) -> dict:
    return {"config": {"separator": r"[\s\-]+"}, "docs": [
        {"location": f"p{i}/", "title": f"第{i}回 振り返り", "text": f"<p>{text}</p>"} for i, text in enumerate(texts)
    ]}


def test_a_rebuild_analyses_only_the_docs_that_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "words.json"
    texts = ["世田谷区の電子申請の利用率を上げる。", "八王子市では窓口の待ち時間が短くなった。", "研修全体の振り返り"]
    first = segment_words(index(*texts), NAMES, cache)
    assert first == segment_words(index(*texts), NAMES)  # the cache changes nothing in the result
    assert "でんししんせい" in first["docs"][0]["text"] and "せたがやく" in first["docs"][0]["text"]

    analysed: list[str] = []
    real = search_terms._segmented
    monkeypatch.setattr(search_terms, "_segmented", lambda title, text, *rest: analysed.append(text) or real(title, text, *rest))
    assert segment_words(index(*texts), NAMES, cache) == first and analysed == []

    edited = [texts[0], "八王子市では窓口の待ち時間が半分になった。"]
    again = segment_words(index(*edited), NAMES, cache)
    assert analysed == [f"<p>{edited[1]}</p>"]
    assert again["docs"][0] == first["docs"][0] and "はんぶん" in again["docs"][1]["text"]
    assert len(json.loads(cache.read_text(encoding="utf-8"))["docs"]) == 2  # the third doc is gone


def test_other_names_or_a_broken_file_mean_no_cache(tmp_path: Path) -> None:
    cache = tmp_path / "words.json"
    segment_words(index("世田谷区の取組"), NAMES, cache)
    other = segment_words(index("世田谷区の取組"), {"世田谷区": "べつのよみ"}, cache)
    assert "べつのよみ" in other["docs"][0]["text"]
    cache.write_text("{not json", encoding="utf-8")
    assert segment_words(index("世田谷区の取組"), NAMES, cache) == segment_words(index("世田谷区の取組"), NAMES)
