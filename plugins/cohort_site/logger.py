"""The package's loggers, declared in one place (as WeasyPrint's logger.py does).

Importing a module of the package changes no global logging setting: records propagate to
whatever the front end set up (MkDocs's handlers through the handouts plugin, build.py's
basicConfig). Worker processes hand their records back to the parent (handouts/runner.py).
"""

from __future__ import annotations

import logging

LOGGER = logging.getLogger("cohort_site")
LOGGER.addHandler(logging.NullHandler())

HANDOUTS_LOGGER = LOGGER.getChild("handouts")  # rendering progress, the fetcher, WeasyPrint's warnings
