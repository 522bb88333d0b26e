"""Calendar arithmetic shared by the legal rules (no domain words, standard library only)."""

from __future__ import annotations

import calendar
from datetime import date


def add_months(day: date, months: int) -> date:
    """Return the same day number ``months`` later (or earlier), clamped to the month's last day.

    This is how French law counts a delay in months ("de date à date"): 31 January + 1 month is
    28 (or 29) February, and 29 February + 12 months is 28 February.
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
