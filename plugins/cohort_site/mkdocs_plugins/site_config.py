"""Configuration of the `cohort-site` plugin (mkdocs.yml `plugins: - cohort-site: ...`)."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from ..loader import DATA_DIR
from ..profile import PROFILES

# The vendored iframe-worker shim (MIT, squidfunk/iframe-worker 1.0.4): lets the search worker
# run from file://. Listed in `extra.polyfills` when Material's offline plugin is enabled, so
# that plugin does not add its CDN copy.
IFRAME_WORKER_SHIM = "javascripts/vendor/iframe-worker/shim.js"


class CohortSiteConfig(base.Config):
    profile = c.Choice(PROFILES, default="intranet")
    data_dir = c.Type(str, default=DATA_DIR)  # relative to the folder of mkdocs.yml
