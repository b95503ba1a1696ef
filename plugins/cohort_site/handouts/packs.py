"""What each pack holds: its parts in order, their anchors, headings and source files.

A pack is described here in plain data fed by the model; `html.py` turns it into print HTML and
`verify.py` checks the rendered PDF against the same description.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..diagnostics import Diagnostic
from ..labels import (
    PROPOSAL_RESULTS,
    PROPOSAL_RESULTS_KEY,
    PROPOSAL_SECTIONS,
    RESULTS_AFTER,
    SESSION_TITLES,
    shown_sections,
)
from ..model import Cohort, Project, Proposal, Retrospective, Session
from ..outputs import PACK_KINDS, PackRef, pack_kind
from ..results import proposal_results, today, track_status, tracks

Findings = Mapping[str, Sequence[Diagnostic]]  # the checker's diagnostics by data file


@dataclass(frozen=True)
class Heading:
    """A heading the pack must show (TOC entry and PDF bookmark)."""

    anchor: str  # stable ASCII id from the model, e.g. session-1-agenda
    title: str


@dataclass(frozen=True)
class Part:
    """One h1 part of a pack, drawn by templates/parts/<template>.html.j2."""

    anchor: str
    title: str
    template: str
    data: dict[str, Any]
    sources: tuple[str, ...]
    headings: tuple[Heading, ...] = ()  # its h2 sub-sections

    @property
    def heading(self) -> Heading:
        return Heading(self.anchor, self.title)


@dataclass(frozen=True)
class Pack:
    ref: PackRef
    project: Project
    cohort: Cohort
    profile: str
    parts: tuple[Part, ...]
    date: dt.date  # the document date (from the data), shown on the cover and in the metadata
    municipality_code: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def cover(self) -> str:
        """"full": cover page + TOC page; "line": cover line and a short TOC on page 1."""
        return self.ref.spec.cover

    @property
    def subtitle(self) -> str:
        return self.ref.spec.subtitle

    @property
    def toc(self) -> list[tuple[Heading, int]]:
        """(heading, level) listed in the table of contents."""
        if self.cover == "line":
            return [(h, 2) for part in self.parts for h in part.headings]
        return [(part.heading, 1) for part in self.parts]

    @property
    def expected_headings(self) -> list[Heading]:
        """Every heading that must be in the PDF's bookmarks (no silent truncation)."""
        return [h for part in self.parts for h in (part.heading, *part.headings)]

    @property
    def sources(self) -> list[str]:
        seen: dict[str, None] = {}
        for part in self.parts:
            seen.update(dict.fromkeys(part.sources))
        return list(seen)

    @property
    def anchors(self) -> set[str]:
        return {h.anchor for h in self.expected_headings}


# --- anchors: stable ASCII ids from the model ------------------------------------------------

def session_anchor(number: int) -> str:
    return f"session-{number}"


def proposal_anchor(proposal_id: str) -> str:
    return f"proposal-{proposal_id}"


def kpi_anchor(kpi_id: str) -> str:
    return f"kpi-{kpi_id}"


def retro_anchor(retro_id: str) -> str:
    return f"retro-{retro_id}"


def cohort_anchors(cohort: Cohort) -> set[str]:
    """Every anchor any pack of the cohort can hold: what a cross-reference may point at."""
    anchors = {"overview", "retrospectives", "faq", "templates"}
    for session in cohort.sessions:
        anchors |= {h.anchor for h in _session_part(session, cohort).headings} | {session_anchor(session.number)}
    for proposal in cohort.proposals:
        anchors |= {h.anchor for h in _proposal_headings(proposal, with_results=True)} | {proposal_anchor(proposal.id)}
        anchors |= {kpi_anchor(k.id) for o in proposal.outcomes for k in o.kpis}
    anchors |= {retro_anchor(r.id) for r in cohort.retrospectives}
    return anchors


# --- parts -------------------------------------------------------------------------------

def _session_part(session: Session, cohort: Cohort) -> Part:
    a = session_anchor(session.number)
    headings = [Heading(f"{a}-objectives", SESSION_TITLES["objectives"]), Heading(f"{a}-agenda", SESSION_TITLES["agenda"])]
    if session.materials:
        headings.append(Heading(f"{a}-materials", SESSION_TITLES["materials"]))
    if session.body.strip() or session.facilitator_notes:
        headings.append(Heading(f"{a}-notes", "解説と進め方"))
    if session.homework:
        headings.append(Heading(f"{a}-homework", SESSION_TITLES["homework"]))
    headings.append(Heading(f"{a}-worksheet", f"第{session.number}回 ワークシート"))
    return Part(
        a, f"第{session.number}回 {session.title}", "session", {"session": session},
        (session.loc().file,), tuple(headings),
    )


