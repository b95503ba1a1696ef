"""Build profiles. `intranet` (default) shows everything; `public` leaves out personal names and
facilitator notes everywhere. Consumers get a redacted project and never decide for themselves."""

from __future__ import annotations

import os
import re
from typing import Literal

from .model import Attendance, Cohort, Group, Project, Session

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
    return project.model_copy(update={"cohorts": tuple(_public_cohort(c) for c in project.cohorts)})


def _public_cohort(cohort: Cohort) -> Cohort:
    return cohort.model_copy(
        update={
            "description": strip_facilitator_notes(cohort.description),
            "meeting_url": None,  # a join link is for participants only
            "sessions": tuple(_public_session(s) for s in cohort.sessions),
            "groups": tuple(_public_group(g) for g in cohort.groups),
            "proposals": tuple(
                p.model_copy(update={"body": strip_facilitator_notes(p.body)}) for p in cohort.proposals
            ),
            "retrospectives": tuple(
                r.model_copy(update={"notes": strip_facilitator_notes(r.notes), "imported_comments": None})
                for r in cohort.retrospectives
            ),
            "attendance": tuple(_public_attendance(a) for a in cohort.attendance),
        }
    )


def _public_session(session: Session) -> Session:
    return session.model_copy(
        update={"facilitator_notes": None, "meeting_url": None, "body": strip_facilitator_notes(session.body)}
    )


def _public_group(group: Group) -> Group:
    return group.model_copy(update={"members": [], "mentor": None})


def _public_attendance(attendance: Attendance) -> Attendance:
    # Names go; municipality and presence stay, so pages can still show aggregate rates.
    return attendance.model_copy(
        update={"members": [m.model_copy(update={"name": ""}) for m in attendance.members]}
    )
