"""Every WeasyPrint and pydyf name the project uses that is not their public API, in one place.

WeasyPrint's public API (`HTML`, `CSS`, `Document`, `Page.anchors`, `FontConfiguration`,
`URLFetcher`, the "weasyprint" logger) lays out and writes a pack whole. Sharing layouts and
paintings between packs (render._joined, painting.py) needs more: WeasyPrint's drawing steps, its
PDF stream class with the state it keeps between operators, its page and margin boxes, and pydyf's
zlib. They are reached only through this module, which imports nothing of them until asked:

- `problem()` says why the shared path cannot be used here (a version outside SUPPORTED, a module,
  name or attribute missing), or None; the runner asks before each build that renders and lays
  the packs out whole when there is one (render.py, one log line);
- the names of NAMES are attributes of this module, imported on first use (painting.py);
- the attributes with a leading underscore are read and written by the functions below.

Moving to a new WeasyPrint: run `tests/test_handouts_painting.py` and `test_handouts_shared.py`
with it (they compare the shared path's bytes with the whole path's), then move SUPPORTED and the
upper bound in pyproject.toml.
"""

from __future__ import annotations

import importlib
import re
import types
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.metadata import PackageNotFoundError, version
from typing import Any

# The versions the shared path was written for and is tested with: [lowest, above the highest).
SUPPORTED: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {
    "weasyprint": ((70,), (71,)),  # painting.py follows 70's Page.paint and draw.draw_page
    "pydyf": ((0, 11), (0, 14)),  # what WeasyPrint 70 requires, up to the tested 0.13
}

# module -> its names the shared path uses
NAMES: dict[str, tuple[str, ...]] = {
    "weasyprint.document": ("Page",),
    "weasyprint.draw": ("draw_background", "draw_border", "draw_stacking_context", "set_mask_border"),
    "weasyprint.formatting_structure.boxes": ("MarginBox", "PageBox"),
    "weasyprint.pdf.fonts": ("Font",),
    "weasyprint.pdf.stream": ("Stream",),
    "weasyprint.stacking": ("StackingContext",),
    "weasyprint.text.fonts": ("get_pango_font_key",),
}
_MODULE_OF = {name: module for module, names in NAMES.items() for name in names}

# Methods of those classes the shared path calls (their instances' attributes are checked on a
# stream built as painting.py builds one).
METHODS = {
    "Page": ("paint",),
    "PageBox": ("copy_with_children",),
    "StackingContext": ("from_page", "from_box"),
    "Stream": ("add_font", "stacked", "transform"),
}
# What WeasyPrint's PDF stream remembers between operators (to leave out repeated ones).
STREAM_STATE = (
    "_current_color", "_current_color_stroke", "_current_alpha", "_current_alpha_stroke",
    "_current_font", "_current_font_size", "_old_font", "_old_font_size",
)
_STREAM_ATTRIBUTES = (*STREAM_STATE, "_ctm_stack", "_tags", "_resources", "_color_profiles", "_output_intent", "stream")


class Unavailable(Exception):
    """The shared path cannot be used with the installed WeasyPrint. Not a HandoutError: nothing
    fails, the pack is laid out and painted whole."""


def __getattr__(name: str) -> Any:
    """`from .internals import Stream`: the name from its WeasyPrint module, imported now."""
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(name)
    return getattr(importlib.import_module(module), name)


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text.split("+")[0])[:3])


def _shown(bound: tuple[int, ...]) -> str:
    return ".".join(map(str, bound))


def problem() -> str | None:
    """Why the shared path cannot be used with what is installed (Japanese, for the log), or None."""
    for distribution, (lowest, above) in SUPPORTED.items():
        try:
            installed = version(distribution)
        except PackageNotFoundError:
            return f"{distribution} がインストールされていません"
        if not lowest <= _version(installed) < above:
            return f"{distribution} {installed} は高速化の対応範囲（{_shown(lowest)} 以上 {_shown(above)} 未満）の外です"
    for module, names in NAMES.items():
        try:
            loaded = importlib.import_module(module)
        except Exception as exc:  # a module that moved, or fails to import for any reason
            return f"{module} を読み込めません（{type(exc).__name__}）"
        missing = [name for name in names if not hasattr(loaded, name)]
        missing += [f"{name}.{method}" for name in names for method in METHODS.get(name, ()) if not hasattr(getattr(loaded, name, None), method)]
        if missing:
            return f"{module} に {'、'.join(missing)} がありません"
    return _probe()


def _probe() -> str | None:
    """Build a stream as painting.py does and look for the attributes it reads."""
    import pydyf

    try:
        stream = new_stream(__getattr__("Stream"), (0, 0, 1, 1), pydyf.Dictionary({"ColorSpace": pydyf.Dictionary()}), None, {}, None, False)
    except Exception as exc:
        return f"WeasyPrint の Stream を作れません（{type(exc).__name__}: {exc}）"
    missing = [name for name in _STREAM_ATTRIBUTES if not hasattr(stream, name)]
    return f"WeasyPrint の Stream に {'、'.join(missing)} がありません" if missing else None


# --- the attributes with a leading underscore -------------------------------------------------


def page_box_of(page: Any) -> Any:
    """The laid-out page box of a `weasyprint.document.Page`."""
    return page._page_box


def is_margin_box(box: object, at_keyword: str) -> bool:
    return isinstance(box, __getattr__("MarginBox")) and getattr(box, "at_keyword", None) == at_keyword


def stream_state(stream: Any) -> tuple[Any, ...]:
    """What the stream remembers between operators, and its matrices."""
    return (*(getattr(stream, name) for name in STREAM_STATE), list(stream._ctm_stack))


def set_stream_state(stream: Any, state: tuple[Any, ...]) -> None:
    for name, value in zip(STREAM_STATE, state[:-1], strict=True):
        setattr(stream, name, value)
    stream._ctm_stack = list(state[-1])


def stream_tags(stream: Any) -> dict[Any, dict[str, Any]] | None:
    """The stream's tagged boxes (None when the PDF is not tagged)."""
    tags: dict[Any, dict[str, Any]] | None = stream._tags
    return tags


def stream_resources(stream: Any) -> Any:
    """The stream's resource dictionary (ExtGState, XObject, Pattern, Shading, ColorSpace)."""
    return stream._resources


def set_stream_resources(stream: Any, resources: Any) -> None:
    stream._resources = resources


def new_stream(cls: type, page_rectangle: Any, resources: Any, tags: Any, color_profiles: Any, output_intent: Any, compress: bool) -> Any:
    """A stream of class `cls` (WeasyPrint's Stream or a subclass), by its positional constructor."""
    return cls({}, page_rectangle, resources, {}, tags, color_profiles, output_intent, compress=compress)


def stream_like(cls: type, like: Any, tags: Any) -> Any:
    """A scratch stream of class `cls` painting into the same PDF as `like`, with its own tags."""
    return new_stream(cls, like.page_rectangle, like._resources, tags, like._color_profiles, like._output_intent, like.compress)


@contextmanager
def zlib_level(level: int) -> Iterator[None]:
    """While a pack is written, pydyf's module sees a zlib whose compressor is at `level` (pydyf
    has no option for it). Nothing is changed if pydyf no longer reaches zlib through `pydyf.zlib`:
    the PDF is then only written at pydyf's own level."""
    import pydyf

    original = getattr(pydyf, "zlib", None)
    if original is not zlib:
        yield
        return
    pydyf.zlib = types.SimpleNamespace(
        compress=zlib.compress, compressobj=lambda *_args, **_kwargs: zlib.compressobj(level)
    )
    try:
        yield
    finally:
        pydyf.zlib = original