RECAP_ITEMS = 4  # keep / try items per column: the recap stays on one page


def _recap_part(session: Session, cohort: Cohort) -> Part | None:
    """A one-page recap of the previous session, first in a session's handout (from session 2)."""
    previous = cohort.session(session.number - 1)
    if previous is None:
        return None
    a = f"recap-{session.number}"
    retro = cohort.session_retrospective(previous.number)
    due = [(s, hw) for s in cohort.sessions for hw in s.homework if hw.due_session == session.number]
    headings = [Heading(f"{a}-objectives", f"第{previous.number}回の目標")]
    if retro is not None:
        headings.append(Heading(f"{a}-sharing", "各グループの共有から"))
    headings.append(Heading(f"{a}-homework", "今回までの宿題"))
    sources = [previous.loc().file] + ([retro.loc().file] if retro else [])
    return Part(
        a, f"前回（第{previous.number}回）のふりかえり", "recap",
        {"previous": previous, "retrospective": retro, "due": due, "limit": RECAP_ITEMS},
        tuple(sources), tuple(headings),
    )


def _proposal_headings(proposal: Proposal, with_results: bool = False) -> list[Heading]:
    a = proposal_anchor(proposal.id)
    headings = [Heading(f"{a}-group", "グループと構成自治体")]  # print only: the site says it in the lead
    for s in shown_sections(PROPOSAL_SECTIONS, proposal):
        headings.append(Heading(f"{a}-{s.key}", s.title))
        if with_results and s.key == RESULTS_AFTER:  # as on the page: the results follow the measures
            headings.append(Heading(f"{a}-{PROPOSAL_RESULTS_KEY}", PROPOSAL_RESULTS))
    return headings


def _proposal_part(project: Project, cohort: Cohort, proposal: Proposal, findings: Findings) -> Part:
    group = cohort.group(proposal.group)
    sources = [proposal.loc().file]
    if group is not None:
        sources.append(group.loc().file)
    shown = tuple(findings.get(proposal.loc().file, ()))
    on = today()
    results = proposal_results(cohort, proposal, on)
    sources += [r.loc().file for code in (group.municipalities if group else []) if (r := cohort.results_of(code))]
    return Part(
        proposal_anchor(proposal.id), f"提案書「{proposal.title}」", "proposal",
        {"proposal": proposal, "group": group, "findings": shown, "results": results, "on": on},
        tuple(sources), tuple(_proposal_headings(proposal, with_results=bool(results))),
    )


def _overview_part(cohort: Cohort) -> Part:
    sources = [cohort.loc().file] + ([cohort.groups[0].loc().file] if cohort.groups else [])
    headings = [Heading("overview-about", "研修の基本情報"), Heading("overview-sessions", "全体の流れ")]
    if cohort.groups:
        headings.append(Heading("overview-groups", "グループ編成"))
    return Part("overview", "研修の概要", "overview", {}, tuple(sources), tuple(headings))


def _retro_part(cohort: Cohort) -> Part | None:
    retros: list[Retrospective] = sorted(cohort.retrospectives, key=lambda r: (r.session is None, r.session or 0))
    if not retros:
        return None
    headings = [Heading(retro_anchor(r.id), _retro_title(r)) for r in retros]
    return Part(
        "retrospectives", "振り返り（Keep・Problem・Try）", "retrospectives", {"retrospectives": retros},
        tuple(r.loc().file for r in retros), tuple(headings),
    )


def _retro_title(retro: Retrospective) -> str:
    return f"第{retro.session}回の振り返り" if retro.session is not None else "研修全体の振り返り"


def _faq_part(cohort: Cohort) -> Part | None:
    if not cohort.faq and not cohort.cases:
        return None
    headings = []
    if cohort.faq:
        headings.append(Heading("faq-questions", "よくある質問"))
    if cohort.cases:
        headings.append(Heading("faq-cases", "共有された事例"))
    items = [*cohort.faq, *cohort.cases]
    return Part("faq", "よくある質問と事例", "faq", {}, tuple(dict.fromkeys(i.loc().file for i in items)), tuple(headings))


def _templates_part(cohort: Cohort) -> Part:
    headings = [Heading("templates-proposal", "提案書ワークシート（記入用）")]
    headings += [
        Heading(f"templates-session-{s.number}", f"第{s.number}回 ワークシート（記入用）") for s in cohort.sessions
    ]
    return Part(
        "templates", "翌年度の庁内研修用テンプレート", "templates", {},
        tuple(s.loc().file for s in cohort.sessions), tuple(headings),
    )


def results_anchor(code: str) -> str:
    return f"results-{code}"


