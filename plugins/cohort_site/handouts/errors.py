"""Errors of the handout renderer. Messages are Japanese: they end up in front of the organiser."""

from __future__ import annotations

from ..errors import CohortSiteError


class HandoutError(CohortSiteError):
    """A handout could not be made; the message says what to do."""


class FontNotFound(HandoutError):
    """No usable Japanese font file."""


class PackFailed(HandoutError):
    """One pack failed; the message names the pack and its source files."""
