"""The cooperative's fiscal year, from the statutes' closing day and month."""

from __future__ import annotations

from datetime import date

from scic.cooperatives.models import Cooperative
from scic.core import periods


def fiscal_year_end(cooperative: Cooperative, day: date) -> date:
    """Return the end of the financial year that contains ``day``."""
    return periods.fiscal_year_end_on_or_after(
        day, cooperative.fiscal_year_end_month, cooperative.fiscal_year_end_day
    )


def fiscal_year_bounds(cooperative: Cooperative, year: int) -> tuple[date, date]:
    """First and last day of the financial year ending in ``year``."""
    return periods.fiscal_year_bounds(
        year, cooperative.fiscal_year_end_month, cooperative.fiscal_year_end_day
    )
