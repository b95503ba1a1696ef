"""The Office writers of the handouts' twins, as `handouts/twins.py` asks for them (`TwinWriter`):
the adapters (the MkDocs plugins, build.py) hand them to the renderer, since office/ sits above
handouts/ in the layers."""

from __future__ import annotations

from ..handouts.packs import Pack
from .handout_docx import ImageFile, Raster, handout_docx
from .slides import session_pptx


class OfficeTwins:
    """A pack's Word file from its print HTML, a session's slides from its composition."""

    def docx(self, pack: Pack, html: str, raster: Raster, image_file: ImageFile) -> bytes:
        return handout_docx(pack, html, raster, image_file)

    def pptx(self, pack: Pack) -> bytes:
        return session_pptx(pack)
