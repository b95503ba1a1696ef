"""Search measured as a visitor uses it: each query of `search_queries.tsv` typed into the theme's
own search worker (Material's file, run in Node on the built index), against the pages whose
text contains it (computed from the built pages, NFKC and case folded)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

from search_support import search
from site_helpers import page, search_index, text

QUERIES = [line.split("\t") for line in Path(__file__).with_name("search_queries.tsv").read_text(encoding="utf-8").splitlines()
           if line.strip() and not line.startswith("#")]


def _fold(value: str) -> str:
    return unicodedata.normalize("NFKC", value).lower()


@dataclass(frozen=True)
class Measured:
    query: str
    expected: frozenset[str]
    found: frozenset[str]
    terms: frozenset[str]  # what the result links highlight (?h=)

    @property
    def hits(self) -> int:
        return len(self.expected & self.found)


@pytest.fixture(scope="module")
def measured(site: Path) -> list[Measured]:
    pages = sorted({d["location"].split("#")[0] for d in search_index(site)})
    texts = {url: _fold(text(page(site, url))) for url in pages}
    results = search(site, [q[0] for q in QUERIES])
    out = []
    for (query, *written), groups in zip(QUERIES, results, strict=True):
        forms = [_fold(query)] + [_fold(w) for w in written]
        expected = frozenset(url for url, t in texts.items() if any(f in t for f in forms))
        found = frozenset(group[0]["location"].split("#")[0] for group in groups)
        terms = frozenset(t for group in groups for item in group for t, matched in item["terms"].items() if matched)
        out.append(Measured(query, expected, found, terms))
    return out


def _table(measured: list[Measured]) -> str:
    return "\n".join(f"{m.query}\texpected {len(m.expected)}\tfound {len(m.found)}\trecall {m.hits / len(m.expected):.2f}"
                     f"\tprecision {m.hits / max(len(m.found), 1):.2f}" for m in measured)


def test_the_query_set_is_large_and_every_query_has_pages(measured: list[Measured]) -> None:
    assert len(measured) >= 40
    assert all(m.expected for m in measured), [m.query for m in measured if not m.expected]


def test_recall_over_the_set_and_for_every_query(measured: list[Measured]) -> None:
    expected = sum(len(m.expected) for m in measured)
    hits = sum(m.hits for m in measured)
    found = sum(len(m.found) for m in measured)
    print(f"\n{_table(measured)}\nrecall {hits / expected:.3f} precision {hits / found:.3f} ({len(measured)} queries)")
    assert hits / expected >= 0.95, _table(measured)
    assert all(m.hits / len(m.expected) >= 0.8 for m in measured), _table(measured)


def test_rpa_and_the_words_of_the_issue_find_every_page_that_says_them(measured: list[Measured]) -> None:
    by_query = {m.query: m for m in measured}
    for query in ("RPA", "申請", "待ち時間", "電子申請"):
        assert by_query[query].expected <= by_query[query].found, (query, sorted(by_query[query].expected - by_query[query].found))


def test_result_links_highlight_the_whole_word_typed(measured: list[Measured]) -> None:
    """The worker keeps each query one word (a kanji run is never cut into 電子 + 申請), so the
    result links carry ?h=電子申請 and the page highlights the word whole."""
    assert all(m.terms == {m.query.lower()} for m in measured), [(m.query, sorted(m.terms)) for m in measured if m.terms != {m.query.lower()}]
