"""What every page builder gets: the (already redacted) project and how the site is built."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .. import images
from ..diagnostics import Diagnostic
from ..model import Cohort, Municipality, Project
from ..urls import Links, page_url
from .md_blocks import markdown_block


@dataclass(frozen=True)
class SiteContext:
    project: Project  # redacted for the profile before it gets here
    profile: str = "intranet"
    findings: Mapping[str, list[Diagnostic]] = field(default_factory=dict)  # by data file
    use_directory_urls: bool = True
    site_url: str | None = None  # where the site is published (mkdocs.yml), for absolute links
    data_root: Path | None = None  # cohort_data/, where the cohorts' images are read from

    def absolute_url(self, src_uri: str) -> str | None:
        """A page's published address (e.g. for the calendar), when site_url is known."""
        if not self.site_url:
            return None
        return self.site_url.rstrip("/") + "/" + page_url(src_uri, self.use_directory_urls)

    def markdown(self, body: str, cohort: Cohort, here: Links, shift: int = 0) -> str:
        """A Markdown field of `cohort` as sanitised HTML for the page `here`; `images/x.png`
        points at the site's copy of the cohort's image, any other image source is dropped."""

        def image_src(src: str) -> str | None:
            name = images.image_name(src)
            return here.url(images.site_path(cohort.id, name)) if name else None

        return markdown_block(body, image_src, shift)

    @property
    def intranet(self) -> bool:
        return self.profile == "intranet"

    def links(self, here: str) -> Links:
        return Links(here, self.use_directory_urls)

    def findings_for(self, file: str) -> list[Diagnostic]:
        """The checker's findings for one data file; none in a public build."""
        return list(self.findings.get(file, [])) if self.intranet else []

    def municipality(self, code: str) -> Municipality | None:
        return self.project.municipalities.get(code)

    def municipality_name(self, code: str) -> str:
        found = self.municipality(code)
        return found.name if found else code
