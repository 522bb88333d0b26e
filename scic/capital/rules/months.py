"""Month arithmetic for legal terms."""

from __future__ import annotations

import calendar
from datetime import date


def _add_months(day: date, months: int) -> date:
    """Add calendar months, clamping to the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def _add_years(day: date, years: int) -> date:
    """Add calendar years; 29 February becomes 28 February in a common year."""
    return _add_months(day, 12 * years)
