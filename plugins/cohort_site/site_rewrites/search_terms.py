"""Japanese words for the theme's search, cut at build time so that the index and the query agree.

How the theme's search worker (lunr) reads a query, and what the index must hold for it:

- the query is split at the index's separator only, and each part matches the index's words
  that *start* with it (a trailing wildcard): so a page is found by a word only if one of its
  words starts with what was typed. Nothing is cut or normalised in the browser (the index says
  lang "en" with an empty pipeline: no TinySegmenter, no stemmer, no stop words, no trimmer);
- a run of kanji in the query is first cut against the index's words (`segment` in the worker:
  the longest words of the index that are proper prefixes of the run; the rest of the run is then
  lost): so no word of the index is made of kanji only. A word that is (電子申請 before 「、」)
  gets a WORD JOINER (U+2060, invisible) after it; then 電子申請 stays one query word, matches
  電子申請, 電子申請を, 電子申請システム, and the result link highlights 「電子申請」 whole.

So the text of each doc gets a ZWSP (a separator, invisible) before each word that starts a
phrase: a noun run (nouns, prefixes and suffixes: 平均待ち時間, 第1回, RPA導入), a verb, an
adjective..., with the particles, auxiliaries and closing punctuation after it kept on it
(「電子申請を」): no bracket or particle ever starts a word. Brackets and other punctuation are
separators too. What cannot be a prefix of a visible word goes into a hidden span at the end of
the doc's text, one word each: the words inside a noun run, from each of its short units on
(申請 in 電子申請, 時間 in 平均待ち時間), a denied verb with its noun (書かない窓口), the words of
the title (the title itself is left as written: no ZWSP to copy from a result), the NFKC form of
a word (ＲＰＡ → RPA) and the full-width form of an acronym (the worker folds case, not width),
and the hiragana readings of the kanji words and of the municipality names (reference data
`kana`). A hidden word is kept once per page, in its first doc (section) that needs it.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import json
import re
import unicodedata
from importlib import metadata
from pathlib import Path
from typing import Any

from ..japanese import Morpheme, analyse, to_hiragana
from ..storage import write_bytes

ZWSP = "\u200b"
JOINER = "\u2060"  # after a word of kanji only, so that no word of the index is kanji only
# The index's separator, for the worker (a JavaScript RegExp) and for this module (Python).
SEPARATOR = "[\\s\\u200b\\-\u3000、。，．・「」『』（）()［］\\[\\]【】〈〉《》〔〕｛｝{}！!？?：；／/…‥〜~\"“”‘’]+"
_SEPARATOR = re.compile(SEPARATOR.replace("\\u200b", ZWSP))
_TAG_OR_ENTITY = re.compile(r"(<[^>]*>|&[#\w]+;)")
# The worker's kanji, \p{sc=Han}: CJK radicals, 々, 〇, Hangzhou numerals, the ideograph blocks.
_KANJI_ONLY = re.compile(r"[\u2e80-\u2fdf々〇\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")
_ACRONYM = re.compile(r"[A-Z][A-Z0-9]+(?![a-z])")  # a word's leading acronym (KPI, DX, LGWAN)
_KANJI = re.compile(r"[\u3400-\u9fff々〆ヵヶ]")
# Characters another step may insert to show a text (BudouX's <wbr>, ZWSP): never indexed.
_INSERTED = re.compile(f"<wbr\\s*/?>|[{ZWSP}{JOINER}\u00ad]")
READINGS_CLASS = "cs-readings"  # the element of a doc's text that holds its hidden words
_NOMINAL = {"名詞", "代名詞", "形状詞", "接頭辞", "接尾辞"}  # kept together as one noun run
_CONTENT = _NOMINAL | {"動詞", "形容詞", "副詞", "連体詞", "感動詞"}  # starts a phrase
_NEGATION = {"ない", "ぬ"}  # a verb denied before a noun names a service: 書かない窓口, 待たない受付
_MAX_QUALIFIER = 6  # characters of a qualifying phrase kept with its noun as a hidden word
_MAX_INNER_UNITS = 2  # a word inside a noun run spans at most this many short units


def _phrases(text: str, names: re.Pattern[str] | None) -> list[tuple[str, str, bool, bool]]:
    """`text` cut into phrases (joined, they are `text`), each with its compound (or "") and
    whether it starts with a content word: a noun run (with a verb stem before a noun: 待ち時間)
    or another content word, with what follows it up to the next content word. A name matched by
    `names` is a phrase and a compound of its own; what comes before the first content word is
    a phrase that starts with none. The last flag: the phrase ends in a negation in the form
    that qualifies a noun (書かない in 書かない窓口)."""
    parts = names.split(text) if names else [text]
    out: list[list[str]] = []  # [phrase, compound, "open" while the compound may grow, "start", "adnominal"]
    for i, part in enumerate(parts):
        if i % 2:  # a name (the pattern captures it)
            out.append([part, part, "", "start", ""])
            continue
        morphemes = analyse(_same_length(part), "C") if part else ()
        sizes = [len(m.surface) for m in morphemes]
        if sum(sizes) != len(part):  # NFKC still changed the length: the part stays one phrase
            out.append([part, "", "", "", ""])
            continue
        start, previous = 0, None
        for m, size in zip(morphemes, sizes, strict=True):
            surface = part[start:start + size]
            start += size
            compound = m.pos[0] in _NOMINAL or _is_stem(m)
            starts = _starts_phrase(m, previous)
            if not out or starts:
                out.append([surface, surface if compound and starts else "", "open" if compound and starts else "",
                            "start" if starts else "", ""])
            else:
                phrase = out[-1]
                phrase[0] += surface
                if phrase[2] and compound and m.pos[1] != "非自立可能":
                    phrase[1] += surface
                else:
                    phrase[2] = ""
            out[-1][4] = "adnominal" if m.pos[0] == "助動詞" and m.lemma in _NEGATION and m.pos[5].startswith("連体形") else ""
            previous = m
    return [(phrase, compound, bool(starts), bool(adnominal)) for phrase, compound, _, starts, adnominal in out]


def _same_length(text: str) -> str:
    """`text` for the analyser, whose NFKC form has one character for each of `text`, so that the
    words it finds can be cut out of `text` itself: a character NFKC writes with more or fewer
    (…, ㈱) becomes 「・」, a combining mark (ﾞ in ｶﾞ, which NFKC joins to ガ) a 「ー」."""
    return "".join(map(_same_length_char, text))


@functools.cache
def _same_length_char(c: str) -> str:
    folded = unicodedata.normalize("NFKC", c)
    if len(folded) == 1 and not unicodedata.combining(folded):
        return c
    return "ー" if unicodedata.combining(unicodedata.normalize("NFKD", c)[-1]) else "・"


def _is_stem(m: Morpheme) -> bool:
    """A verb's continuative form, which makes a noun with the noun after it (待ち + 時間)."""
    return m.pos[0] == "動詞" and m.pos[5].startswith("連用形") and m.pos[1] != "非自立可能"


