"""Pure rules of the registers: the dates a register or an export is asked for (FORMATS.md §4),
and who the minutes name for a local authority (R-LA-5, §6.9).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
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


@dataclass(frozen=True)
class MandateHolder:
    """A representative's designation in force on the assembly's day, as plain values."""

    mandate_id: int
    user_id: int | None
    full_name: str
    #: main or alternate.
    role: str


#: How the minutes know who acted for a local authority (R-LA-5, §6.9).
VOTED = "voted"  # a ballot of the authority was cast with this representative's own account
RECORDED = "recorded"  # the secretary recorded this representative's name (sheet or room vote)
DESIGNATED = "designated"  # in force that day, but nobody identified as having taken part


def _same_name(left: str, right: str) -> bool:
    return " ".join(left.split()).casefold() == " ".join(right.split()).casefold()


def representative_who_took_part(
    holders: Sequence[MandateHolder],
    *,
    voter_user_ids: Collection[int],
    recorded_names: Sequence[str],
) -> tuple[MandateHolder | None, str]:
    """Return the representative the minutes name for a local authority, and how it is known.

    Rule: R-LA-5 and DOMAIN §6.9 (the minutes name the representative and the designation).
    Only a designation in force on the day counts, never a free-text name: first the holder
    whose own account cast the authority's ballot (``voted``), then the holder whose name the
    secretary recorded on the attendance sheet or with a vote in the room (``recorded``), else
    the main representative in force (the alternate without one) as ``designated``. ``(None,
    "")`` when no designation is in force.
    """
    for holder in holders:
        if holder.user_id is not None and holder.user_id in voter_user_ids:
            return holder, VOTED
    for holder in holders:
        if any(_same_name(holder.full_name, name) for name in recorded_names if name):
            return holder, RECORDED
    ranked = sorted(holders, key=lambda h: (h.role != "main", h.mandate_id))
    return (ranked[0], DESIGNATED) if ranked else (None, "")
