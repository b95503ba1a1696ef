"""The programme's core lesson: a goal is an outcome (a state or effect), not a method.

Every finding here is a warning with its own rule id, worded politely: the author learns,
the build goes on.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic, warning
from ..model import KPI, Cohort, Outcome, Project, Proposal
from .config import CheckerConfig

RULES = ("goal-is-method", "outcome-without-kpi", "kpi-incomplete", "kpi-counts-output")


def check(project: Project, cohort: Cohort, config: CheckerConfig) -> Iterator[Diagnostic]:
    for proposal in cohort.proposals:
        yield from check_proposal(proposal, config)


def check_proposal(proposal: Proposal, config: CheckerConfig) -> Iterator[Diagnostic]:
    for outcome in proposal.outcomes:
        yield from _check_outcome(outcome, config)


def _check_outcome(outcome: Outcome, config: CheckerConfig) -> Iterator[Diagnostic]:
    found = [k for k in config.methods if k in outcome.statement]
    if found:
        yield warning(
            outcome.loc("statement"),
            "goal-is-method",
            f"目指す姿「{outcome.statement}」は手段（「{found[0]}」）を述べているようです。"
            "住民や職員にとってどんな状態・効果になるか（使われている、時間が減る、満足している等）で書き、"
            "手段は「施策」に書きましょう",
        )
    complete = [k for k in outcome.kpis if _missing(k) == []]
    if not complete:
        yield warning(
            outcome.loc("kpis") if outcome.kpis else outcome.loc(),
            "outcome-without-kpi",
            f"目指す姿「{outcome.statement}」に、現状値・目標値・期限のそろった KPI がありません。"
            "達成を測る指標を少なくとも1つ書きましょう",
        )
    for kpi in outcome.kpis:
        missing = _missing(kpi)
        if missing:
            yield warning(
                kpi.loc(),
                "kpi-incomplete",
                f"KPI「{kpi.indicator}」に{'・'.join(missing)}がありません",
            )
        output = [k for k in config.output_kpis if k in kpi.indicator]
        if output:
            yield warning(
                kpi.loc("indicator"),
                "kpi-counts-output",
                f"KPI「{kpi.indicator}」は作ったもの（「{output[0]}」）を数えています。"
                "利用率・処理時間・満足度など、使われ方や効果を測る指標にしましょう",
            )


def _missing(kpi: KPI) -> list[str]:
    labels = {"baseline": "現状値（baseline）", "target": "目標値（target）", "deadline": "期限（deadline）"}
    return [label for field, label in labels.items() if getattr(kpi, field) is None]
