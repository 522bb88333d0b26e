"""CSV cells that a spreadsheet cannot run (FORMATS §3): one writer and one reader for them.

Spreadsheets run a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
as a formula; every CSV the application writes prefixes such free text with ``'``, and reading
our own files back removes that prefix.
"""

from __future__ import annotations

from datetime import date

#: Spreadsheets run cells starting with these as formulas.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> str:
    """The text of a CSV cell: empty for None, ISO dates, free text guarded against formulas."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def unguard(value: str) -> str:
    """Undo :func:`cell`'s protection: ``'=x`` is read back as ``=x``."""
    if value.startswith("'") and value[1:2] in FORMULA_START:
        return value[1:]
    return value
