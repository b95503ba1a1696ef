"""The one way a value reaches a worksheet cell (openpyxl): text is written as text.

openpyxl turns any string that starts with `=` into a live formula. `put` writes a string as a
string cell (`data_type = "s"`, never a formula), and a string that a spreadsheet would read as
a formula or a DDE call when someone edits the cell (`= + - @`, tab, CR) also gets the cell's
quote prefix, so Excel keeps it as text there too and shows it as written. Numbers and dates are
written as numbers and dates.
"""

from __future__ import annotations

from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

# What Excel, LibreOffice or Google Sheets read as the start of a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def put(ws: Worksheet, row: int, column: int, value: Any) -> Cell:
    """Write `value` into the cell at (row, column) and return the cell."""
    cell = ws.cell(row, column)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_START):
            cell.quotePrefix = True
    return cell


def formula_cells(ws: Worksheet) -> list[Cell]:
    """Every cell of a worksheet that holds a formula (of any kind: plain, array, data table)."""
    return [cell for row in ws.iter_rows() for cell in row if cell.data_type == "f"]
