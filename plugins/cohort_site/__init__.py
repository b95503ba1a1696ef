"""Cohort site generator: model, checks, pages, handouts and exports for a municipal DX cohort."""

__version__ = "0.1.0"