def _results_part(cohort: Cohort, code: str) -> Part | None:
    """成果報告: each KPI of the group's proposal in one municipality, with chart and status."""
    group = cohort.group_of(code)
    proposal = cohort.proposal_of(group.id) if group else None
    results = cohort.results_of(code)
    if proposal is None or results is None:
        return None
    a = results_anchor(code)
    on = today()
    items = [(t, track_status(t, on)) for t in tracks(cohort, proposal, code)]
    headings = [Heading(f"{a}-summary", "KPI の状況（一覧）")]
    headings += [Heading(f"{a}-{t.kpi.id}", t.kpi.indicator) for t, _ in items]
    headings.append(Heading(f"{a}-measures", "施策の状況"))
    if results.notes.strip():
        headings.append(Heading(f"{a}-notes", "まとめ"))
    return Part(
        a, "成果報告", "results",
        {"code": code, "proposal": proposal, "results": results, "items": items, "on": on},
        (results.loc().file, proposal.loc().file), tuple(headings),
    )


# --- packs -------------------------------------------------------------------------------

def document_date(cohort: Cohort) -> dt.date:
    """The newest date the cohort's data holds (never the clock)."""
    return max([cohort.period.start, *(s.date for s in cohort.sessions)])


Base = dict[str, Any]  # the fields every pack has: ref, project, cohort, profile, date


def _session_pack(base: Base, findings: Findings) -> Pack:
    cohort: Cohort = base["cohort"]
    session = cohort.session(int(base["ref"].key))
    assert session is not None, base["ref"]
    recap = _recap_part(session, cohort)
    return Pack(**base, parts=((recap,) if recap else ()) + (_session_part(session, cohort),))


def _proposal_pack(base: Base, findings: Findings) -> Pack:
    cohort: Cohort = base["cohort"]
    proposal = cohort.proposal_of(base["ref"].key)
    assert proposal is not None, base["ref"]
    return Pack(**base, parts=(_proposal_part(base["project"], cohort, proposal, findings),))


def _rollout_pack(base: Base, findings: Findings) -> Pack:
    cohort: Cohort = base["cohort"]
    code = base["ref"].key
    group = cohort.group_of(code)
    proposal = cohort.proposal_of(group.id) if group else None
    parts = [_overview_part(cohort), *(_session_part(s, cohort) for s in cohort.sessions)]
    if proposal is not None:
        parts.append(_proposal_part(base["project"], cohort, proposal, findings))
    parts += [p for p in (_results_part(cohort, code), _retro_part(cohort), _templates_part(cohort)) if p]
    return Pack(**base, parts=tuple(parts), municipality_code=code, extra={"group": group})


def _results_pack(base: Base, findings: Findings) -> Pack:
    cohort: Cohort = base["cohort"]
    code = base["ref"].key
    part = _results_part(cohort, code)
    assert part is not None, base["ref"]
    base = {**base, "date": part.data["on"]}  # the report speaks of the statuses on this date
    return Pack(**base, parts=(part,), municipality_code=code, extra={"group": cohort.group_of(code)})


def _book_pack(base: Base, findings: Findings) -> Pack:
    cohort: Cohort = base["cohort"]
    parts = [_overview_part(cohort), *(_session_part(s, cohort) for s in cohort.sessions)]
    parts += [_proposal_part(base["project"], cohort, p, findings) for p in cohort.proposals]
    parts += [p for p in (_retro_part(cohort), _faq_part(cohort)) if p]
    return Pack(**base, parts=tuple(parts))


# What fills each pack kind of the registry (outputs.PACK_KINDS); checked below at import.
COMPOSE: dict[str, Callable[[Base, Findings], Pack]] = {
    "book": _book_pack,
    "session": _session_pack,
    "proposal": _proposal_pack,
    "rollout": _rollout_pack,
    "results": _results_pack,
}


def check_registry() -> None:
    """Every declared kind has a compose function and nothing else has one."""
    if set(COMPOSE) != set(PACK_KINDS):
        raise ImportError(f"handouts.packs.COMPOSE と outputs.PACK_KINDS の種類が違います: {sorted(set(COMPOSE) ^ set(PACK_KINDS))}")


check_registry()


def compose(project: Project, cohort: Cohort, ref: PackRef, profile: str, findings: Findings | None = None) -> Pack:
    """The description of one pack of the registry; the checker's `findings` (by data file) show in
    the proposals of the intranet profile only, as on the site. An unknown kind raises."""
    shown = findings if findings and profile == "intranet" else {}
    build = COMPOSE[pack_kind(ref.kind).kind]
    return build({"ref": ref, "project": project, "cohort": cohort, "profile": profile, "date": document_date(cohort)}, shown)
