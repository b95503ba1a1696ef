"""Japanese words for the theme's search, cut at build time.

Material segments Japanese text in the browser with TinySegmenter, whose cut depends on the
characters around a word: 「世田谷区」 becomes 世田|谷区 on its own but 世田谷|区 before 「（」, and
hiragana falls apart (せたがや → せ|た|が|や). The query is never segmented: a kanji query is split
against the words of the index, any other query matches the index words that start with it.
So the words are cut here instead, with the project's analyser, and readings are added as
words of their own (see `segment_words`). ZWSP, added to the index's separator as the theme
does for Chinese, marks the cuts without showing.
"""

from __future__ import annotations

import hashlib
import json
import re
from importlib import metadata
from itertools import pairwise
from pathlib import Path
from typing import Any

from ..japanese import analyse, to_hiragana
from ..storage import write_bytes

ZWSP = "\u200b"


# --- Words and readings, segmented at build time ---------------------------------------------
#
# The theme's segmenter (TinySegmenter) cuts hiragana unpredictably (せたがや → せ|た|が|や), and the
# browser never segments the query: a query matches index words that start with it. So hiragana
# readings can only be found if the index holds them as whole words. `segment_words` therefore
# does the segmenting here, once, with the project's analyser (SudachiPy): a ZWSP between the
# words of every text, the known names kept whole, and the readings of the page's kanji words
# appended as words of their own. The index is then marked as needing no segmenter in the
# browser (config lang "en" with an empty pipeline: no stemming, no stop words, no trimming).

_TAG_OR_ENTITY = re.compile(r"(<[^>]*>|&[#\w]+;)")
_KANJI = re.compile(r"[\u3400-\u9fff々〆ヵヶ]")
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff々〆ー]")
READINGS_CLASS = "cs-readings"  # the element of a doc's text that holds its readings


def _words(text: str, mode: str) -> list[str]:
    """`text` cut into Sudachi's words, as written (the analyser sees NFKC text, whose
    characters map one to one onto these in all but rare cases; then the text stays whole)."""
    sizes = [len(m.surface) for m in analyse(text, mode)]
    if sum(sizes) != len(text):
        return [text]
    words, start = [], 0
    for size in sizes:
        words.append(text[start:start + size])
        start += size
    return words


def _split_words(text: str, names: re.Pattern[str] | None, mode: str = "C") -> str:
    """Plain text with a ZWSP between its words; names matched by `names` stay one word.
    Only boundaries between two Japanese words get one: spaces and punctuation already part."""
    parts = names.split(text) if names else [text]
    out = []
    for i, part in enumerate(parts):
        if i % 2:  # a name (the pattern captures it)
            out.append(f"{ZWSP}{part}{ZWSP}")
        elif part.strip():
            words = _words(part, mode)
            out.append(words[0] + "".join(
                (ZWSP if _JAPANESE.search(a[-1:]) and _JAPANESE.search(b[:1]) else "") + b
                for a, b in pairwise(words)))
        else:
            out.append(part)
    return re.sub(f"{ZWSP}+", ZWSP, "".join(out))


def _segment_html(html: str, names: re.Pattern[str] | None) -> str:
    """HTML with its text segmented; tags and character references untouched."""
    return "".join(part if _TAG_OR_ENTITY.fullmatch(part) else _split_words(part, names)
                   for part in _TAG_OR_ENTITY.split(html) if part)


def readings(text: str) -> list[str]:
    """Hiragana readings of the kanji nouns of `text`, whole compounds as Sudachi's long units
    read them (電子申請 → でんししんせい, 振り返り → ふりかえり), each once. One-character nouns are
    left out: they cost a third of the index's size and a reading of one kanji finds too much."""
    plain = _TAG_OR_ENTITY.sub(" ", text)
    found = {to_hiragana(m.reading): None for m in analyse(plain, "C")
             if m.is_noun and len(m.surface) >= 2 and _KANJI.search(m.surface)}
    return list(found)


SEARCH_CACHE = ".cache/search/words.json"  # relative to the project root, outside the site


def segment_words(index: dict[str, Any], names: dict[str, str], cache_file: Path | None = None) -> dict[str, Any]:
    """The search index with every text segmented into words and the readings of its kanji
    words (and of the municipality names it mentions, from `names`: name → kana) added.

    With `cache_file`, each doc's result is kept under the hash of its title and text (and of the
    analyser, this code and `names`), so a rebuild analyses only what changed; the file keeps only
    the docs of this build.
    """
    pattern = re.compile("(" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + ")") if names else None
    config = {**index.get("config", {}), "lang": ["en"], "pipeline": []}
    separator = config.get("separator") or r"[\s\-]+"
    if "\\u200b" not in separator and separator.startswith("["):
        config["separator"] = "[\\u200b" + separator[1:]
    version = _cache_version(names)
    known = _read_cache(cache_file, version)
    used: dict[str, list[str]] = {}
    docs = []
    for doc in index.get("docs", []):
        title, text = doc.get("title", ""), doc.get("text", "")
        key = hashlib.sha256(f"{title}\0{text}".encode()).hexdigest()
        found = known.get(key)
        if found is None:
            found = _segmented(title, text, names, pattern)
        used[key] = found
        docs.append({**doc, "title": found[0], "text": found[1]})
    if cache_file is not None and used != known:
        write_bytes(cache_file, json.dumps({"version": version, "docs": used}, ensure_ascii=False).encode())
    return {**index, "config": config, "docs": docs}


def _segmented(title: str, text: str, names: dict[str, str], pattern: re.Pattern[str] | None) -> list[str]:
    """[title, text] of one doc of the index, cut into words, with its readings appended."""
    words = readings(title + " " + text)
    words += [names[n] for n in (pattern.findall(title + " " + text) if pattern else [])]
    words = list(dict.fromkeys(w for w in words if w))
    hidden = f'<span class="{READINGS_CLASS}" hidden>{" ".join(words)}</span>' if words else ""
    return [_split_words(title, pattern), _segment_html(text, pattern) + hidden]


def _cache_version(names: dict[str, str]) -> str:
    """What every cached result depends on besides its doc: this code, the analyser, the names."""
    here = Path(__file__).resolve()
    digest = hashlib.sha256()
    for code in (here, here.parents[1] / "japanese.py"):
        digest.update(code.read_bytes() + b"\0")
    for name in ("sudachipy", "sudachidict-core"):
        digest.update(f"{name}={metadata.version(name)}\0".encode())
    digest.update(json.dumps(names, sort_keys=True).encode())
    return digest.hexdigest()


def _read_cache(cache_file: Path | None, version: str) -> dict[str, list[str]]:
    if cache_file is None:
        return {}
    try:
        found = json.loads(cache_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(found, dict) or found.get("version") != version or not isinstance(found.get("docs"), dict):
        return {}
    return found["docs"]
