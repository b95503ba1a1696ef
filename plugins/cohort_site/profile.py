"""Build profiles. `intranet` (default) shows everything; `public` leaves out personal names and
facilitator notes everywhere. Consumers get a redacted project and never decide for themselves.

What is private is declared on the model (`Annotated[..., model.PRIVATE]`) and what is Markdown
too (`MarkdownText`): `redact` walks the model generically, so it lists no field."""

from __future__ import annotations

import os
import re
from typing import Any, Literal, TypeVar

from pydantic.fields import FieldInfo

from .model import PRIVATE, Node, Project, markdown_fields

Profile = Literal["intranet", "public"]
PROFILES: tuple[str, ...] = ("intranet", "public")
ENV_VAR = "COHORT_SITE_PROFILE"

# A facilitator block is a Material admonition (`!!! facilitator`, `??? facilitator`,
# `???+ facilitator`) with its indented body, or a fenced `<div class="facilitator">`.
_ADMONITION = re.compile(
    r"^(?P<indent>[ \t]*)(?:!!!|\?\?\?\+?)[ \t]+facilitator\b[^\n]*\n"
    r"(?:(?:(?P=indent)(?:[ \t]{4}|\t)[^\n]*|[ \t]*)(?:\n|\Z))*",
    re.M,
)
_DIV = re.compile(r'<div class="facilitator"[^>]*>.*?</div>\s*', re.S)


def default_profile() -> str:
    """The profile of the environment (COHORT_SITE_PROFILE), else intranet."""
    return os.environ.get(ENV_VAR) or "intranet"


def page_markdown(markdown: str, profile: str) -> str:
    """A hand-written page's Markdown as the profile may show it."""
    return markdown if profile == "intranet" else strip_facilitator_notes(markdown)


def strip_facilitator_notes(markdown: str) -> str:
    """Remove every facilitator block from a Markdown text."""
    return _DIV.sub("", _ADMONITION.sub("", markdown))


def redact(project: Project, profile: str) -> Project:
    """The project as the profile may show it."""
    if profile == "intranet":
        return project
    if profile != "public":
        raise ValueError(f"unknown profile {profile!r}; expected one of {PROFILES}")
    return _public(project)


N = TypeVar("N", bound=Node)


def _public(node: N) -> N:
    """`node` with every field declared PRIVATE on the model left out (its default, or emptied)
    and every facilitator block removed from every Markdown field, recursively. The model is
    walked generically, so a new field is covered by its declaration alone."""
    update: dict[str, Any] = {}
    markdown = set(markdown_fields(type(node)))
    for name, info in type(node).model_fields.items():
        value = getattr(node, name)
        if PRIVATE in info.metadata:
            update[name] = _left_out(info, value)
        elif name in markdown and isinstance(value, str):
            update[name] = strip_facilitator_notes(value)
        elif isinstance(value, Node):
            update[name] = _public(value)
        elif isinstance(value, (list, tuple)) and any(isinstance(item, Node) for item in value):
            update[name] = type(value)(_public(item) if isinstance(item, Node) else item for item in value)
        elif isinstance(value, dict) and any(isinstance(item, Node) for item in value.values()):
            update[name] = {k: _public(item) if isinstance(item, Node) else item for k, item in value.items()}
    return node.model_copy(update=update)


def _left_out(info: FieldInfo, value: object) -> object:
    """A private field's public value: its default, else an empty value of its kind."""
    if not info.is_required():
        return info.get_default(call_default_factory=True)
    return type(value)() if isinstance(value, (str, list, tuple, dict)) else None
