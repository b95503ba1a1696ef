"""Page builders: the (redacted) model in, Markdown/HTML strings and a page plan out.

Nothing here imports MkDocs; the plugin in `mkdocs_plugins/site.py` turns the plan into files.
"""

from .context import SiteContext
from .plan import PlannedFile, PlannedPage, navigation, plan_site

__all__ = ["SiteContext", "PlannedFile", "PlannedPage", "navigation", "plan_site"]
