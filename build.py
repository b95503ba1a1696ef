#!/usr/bin/env python3
"""Command line of the cohort site generator: check, build, new-cohort, kit, pack, bench.

    python build.py check [COHORT]      list every problem in cohort_data/ (exit 1 on errors)
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run from a checkout without installing: the package's source root is plugins/.
sys.path.insert(0, str(Path(__file__).resolve().parent / "plugins"))

from cohort_site.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
