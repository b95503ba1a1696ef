"""The PDF writer's streams are compressed at our zlib level while a pack is written (render.py),
and pydyf's module is left as it was afterwards."""

from __future__ import annotations

import zlib
from pathlib import Path

import pydyf

from cohort_site.handouts.render import ZLIB_LEVEL, zlib_level


def _compressed(data: bytes, level: int) -> bytes:
    compressor = zlib.compressobj(level)
    return compressor.compress(data) + compressor.flush()


def test_streams_are_compressed_at_our_level_only_while_a_pack_is_written() -> None:
    data = (Path(__file__).parents[1] / "plugins" / "cohort_site" / "handouts" / "templates" / "print.css").read_bytes() * 3
    ours, pydyfs = _compressed(data, ZLIB_LEVEL), _compressed(data, 9)
    assert ours != pydyfs  # the text tells the levels apart
    with zlib_level():
        inside = pydyf.Stream([data], compress=True).data
    outside = pydyf.Stream([data], compress=True).data
    assert ours in inside and pydyfs not in inside
    assert pydyfs in outside, "pydyf's own zlib is back after the pack"
    assert pydyf.zlib is zlib
