"""Exports of the model to other formats (calendar, kits, rollover): no MkDocs, no WeasyPrint."""
