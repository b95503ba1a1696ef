"""Writing a results file (`results/<code>.yml`) in one stable, readable form.

The import re-writes the whole file: keys in a fixed order, observations by date, dates as
YYYY-MM-DD, Japanese unescaped, list items indented under their key (as the hand-written files).
"""

from __future__ import annotations

from typing import Any

from ..model import KpiResult, MunicipalityResults, Observation, OwnBaseline
from ..yamltext import comment, dump_yaml


def _plain(value: float | int) -> float | int:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _observation(o: Observation) -> dict[str, Any]:
    item: dict[str, Any] = {"date": o.date, "value": _plain(o.value)}
    item.update({k: v for k, v in (("source", o.source), ("note", o.note)) if v})
    return item


def _baseline(b: OwnBaseline) -> dict[str, Any]:
    item: dict[str, Any] = {"value": _plain(b.value)}
    item.update({k: v for k, v in (("date", b.date), ("note", b.note)) if v})
    return item


def _kpi(k: KpiResult) -> dict[str, Any]:
    item: dict[str, Any] = {"kpi": k.kpi}
    if k.unit is not None:
        item["unit"] = k.unit
    if k.baseline is not None:
        item["baseline"] = _baseline(k.baseline)
    item["observations"] = [_observation(o) for o in sorted(k.observations, key=lambda o: o.date)]
    return item


def dump_results(results: MunicipalityResults, header: str) -> str:
    """The file's text: `header` as comment lines, then kpis, measures and notes."""
    data: dict[str, Any] = {"kpis": [_kpi(k) for k in results.kpis]}
    if results.measures:
        data["measures"] = [
            {"measure": m.measure, "status": m.status, **({"note": m.note} if m.note else {})} for m in results.measures
        ]
    if results.notes.strip():
        data["notes"] = results.notes.rstrip() + "\n"
    return comment(*header.splitlines()) + dump_yaml(data)
