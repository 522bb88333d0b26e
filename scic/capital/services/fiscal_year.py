"""The cooperative's fiscal year, from the statutes' closing day and month."""

from __future__ import annotations

from datetime import date, timedelta

from scic.cooperatives.models import Cooperative

# --- Withdrawals, exclusions, reimbursements -----------------------------------------------------


def fiscal_year_end(cooperative: Cooperative, day: date) -> date:
    """Return the end of the financial year that contains ``day``."""
    month, dom = cooperative.fiscal_year_end_month, cooperative.fiscal_year_end_day
    end = _safe_date(day.year, month, dom)
    return end if end >= day else _safe_date(day.year + 1, month, dom)


def _safe_date(year: int, month: int, day: int) -> date:
    while True:
        try:
            return date(year, month, day)
        except ValueError:
            day -= 1


def fiscal_year_bounds(cooperative: Cooperative, year: int) -> tuple[date, date]:
    """First and last day of the financial year ending in ``year``."""
    end = _safe_date(year, cooperative.fiscal_year_end_month, cooperative.fiscal_year_end_day)
    start = _safe_date(
        year - 1, cooperative.fiscal_year_end_month, cooperative.fiscal_year_end_day
    ) + timedelta(days=1)
    return start, end
