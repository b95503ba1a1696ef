"""The project's one Japanese morphological analyser (SudachiPy with the core dictionary).

Used by the outcome checker (to read a goal's final predicate) and by the search index (to add
readings so that hiragana queries find kanji terms). Loaded once per process, on first use.
No MkDocs, no WeasyPrint.
"""

from __future__ import annotations

import functools
import unicodedata
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


@functools.lru_cache(maxsize=4096)
def analyse(text: str, mode: str = "C") -> tuple[Morpheme, ...]:
    """The morphemes of `text` (NFKC-normalised first, so full-width Latin matches half-width).

    Mode C keeps compounds whole (情報共有), mode A splits them (情報 / 共有).
    """
    text = unicodedata.normalize("NFKC", text)
    return tuple(
        Morpheme(m.surface(), tuple(m.part_of_speech()), m.reading_form(), m.normalized_form(),
                 m.dictionary_form())
        for m in _tokenizer(mode).tokenize(text)
    )


def to_hiragana(katakana: str) -> str:
    """カタカナ → かたかな (other characters unchanged)."""
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in katakana)


def reading(text: str) -> str:
    """The reading of `text` in hiragana (振り返り -> ふりかえり)."""
    return "".join(to_hiragana(m.reading) for m in analyse(text))
