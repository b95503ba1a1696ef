"""Attendance figures computed from the model: rates per session, group and municipality, who
missed a session, who missed several in a row. Pure functions; the files only hold per-member
presence (`attendance/NN.yml`), so a hand correction there changes every figure."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .model import Attendance, Cohort, Group, MemberAttendance


@dataclass(frozen=True)
class Rate:
    present: int
    total: int

    @property
    def percent(self) -> float:
        return self.present / self.total * 100 if self.total else 0.0

    def __str__(self) -> str:
        return f"{self.present}/{self.total}人（{self.percent:.0f}%）"


def rate(records: Iterable[MemberAttendance]) -> Rate:
    records = list(records)
    return Rate(sum(r.attended for r in records), len(records))


def by_group(cohort: Cohort, attendance: Attendance) -> list[tuple[Group, Rate]]:
    """Each group's rate, in group order; a member counts for the group of their municipality."""
    found = []
    for group in cohort.groups:
        records = [r for r in attendance.members if r.municipality in group.municipalities]
        if records:
            found.append((group, rate(records)))
    return found


def by_municipality(cohort: Cohort, attendance: Attendance) -> list[tuple[str, Rate]]:
    """Each municipality's rate (code, rate), in group order."""
    codes = [code for group in cohort.groups for code in group.municipalities]
    found = []
    for code in codes:
        records = [r for r in attendance.members if r.municipality == code]
        if records:
            found.append((code, rate(records)))
    return found


def absentees(attendance: Attendance) -> list[MemberAttendance]:
    return [r for r in attendance.members if not r.attended]


@dataclass(frozen=True)
class MissedRun:
    """A member who missed consecutive sessions (numbers in `sessions`)."""

    name: str
    municipality: str
    sessions: tuple[int, ...]


def missed_in_a_row(cohort: Cohort, length: int = 2) -> list[MissedRun]:
    """Members absent from `length` or more consecutive recorded sessions (mentors follow up).

    Sessions count as consecutive by number; a session without a record breaks a run."""
    by_number = {a.session: a for a in cohort.attendance}
    runs: list[MissedRun] = []
    members = dict.fromkeys((r.name, r.municipality) for a in cohort.attendance for r in a.members)
    for name, code in members:
        current: list[int] = []
        for number in sorted(by_number):
            record = next((r for r in by_number[number].members if (r.name, r.municipality) == (name, code)), None)
            if record is not None and not record.attended and (not current or current[-1] == number - 1):
                current.append(number)
                continue
            if len(current) >= length:
                runs.append(MissedRun(name, code, tuple(current)))
            current = [number] if record is not None and not record.attended else []
        if len(current) >= length:
            runs.append(MissedRun(name, code, tuple(current)))
    return runs
