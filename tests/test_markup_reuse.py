"""The Markdown converter is reused between texts (reset each time): no text may change another's HTML."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from cohort_site.loader import load_project
from cohort_site.markup import _converter, markdown_html, sanitise
from cohort_site.model import markdown_fields

ROOT = Path(__file__).resolve().parent.parent

# What carries state inside Python-Markdown's extensions: footnotes, heading ids, abbreviations.
TRICKY = [
    "本文[^1]と注。\n\n[^1]: 一つ目の注。",
    "別の本文[^1]。\n\n[^1]: 同じ番号の別の注。",
    "## 振り返り\n\n## 振り返り\n\n*[DX]: デジタルトランスフォーメーション\n\nDX を進める。",
    "## 振り返り\n\nDX の略語はここでは定義されていない。",
    "| 項目 | 値 |\n| --- | --- |\n| 申請 | 3件 |",
]


def markdown_texts(node: object) -> list[str]:
    found: list[str] = []
    if isinstance(node, BaseModel):
        for name in markdown_fields(type(node)):
            value = getattr(node, name)
            if isinstance(value, str) and value.strip():
                found.append(value)
        for name in type(node).model_fields:
            found += markdown_texts(getattr(node, name))
    elif isinstance(node, (list, tuple)):
        for item in node:
            found += markdown_texts(item)
    elif isinstance(node, dict):
        for item in node.values():
            found += markdown_texts(item)
    return found


def test_every_text_converts_as_with_a_fresh_converter() -> None:
    texts = [*markdown_texts(load_project(ROOT).project), *TRICKY]
    assert len(texts) > 80
    for shift, heading_ids in ((0, False), (1, False), (0, True), (2, True)):
        for text in texts:
            fresh = sanitise(_converter.__wrapped__(shift, heading_ids).convert(text))
            assert markdown_html(text, shift=shift, heading_ids=heading_ids) == fresh, text[:60]
