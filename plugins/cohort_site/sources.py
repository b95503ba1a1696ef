"""Reading YAML and Markdown-with-front-matter files while keeping every value's position.

Parsing uses PyYAML's SafeLoader (the loader `yaml.safe_load` uses) with one change: mappings
become `LocDict`s that remember where each key and value was written. A syntax error becomes a
`yaml-syntax` diagnostic in Japanese at the parser's own position, never a traceback. The limits of
`limits.py` (file size, line length, nesting, no anchors/aliases) are enforced here, before any
tree is built, so no input makes the parser run long or recurse deeply.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from yaml.cyaml import CParser  # type: ignore[attr-defined]  # libyaml: in every PyYAML wheel

from . import limits
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


class _LimitExceeded(Exception):
    """A limit of limits.py was reached while composing; carries the finished diagnostic."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


class _Composer(yaml.composer.Composer):
    """PyYAML's composer building LocDict/LocList (through the constructors below) and reading
    `13:30` as text, not YAML 1.1's base 60. Anchors and aliases are refused and nesting is
    bounded while the node graph is composed, so nothing ever expands or walks a large tree."""

    peek_event: Callable[[], yaml.Event]  # from the parser class it is mixed with
    file: str = "<unknown>"
    line_offset: int = 0
    depth: int = 0
    duplicates: list[Diagnostic]

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _LimitExceeded(error(
                _mark_loc(self, event.start_mark), "yaml-alias",
                "YAML のアンカー（&）とエイリアス（*）は使えません。値をそのまま書いてください",
            ))
        self.depth += 1
        try:
            if self.depth > limits.MAX_YAML_DEPTH:
                raise _LimitExceeded(error(
                    _mark_loc(self, event.start_mark), "yaml-depth",
                    f"入れ子が深すぎます（上限は {limits.MAX_YAML_DEPTH} 段です）",
                ))
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _Loader(_Composer, yaml.SafeLoader):
    """The pure-Python reader, scanner and parser: slower, and the source of the syntax messages."""


class _FastLoader(_Composer, CParser, yaml.constructor.SafeConstructor, yaml.resolver.Resolver):
    """libyaml's scanner and parser (same events and marks) under the same composer and
    constructors: what every file is read with first. On any syntax error the file is read again
    with `_Loader`, whose messages the Japanese diagnostics are made from."""

    def __init__(self, stream: str) -> None:
        CParser.__init__(self, stream)
        yaml.composer.Composer.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)


