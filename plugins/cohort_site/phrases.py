"""Japanese phrases for line breaking: where a heading, a title or a table cell may break.

BudouX (Google's phrase segmenter, dependency-free) cuts a text into phrases (文節); lines then
break between phrases, never inside a word. On top of BudouX, a number stays with its unit and a
date with itself (「41%」, 「2022年11月30日」, 「第4回」), and a Latin word or id is never cut.
Both the site (site_rewrites/line_breaks.py) and the PDFs (handouts/html.py) put each phrase in a
`<span class="ph">` (`mark_fragment`), so page and print break alike: on the site the span is an
inline block, which wraps inside only when the phrase is longer than the line; in print it is
`nowrap` (WeasyPrint ignores `word-break: keep-all` and turns <wbr> into U+200B; `keep-all`
would not stop breaks at 「・」 or before 「（」 anyway). Inserted marks are tags, never
characters: search and copy see the same text.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

import budoux

# A number with its unit, repeated for dates and times (2022年11月30日, 13:30〜16:30 is two).
_UNIT = r"(?:%|％|か月|ヶ月|カ月|ヵ月|[分件日人円年月時回歳倍割点名枚本個台秒週区市町村万億千]|年度)"
_PREFIX = r"(?:令和|平成|昭和|第|約|計|全)?"
_NUMBER = r"[0-9０-９][0-9０-９,.，．:：]*"
_QUANTITY = rf"{_PREFIX}(?:{_NUMBER}{_UNIT}?)+"  # numbers with units, dates, 第4回
_KEEP = re.compile(
    _QUANTITY
    + r"|[A-Za-zＡ-Ｚａ-ｚ0-9][A-Za-zＡ-Ｚａ-ｚ0-9_\-./@]*"  # Latin words, ids, codes, URLs' pieces
)
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")


@lru_cache(maxsize=1)
def _parser() -> budoux.Parser:
    return budoux.load_default_japanese_parser()


@lru_cache(maxsize=65536)
def boundaries(text: str, keep: tuple[str, ...] = ()) -> tuple[int, ...]:
    """Offsets (0 < i < len(text)) where a line may break between two phrases. `keep`: more
    words that stay whole (e.g. the municipality names of the data)."""
    if not _JAPANESE.search(text):
        return ()
    cuts: list[int] = []
    offset = 0
    for phrase in _parser().parse(text)[:-1]:
        offset += len(phrase)
        cuts.append(offset)
    whole = [m.span() for m in _KEEP.finditer(text)]
    for word in keep:
        whole += [(m.start(), m.end()) for m in re.finditer(re.escape(word), text)]
    return tuple(c for c in cuts if not any(start < c < end for start, end in whole))


def phrases(text: str, keep: tuple[str, ...] = ()) -> list[str]:
    """`text` cut at `boundaries()`: joined, they give `text` back."""
    edges = (0, *boundaries(text, keep), len(text))
    return [text[a:b] for a, b in zip(edges, edges[1:], strict=False)]


# A phrase kept on one line in print is at most this long: a longer one may wrap anywhere, as a
# browser's `overflow-wrap: anywhere` lets it (WeasyPrint has no `word-break: keep-all`).
PRINT_PHRASE_MAX = 16

_TOKEN = re.compile(r"(<[^>]*>)")
_SKIP = re.compile(r"<(svg|code|script|style|kbd|pre)\b|class=\"ph\"", re.I)


def mark_fragment(inner: str, keep: tuple[str, ...] = (), longest: int | None = None) -> str:
    """An HTML fragment (an element's content) with each phrase in `<span class="ph">`, the
    phrases taken from its whole text across inline tags (a phrase cut by a tag becomes two
    spans). `longest`: phrases longer than this stay unmarked (print: PRINT_PHRASE_MAX).
    Only tags are added; text outside a span keeps its entities as written."""
    if _SKIP.search(inner):
        return inner
    pieces = _TOKEN.split(inner)  # text, tag, text, tag, ... (text at even indexes)
    texts = [html.unescape(p) for p in pieces[::2]]
    cuts = _cuts(texts, pieces[1::2], keep)
    if not cuts:
        return inner
    out, offset = [], 0
    for index, piece in enumerate(pieces):
        if index % 2:
            out.append(piece)
            continue
        text = texts[index // 2]
        inside = {c - offset for c in cuts if offset < c < offset + len(text)}
        offset += len(text)
        out.append("".join(_span(units, longest) for units in _split(piece, inside)))
    return "".join(out)


_UNIT_RE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);|.", re.S)


def _split(raw: str, cuts: set[int]) -> list[list[tuple[str, str]]]:
    """Raw HTML text cut at offsets of its unescaped text, as runs of (raw unit, its text): an
    entity stays as written (a phrase mark never re-encodes the data)."""
    runs: list[list[tuple[str, str]]] = [[]]
    at = 0
    for unit in _UNIT_RE.findall(raw):
        if at in cuts and runs[-1]:
            runs.append([])
        text = html.unescape(unit)
        runs[-1].append((unit, text))
        at += len(text)
    return runs


_BLOCK = re.compile(r"</?(?:p|li|ul|ol|dl|dt|dd|div|br|table|tr|td|th|blockquote|h[1-6])\b", re.I)


def _cuts(texts: list[str], tags: list[str], keep: tuple[str, ...]) -> list[int]:
    """Phrase boundaries over the texts joined, each block (a list item, a paragraph) on its own."""
    cuts: list[int] = []
    start, run = 0, ""
    for index, text in enumerate(texts):
        run += text
        if index == len(tags) or _BLOCK.match(tags[index]):
            cuts += [start + c for c in boundaries(run, tuple(w for w in keep if w in run))]
            start += len(run)
            cuts.append(start)
            run = ""
    return cuts[:-1]


def _span(units: list[tuple[str, str]], longest: int | None) -> str:
    raw = "".join(u for u, _ in units)
    phrase = "".join(t for _, t in units)
    marked = len(phrase.strip()) > 1 and (longest is None or len(phrase) <= longest)
    return f'<span class="ph">{raw}</span>' if marked else raw


_QUANTITY_WITH_UNIT = re.compile(rf"{_PREFIX}(?:{_NUMBER}{_UNIT})+(?:{_NUMBER})?")
_OUTSIDE_TEXT = ("svg", "style", "script", "title", "head", "pre", "code", "kbd", "textarea", "label", "button", "legend")


def kept_spans(text: str, keep: tuple[str, ...] = ()) -> list[tuple[int, int]]:
    """Where `keep_together` keeps `text` whole: (start, end) of each number with its unit, date and name."""
    return [m.span() for m in _keep_pattern(keep).finditer(text)]


def keep_together(document: str, keep: tuple[str, ...] = ()) -> str:
    """Body text of a print document with each number and its unit, each date and each of `keep`
    (municipality names) in a `nowrap` span: the rest of the text breaks as usual. Text already in
    a phrase span (`mark_fragment`) and text of svg, style, script and head is left alone."""
    pattern = _keep_pattern(keep)
    out: list[str] = []
    spans: list[bool] = []  # open spans, True for a phrase span
    skipped = 0
    for index, piece in enumerate(_TOKEN.split(document)):
        if index % 2:
            name = piece[1:].split(maxsplit=1)[0].rstrip(">").lower() if len(piece) > 2 else ""
            if name == "span":
                spans.append('class="ph"' in piece)
            elif name == "/span" and spans:
                spans.pop()
            elif name in _OUTSIDE_TEXT:
                skipped += 1
            elif name.lstrip("/") in _OUTSIDE_TEXT and name.startswith("/"):
                skipped -= 1
            out.append(piece)
        elif skipped or any(spans) or not piece.strip():
            out.append(piece)
        else:
            out.append(pattern.sub(_nowrap, piece))
    return "".join(out)


@lru_cache(maxsize=64)
def _keep_pattern(keep: tuple[str, ...]) -> re.Pattern[str]:
    words = [re.escape(w) for w in sorted(set(keep), key=len, reverse=True) if len(w) > 1]
    return re.compile("|".join([_QUANTITY_WITH_UNIT.pattern, *words]))


def _nowrap(match: re.Match[str]) -> str:
    return f'<span class="ph">{match.group(0)}</span>'
