"""Reading YAML and Markdown-with-front-matter files while keeping every value's position.

Parsing uses PyYAML's SafeLoader (the loader `yaml.safe_load` uses) with one change: mappings
become `LocDict`s that remember where each key and value was written. A syntax error becomes a
`yaml-syntax` diagnostic at the parser's own position, never a traceback.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Diagnostic, error
from .model import Loc


class LocDict(dict):
    """A mapping from YAML that knows where it, each key and each value were written."""

    loc: Loc
    key_locs: dict[Any, Loc]
    value_locs: dict[Any, Loc]
    duplicates: list[tuple[Any, Loc]]


class LocList(list):
    """A sequence from YAML that knows where each item was written."""

    loc: Loc
    item_locs: list[Loc]


class _Loader(yaml.SafeLoader):
    """SafeLoader building LocDict/LocList and reading `13:30` as text, not YAML 1.1's base 60."""

    file: str = "<unknown>"


# YAML 1.1 reads 13:30 as the integer 810 (base 60). A clock time must stay text, so the int and
# float resolvers are re-registered without their sexagesimal branch.
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in (_INT, _FLOAT)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    _INT,
    re.compile(r"""^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$"""),
    list("-+0123456789"),
)
_Loader.add_implicit_resolver(
    _FLOAT,
    re.compile(
        r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?"""
        r"""|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"""
    ),
    list("-+0123456789."),
)


def _mark_loc(loader: _Loader, mark: yaml.Mark) -> Loc:
    return Loc(loader.file, mark.line + 1 + loader.line_offset, mark.column + 1)


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LocDict:
    loader.flatten_mapping(node)
    result = LocDict()
    result.loc = _mark_loc(loader, node.start_mark)
    result.key_locs, result.value_locs, result.duplicates = {}, {}, []
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            key = str(key)
        if key in result:
            result.duplicates.append((key, _mark_loc(loader, key_node.start_mark)))
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_locs[key] = _mark_loc(loader, key_node.start_mark)
        result.value_locs[key] = _mark_loc(loader, value_node.start_mark)
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LocList:
    result = LocList(loader.construct_object(child, deep=True) for child in node.value)
    result.loc = _mark_loc(loader, node.start_mark)
    result.item_locs = [_mark_loc(loader, child.start_mark) for child in node.value]
    return result


def _construct_timestamp(loader: _Loader, node: yaml.ScalarNode) -> Any:
    # An impossible date (2021-13-45) stays text, so validation reports it at its own line
    # instead of the parser failing for the whole file.
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)


def parse_yaml(text: str, file: str, line_offset: int = 0) -> tuple[Any, list[Diagnostic]]:
    """Parse one YAML document; returns (data or None, diagnostics)."""
    loader = None
    try:
        loader = _Loader(text)  # the reader already rejects control characters here
        loader.file, loader.line_offset = file, line_offset
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Loc(file, mark.line + 1 + line_offset, mark.column + 1) if mark else Loc(file, 1 + line_offset)
        problem = exc.problem or exc.context or "解析できません"
        return None, [error(where, "yaml-syntax", f"YAML の書き方に誤りがあります（{problem}）")]
    except yaml.YAMLError as exc:  # e.g. a reader error on control characters
        return None, [error(Loc(file, 1 + line_offset), "yaml-syntax", f"YAML を読めません（{exc}）")]
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. a date like 2021-13-45
        return None, [error(Loc(file, 1 + line_offset), "yaml-syntax", f"値を読めません（{exc}）")]
    finally:
        if loader is not None:
            loader.dispose()
    return data, _duplicate_diagnostics(data)


def _duplicate_diagnostics(data: Any) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, LocDict):
            for key, where in item.duplicates:
                found.append(error(where, "duplicate-key", f"キー「{key}」が同じ階層に2回書かれています"))
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*$\r?\n?", re.S | re.M)


def parse_front_matter(text: str, file: str) -> tuple[Any, str, list[Diagnostic]]:
    """Split `---` front matter from a Markdown body; returns (data, body, diagnostics)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return None, text, [
            error(Loc(file, 1, 1), "front-matter", "先頭に --- で囲んだ YAML（フロントマター）がありません")
        ]
    data, diagnostics = parse_yaml(match.group(1), file, line_offset=1)
    return data, text[match.end():], diagnostics


def read_text(path: Path, file: str) -> tuple[str | None, list[Diagnostic]]:
    """Read a UTF-8 file; a decoding error is a diagnostic, not a traceback."""
    try:
        return path.read_text(encoding="utf-8-sig"), []
    except UnicodeDecodeError as exc:
        return None, [error(Loc(file, 1, 1), "encoding", f"UTF-8 として読めません（{exc.reason}）")]
    except OSError as exc:
        return None, [error(Loc(file, 1, 1), "io", f"ファイルを読めません（{exc.strerror}）")]
