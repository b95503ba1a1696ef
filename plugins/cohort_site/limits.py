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
# HTML written in Markdown: elements open inside each other (`<div markdown="1">` makes
# Python-Markdown recurse per level, and WeasyPrint lays out nested boxes recursively).
MAX_HTML_DEPTH = 20
# Markdown: `[` not yet closed in one paragraph (link text may nest; Python-Markdown looks for the
# closing `]` of each one to the paragraph's end, so their count squares the time).
MAX_OPEN_BRACKETS = 20
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


# An HTML start or end tag (attribute values may hold `>` inside quotes), and a code span.
_TAG = re.compile(r"""<(/?)([A-Za-z][A-Za-z0-9-]*)(?:\s(?:[^<>"']|"[^"]*"|'[^']*')*)?(/?)>""")
_CODE_SPAN = re.compile(r"(`+).*?\1")
_BRACKET = re.compile(r"[\[\]]")
_VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
})
# Elements whose end tag HTML implies when the next one of the same name starts (`<li>a<li>b`).
_IMPLIED_END = frozenset({"p", "li", "dt", "dd", "tr", "td", "th", "option", "rt", "rp"})


class _Structure:
    """What a Markdown text has open so far: HTML elements and link brackets."""

    def __init__(self) -> None:
        self.elements: list[str] = []
        self.brackets = 0

    def html_depth(self, line: str) -> int:
        """The deepest element nesting reached on this line, its tags applied."""
        deepest = len(self.elements)
        if "<" not in line:
            return deepest
        for tag in _TAG.finditer(line):
            closing, name, self_closing = tag.group(1), tag.group(2).lower(), tag.group(3)
            if closing:
                if name in self.elements:
                    del self.elements[len(self.elements) - 1 - self.elements[::-1].index(name):]
            elif name not in _VOID and not self_closing:
                if name in _IMPLIED_END and self.elements and self.elements[-1] == name:
                    self.elements.pop()
                self.elements.append(name)
                deepest = max(deepest, len(self.elements))
        return deepest

    def open_brackets(self, line: str) -> int:
        """The most link brackets open at once so far in the paragraph (a blank line ends it)."""
        if not line.strip():
            self.brackets = 0
        most = self.brackets
        if "[" not in line and "]" not in line:
            return most
        if "\\" in line:
            line = re.sub(r"\\.", "", line)
        for char in _BRACKET.findall(line):
            if char == "[":
                self.brackets += 1
                most = max(most, self.brackets)
            elif char == "]" and self.brackets:
                self.brackets -= 1
        return most


def markdown_depth_problems(text: str, file: str, line_offset: int = 0) -> Iterator[Diagnostic]:
    """The first line nested deeper than a limit: list and quote levels (MAX_MARKDOWN_DEPTH),
    HTML elements (MAX_HTML_DEPTH), link brackets (MAX_OPEN_BRACKETS). Fenced code and code spans
    are not nesting."""
    fence: str | None = None
    structure = _Structure()
    for number, line in enumerate(text.split("\n"), start=1 + line_offset):
        opened = _FENCE.match(line)
        if fence is not None:
            if opened and opened.group(1) == fence:
                fence = None
            continue
        if opened:
            fence = opened.group(1)
            continue
        problem = _nesting_problem(line, structure, Loc(file, number, 1))
        if problem is not None:
            yield problem
            return


def _nesting_problem(line: str, structure: _Structure, where: Loc) -> Diagnostic | None:
    """The error of this line when it passes a nesting limit."""
    depth = markdown_depth(line)
    if depth > MAX_MARKDOWN_DEPTH:
        return error(
            where, "markdown-depth",
            f"箇条書きや引用（>）の入れ子が深すぎます（約 {depth} 段。上限は {MAX_MARKDOWN_DEPTH} 段です）。"
            "入れ子を浅くしてください",
        )
    code_free = _CODE_SPAN.sub("", line) if "`" in line else line
    html = structure.html_depth(code_free)
    if html > MAX_HTML_DEPTH:
        return error(
            where, "html-depth",
            f"HTML の要素（<div> など）の入れ子が深すぎます（{html} 段。上限は {MAX_HTML_DEPTH} 段です）。"
            "閉じタグ（</div> など）を確かめ、入れ子を浅くしてください",
        )
    brackets = structure.open_brackets(code_free)
    if brackets > MAX_OPEN_BRACKETS:
        return error(
            where, "markdown-depth",
            f"角かっこ「[」が1つの段落の中で閉じないまま重なりすぎています（{brackets} 個。上限は {MAX_OPEN_BRACKETS} 個です）。"
            "リンクは [文字](URL) の形で書き、使わない「[」は「\\[」と書くか全角の「［」にしてください",
        )
    return None


# --- Office files read from users (.xlsx results sheets and surveys, .docx proposals) ----------
# Checked on the zip archive before any parser opens it (office_archive.py), from the sizes the
# archive declares: Python's zipfile (which openpyxl and python-docx read through) never inflates
# a part past its declared size, so these bound the work whatever the file claims.
# The file itself (compressed), and a CSV or report read alongside.
MAX_OFFICE_FILE_BYTES = 10_000_000
# All parts inflated together, and any one part (a sheet, the shared strings, a document body).
MAX_OFFICE_UNCOMPRESSED_BYTES = 20_000_000
MAX_OFFICE_PART_BYTES = 10_000_000
# Number of parts (a workbook has about ten, a document a few dozen).
MAX_OFFICE_PARTS = 1_000
# Inflated / compressed size of a part larger than MAX_OFFICE_RATIO_FROM: real sheets and
# documents stay under 30; a zip bomb is over 1,000.
MAX_OFFICE_RATIO = 100
MAX_OFFICE_RATIO_FROM = 1_000_000
# A worksheet's rows and columns, from its <dimension> and from the rows it holds; also the rows
# of a survey or attendance CSV. A results sheet has tens of rows, a survey hundreds.
MAX_SHEET_ROWS = 5_000
MAX_SHEET_COLUMNS = 200


# --- characters that are not text -------------------------------------------------------------
# C0 and C1 controls other than tab, LF and CR (and DEL), and the bidi embedding, override and
# isolate controls, which make a name read differently from what it holds (U+202E turns
# 「申請.exe」 around). Refused in every data file and in every YAML value (`"\0"`, `"\u202e"`).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROL_NAMES = {0x00: "NUL", 0x1B: "ESC", 0x7F: "DEL", 0x202A: "LRE", 0x202B: "RLE", 0x202C: "PDF",
                  0x202D: "LRO", 0x202E: "RLO", 0x2066: "LRI", 0x2067: "RLI", 0x2068: "FSI", 0x2069: "PDI"}


def control_character_message(char: str) -> str:
    code = ord(char)
    name = f"U+{code:04X}" + (f"（{_CONTROL_NAMES[code]}）" if code in _CONTROL_NAMES else "")
    if 0x202A <= code <= 0x2069:
        return f"文字の向きを変える制御文字 {name} は使えません（見た目と中身が食い違います）。削除してください"
    return f"制御文字 {name} は使えません。削除してください"


def first_control_character(text: str) -> tuple[int, str] | None:
    """(index, character) of the first character `_CONTROL` refuses, if any."""
    found = _CONTROL.search(text)
    return (found.start(), found.group(0)) if found else None


def control_character_problem(text: str, file: str, line_offset: int = 0) -> Diagnostic | None:
    """The first refused control character of a file's text, at its line:col."""
    found = first_control_character(text)
    if found is None:
        return None
    index, char = found
    line = text.count("\n", 0, index) + 1 + line_offset
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return error(Loc(file, line, col), "control-character", control_character_message(char))
