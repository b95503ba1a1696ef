"""An HTML-only build (`COHORT_HANDOUTS=false`, `mkdocs serve`) does not import WeasyPrint.

MkDocs imports every configured plugin; importing WeasyPrint costs about 0.6 s, a tenth of a
10-cohort HTML build, for nothing when no PDF is rendered.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_loading_both_plugins_and_the_publisher_does_not_import_weasyprint() -> None:
    code = (
        "import sys\n"
        "import cohort_site.mkdocs_plugins.site, cohort_site.mkdocs_plugins.handouts, cohort_site.publish\n"
        "import cohort_site.handouts.downloads, cohort_site.handouts.cache\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'weasyprint'))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT / "plugins", check=True)
    assert done.stdout.strip() == "[]"