def _starts_phrase(m: Morpheme, previous: Morpheme | None) -> bool:
    if m.pos[0] not in _CONTENT or m.pos[1] == "非自立可能" or m.pos[0] == "接尾辞":
        return False
    if previous is None:
        return True
    if previous.pos[0] == "接頭辞":
        return False
    return not (m.pos[0] in _NOMINAL and (previous.pos[0] in _NOMINAL or _is_stem(previous)))


def _inner_words(run: str) -> list[str]:
    """The words inside a compound, from each of its short nouns after the first on, but from
    none of one character or of digits (電子申請 → 申請; 平均待ち時間 → 待ち時間, 時間;
    子育て支援課 → 支援課; 第1回, 振り返り → none)."""
    units = analyse(_same_length(run), "A")
    sizes = [len(m.surface) for m in units]
    if len(sizes) < 2 or sum(sizes) != len(run):
        return []
    starts = [sum(sizes[:i]) for i in range(len(sizes) + 1)]
    return [run[starts[i]:starts[min(i + _MAX_INNER_UNITS, len(sizes))]] for i in range(1, len(sizes))
            if sizes[i] > 1 and units[i].is_noun and not units[i].surface.isdigit()]


def _mark_kanji_words(text: str) -> str:
    """A WORD JOINER after each word (between separators) of kanji only."""
    out, start = [], 0
    for sep in _SEPARATOR.finditer(text):
        out.append(_marked(text[start:sep.start()]) + sep.group())
        start = sep.end()
    out.append(_marked(text[start:]))
    return "".join(out)


