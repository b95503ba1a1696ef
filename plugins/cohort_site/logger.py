"""The package's loggers, declared in one place (as WeasyPrint's logger.py does): one tree under
`mkdocs.plugins.cohort_site`, the name MkDocs gives a plugin's logger.

Under `mkdocs build` the records reach MkDocs's handler on `mkdocs` by plain propagation, so MkDocs
shows them in its format and `--strict` counts the warnings; under `build.py` they reach the root
logger (its basicConfig). Nothing here or elsewhere switches `propagate`: WeasyPrint's records
are taken into this tree by a filter for the length of one render (handouts/render.routed_log),
and a render worker's records are collected by a filter and logged again by the parent, in order
(handouts/runner.py). Importing a module of the package changes no global logging setting.
"""

from __future__ import annotations

import logging

LOGGER = logging.getLogger("mkdocs.plugins.cohort_site")
LOGGER.addHandler(logging.NullHandler())

# Rendering progress, the fetcher, WeasyPrint's warnings: one logger, no children, so that a filter
# on it sees every record of a render.
HANDOUTS_LOGGER = LOGGER.getChild("handouts")