# YAML 1.1 reads 13:30 as the integer 810 (base 60). A clock time must stay text, so the int and
# float resolvers are re-registered without their sexagesimal branch.
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_RESOLVERS = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in (_INT, _FLOAT)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for _cls in (_Loader, _FastLoader):
    _cls.yaml_implicit_resolvers = {first: list(resolvers) for first, resolvers in _RESOLVERS.items()}
    _cls.add_implicit_resolver(
        _INT,
        re.compile(r"""^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$"""),
        list("-+0123456789"),
    )
    _cls.add_implicit_resolver(
        _FLOAT,
        re.compile(
            r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?"""
            r"""|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"""
        ),
        list("-+0123456789."),
    )


def _mark_loc(loader: _Composer, mark: Any) -> Loc:  # PyYAML's Mark or libyaml's
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
            # The first value is kept and the second is not even built, so it cannot cause
            # follow-on errors; the diagnostic is collected on the loader (no tree walk later).
            where = _mark_loc(loader, key_node.start_mark)
            result.duplicates.append((key, where))
            first = result.key_locs[key]
            loader.duplicates.append(error(
                where, "duplicate-key",
                f"キー「{key}」が同じ階層に2回書かれています（最初は {first.line} 行目。最初の値を使います）",
            ))
            continue
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


def _construct_str(loader: _Loader, node: yaml.ScalarNode) -> str:
    # Markdown fields (a retrospective's notes) and any text a page may place in Markdown get the
    # body's nesting check; a string shorter than the limit cannot nest past it.
    value = loader.construct_scalar(node)
    control = limits.first_control_character(value)  # written as an escape: "\0", "\u202e"
    if control is not None:
        raise _LimitExceeded(error(_mark_loc(loader, node.start_mark), "control-character",
                                   limits.control_character_message(control[1])))
    if len(value) > limits.MAX_MARKDOWN_DEPTH:
        block = 1 if node.style in ("|", ">") else 0  # a block scalar's text starts on the next line
        before = node.start_mark.line + loader.line_offset + block
        for problem in limits.markdown_depth_problems(value, loader.file, before):
            raise _LimitExceeded(problem)
    return value


for _cls in (_Loader, _FastLoader):
    _cls.add_constructor("tag:yaml.org,2002:str", _construct_str)
    _cls.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
    _cls.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
    _cls.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)


def parse_yaml(text: str, file: str, line_offset: int = 0) -> tuple[Any, list[Diagnostic]]:
    """Parse one YAML document; returns (data or None, diagnostics)."""
    too_long = limits.long_line_problem(text, file, line_offset)
    if too_long is not None:
        return None, [too_long]
    loader = None
    try:
        loader = _FastLoader(text)
        loader.file, loader.line_offset, loader.duplicates = file, line_offset, []
        return loader.get_single_data(), loader.duplicates
    except Exception:  # noqa: BLE001 - any problem: read again below, for its exact message and position
        pass
    finally:
        if loader is not None:
            loader.dispose()
    return _parse_slowly(text, file, line_offset)


def _parse_slowly(text: str, file: str, line_offset: int) -> tuple[Any, list[Diagnostic]]:
    loader = None
    try:
        loader = _Loader(text)  # the reader already rejects control characters here
        loader.file, loader.line_offset, loader.duplicates = file, line_offset, []
        data = loader.get_single_data()
    except _LimitExceeded as exc:
        return None, [exc.diagnostic]
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_diagnostic(exc, file, line_offset)]
    except yaml.reader.ReaderError as exc:  # a control character or other unprintable one
        line, col = _line_col(text, exc.position)
        return None, [error(
            Loc(file, line + line_offset, col), "yaml-syntax",
            f"YAML に使えない文字（U+{exc.character:04X}）があります。削除してください"
            if isinstance(exc.character, int) else "YAML に使えない文字があります。削除してください",
        )]
    except yaml.YAMLError as exc:
        return None, [error(Loc(file, 1 + line_offset), "yaml-syntax", f"YAML を読めません（{exc}）")]
    except RecursionError:  # a last guard: MAX_YAML_DEPTH should stop deep nesting first
        return None, [error(Loc(file, 1 + line_offset), "yaml-depth", "入れ子が深すぎて読めません")]
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. a date like 2021-13-45
        return None, [error(Loc(file, 1 + line_offset), "yaml-syntax", f"値を読めません（{exc}）")]
    finally:
        if loader is not None:
            loader.dispose()
    return data, loader.duplicates


def _line_col(text: str, position: int) -> tuple[int, int]:
    """1-based line and column of a character index."""
    before = text[:position]
    return before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1


# PyYAML's wording of the common mistakes -> what to do, in Japanese. Matched on the problem
# (and context) text; anything else keeps PyYAML's text in brackets.
_TAB = "タブ文字で字下げされています。字下げには半角スペースを使ってください"
_COLON = ("ここに「:」は書けません。字下げがそろっているか、値の中の「: 」を確かめてください"
          "（値に「: 」を含めるときは全体を \"...\" で囲みます）")
_QUOTE = "引用符（\" または '）が閉じられていません。同じ引用符で閉じてください"
_INDENT = "字下げがそろっていません。同じ階層の項目は同じ数の半角スペースで字下げしてください"
_BRACKET = "括弧（[ ] または { }）が閉じられていません"


def _syntax_diagnostic(exc: yaml.MarkedYAMLError, file: str, line_offset: int) -> Diagnostic:
    problem, context = exc.problem or "", exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    if "'\\t'" in problem:  # PyYAML writes the tab as the two characters \t
        message = _TAB
    elif "mapping values are not allowed" in problem:
        message = _COLON
    elif "quoted scalar" in context:
        message, mark = _QUOTE, exc.context_mark or mark  # the opening quote
    elif "flow sequence" in context or "flow mapping" in context:
        message, mark = _BRACKET, exc.context_mark or mark
    elif "block" in context or "expected key" in problem or "'-' indicator" in problem:
        message = _INDENT
    elif "could not find expected ':'" in problem:
        message = "「キー: 値」の「:」が見つかりません。「:」の後には半角スペースを入れてください"
    else:
        message = f"YAML の書き方に誤りがあります（{problem or context or '解析できません'}）"
    where = Loc(file, mark.line + 1 + line_offset, mark.column + 1) if mark else Loc(file, 1 + line_offset)
    return error(where, "yaml-syntax", message)


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)^(?:---|\.\.\.)[ \t]*$\n?", re.S | re.M)


def parse_front_matter(text: str, file: str) -> tuple[Any, str, list[Diagnostic]]:
    """Split `---` front matter from a Markdown body; returns (data, body, diagnostics)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        if re.match(r"\A---[ \t]*\n", text):
            message = "フロントマターを閉じる --- がありません（1行目の --- に対応する行を追加してください）"
        else:
            message = "先頭に --- で囲んだ YAML（フロントマター）がありません"
        return None, text, [error(Loc(file, 1, 1), "front-matter", message)]
    data, diagnostics = parse_yaml(match.group(1), file, line_offset=1)
    body = text[match.end():]
    body_line = text.count("\n", 0, match.end())  # lines before the body
    too_long = limits.long_line_problem(body, file, body_line)
    diagnostics += [too_long] if too_long else list(limits.markdown_depth_problems(body, file, body_line))
    return data, body, diagnostics


def read_text(path: Path, file: str) -> tuple[str | None, list[Diagnostic]]:
    """Read a UTF-8 file; a file too large, or not UTF-8, is a diagnostic, not a traceback."""
    try:
        size = path.stat().st_size
        too_large = limits.file_size_problem(size, file)
        if too_large is not None:
            return None, [too_large]
        raw = path.read_bytes()
    except OSError as exc:
        return None, [error(Loc(file, 1, 1), "io", f"ファイルを読めません（{exc.strerror}）")]
    try:
        text = newlines(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        return None, [_encoding_diagnostic(raw, exc, file)]
    control = limits.control_character_problem(text, file)
    return (None, [control]) if control else (text, [])


def newlines(text: str) -> str:
    """Windows (CRLF), old Mac (CR) and mixed line endings as LF, the only ending the parsers,
    limits and positions see. Each ending stays one line break, so a line number is the line the
    user's editor shows (and what Python's universal newlines give the modules that re-read a file)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _encoding_diagnostic(raw: bytes, exc: UnicodeDecodeError, file: str) -> Diagnostic:
    """Where the first non-UTF-8 byte is, and which encoding the file probably has."""
    before = raw[: exc.start].replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    line = before.count(b"\n") + 1
    col = len(before[before.rfind(b"\n") + 1:].decode("utf-8", errors="replace")) + 1
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return error(Loc(file, 1, 1), "encoding", "UTF-16 で保存されています。UTF-8 で保存し直してください")
    try:
        raw.decode("cp932")
    except UnicodeDecodeError:
        return error(
            Loc(file, line, col), "encoding",
            f"UTF-8 として読めない文字があります（バイト 0x{raw[exc.start]:02X}）。UTF-8 で保存し直してください",
        )
    return error(Loc(file, line, col), "encoding", "Shift_JIS で保存されています。UTF-8 で保存し直してください")
