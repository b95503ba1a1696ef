"""Which characters a font chain can print: the union of the fonts' cmaps (fontTools).

Used by the `glyph-missing` rule before anything renders, and by the renderer as a last guard on
each pack's text. Reading a large CJK cmap takes ~0.2-1 s, so each file's coverage is cached in
memory and on disk, per user (keyed by the file's path, size and mtime: fonts are the machine's).
"""

from __future__ import annotations

import hashlib
import json
import os
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

# Variation selectors (standard and ideographic, IVS): they pick a glyph of the preceding
# character and need no glyph of their own.
_VARIATION_SELECTORS = (range(0xFE00, 0xFE10), range(0xE0100, 0xE01F0))
# Other default-ignorable characters that print nothing (ZWSP, ZWNJ, ZWJ, WJ, BOM, soft hyphen).
_IGNORABLE = frozenset({0x00AD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF})


def is_variation_selector(code: int) -> bool:
    return any(code in r for r in _VARIATION_SELECTORS)


def needs_glyph(char: str) -> bool:
    """False for line breaks, tabs and the characters that print nothing."""
    code = ord(char)
    if code in _IGNORABLE or is_variation_selector(code):
        return False
    return unicodedata.category(char) not in ("Cc", "Zl", "Zp")


@dataclass(frozen=True)
class Coverage:
    """The characters (and variation sequences) at least one font of the chain has."""

    chars: frozenset[int]
    variants: frozenset[tuple[int, int]]  # (base, selector) pairs of the fonts' format-14 cmaps
    fonts: tuple[str, ...] = ()  # the fonts' names, for messages

    def missing(self, text: str) -> list[str]:
        """Characters of `text` no font has, in order of first appearance, each once."""
        lacking = {ch for ch in set(text) if ord(ch) not in self.chars and needs_glyph(ch)}
        return sorted(lacking, key=text.index)

    def missing_variants(self, text: str) -> list[str]:
        """Base+selector sequences whose base prints but no font has the variant glyph."""
        found: list[str] = []
        for index in range(1, len(text)):
            selector, base = ord(text[index]), ord(text[index - 1])
            if is_variation_selector(selector) and base in self.chars and (base, selector) not in self.variants:
                sequence = text[index - 1 : index + 1]
                if sequence not in found:
                    found.append(sequence)
        return found


def default_cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "cohort-site" / "fonts"


def coverage(paths: Iterable[Path], names: Iterable[str] = (), cache_dir: Path | None = None) -> Coverage:
    """The union of the cmaps of the font files (each the first face of a collection).
    Raises fontTools' TTLibError or OSError for a file that is not a readable font."""
    cache_dir = cache_dir or default_cache_dir()
    chars: set[int] = set()
    variants: set[tuple[int, int]] = set()
    for path in paths:
        file_chars, file_variants = _font_coverage(Path(path).resolve(), cache_dir)
        chars |= file_chars
        variants |= file_variants
    return Coverage(frozenset(chars), frozenset(variants), tuple(dict.fromkeys(names)))


@cache
def _font_coverage(path: Path, cache_dir: Path | None) -> tuple[frozenset[int], frozenset[tuple[int, int]]]:
    stat = path.stat()
    cached = None
    if cache_dir is not None:
        key = hashlib.sha256(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()[:24]
        cached = cache_dir / f"cmap-{key}.json"
        try:
            data = json.loads(cached.read_text(encoding="utf-8"))
            return frozenset(data["chars"]), frozenset((b, s) for b, s in data["variants"])
        except (OSError, ValueError, KeyError, TypeError):
            pass
    chars, variants = _read_cmap(path)
    if cached is not None:
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            tmp = cached.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps({"chars": sorted(chars), "variants": sorted(variants)}), encoding="utf-8")
            os.replace(tmp, cached)
        except OSError:
            pass  # a read-only cache folder only costs time
    return chars, variants


def _read_cmap(path: Path) -> tuple[frozenset[int], frozenset[tuple[int, int]]]:
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True, fontNumber=0) as font:
        chars = frozenset((font.getBestCmap() or {}).keys())
        variants = {
            (base, selector)
            for table in font["cmap"].tables if table.format == 14
            for selector, pairs in table.uvsDict.items()
            for base, _glyph in pairs
        }
    return chars, frozenset(variants)
