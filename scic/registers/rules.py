"""Pure checks on the dates a register or an export is asked for (FORMATS.md §4)."""

from __future__ import annotations

from datetime import date

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
