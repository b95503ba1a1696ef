"""Editing YAML text in place, so comments, block scalars and key order survive.

The rollover and the kit change a few values of files people wrote by hand (a date, the period,
a title). Re-dumping the whole file would lose the Japanese comments and the `|` blocks, so these
helpers replace only the lines of one top-level key, found through the positions the located
loader (sources.py) records.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from .model import Loc
from .sources import LocDict

_DATE_TOKEN = re.compile(r"""(["']?)\d{4}-\d{2}-\d{2}\1""")


class _IndentedDumper(yaml.SafeDumper):
    """SafeDumper that indents list items under their key, as the hand-written files do, and
    writes multi-line text as a `|` block where YAML allows one (else quoted, with escapes)."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # The emitter falls back to a quoted style when a block cannot hold the text as it is.
    # Not for text ending in blank lines: its `|+` block makes PyYAML end the document (`...`),
    # which would cut a fragment joined into a file.
    block = "\n" in value and not value.endswith("\n\n")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if block else None)


_IndentedDumper.add_representer(str, _text)


class FlowList(list):
    """A list dumped on one line (`[0, 1, 6]`), as short number lists are written by hand."""


class Block(str):
    """A multi-line string dumped as a literal block (`|`), as Markdown fields are written by hand
    (PyYAML falls back to a quoted string where a block cannot hold the text exactly)."""


_IndentedDumper.add_representer(
    Block, lambda dumper, data: dumper.represent_scalar("tag:yaml.org,2002:str", str(data), style="|")
)
_IndentedDumper.add_representer(
    FlowList, lambda dumper, data: dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True)
)


def dump_yaml(value: Any) -> str:
    """The project's one YAML emitter: plain data as block YAML (SafeDumper, so a string is always
    a string: quoted where YAML would read it as a tag, a number or a break-out), Japanese kept
    readable, key order kept, never wrapped."""
    return yaml.dump(value, Dumper=_IndentedDumper, allow_unicode=True, sort_keys=False, width=10**6)


def plain(value: Any) -> Any:
    """Located data (`LocDict`, `LocList`) as the plain dicts and lists `dump_yaml` writes."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


# Every character YAML (1.1, as PyYAML reads it) or a reader's editor takes as a line break.
_LINE_BREAKS = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def comment(*lines: str) -> str:
    """YAML comment lines, one per argument: a line break inside a value (a title written as a
    `|` block, a CR) becomes a space, so no data can end the comment and start YAML."""
    return "".join(f"# {_LINE_BREAKS.sub(' ', line)}".rstrip() + "\n" for line in lines)


def dump_fragment(key: str, value: Any) -> str:
    """`key: value` as block YAML, through `dump_yaml`."""
    return dump_yaml({key: value})


def _top_level_lines(data: LocDict, line_offset: int) -> list[tuple[int, str]]:
    """(0-based line index in the text, key) of every top-level key, in file order."""
    return sorted((where.line - 1 - line_offset, key) for key, where in data.key_locs.items())


def _span(lines: list[str], data: LocDict, key: str, line_offset: int) -> tuple[int, int]:
    """Line range [first, end) of one top-level entry, without the comments that follow it."""
    order = _top_level_lines(data, line_offset)
    index = next(i for i, (_, k) in enumerate(order) if k == key)
    first = order[index][0]
    end = order[index + 1][0] if index + 1 < len(order) else len(lines)
    # A comment of the top level starts at column 0: an indented `#` line may be a value's own
    # continuation line (a long quoted title wrapped before its ` # `).
    while end > first + 1 and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
        end -= 1
    return first, end


def replace_key(text: str, data: LocDict, key: str, fragment: str | None, line_offset: int = 0) -> str:
    """Replace the lines of top-level `key` with `fragment` (None removes them).

    `data` is the LocDict parsed from `text`; `line_offset` is the number of lines before the
    YAML inside the file when `data`'s positions are file positions (front matter: 1).
    A key that is missing is appended at the end (or nothing happens when removing).
    """
    lines = text.splitlines(keepends=True)
    if key not in data.key_locs:
        if fragment is None:
            return text
        tail = "" if not lines or lines[-1].endswith("\n") else "\n"
        return text + tail + fragment
    first, end = _span(lines, data, key, line_offset)
    new = [] if fragment is None else fragment.splitlines(keepends=True)
    return "".join(lines[:first] + new + lines[end:])


def replace_date_at(text: str, where: Loc, new: str, line_offset: int = 0) -> str:
    """Replace the date scalar (quoted or not) that starts at `where` with `new`."""
    lines = text.splitlines(keepends=True)
    index = where.line - 1 - line_offset
    line = lines[index]
    match = _DATE_TOKEN.match(line, where.col - 1)
    if match is None:
        raise ValueError(f"{where}: 日付（YYYY-MM-DD）が見つかりません")
    lines[index] = line[: match.start()] + new + line[match.end():]
    return "".join(lines)


def remove_items(text: str, data: LocDict, key: str, indexes: set[int], line_offset: int = 0) -> str:
    """Remove the items at `indexes` of the block list under top-level `key` (each item's lines,
    from its `- ` to the next item); removing every item removes the key."""
    items = data[key]
    if not indexes:
        return text
    if len(indexes) >= len(items):
        return replace_key(text, data, key, None, line_offset)
    lines = text.splitlines(keepends=True)
    first, end = _span(lines, data, key, line_offset)
    starts = [where.line - 1 - line_offset for where in items.item_locs] + [end]
    if starts[0] <= first or any(a >= b for a, b in zip(starts, starts[1:], strict=False)):
        # a flow list (`[a, b]`) or items sharing lines: write the kept items anew
        kept = [plain(item) for n, item in enumerate(items) if n not in indexes]
        return replace_key(text, data, key, dump_fragment(key, kept), line_offset)
    keep = [i for i in range(len(lines)) if not any(starts[n] <= i < starts[n + 1] for n in indexes)]
    return "".join(lines[i] for i in keep)


def remove_key(text: str, data: LocDict, key: str, line_offset: int = 0) -> str:
    """Remove top-level `key` with the comment lines written directly above it (they describe it)."""
    if key not in data.key_locs:
        return text
    lines = text.splitlines(keepends=True)
    first, end = _span(lines, data, key, line_offset)
    while first > 0 and lines[first - 1].startswith("#"):  # column 0: see _span
        first -= 1
    return "".join(lines[:first] + lines[end:])
