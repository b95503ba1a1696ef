"""Rule `glyph-missing`: every character the PDFs print is in a font of the chain.

Every text field of the model is walked generically (a new field is checked without a change
here), Markdown bodies included; the finding points at the character itself when it is written
as-is in the file, else at the value.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from pydantic import BaseModel

from ..diagnostics import Diagnostic, error, warning
from ..glyphs import Coverage, is_variation_selector
from ..model import Loc, Node, Project


def text_values(node: BaseModel, where: Loc | None = None) -> Iterator[tuple[str, Loc]]:
    """Every string of a model object and its children, with where it was written."""
    here = node.loc() if isinstance(node, Node) else (where or Loc("<unknown>"))
    for name in type(node).model_fields:
        value = getattr(node, name)
        at = node.loc(name) if isinstance(node, Node) else here
        if isinstance(value, dict):
            value = list(value.values())
        if isinstance(value, (list, tuple)):
            for index, item in enumerate(value):
                item_at = node.item_loc(name, index) if isinstance(node, Node) else at
                yield from _values(item, item_at)
        else:
            yield from _values(value, at)


def _values(value: object, at: Loc) -> Iterator[tuple[str, Loc]]:
    if isinstance(value, str):
        yield value, at
    elif isinstance(value, BaseModel):
        yield from text_values(value, at)


def check(project: Project, coverage: Coverage, root: Path, cohort_id: str | None = None) -> list[Diagnostic]:
    # Nearly always every character prints: learn that from all characters of the data at once
    # (one JSON dump), and walk the model with positions only when one does not (0.8 s saved).
    every = set(project.model_dump_json(include={"municipalities", "cohorts"}))
    if not coverage.missing("".join(every)) and not any(is_variation_selector(ord(ch)) for ch in every):
        return []
    sources = _Sources(root)
    fonts = "、".join(coverage.fonts) or "設定されたフォント"
    found: set[Diagnostic] = set()
    cohorts = [c for c in project.cohorts if cohort_id is None or c.id == cohort_id]
    values = [v for m in project.municipalities.values() for v in text_values(m)]
    values += [v for c in cohorts for v in text_values(c)]
    for text, at in values:
        for char in coverage.missing(text):
            found.add(error(
                sources.find(char, at), "glyph-missing",
                f"「{char}」（{_code(char)}）は PDF のどのフォント（{fonts}）にもないため印刷できません。"
                "別の文字に置き換えるか、この文字を持つフォントを設定してください",
            ))
        for sequence in coverage.missing_variants(text):
            found.add(warning(
                sources.find(sequence, at), "glyph-variant-missing",
                f"「{sequence}」（{_code(sequence)}）の異体字の字形がフォント（{fonts}）にないため、"
                f"PDF では標準の字形「{sequence[0]}」で印刷されます",
            ))
    return sorted(found)


def _code(text: str) -> str:
    return " ".join(f"U+{ord(ch):04X}" for ch in text)


class _Sources:
    """The data files as text, to point at a character's own line and column."""

    def __init__(self, root: Path):
        self.root = root
        self.texts: dict[str, list[str] | None] = {}

    def find(self, needle: str, at: Loc) -> Loc:
        """The first place of `needle` at or after `at` in its file; `at` when not written as-is."""
        lines = self._lines(at.file)
        if not lines or at.line > len(lines):
            return at
        for number in range(at.line - 1, len(lines)):
            start = at.col - 1 if number == at.line - 1 else 0
            col = lines[number].find(needle, start)
            if col >= 0:
                return Loc(at.file, number + 1, col + 1)
        return at

    def _lines(self, file: str) -> list[str] | None:
        if file not in self.texts:
            try:
                text = (self.root / file).read_text(encoding="utf-8-sig")
                self.texts[file] = text.splitlines()
            except (OSError, UnicodeDecodeError):
                self.texts[file] = None
        return self.texts[file]
