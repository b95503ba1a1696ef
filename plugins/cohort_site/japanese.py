"""The project's one Japanese morphological analyser (SudachiPy with the core dictionary).

Used by the outcome checker (to read a goal's final predicate) and by the search index (to add
readings so that hiragana queries find kanji terms). Loaded once per process, on first use.
No MkDocs, no WeasyPrint.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from sudachipy import Dictionary, SplitMode, Tokenizer


@dataclass(frozen=True)
class Morpheme:
    """One word of a sentence as Sudachi sees it."""

    surface: str  # as written
    pos: tuple[str, ...]  # part of speech, e.g. ("名詞", "普通名詞", "サ変可能", "*", "*", "*")
    reading: str  # katakana reading (ホゴシャ)
    normalized: str  # normalised form (申込 -> 申し込み, 為る for せ)
    lemma: str  # dictionary form (終え -> 終える)

    @property
    def is_noun(self) -> bool:
        return self.pos[0] == "名詞"


@functools.cache
def _dictionary() -> Dictionary:
    return Dictionary(dict="core")  # about 80 MB: one per process, whatever the modes used


@functools.cache
def _tokenizer(mode: str) -> Tokenizer:
    modes = {"A": SplitMode.A, "B": SplitMode.B, "C": SplitMode.C}
    return _dictionary().tokenizer(mode=modes[mode])


# Sudachi refuses an input over 49,149 UTF-8 bytes (SudachiError "Input is too long"). Longer
# texts are analysed in pieces under this size, cut where no word can run across the cut.
MAX_PIECE_BYTES = 16_000
_CACHED_CHARS = 2_000  # texts longer than this are analysed without keeping the result

# Where a piece may end, best first: after a paragraph (blank line), a line, a sentence's end
# (with any closing brackets after it), a space, a comma. The piece ends after the match.
_CUTS = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"[。．！？!?]+[」』）)］\]]*"),
         re.compile(r"\s+"), re.compile(r"[、，,;；]"))


def analyse(text: str, mode: str = "C") -> tuple[Morpheme, ...]:
    """The morphemes of `text` (NFKC-normalised first, so full-width Latin matches half-width).

    Mode C keeps compounds whole (情報共有), mode A splits them (情報 / 共有). A text of any
    length: a long one is analysed in pieces cut between words (`pieces`).
    """
    text = unicodedata.normalize("NFKC", text)
    if len(text) > _CACHED_CHARS:
        return _analyse(text, mode)
    return _analyse_cached(text, mode)


@functools.lru_cache(maxsize=4096)
def _analyse_cached(text: str, mode: str) -> tuple[Morpheme, ...]:
    return _analyse(text, mode)


def _analyse(text: str, mode: str) -> tuple[Morpheme, ...]:
    tokenizer = _tokenizer(mode)
    found: list[Morpheme] = []
    for piece in pieces(text):
        found += (Morpheme(m.surface(), tuple(m.part_of_speech()), m.reading_form(), m.normalized_form(),
                           m.dictionary_form())
                  for m in tokenizer.tokenize(piece))
    return tuple(found)


def _fits(text: str, start: int, limit: int) -> int:
    """The end of the longest piece of `text` from `start` of at most `limit` UTF-8 bytes."""
    window = text[start:start + limit]  # a character is at least one byte
    return start + len(window.encode()[:limit].decode("utf-8", "ignore"))


def pieces(text: str, limit: int = MAX_PIECE_BYTES) -> Iterator[str]:
    """`text` in consecutive pieces of at most `limit` UTF-8 bytes (joined, they are `text`).

    Each piece ends at the best boundary in its second half: a paragraph, a line, a sentence, a
    space, a comma. A run of that length without any of them (never in prose) is cut where the
    analyser itself ends a word, before the last two words of the piece (see `_word_cut`).
    """
    start = 0
    while start < len(text):
        end = _fits(text, start, limit)
        if end < len(text):
            end = _boundary(text, start, end) or _word_cut(text, start, end)
        yield text[start:end]
        start = end


def _boundary(text: str, start: int, end: int) -> int | None:
    """The end of the last boundary match in the second half of text[start:end], best kind first."""
    half = start + (end - start) // 2
    for cut in _CUTS:
        last = None
        for match in cut.finditer(text, half, end):
            last = match.end()
        if last is not None:
            return last
    return None


def _word_cut(text: str, start: int, end: int) -> int:
    """A cut in text[start:end] (a run with no boundary) where the analyser ends a word: after the
    second-last word of the piece, so the word the byte limit cut through is analysed again whole
    in the next piece."""
    sizes = [len(m.surface()) for m in _tokenizer("C").tokenize(text[start:end])]
    kept = sum(sizes[:-2]) if len(sizes) > 2 else sum(sizes[:-1])
    return start + max(kept, 1)


def to_hiragana(katakana: str) -> str:
    """カタカナ → かたかな (other characters unchanged)."""
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in katakana)


def reading(text: str) -> str:
    """The reading of `text` in hiragana (振り返り -> ふりかえり)."""
    return "".join(to_hiragana(m.reading) for m in analyse(text))
