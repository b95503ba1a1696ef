"""`build.py bench` hands its options to benchmarks/bench.py; other commands still reject unknown ones."""

from __future__ import annotations

import pytest

from cohort_site.cli import main as cli_main


def test_bench_passes_its_options_to_the_benchmark(capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        cli_main(["bench", "--runs", "2", "--only", "nope"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "argument --only: invalid choice: 'nope'" in err and "--cohorts" in err  # bench.py's own parser


def test_other_commands_reject_unknown_options(capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        cli_main(["check", "--bogus"])
    assert exc.value.code == 2
    assert "不明な引数: --bogus" in capsys.readouterr().err


def test_bench_help_is_the_benchmark_scripts_help(capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        cli_main(["bench", "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "--runs" in out and "--no-peer" in out
