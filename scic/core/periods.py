"""Calendar periods of the law: months and years added one way, and fiscal years.

Pure functions (no clock, no database), shared by every package's rules.

A term in months or years ends on the day that bears the same number in the target month, or on
that month's last day when it has no such day (Code de procédure civile art. 641, the way French
law counts "n mois" and "n ans"): 31 January + 1 month is 28 (or 29) February, 29 February + 1
year is 28 February. A fiscal year closes on the statutes' day and month, or on the month's last
day when the day does not exist that year (a closing "29 February" falls on the 28th).
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta


def days_in_month(year: int, month: int) -> int:
    """Number of days of ``month`` (1–12) in ``year``."""
    return calendar.monthrange(year, month)[1]


def add_months(day: date, months: int) -> date:
    """Add (or, when negative, subtract) calendar months: same day number, else the last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month0 = divmod(index, 12)
    return date(year, month0 + 1, min(day.day, days_in_month(year, month0 + 1)))


def add_years(day: date, years: int) -> date:
    """Add calendar years; 29 February becomes 28 February in a common year."""
    return add_months(day, 12 * years)


def end_of_months_after(day: date, months: int) -> date:
    """The last day of the ``months`` whole months that follow ``day``.

    "Within six months of the year-end": 31 December gives 30 June, 30 June gives 31 December,
    31 August gives the end of February.
    """
    return add_months(day + timedelta(days=1), months) - timedelta(days=1)


def fiscal_year_end_in(year: int, month: int, day: int) -> date:
    """The closing day of the fiscal year that ends in ``year`` (statutes' ``day``/``month``)."""
    return date(year, month, min(day, days_in_month(year, month)))


def fiscal_year_end_on_or_after(on: date, month: int, day: int) -> date:
    """The end of the fiscal year that contains ``on``."""
    end = fiscal_year_end_in(on.year, month, day)
    return end if end >= on else fiscal_year_end_in(on.year + 1, month, day)


def fiscal_year_end_on_or_before(on: date, month: int, day: int) -> date:
    """The most recent fiscal year end on or before ``on``."""
    end = fiscal_year_end_in(on.year, month, day)
    return end if end <= on else fiscal_year_end_in(on.year - 1, month, day)


def fiscal_year_bounds(year: int, month: int, day: int) -> tuple[date, date]:
    """First and last day of the fiscal year that ends in ``year``."""
    start = fiscal_year_end_in(year - 1, month, day) + timedelta(days=1)
    return start, fiscal_year_end_in(year, month, day)


def last_of_each_month(series: list[tuple[date, int]]) -> list[tuple[date, int]]:
    """Keep the last point of each month of a day-ordered series (a chart or a table that must
    not grow with the number of days that had an entry)."""
    kept: list[tuple[date, int]] = []
    for day, value in series:
        if kept and (kept[-1][0].year, kept[-1][0].month) == (day.year, day.month):
            kept[-1] = (day, value)
        else:
            kept.append((day, value))
    return kept
