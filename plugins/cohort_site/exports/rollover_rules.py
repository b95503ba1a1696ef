"""What next year's cohort keeps of this year's, declared once for every field of the model.

Each field of the cohort and of everything it holds (sessions, groups, proposals, ... and the
objects nested in them) has one declaration:

- `CARRY`: copied as written (the course's material: objectives, agenda, bodies, channels);
- `RESET`: a fact of this year, not copied (schedule changes, attendance, imported survey data,
  results, meeting links); the rollover report names what it left out, by `label`;
- `TRANSFORM`: made anew from the old value (dates move, the year is relabelled, Try items become
  the improvement plan, recordings are dropped from the catch-up list). `exports/rollover.py`
  implements each one (`rollover.TRANSFORMED` lists them; a test compares).

`tests/test_rollover_rules.py` walks the model (pydantic `model_fields`, into nested models) and
fails when a field has no declaration, so a new field cannot roll over by accident. A field of a
model that is only reached through a reset (or transformed) field is declared with its parent's
action: nothing of it reaches the new cohort unless the parent's transform says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, get_args

from pydantic import BaseModel

from ..model import (
    KPI,
    AgendaItem,
    Attendance,
    CaseStudy,
    CatchUpItem,
    Channel,
    Cohort,
    FaqItem,
    Group,
    Homework,
    ImportedComments,
    KpiResult,
    Material,
    Measure,
    MeasureStatus,
    Member,
    MemberAttendance,
    MunicipalityResults,
    Observation,
    Outcome,
    OwnBaseline,
    Period,
    Person,
    Proposal,
    Retrospective,
    Risk,
    Rollout,
    ScheduleChange,
    ScheduleItem,
    Session,
    Stakeholder,
    SurveyRating,
)


class Action(StrEnum):
    CARRY = "carry"
    RESET = "reset"
    TRANSFORM = "transform"


@dataclass(frozen=True)
class Rule:
    action: Action
    label: str = ""  # Japanese: what the rollover report calls it (reset and transform)


CARRY = Rule(Action.CARRY)


def reset(label: str) -> Rule:
    return Rule(Action.RESET, label)


def transform(label: str) -> Rule:
    return Rule(Action.TRANSFORM, label)


def _same(rule: Rule, names: str) -> dict[str, Rule]:
    """The same rule for several fields, named explicitly (a new field is never covered)."""
    return dict.fromkeys(names.split(), rule)


RULES: dict[type[BaseModel], dict[str, Rule]] = {
    Cohort: {
        "id": transform("研修ID"),
        "title": transform("題名の年度"),
        "sample": CARRY,
        "fiscal_year": transform("年度"),
        "period": transform("期間"),
        "organiser": CARRY,
        "platform": CARRY,
        "delivery": CARRY,
        "meeting_url": reset("会議のURL（meeting_url）"),
        "municipality_word": CARRY,
        "date_style": CARRY,
        "aims": CARRY,
        "channels": CARRY,
        "improvement_plan": transform("改善予定（振り返りの Try・問題点から）"),
        "description": transform("説明の年度"),
        # filled from the other files of the cohort folder
        "sessions": transform("回の日付"),
        "groups": reset("グループとメンバー（groups.yml）"),
        "proposals": reset("提案書（proposals/）"),
        "retrospectives": reset("振り返りと取り込んだアンケート（retrospectives/）"),
        "faq": reset("FAQ（faq.yml）"),
        "cases": transform("事例（達成した成果から）"),
        "results": reset("成果（results/）"),
        "attendance": reset("出席（attendance/）"),
    },
    Period: _same(transform("期間"), "start end"),
    Channel: _same(CARRY, "name purpose"),
    Session: {
        "number": CARRY,
        "title": CARRY,
        "date": transform("日付"),
        "start": CARRY,
        "end": CARRY,
        "objectives": CARRY,
        "agenda": CARRY,
        "materials": CARRY,
        "homework": CARRY,
        "worksheet": CARRY,
        "facilitator_notes": CARRY,
        "meeting_url": reset("会議のURL（meeting_url）"),
        "schedule_changes": reset("日時の変更（schedule_changes）"),
        "catch_up": transform("欠席者向けの録画（catch_up の kind: recording）"),
        "body": CARRY,
    },
    AgendaItem: _same(CARRY, "title minutes kind presenter note"),
    Material: _same(CARRY, "title file note"),
    Homework: _same(CARRY, "title description due_session"),
    ScheduleChange: _same(reset("日時の変更"), "announced previous"),
    CatchUpItem: _same(CARRY, "title kind url note"),
    Group: _same(reset("グループ"), "id name municipalities mentor members"),
    Person: _same(reset("メンター"), "name affiliation"),
    Member: _same(reset("メンバー"), "name municipality department role email"),
    Proposal: _same(
        reset("提案書"),
        "id group title tags scope current_state target_users outcomes measures stakeholders rollout schedule risks body",
    ),
    Outcome: _same(reset("提案書"), "statement kpis"),
    KPI: _same(reset("提案書"), "id indicator baseline target unit deadline baseline_note"),
    Measure: _same(reset("提案書"), "title description"),
    Stakeholder: _same(reset("提案書"), "name role"),
    Rollout: _same(reset("提案書"), "reusable summary conditions"),
    ScheduleItem: _same(reset("提案書"), "period task"),
    Risk: _same(reset("提案書"), "risk mitigation"),
    Retrospective: _same(reset("振り返り"), "id session keep problem try_ survey imported_comments notes"),
    SurveyRating: _same(reset("取り込んだアンケート"), "question scale average responses distribution imported"),
    ImportedComments: _same(reset("取り込んだアンケートの自由記述"), "keep problem try_"),
    FaqItem: _same(reset("FAQ"), "question answer session"),
    CaseStudy: _same(transform("事例"), "title municipality summary url"),
    MunicipalityResults: _same(reset("成果"), "municipality kpis measures notes"),
    KpiResult: _same(reset("成果"), "kpi unit baseline observations"),
    Observation: _same(reset("成果"), "date value note source"),
    OwnBaseline: _same(reset("成果"), "value date note"),
    MeasureStatus: _same(reset("成果"), "measure status note"),
    Attendance: _same(reset("出席"), "session tool meeting_minutes unmatched members"),
    MemberAttendance: _same(reset("出席"), "name municipality attended minutes"),
}


def nested_models(annotation: Any) -> list[type[BaseModel]]:
    """The model classes inside a field's annotation (`list[X]`, `X | None`, `tuple[X, ...]`)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in get_args(annotation):
        found += [m for m in nested_models(arg) if m not in found]
    return found


def reachable(root: type[BaseModel] = Cohort) -> list[type[BaseModel]]:
    """Every model class reachable from `root` through its fields, `root` first."""
    seen: list[type[BaseModel]] = [root]
    for model in seen:  # grows while walking
        for info in model.model_fields.values():
            seen += [m for m in nested_models(info.annotation) if m not in seen]
    return seen


def undeclared(root: type[BaseModel] = Cohort, rules: dict[type[BaseModel], dict[str, Rule]] = RULES) -> list[str]:
    """`Model.field` of every field reachable from `root` without a declaration."""
    return [
        f"{model.__name__}.{name}"
        for model in reachable(root)
        for name in model.model_fields
        if name not in rules.get(model, {})
    ]


def rule(model: type[BaseModel], name: str) -> Rule:
    """The declaration of a field; KeyError for an undeclared one (the test keeps there none)."""
    return RULES[model][name]


def field_named(model: type[BaseModel], key: str) -> str | None:
    """The field a YAML key writes (by alias or name), None for an unknown key."""
    for name, info in model.model_fields.items():
        if key in (name, info.alias):
            return name
    return None
