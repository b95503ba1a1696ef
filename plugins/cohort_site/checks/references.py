"""Rules on references between files: groups, members, proposals, retrospectives, unique ids."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..diagnostics import Diagnostic, did_you_mean, error
from ..model import Cohort, Loc, Project


def _unique(items: Iterable[tuple[str, Loc]], what: str) -> Iterator[Diagnostic]:
    seen: dict[str, Loc] = {}
    for key, where in items:
        if key in seen:
            yield error(where, "duplicate-id", f"{what}「{key}」が重複しています（最初は {seen[key]}）")
        else:
            seen[key] = where


def check(project: Project, cohort: Cohort, missing: frozenset[str] = frozenset()) -> Iterator[Diagnostic]:
    """`missing`: parts that failed to load; references into them are not reported."""
    yield from _unique(((g.id, g.loc("id")) for g in cohort.groups), "グループID")
    yield from _unique(((p.id, p.loc("id")) for p in cohort.proposals), "提案書ID")
    yield from _unique(((r.id, r.loc("id")) for r in cohort.retrospectives), "振り返りID")
    kpis = [(k.id, k.loc("id")) for p in cohort.proposals for o in p.outcomes for k in o.kpis]
    yield from _unique(kpis, "KPI ID")

    # A municipality belongs to at most one group of a cohort.
    owner: dict[str, tuple[str, Loc]] = {}
    for group in cohort.groups:
        for i, code in enumerate(group.municipalities):
            where = group.item_loc("municipalities", i)
            if code in owner:
                other, first = owner[code]
                name = _name(project, code)
                same = "同じグループに2回" if other == group.id else f"グループ「{other}」（{first}）にも"
                yield error(where, "municipality-in-two-groups", f"{name}は{same}含まれています")
            else:
                owner[code] = (group.id, where)
        for member in group.members:
            if member.municipality not in group.municipalities:
                yield error(
                    member.loc("municipality"),
                    "member-outside-group",
                    f"メンバーの自治体 {_name(project, member.municipality)}はグループ「{group.id}」の構成自治体ではありません",
                )

    # Each proposal names an existing group; a group has at most one proposal.
    proposal_of: dict[str, Loc] = {}
    for proposal in cohort.proposals:
        if cohort.group(proposal.group) is None and "groups" not in missing:
            yield error(
                proposal.loc("group"),
                "proposal-group-unknown",
                f"グループ「{proposal.group}」は groups.yml にありません{did_you_mean(proposal.group, [g.id for g in cohort.groups])}",
            )
        elif cohort.group(proposal.group) is None:
            continue
        elif proposal.group in proposal_of:
            yield error(
                proposal.loc("group"),
                "duplicate-id",
                f"グループ「{proposal.group}」の提案書が2つあります（もう一つは {proposal_of[proposal.group]}）",
            )
        else:
            proposal_of[proposal.group] = proposal.loc("group")

    numbers = {s.number for s in cohort.sessions}
    sessions_known = "sessions" not in missing
    for retro in cohort.retrospectives:
        if sessions_known and retro.session is not None and retro.session not in numbers:
            yield error(retro.loc("session"), "session-unknown", f"第{retro.session}回のセッションはありません")
    yield from _unique(
        ((str(r.session or "cohort"), r.loc("session") if r.session else r.loc()) for r in cohort.retrospectives),
        "振り返りの対象",
    )
    for item in cohort.faq:
        if sessions_known and item.session is not None and item.session not in numbers:
            yield error(item.loc("session"), "session-unknown", f"第{item.session}回のセッションはありません")


def _name(project: Project, code: str) -> str:
    found = project.municipalities.get(code)
    return f"{found.name}（{code}）" if found else code

