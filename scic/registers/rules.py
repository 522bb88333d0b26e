"""Pure checks on the dates a register or an export is asked for (FORMATS.md §4)."""

from __future__ import annotations

from datetime import date, timedelta

from scic.core.periods import fiscal_year_bounds, fiscal_year_end_on_or_after
from scic.core.violations import Violation


def check_register_date(at: date, first_day: date, today: date) -> list[Violation]:
    """Refuse a date in the future or before the cooperative existed.

    A register states the position "at the end of that day, Paris time" (FORMATS.md §4): a future
    day has no end yet, and before the first admission or entry there is nothing to register.
    """
    if at > today:
        return [Violation("register_date_in_future", params={"at": at, "today": today})]
    if at < first_day:
        return [
            Violation("register_date_before_cooperative", params={"at": at, "first_day": first_day})
        ]
    return []


def check_period(start: date | None, end: date) -> list[Violation]:
    """Refuse a period whose start falls after its end."""
    if start is not None and start > end:
        return [Violation("period_start_after_end", params={"start": start, "end": end})]
    return []


#: CGCT articles on how each kind of council designates its representatives in outside bodies
#: (R-LA-5): communes L2121-33 (with L2121-21 on the secret ballot), groupings through L5211-1
#: (which applies the communes' rules), départements L3121-23, régions L4132-22.
_DESIGNATION_ARTICLES = {
    "commune": ("L2121-21", "L2121-33"),
    "epci": ("L5211-1", "L2121-21", "L2121-33"),
    "syndicat": ("L5211-1", "L5711-1", "L2121-33"),
    "ept": ("L5219-2", "L5211-1", "L2121-33"),
    "departement": ("L3121-23",),
    "region": ("L4132-22",),
}


def designation_articles(authority_type: str) -> tuple[str, ...]:
    """Return the CGCT articles under which this kind of council designates its representatives.

    Rule: R-LA-5 (CGCT L2121-33, L3121-23, L4132-22, L2121-21); unknown kinds get the communes'
    articles, the common case, for the council's legal service to adapt.
    """
    return _DESIGNATION_ARTICLES.get(authority_type, _DESIGNATION_ARTICLES["commune"])


def fiscal_year_start(at: date, month: int, day: int) -> date:
    """The first day of the fiscal year that contains ``at`` (year-end on ``month``/``day``).

    The register of members at a date lists the members who left since this day (R-EXIT-4:
    they stay liable five years), unless the reader chose another start.
    """
    end = fiscal_year_end_on_or_after(at, month, day)
    return fiscal_year_bounds(end.year, month, day)[0]


def fiscal_periods(start: date, end: date, month: int, day: int) -> list[tuple[date, date]]:
    """Cut ``start``..``end`` at each fiscal year-end: the periods whose opening balance,
    entries and closing balance the register of share movements totals."""
    periods: list[tuple[date, date]] = []
    while start <= end:
        year_end = min(fiscal_year_end_on_or_after(start, month, day), end)
        periods.append((start, year_end))
        start = year_end + timedelta(days=1)
    return periods
