"""Exports of the model to other formats (the rollover, in-house kits, next year's cases): no MkDocs, no WeasyPrint."""
