"""Shared fixtures: the sample site built once per test session with `mkdocs build --strict`.

The PDF handouts are switched off here (COHORT_HANDOUTS=false) so the site tests stay fast;
the handouts tests build them on their own.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from site_helpers import ROOT, build

# The shared Chromium fixtures (browser, origin), available to every test module without an import
# that a linter would see as unused and then redefined.
pytest_plugins = ["browser_support"]


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample project built with the default (intranet) profile."""
    dest = tmp_path_factory.mktemp("site-intranet")
    build(ROOT, dest)
    return dest


@pytest.fixture(scope="session")
def public_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample project built with the public profile (COHORT_SITE_PROFILE=public)."""
    dest = tmp_path_factory.mktemp("site-public")
    build(ROOT, dest, COHORT_SITE_PROFILE="public")
    return dest


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample project built for file:// browsing (Material's offline plugin)."""
    dest = tmp_path_factory.mktemp("site-offline")
    build(ROOT, dest, COHORT_SITE_OFFLINE="true")
    return dest
