"""The outcome rules read the sentence: the issue's missed method-goals are flagged with a rewrite,
outcomes are not, and the labelled corpus' test split meets the targets (a quality guard; the
timing is measured by benchmarks/bench_outcomes.py, never asserted here)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from cohort_site.checks.config import default_config
from cohort_site.checks.outcomes import goal_message, kpi_message
from cohort_site.checks.statements import Lexicon, read_goal, read_kpi

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from bench_outcomes import TARGETS, evaluate, load  # noqa: E402

LEX = Lexicon.of(default_config())

MISSED = {  # the seven method-goals the keyword list missed, and the words that give them away
    "kintoneで各課の情報共有を行う": ("kintone", "行う"),
    "LINE公式アカウントを開設する": ("LINE公式アカウント", "開設する"),
    "生成AIを全庁で活用する": ("生成AI", "活用する"),
    "AIチャットボットで問い合わせに対応する": ("AIチャットボット", "対応する"),
    "タブレットを全職員に配布する": ("タブレット", "配布する"),
    "ペーパーレス会議の推進": ("ペーパーレス会議", "推進"),
    "オンライン申請の拡充": ("オンライン申請", "拡充"),
}


@pytest.mark.parametrize("statement", sorted(MISSED))
def test_missed_method_goals_are_flagged_with_a_rewrite(statement: str) -> None:
    reading = read_goal(statement, LEX)
    assert reading.is_method
    for word in MISSED[statement]:
        assert word in reading.words
    message = goal_message(statement, reading)
    assert "書き換えの例: 「" in message and "（KPI: " in message
    for word in MISSED[statement]:
        assert f"「{word}」" in message


@pytest.mark.parametrize("statement", [
    "職員の残業時間が月10時間減っている",
    "住民が24時間いつでも手続きできる状態になっている",
    "電子申請により、保護者が来庁せずに申込を終えられている",
])
def test_outcomes_are_not_flagged(statement: str) -> None:
    assert not read_goal(statement, LEX).is_method


def test_method_dressed_as_a_state_is_flagged() -> None:
    reading = read_goal("すべての手続きで電子申請が使える状態になっている", LEX)
    assert reading.is_method and "電子申請" in reading.words


def test_full_width_reads_like_half_width() -> None:
    assert read_goal("ＲＰＡを導入する", LEX).words == read_goal("RPAを導入する", LEX).words


def test_the_issue_example_gets_a_who_and_a_kpi() -> None:
    message = goal_message("電子申請を導入する", read_goal("電子申請を導入する", LEX))
    assert "住民が来庁せずに" in message and "KPI: 来庁せずに完了した手続きの割合" in message


def test_output_kpi_names_the_counted_act_and_an_alternative() -> None:
    reading = read_kpi("研修受講者数", LEX)
    assert reading.is_method
    assert "「受講」" in kpi_message("研修受講者数", reading)
    assert not read_kpi("来庁せずに申込を完了した保護者の割合", LEX).is_method


def test_lexicons_are_configurable() -> None:
    """A project's checker.yml can teach the reader a new tool word (no code change)."""
    statement = "すべての課でサイボウズが使える状態になっている"  # a product name the defaults lack
    assert not read_goal(statement, LEX).is_method
    custom = default_config().model_copy(update={"extra_tool_words": ["サイボウズ"]})
    assert read_goal(statement, Lexicon.of(custom)).is_method


@pytest.mark.parametrize("kind", ["goals", "kpis"])
def test_corpus_is_big_enough_and_split(kind: str) -> None:
    items = load(kind, "all")
    assert len(items) >= (200 if kind == "goals" else 100)
    assert {i.split for i in items} == {"dev", "test"}
    assert {i.label for i in items} == ({"method", "outcome"} if kind == "goals" else {"output", "outcome"})


@pytest.mark.parametrize("kind", ["goals", "kpis"])
def test_test_split_meets_the_targets(kind: str) -> None:
    score, wrong = evaluate(kind, "test", LEX)
    assert score.precision >= TARGETS[kind], wrong
    assert score.recall >= TARGETS[kind], wrong
