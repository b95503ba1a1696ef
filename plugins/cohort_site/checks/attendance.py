"""Rules on attendance records (`attendance/NN.yml`): they name a session and members that exist."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic, did_you_mean, error
from ..model import Cohort


def check(cohort: Cohort, missing: frozenset[str] = frozenset()) -> Iterator[Diagnostic]:
    """`missing`: parts that failed to load; references into them are not reported."""
    seen: dict[int, str] = {}
    members = {(m.name, m.municipality) for g in cohort.groups for m in g.members}
    for record in cohort.attendance:
        if record.session in seen:
            yield error(record.loc("session"), "duplicate-id",
                        f"第{record.session}回の出席が2つあります（最初は {seen[record.session]}）")
        seen.setdefault(record.session, str(record.loc()))
        if "sessions" not in missing and cohort.session(record.session) is None:
            yield error(record.loc("session"), "session-unknown", f"第{record.session}回のセッションはありません")
        if "groups" in missing:
            continue
        for i, member in enumerate(record.members):
            if (member.name, member.municipality) not in members:
                names = [name for name, _ in members]
                yield error(record.item_loc("members", i), "attendance-unknown-member",
                            f"メンバー「{member.name}」（{member.municipality}）は groups.yml にいません"
                            f"{did_you_mean(member.name, names)}")
