"""Turning pydantic's validation errors into Japanese diagnostics at the value's position."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .diagnostics import Diagnostic, cut, did_you_mean, error
from .model import BLANK_ERROR, ID_PATTERN, LINK_PATTERN, MEETING_URL_PATTERN, NEWLINE_ERROR, Loc
from .sources import LocDict, LocList

# pydantic error type -> what the author should write instead.
_EXPECTED: dict[str, str] = {
    "int_parsing": "整数",
    "int_type": "整数",
    "int_from_float": "整数",
    "float_parsing": "数値",
    "float_type": "数値",
    "string_type": "文字列",
    "bool_parsing": "true か false",
    "bool_type": "true か false",
    "date_parsing": "日付（例: 2021-10-12）",
    "date_from_datetime_parsing": "日付（例: 2021-10-12）",
    "date_from_datetime_inexact": "日付（例: 2021-10-12）",
    "date_type": "日付（例: 2021-10-12）",
    "time_parsing": "時刻（例: \"13:30\"）",
    "time_type": "時刻（例: \"13:30\"）",
    "list_type": "リスト（- で始まる行）",
    "tuple_type": "リスト（- で始まる行）",
    "dict_type": "「キー: 値」の集まり",
    "model_type": "「キー: 値」の集まり",
    "model_attributes_type": "「キー: 値」の集まり",
}

# A pattern of the model -> what the field must look like. Every pattern has its own wording
# (tests/test_validation_messages.py walks the model's fields for one without).
PATTERN_MESSAGES: dict[str, str] = {
    ID_PATTERN: "英小文字・数字・ハイフンで書いてください（先頭は英小文字か数字。例: g1, tokyo-2021）",
    MEETING_URL_PATTERN: "会議の URL は http:// か https:// で始め、空白を入れずに書いてください（例: https://teams.microsoft.com/l/meetup-join/...）",
    LINK_PATTERN: "https:// で始まる URL か、サイトの中のパス（例: materials/slides.pdf）で書いてください",
}


def validation_diagnostics(
    exc: ValidationError, data: Any, file_loc: Loc, model: type[BaseModel]
) -> list[Diagnostic]:
    found = []
    for err in exc.errors():
        path = tuple(err["loc"])
        field_name = ".".join(str(p) for p in path) or "(全体)"
        kind = err["type"]
        if kind == "missing":
            where = _locate(data, path[:-1], file_loc, key=False)
            found.append(error(where, "required", f"必須の項目「{field_name}」がありません"))
        elif kind == BLANK_ERROR:
            where = _locate(data, path, file_loc, key=False)
            found.append(error(where, "required", f"「{field_name}」が空です。内容を書いてください（空白だけでは書いたことになりません）"))
        elif kind == NEWLINE_ERROR:
            where = _locate(data, path, file_loc, key=False)
            found.append(error(
                where, "one-line",
                f"「{field_name}」は1行で書く項目です。改行を取り除いてください"
                "（「|」や「>」で始まる複数行の書き方は使えません）",
            ))
        elif kind == "extra_forbidden":
            where = _locate(data, path, file_loc, key=True)
            known = _known_fields(model, path[:-1])
            found.append(
                error(where, "unknown-key", f"未知の項目「{field_name}」です{did_you_mean(str(path[-1]), known)}")
            )
        else:
            where = _locate(data, path, file_loc, key=False)
            found.append(error(where, "type", f"「{field_name}」の値が不正です: {_message(err)}"))
    return found


def _message(err: ErrorDetails) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    if kind in _EXPECTED:
        return f"{_EXPECTED[kind]}で書いてください（値: {cut(repr(err.get('input')))}）"
    if kind == "literal_error":
        return f"次のいずれかにしてください: {ctx.get('expected')}（値: {cut(repr(err.get('input')))}）"
    if kind == "string_pattern_mismatch":
        wanted = PATTERN_MESSAGES.get(str(ctx.get("pattern")), f"決められた形（{ctx.get('pattern')}）で書いてください")
        return f"{wanted}（値: {cut(repr(err.get('input')))}）"
    if kind in ("greater_than", "greater_than_equal"):
        return f"{ctx.get('gt', ctx.get('ge'))} 以上（より大きい）の値にしてください（値: {cut(repr(err.get('input')))}）"
    if kind in ("less_than", "less_than_equal"):
        return f"{ctx.get('lt', ctx.get('le'))} 以下の値にしてください（値: {cut(repr(err.get('input')))}）"
    if kind == "too_short":
        return f"少なくとも {ctx.get('min_length')} 件書いてください"
    return f"読み取れません（{err['msg']}）"


def _locate(data: Any, path: tuple[Any, ...], fallback: Loc, key: bool) -> Loc:
    """Follow a pydantic error path through LocDict/LocList to the closest known position."""
    where = getattr(data, "loc", None) or fallback
    node = data
    for i, step in enumerate(path):
        last = i == len(path) - 1
        if isinstance(node, LocDict) and step in node:
            where = (node.key_locs if key and last else node.value_locs).get(step, where)
            node = node[step]
        elif isinstance(node, LocList) and isinstance(step, int) and 0 <= step < len(node):
            where = node.item_locs[step]
            node = node[step]
        else:
            break
    return where


def _known_fields(model: type[BaseModel], path: tuple[Any, ...]) -> list[str]:
    """Field names (aliases) of the model reached by `path`, for 'did you mean'."""
    current: Any = model
    for step in path:
        if isinstance(step, int):
            continue
        info = getattr(current, "model_fields", {}).get(step) or next(
            (f for f in getattr(current, "model_fields", {}).values() if f.alias == step), None
        )
        if info is None:
            return []
        current = _inner_model(info.annotation)
    fields = getattr(current, "model_fields", {})
    return [f.alias or name for name, f in fields.items()]


def _inner_model(annotation: Any) -> Any:
    """The BaseModel inside list[X], X | None, tuple[X, ...]."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        inner = _inner_model(arg)
        if inner is not None:
            return inner
    return None
