"""The registry of outputs: every pack kind is declared once, with everything it needs, and an
unknown kind is an error (never silently a book, never silently off the downloads page)."""

from __future__ import annotations

import typing
from pathlib import Path

import pytest

from cohort_site import outputs
from cohort_site.handouts import packs
from cohort_site.loader import load_project
from cohort_site.outputs import PACK_KINDS, PackRef, UnknownPackKind

ROOT = Path(__file__).resolve().parents[1]
PROJECT = load_project(ROOT).project
COHORT = PROJECT.cohort("tokyo-2021")


def test_every_kind_of_the_literal_is_declared_and_composed() -> None:
    literal = set(typing.get_args(outputs.PackKind))
    assert literal == set(PACK_KINDS), "PackKind と PACK_KINDS の種類が違います"
    assert set(packs.COMPOSE) == set(PACK_KINDS)
    for kind, spec in PACK_KINDS.items():
        assert spec.kind == kind
        assert spec.section and spec.subtitle and spec.cover in ("full", "line"), kind
        assert spec.filename("1").endswith(".pdf"), kind


def test_file_names_are_distinct_across_kinds() -> None:
    names = [spec.filename("1") for spec in PACK_KINDS.values()]
    assert len(set(names)) == len(names)


def test_an_unknown_kind_is_an_error_not_a_book() -> None:
    with pytest.raises(UnknownPackKind):
        PackRef(COHORT.id, "poster", "x", "ポスター")  # type: ignore[arg-type]
    ref = PackRef(COHORT.id, "book", "book", "本")
    object.__setattr__(ref, "kind", "poster")  # a ref made around the check
    with pytest.raises(UnknownPackKind):
        packs.compose(PROJECT, COHORT, ref, "intranet")


def test_every_pack_of_the_sample_composes_with_its_kinds_cover_and_subtitle() -> None:
    refs = outputs.packs_for(PROJECT, COHORT)
    assert {r.kind for r in refs} == set(PACK_KINDS), "the sample should have every kind of pack"
    order = list(PACK_KINDS)
    assert [order.index(r.kind) for r in refs] == sorted(order.index(r.kind) for r in refs)
    for ref in refs:
        pack = packs.compose(PROJECT, COHORT, ref, "intranet")
        assert pack.cover == PACK_KINDS[ref.kind].cover
        assert pack.subtitle == PACK_KINDS[ref.kind].subtitle
        assert ref.path == f"pdf/{COHORT.id}/{PACK_KINDS[ref.kind].filename(ref.key)}"


def test_a_kind_without_a_compose_function_fails_at_import(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(PACK_KINDS, "poster", PACK_KINDS["book"])
    with pytest.raises(ImportError, match="poster"):
        packs.check_registry()