def _marked(word: str) -> str:
    return word + JOINER if word and _KANJI_ONLY.fullmatch(word) else word


def _segment_plain(text: str, names: re.Pattern[str] | None, hidden: list[str], after_text: bool) -> str:
    """Plain text with a ZWSP before each phrase (and before the first if it follows other text,
    a character reference); the words inside its compounds go to `hidden`, and a short denied
    verb with the compound after it (書かない窓口: every qualifying phrase would cost 4 % of the
    index, the negations 0.2 %)."""
    out: list[str] = []
    qualifier = ""
    for phrase, compound, starts, adnominal in _phrases(text, names):
        if starts and (out or after_text) and not _SEPARATOR.match(phrase) and not _SEPARATOR.search(out[-1][-1:] if out else ""):
            out.append(ZWSP)
        out.append(phrase)
        hidden += _inner_words(compound) if compound else []
        if qualifier and compound and starts:
            hidden.append(qualifier + compound)
        qualifier = phrase if adnominal and len(phrase) <= _MAX_QUALIFIER and not _SEPARATOR.search(phrase) else ""
    return _mark_kanji_words("".join(out))


def _segment_html(html: str, names: re.Pattern[str] | None, hidden: list[str]) -> str:
    """HTML with its text segmented; tags and character references untouched."""
    out, after_text = [], False
    for part in _TAG_OR_ENTITY.split(html):
        if _TAG_OR_ENTITY.fullmatch(part):
            out.append(part)
            after_text = part.startswith("&")
        elif part:
            out.append(_segment_plain(part, names, hidden, after_text))
            after_text = True
    return "".join(out)


def readings(text: str) -> list[str]:
    """Hiragana readings of the kanji nouns of `text` (and of compound verbs' continuative forms,
    which are nouns as often: 振り返り), whole compounds as Sudachi's long units read them
    (電子申請 → でんししんせい, 振り返り → ふりかえり), each once. One-character words are left out:
    they cost a third of the index's size and a reading of one kanji finds too much."""
    plain = _TAG_OR_ENTITY.sub(" ", text)
    found = {to_hiragana(m.reading): None for m in analyse(plain, "C")
             if (m.is_noun and len(m.surface) >= 2 and _KANJI.search(m.surface))
             or (_is_stem(m) and len(_KANJI.findall(m.surface)) >= 2)}
    return list(found)


def _words(html: str) -> list[str]:
    """The words of an index text as the worker splits them (tags and references apart)."""
    return [w.replace(JOINER, "") for w in _SEPARATOR.split(_TAG_OR_ENTITY.sub(" ", html)) if w]


def _starts_any(ordered: list[str], prefix: str) -> bool:
    """Whether a word of the sorted list starts with `prefix`."""
    i = bisect.bisect_left(ordered, prefix)
    return i < len(ordered) and ordered[i].startswith(prefix)


def _hidden_words(visible: list[str], candidates: list[str]) -> list[str]:
    """The candidates a search could not find as the start of a visible word (lower-cased, as the
    worker compares), each once, and none that is the start of another."""
    words = {w.lower() for w in visible}
    wanted = {w.lower() for c in candidates for w in _words(c)} - words
    ordered = sorted(words | wanted)
    following = {w: ordered[i + 1] if i + 1 < len(ordered) else "" for i, w in enumerate(ordered)}
    return sorted(w for w in wanted if not following[w].startswith(w))


