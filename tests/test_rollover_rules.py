"""The rollover's declarations (exports/rollover_rules.py): every field of the model is declared."""

from __future__ import annotations

import pytest
from pydantic import Field

from cohort_site.exports import rollover
from cohort_site.exports.rollover_rules import RULES, Action, Rule, reachable, undeclared
from cohort_site.loader import _FROM_OTHER_FILES
from cohort_site.model import Cohort, Node, Session


def test_every_field_of_the_cohort_model_is_declared() -> None:
    assert undeclared(Cohort) == []
    assert {m.__name__ for m in reachable(Cohort)} >= {"Session", "Group", "Proposal", "KPI", "Attendance", "ScheduleChange"}


def test_a_missing_declaration_is_found_at_any_depth() -> None:
    class Note(Node):
        text: str

    class NotedSession(Session):
        notes: list[Note] = Field(default_factory=list)

    rules: dict = {**RULES, NotedSession: {**RULES[Session], "notes": Rule(Action.CARRY)}}
    assert undeclared(NotedSession, rules) == ["Note.text"]
    without = {**RULES, Session: {k: v for k, v in RULES[Session].items() if k != "schedule_changes"}}
    assert undeclared(Cohort, without) == ["Session.schedule_changes"]


def test_no_declaration_names_a_field_that_is_gone() -> None:
    stale = [f"{m.__name__}.{name}" for m, fields in RULES.items() for name in fields if name not in m.model_fields]
    assert stale == []
    assert set(RULES) == set(reachable(Cohort))


def test_every_declared_transform_is_carried_out() -> None:
    declared = {f"{m.__name__}.{name}" for m, fields in RULES.items() for name, r in fields.items()
                if r.action is Action.TRANSFORM}
    assert declared == rollover.TRANSFORMED


@pytest.mark.parametrize("model", [Cohort, Session])
def test_reset_fields_of_carried_files_have_a_default(model: type[Node]) -> None:
    """A reset key is removed from the file, so the new file must still be valid without it."""
    resets = [name for name, r in RULES[model].items() if r.action is Action.RESET]
    assert resets and all(not model.model_fields[name].is_required() for name in resets)
    assert all(r.label for r in RULES[model].values() if r.action is not Action.CARRY)


def test_parts_from_other_files_are_reset_or_made_anew() -> None:
    assert {RULES[Cohort][name].action for name in _FROM_OTHER_FILES} <= {Action.RESET, Action.TRANSFORM}
    made = {name for name in _FROM_OTHER_FILES if RULES[Cohort][name].action is Action.TRANSFORM}
    assert made == {"sessions", "cases"}
