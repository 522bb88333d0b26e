"""Allocation of the year's result: TMO rates, the proposal and its record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from sqlalchemy import select

from scic.auth.models import User
from scic.capital import queries, rules
from scic.capital.models import ResultAllocation, TmoRate
from scic.capital.services.fiscal_year import fiscal_year_bounds
from scic.capital.services.ledger import _refuse
from scic.cooperatives.models import Cooperative
from scic.core import audit, clock
from scic.core.db import db, lock_row
from scic.core.violations import RuleViolation, Violation

# --- Annual allocation of results (R-RES-*) -------------------------------------------------------


def parse_rate(text: str) -> Decimal:
    """Parse a rate in percent points ("3,15" or "3.15")."""
    try:
        return Decimal(text.strip().replace(",", ".").replace("%", "").strip())
    except (InvalidOperation, AttributeError) as exc:
        raise RuleViolation(Violation("invalid_rate", params={"value": text})) from exc


def set_tmo_rate(
    cooperative: Cooperative,
    year: int,
    rate: Decimal,
    *,
    source: str = "",
    by: User | None = None,
    now: datetime | None = None,
) -> TmoRate:
    """Enter or correct one year of the TMO series (R-RES-4: the series is data)."""
    now = now or clock.now()
    row = db.session.scalar(
        select(TmoRate).where(TmoRate.cooperative_id == cooperative.id, TmoRate.year == year)
    )
    before = row.rate if row else None
    if row is None:
        row = TmoRate(cooperative_id=cooperative.id, year=year, rate=str(rate))
        db.session.add(row)
    row.rate = str(rate)
    row.source = source[:300]
    db.session.flush()
    audit.record(
        "tmo.set",
        row,
        by=by,
        now=now,
        cooperative_id=cooperative.id,
        data={"year": year, "before": before, "after": str(rate)},
    )
    return row


def tmo_series(cooperative: Cooperative) -> dict[int, Decimal]:
    """The TMO series entered for the cooperative, by year."""
    return {
        r.year: Decimal(r.rate)
        for r in db.session.scalars(
            select(TmoRate).where(TmoRate.cooperative_id == cooperative.id).order_by(TmoRate.year)
        )
    }


@dataclass(frozen=True)
class AllocationProposal:
    """The legal bounds and the proposal for one year (§6.12)."""

    year: int
    start: date
    end: date
    bounds: rules.Allocation
    tmo_years: list[int]
    capital_cents: int
    interest_rate: Decimal
    interest_per_member: dict[int, int]

    @property
    def interest_cents(self) -> int:
        return sum(self.interest_per_member.values())


def propose_allocation(
    cooperative: Cooperative,
    year: int,
    *,
    result_cents: int,
    subsidies_cents: int,
    reserves_before_cents: int,
    interest_rate: Decimal | None = None,
) -> AllocationProposal:
    """Compute the minimum reserves, the interest cap and the interest per member.

    Rules: R-RES-1…R-RES-4 via ``rules.allocate_results``; the TMO average uses the three
    calendar years before the assembly (the year after the financial year). Interest is pro rata
    of paid-up shares and time held (``rules.paid_periods``). The default rate is the cap.
    """
    start, end = fiscal_year_bounds(cooperative, year)
    series = tmo_series(cooperative)
    assembly_year = end.year + 1
    years = [y for y in range(assembly_year - 3, assembly_year) if y in series]
    capital = queries.capital_at(cooperative.id, end)
    bounds = rules.allocate_results(
        result_cents,
        subsidies_cents,
        capital,
        reserves_before_cents,
        [series[y] for y in years] if len(years) == 3 else [],
    )
    rate = bounds.interest_rate_cap if interest_rate is None else interest_rate
    movements = queries.ledger(cooperative.id, up_to=end)
    days = (end - start).days + 1
    per_member = (
        rules.share_interest_per_member(
            rate, rules.paid_periods(movements, start, end), year_days=days
        )
        if rate > 0
        else {}
    )
    total = sum(per_member.values())
    if total > bounds.interest_max and total > 0:
        # Scale down to the pool: the rate cannot give more than the law allows (R-RES-3).
        scale = Fraction(bounds.interest_max, total)
        per_member = {m: int(v * scale) for m, v in per_member.items()}
    return AllocationProposal(
        year, start, end, bounds, years, capital, rate, {m: v for m, v in per_member.items() if v}
    )


def record_allocation(
    cooperative: Cooperative,
    year: int,
    *,
    result_cents: int,
    subsidies_cents: int,
    reserves_before_cents: int,
    legal_reserve_cents: int,
    statutory_reserve_cents: int,
    interest_rate: Decimal,
    by: User | None = None,
    now: datetime | None = None,
) -> ResultAllocation:
    """Record the proposed allocation and its draft resolution; refuse illegal reserves.

    Rules: R-RES-1/R-RES-2 reserves at least the minimum (57.5 % while the legal reserve
    applies), R-RES-3/R-RES-4 interest at most the cap (``rules.check_allocation``).
    """
    now = now or clock.now()
    lock_row(Cooperative, cooperative.id)
    if db.session.scalar(
        select(ResultAllocation.id).where(
            ResultAllocation.cooperative_id == cooperative.id, ResultAllocation.fiscal_year == year
        )
    ):
        raise RuleViolation(Violation("allocation_already_recorded", params={"year": year}))
    proposal = propose_allocation(
        cooperative,
        year,
        result_cents=result_cents,
        subsidies_cents=subsidies_cents,
        reserves_before_cents=reserves_before_cents,
        interest_rate=interest_rate,
    )
    interest = proposal.interest_cents
    violations = rules.check_allocation(
        proposal.bounds, legal_reserve_cents + statutory_reserve_cents, interest
    )
    if legal_reserve_cents < proposal.bounds.legal_reserve_min:
        violations.insert(
            0,
            Violation(
                "legal_reserve_below_minimum",
                rule="R-RES-1",
                params={
                    "legal_reserve_cents": legal_reserve_cents,
                    "legal_reserve_min_cents": proposal.bounds.legal_reserve_min,
                },
            ),
        )
    if interest_rate > proposal.bounds.interest_rate_cap:
        violations.append(
            Violation(
                "rate_above_cap",
                rule="R-RES-4",
                params={"rate": interest_rate, "rate_cap": proposal.bounds.interest_rate_cap},
            )
        )
    carried = max(result_cents, 0) - legal_reserve_cents - statutory_reserve_cents - interest
    if carried < 0:
        violations.append(
            Violation("allocation_above_result", params={"result_cents": result_cents})
        )
    _refuse(violations)
    allocation = ResultAllocation(
        cooperative_id=cooperative.id,
        fiscal_year=year,
        fiscal_year_start=proposal.start,
        fiscal_year_end=proposal.end,
        result_cents=result_cents,
        subsidies_cents=subsidies_cents,
        reserves_before_cents=reserves_before_cents,
        capital_cents=proposal.capital_cents,
        legal_reserve_cents=legal_reserve_cents,
        statutory_reserve_cents=statutory_reserve_cents,
        interest_cents=interest,
        interest_rate=str(interest_rate),
        rate_cap=str(proposal.bounds.interest_rate_cap),
        carried_forward_cents=carried,
        interest_per_member={str(k): v for k, v in proposal.interest_per_member.items()},
        created_by_id=getattr(by, "id", None),
    )
    db.session.add(allocation)
    db.session.flush()
    audit.record(
        "allocation.record",
        allocation,
        by=by,
        now=now,
        data={
            "year": year,
            "result_cents": result_cents,
            "legal_reserve_cents": legal_reserve_cents,
            "statutory_reserve_cents": statutory_reserve_cents,
            "interest_cents": interest,
            "interest_rate": str(interest_rate),
        },
    )
    return allocation
