"""Bounded work for any input: every limit on the data files, in one place, and the text checks
that enforce them before a parser sees the text.

The numbers are far above what real training data needs (a session page is a few KB, lists nest
three or four levels) and far below what makes PyYAML, Python-Markdown or WeasyPrint recurse
or run for minutes. Change them here; nothing else holds a copy.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .diagnostics import Diagnostic, error
from .model import Loc

# A data file (YAML, Markdown, CSV) larger than this is refused unread.
MAX_FILE_BYTES = 1_000_000
# A single line longer than this (characters) is refused: nothing in the data needs one, and a
# megabyte-long line is what makes the print layout run for minutes.
MAX_LINE_CHARS = 20_000
# YAML: how deeply mappings and lists may nest (the parser and validators recurse per level).
MAX_YAML_DEPTH = 40
# Markdown: list and blockquote levels (Python-Markdown recurses per level).
MAX_MARKDOWN_DEPTH = 20
# YAML anchors (&a) and aliases (*a) are refused altogether (sources.py, not a setting): this data
# never needs them, and a few hundred bytes of nested aliases expand to billions of nodes.


def file_size_problem(size: int, file: str) -> Diagnostic | None:
    if size <= MAX_FILE_BYTES:
        return None
    return error(
        Loc(file, 1, 1), "file-too-large",
        f"ファイルが大きすぎます（{size:,} バイト。上限は {MAX_FILE_BYTES:,} バイトです）。"
        "画像や長い資料は別ファイルにしてリンクしてください",
    )


def long_line_problem(text: str, file: str, line_offset: int = 0) -> Diagnostic | None:
    """The first line over MAX_LINE_CHARS, if any."""
    for number, line in enumerate(text.split("\n"), start=1 + line_offset):
        if len(line) > MAX_LINE_CHARS:
            return error(
                Loc(file, number, 1), "line-too-long",
                f"1行が長すぎます（{len(line):,} 文字。上限は {MAX_LINE_CHARS:,} 文字です）。途中で改行してください",
            )
    return None


# One level of Markdown nesting at the start of a line: a blockquote marker, or a list marker
# followed by a blank (or the end of the line).
_LEVEL = re.compile(r"[ \t]{0,3}(?:>[ \t]?|(?:[-*+]|[0-9]{1,9}[.)])(?:[ \t]+|$))")
_FENCE = re.compile(r"^[ \t]*(```|~~~)")


def markdown_depth(line: str) -> int:
    """How many list/blockquote levels a line opens or continues: its markers, plus its
    indentation counted at two columns per level (the smallest list indent)."""
    indent = len(line) - len(line.lstrip(" \t"))
    columns = len(line[:indent].expandtabs(4))
    rest = line[indent:]
    markers = 0
    position = 0
    while True:
        match = _LEVEL.match(rest, position)
        if not match or match.end() == position:
            break
        markers += 1
        position = match.end()
    return markers + columns // 2


def markdown_depth_problems(text: str, file: str, line_offset: int = 0) -> Iterator[Diagnostic]:
    """The first line nested deeper than MAX_MARKDOWN_DEPTH (fenced code is not nesting)."""
    fence: str | None = None
    for number, line in enumerate(text.split("\n"), start=1 + line_offset):
        opened = _FENCE.match(line)
        if fence is not None:
            if opened and opened.group(1) == fence:
                fence = None
            continue
        if opened:
            fence = opened.group(1)
            continue
        depth = markdown_depth(line)
        if depth > MAX_MARKDOWN_DEPTH:
            yield error(
                Loc(file, number, 1), "markdown-depth",
                f"箇条書きや引用（>）の入れ子が深すぎます（約 {depth} 段。上限は {MAX_MARKDOWN_DEPTH} 段です）。"
                "入れ子を浅くしてください",
            )
            return
