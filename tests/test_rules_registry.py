"""Every rule id the package can report is registered once (rules.py) with its severity and
Japanese title: found in the source (every error/warning/info call) and in the checker fixtures'
expected output, so a new rule without a registration fails here."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from cohort_site import codes, rules
from cohort_site.checks.outcomes import finding_title

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "plugins/cohort_site"
# diagnostics.py's constructors and imports/records.fail: each takes (loc, rule, message)
REPORTERS = {"error", "warning", "info", "fail"}
# Calls whose rule id is not a literal, and where the ids they can pass come from.
COMPUTED = {
    ("reference.py", "exc.rule"), ("checks/municipalities.py", "problem"),  # codes.code_check / _CellError
    ("diagnostics.py", "rule"), ("imports/records.py", "rule"),  # error/warning/info/fail themselves
}


def emitted() -> dict[str, set[tuple[str, str]]]:
    """rule id -> {(file, severity)} of every literal rule id passed to error/warning/info."""
    found: dict[str, set[tuple[str, str]]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or len(node.args) < 2:
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name not in REPORTERS or len(node.args) + len(node.keywords) < 3 and not isinstance(node.args[1], ast.Starred):
                continue
            arg = node.args[1]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                if "%" in arg.value:  # a logging call (log.error("%s", ...)), not a diagnostic
                    continue
                found.setdefault(arg.value, set()).add((rel, name))
            elif isinstance(arg, ast.Starred):
                assert (rel, ast.unparse(arg.value)) in COMPUTED, (rel, node.lineno)
            elif not isinstance(node.args[0], ast.Constant):  # logging calls pass a format string first
                assert (rel, ast.unparse(arg)) in COMPUTED, f"{rel}:{node.lineno}: computed rule id {ast.unparse(arg)}"
    return found


def test_the_scan_finds_the_checkers_rules() -> None:
    found = emitted()
    assert {"goal-is-method", "yaml-syntax", "result-missing", "glyph-missing"} <= set(found)


def test_every_literal_rule_id_is_registered_with_its_severity() -> None:
    for rule_id, places in emitted().items():
        assert rule_id in rules.RULES, f"{rule_id} ({sorted(places)}) は rules.RULES にありません"
        for place, severity in places:
            assert rules.RULES[rule_id].severity == ("error" if severity == "fail" else severity), (rule_id, place)


def test_computed_rule_ids_are_registered() -> None:
    for code in ("13101", "131017", "abcdef", "1310１"):
        problem = codes.code_check(code)
        assert problem is not None, code
        assert problem[0] in rules.RULES and rules.RULES[problem[0]].severity == "error", code


def test_every_rule_in_the_fixtures_expected_output_is_registered() -> None:
    seen = set()
    for expected in sorted((ROOT / "tests/fixtures/broken").glob("*/expected.txt")):
        for severity, rule_id in re.findall(r":\d+(?::\d+)? (error|warning|info) ([a-z0-9-]+)", expected.read_text(encoding="utf-8")):
            assert rule_id in rules.RULES, f"{expected.parent.name}: {rule_id}"
            assert rules.RULES[rule_id].severity == severity, (expected.parent.name, rule_id)
            seen.add(rule_id)
    assert len(seen) > 30


def test_no_dead_registrations_and_one_title_each() -> None:
    live = set(emitted()) | {"municipality-code-format", "municipality-code-check-digit"}
    assert set(rules.RULES) == live, set(rules.RULES) ^ live
    titles = [r.title for r in rules.RULES.values()]
    assert len(set(titles)) == len(titles)


def test_an_unregistered_rule_has_no_title_to_fall_back_on() -> None:
    assert finding_title("goal-is-method").endswith(rules.title("goal-is-method"))
    with pytest.raises(rules.UnknownRule):
        finding_title("no-such-rule")


def test_no_rule_id_is_derived_from_message_text() -> None:
    for path in PACKAGE.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert not re.search(r'rule\s*=.*"[^"\x00-\x7f]+" in ', source), path