SEARCH_CACHE = ".cache/search/words.json"  # relative to the project root, outside the site


def segment_words(index: dict[str, Any], names: dict[str, str], cache_file: Path | None = None) -> dict[str, Any]:
    """The search index with every text segmented into phrases and the hidden words added (see
    the module's docstring); `names`: municipality name → kana.

    With `cache_file`, each doc's result is kept under the hash of its title and text (and of the
    analyser, this code and `names`), so a rebuild analyses only what changed; the file keeps only
    the docs of this build.
    """
    pattern = re.compile("(" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + ")") if names else None
    config = {**index.get("config", {}), "lang": ["en"], "pipeline": [], "separator": SEPARATOR}
    version = _cache_version(names)
    known = _read_cache(cache_file, version)
    used: dict[str, list[str]] = {}
    docs = []
    shown: dict[str, set[str]] = {}  # the words (visible and hidden) of each page so far
    for doc in index.get("docs", []):
        title, text = _INSERTED.sub("", doc.get("title", "")), _INSERTED.sub("", doc.get("text", ""))
        key = hashlib.sha256(f"{title}\0{text}".encode()).hexdigest()
        found = known.get(key)
        if found is None:
            found = _segmented(title, text, names, pattern)
        used[key] = found
        # A page is found through its first doc (section) with a word: a hidden word that an earlier
        # doc of the page already starts a word with is left out (readings are most of the index).
        seen = shown.setdefault(str(doc.get("location", "")).split("#")[0], set())
        ordered = sorted(seen)
        words = [w for w in found[2].split(" ") if w and not _starts_any(ordered, w.removesuffix(JOINER))]
        seen.update(w.lower() for w in _words(found[1]))
        seen.update(w.removesuffix(JOINER) for w in words)
        hidden = f'<span class="{READINGS_CLASS}" hidden>{" ".join(words)}</span>' if words else ""
        docs.append({**doc, "title": title, "text": found[1] + hidden})
    if cache_file is not None and used != known:
        write_bytes(cache_file, json.dumps({"version": version, "docs": used}, ensure_ascii=False).encode())
    return {**index, "config": config, "docs": docs}


def _segmented(title: str, text: str, names: dict[str, str], pattern: re.Pattern[str] | None) -> list[str]:
    """[title, text, hidden words] of one doc of the index: the title as written, the text cut
    into phrases, the words a search could not find at the start of a visible word."""
    inner: list[str] = []
    body = _segment_html(text, pattern, inner)
    visible, in_title = _words(body), _title_words(title, pattern, inner)
    # Both widths of a word (ＲＰＡ written, RPA typed; an acronym typed ＲＰＡ with the IME on): the
    # worker folds case but not width. Full-width forms of every Latin word would cost 3 %.
    folded = [n for w in visible + in_title if (n := unicodedata.normalize("NFKC", w)) != w]
    folded += [_full_width(m.group()) for w in visible + in_title + folded if (m := _ACRONYM.match(w))]
    plain = _TAG_OR_ENTITY.sub(" ", f"{title} {text}")
    spoken = readings(plain) + [names[n] for n in (pattern.findall(plain) if pattern else [])]
    words = [_marked(w) for w in _hidden_words(visible, inner + in_title + folded + spoken)]
    return [title, body, " ".join(words)]


def _full_width(ascii_word: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) for c in ascii_word)


def _title_words(title: str, names: re.Pattern[str] | None, inner: list[str]) -> list[str]:
    """The words of a title: its compounds (or other content words), and those inside its
    compounds added to `inner`."""
    words = []
    for part in _TAG_OR_ENTITY.split(title):
        if part and not _TAG_OR_ENTITY.fullmatch(part):
            for phrase, compound, _, _ in _phrases(part, names):
                words += _words(compound or phrase)
                inner += _inner_words(compound) if compound else []
    return words


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
