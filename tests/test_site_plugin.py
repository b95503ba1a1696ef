"""The plugin's own events: `mkdocs serve` watches cohort_data/, config options are validated."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError

from site_helpers import ROOT


class _Server:
    def __init__(self) -> None:
        self.watched: list[str] = []

    def watch(self, path: str, *args: object, **kwargs: object) -> None:
        self.watched.append(path)


def test_serve_watches_cohort_data() -> None:
    config = load_config(str(ROOT / "mkdocs.yml"))
    plugin = config.plugins["cohort-site"]
    plugin.on_config(config)
    server = _Server()
    plugin.on_serve(server, config=config, builder=None)
    assert [Path(p) for p in server.watched] == [ROOT / "cohort_data"]


def test_unknown_profile_is_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COHORT_SITE_PROFILE", "everyone")
    with pytest.raises((Abort, ConfigurationError)):
        load_config(str(ROOT / "mkdocs.yml"))
