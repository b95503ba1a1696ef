"""Help the theme's Japanese search with the names it must find.

Material segments Japanese text with TinySegmenter, whose cut depends on the characters
around a word: 「世田谷区」 becomes 世田|谷区 on its own but 世田谷|区 before 「（」. On the query side
the theme splits a kanji query against the words of the index, so one stray 「世田谷」 token makes
the query 世田谷区 match only the page that has it. Setting each known name apart with a
zero-width space (added to the index's separator, as the theme does for Chinese) makes every
mention segment the same way as the query.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

ZWSP = "\u200b"


def isolate_terms(index: dict[str, Any], terms: Iterable[str]) -> dict[str, Any]:
    """The search index (search_index.json as data) with every term set apart by ZWSP."""
    names = sorted({t for t in terms if t}, key=len, reverse=True)
    if not names:
        return index
    pattern = re.compile("|".join(re.escape(n) for n in names))

    def apart(text: str) -> str:
        spaced = pattern.sub(lambda m: f"{ZWSP}{m.group(0)}{ZWSP}", text)
        return re.sub(f"{ZWSP}+", ZWSP, spaced)

    config = dict(index.get("config", {}))
    separator = config.get("separator") or r"[\s\-]+"
    if "\\u200b" not in separator and separator.startswith("["):
        config["separator"] = "[\\u200b" + separator[1:]
    docs = [{**doc, "title": apart(doc.get("title", "")), "text": apart(doc.get("text", ""))} for doc in index.get("docs", [])]
    return {**index, "config": config, "docs": docs}
