"""Every field of the model is declared (text of one line, of several lines, Markdown, or a checked
identifier), and every way a value can fail validation has a message about that field: a URL
field does not say what an id field says, and nothing falls back to pydantic's English."""

from __future__ import annotations

import typing

import pytest
from pydantic import BaseModel, ValidationError

from cohort_site import model as M
from cohort_site.validation import PATTERN_MESSAGES, validation_diagnostics

# Plain strings that are references, checked by their own rules (a group id, a file path, a code).
REFERENCES = {
    ("Municipality", "code"), ("Ward", "code"), ("Ward", "city"), ("Material", "file"), ("Proposal", "group"),
    ("KpiResult", "kpi"),
    ("Project", "municipalities"), ("Project", "wards"),  # keyed by code
}
# Values that break one constraint or another: a URL-looking text, a line break, blanks, numbers
# out of range, the wrong kinds, an impossible date.
BAD_VALUES: list[object] = [
    "javascript: alert(1)", "一行目\n二行目", "\u3000 ", "", -1, 0, 11, 1.5, [], [""], {"x": 1}, "2021-13-45", True,
]
GENERIC = "読み取れません"


def node_classes() -> list[type[M.Node]]:
    return [c for c in vars(M).values() if isinstance(c, type) and issubclass(c, M.Node) and c is not M.Node]


def _patterns(info: typing.Any) -> list[str]:
    return [m.pattern for m in info.metadata if getattr(m, "pattern", None)] + [
        p for a in typing.get_args(info.annotation) for p in _patterns_of(a)
    ]


def _patterns_of(annotation: typing.Any) -> list[str]:
    found = [m.pattern for m in getattr(annotation, "__metadata__", ()) if getattr(m, "pattern", None)]
    for m in getattr(annotation, "__metadata__", ()):
        found += [x.pattern for x in getattr(m, "metadata", ()) if getattr(x, "pattern", None)]
    return found + [p for a in typing.get_args(annotation) for p in _patterns_of(a)]


def _has_str(annotation: typing.Any) -> bool:
    return annotation is str or any(_has_str(a) for a in typing.get_args(annotation))


def _declared(info: typing.Any) -> bool:
    """A text kind, a pattern, a normaliser or a Literal says what a string field holds."""
    if M.text_kind(info.annotation, info.metadata) or _patterns(info):
        return True
    text = repr(info.annotation) + repr(info.metadata)
    return "BeforeValidator" in text or "Literal" in text


def test_every_string_field_says_what_it_holds() -> None:
    undeclared = [
        (cls.__name__, name) for cls in node_classes() for name, info in cls.model_fields.items()
        if _has_str(info.annotation) and not _declared(info) and (cls.__name__, name) not in REFERENCES
    ]
    assert undeclared == []


def test_every_pattern_has_its_own_message() -> None:
    patterns = {p for cls in node_classes() for info in cls.model_fields.values() for p in _patterns(info)}
    assert len(patterns) >= 3
    assert patterns <= PATTERN_MESSAGES.keys(), patterns - PATTERN_MESSAGES.keys()
    assert len(set(PATTERN_MESSAGES.values())) == len(PATTERN_MESSAGES)


def _diagnostics(cls: type[BaseModel], name: str, value: object) -> list[str]:
    """The messages about `name` when it holds `value` (other fields' errors left out)."""
    key = cls.model_fields[name].alias or name
    try:
        cls.model_validate({key: value})
    except ValidationError as exc:
        return [
            d.message for d in validation_diagnostics(exc, {key: value}, M.Loc("f.yml"), cls)
            if d.rule != "required" or "が空です" in d.message
            if f"「{key}" in d.message
        ]
    return []


@pytest.mark.parametrize("cls", node_classes(), ids=lambda c: c.__name__)
def test_every_failure_of_every_field_has_a_message_about_it(cls: type[M.Node]) -> None:
    for name, info in cls.model_fields.items():
        patterns = _patterns(info)
        for value in BAD_VALUES:
            for message in _diagnostics(cls, name, value):
                assert GENERIC not in message, (cls.__name__, name, value, message)
                if "英小文字・数字・ハイフン" in message:  # the id's wording only where the id's pattern is
                    assert patterns == [M.ID_PATTERN], (cls.__name__, name, message)


def test_url_fields_speak_of_urls() -> None:
    for cls, name in [(M.Session, "meeting_url"), (M.Cohort, "meeting_url"), (M.CatchUpItem, "url")]:
        messages = _diagnostics(cls, name, "javascript: alert(1)")
        assert messages and all("URL" in m and "英小文字" not in m for m in messages), messages


def test_one_line_and_required_text_are_declared_by_type() -> None:
    kinds = {
        (c.__name__, n): M.text_kind(i.annotation, i.metadata) for c in node_classes() for n, i in c.model_fields.items()
    }
    for field in [("Cohort", "title"), ("Session", "title"), ("Proposal", "title"), ("Proposal", "tags"),
                  ("KPI", "indicator"), ("KPI", "unit"), ("Outcome", "statement"), ("Member", "name")]:
        assert kinds[field] == M.ONE_LINE, field
    for field in [("AgendaItem", "note"), ("MunicipalityResults", "notes"), ("Measure", "description")]:
        assert kinds[field] == M.MULTI_LINE, field
    assert kinds[("Proposal", "body")] == kinds[("Proposal", "scope")] == M.MARKDOWN
    # A newline in a one-line field, a blank required text: each its own message.
    assert any("1行で書く項目" in m for m in _diagnostics(M.Cohort, "title", "研修\n"))
    assert any("「title」が空です" in m for m in _diagnostics(M.Cohort, "title", "\u3000 "))
    assert any("が空です" in m for m in _diagnostics(M.Proposal, "scope", " \n"))
    assert any("が空です" in m for m in _diagnostics(M.Proposal, "tags", ["防災", "\u3000"]))
    assert _diagnostics(M.KPI, "unit", "") == []  # optional: may be empty
    assert _diagnostics(M.KpiResult, "unit", "") == []  # the KPI's unit, copied by the results import
    assert _diagnostics(M.AgendaItem, "note", "一行目\n二行目") == []  # a note has lines
