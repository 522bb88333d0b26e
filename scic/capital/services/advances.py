"""Current-account advances: grant, renew, repay, convert into shares."""

from __future__ import annotations

from datetime import date, datetime

from scic.auth.models import User
from scic.capital import queries, rules
from scic.capital.models import CurrentAccountAdvance, ShareMovement
from scic.capital.rules import MovementType
from scic.capital.services.ledger import Decision, _load, _movement, _refuse, _write
from scic.capital.services.local_authorities import _la_cap_check, _la_max_violation
from scic.cooperatives.models import Cooperative
from scic.core import audit, clock
from scic.core.db import db, lock_row
from scic.core.violations import RuleViolation, Violation
from scic.membership.models import Member

# --- Current-account advances (R-LA-2) -----------------------------------------------------------


def stated_operating_revenue(member: Member, on: date) -> int | None:
    """The operating revenue (cents) the authority's latest advance deliberation states (R-LA-2)."""
    stated = [
        d
        for d in member.deliberations
        if d.purpose == "advance" and d.operating_revenue_cents is not None and d.adopted_on <= on
    ]
    return (
        max(stated, key=lambda d: (d.adopted_on, d.id)).operating_revenue_cents if stated else None
    )


def grant_advance(
    member: Member,
    *,
    convention_ref: str,
    deliberation_ref: str,
    amount_cents: int,
    start_on: date,
    duration_months: int,
    equity_cents: int,
    by: User | None = None,
    now: datetime | None = None,
) -> CurrentAccountAdvance:
    """Record a local authority's current-account advance (R-LA-2, CGCT L1522-5)."""
    now = now or clock.now()
    lock_row(Cooperative, member.cooperative_id)
    violations: list[Violation] = []
    if not member.is_local_authority:
        violations.append(Violation("not_a_local_authority", subject=member.display_name))
    if amount_cents <= 0:
        violations.append(Violation("amount_not_positive", params={"amount_cents": amount_cents}))
    own = [
        a
        for a in queries.advances(member.cooperative_id, outstanding_only=True)
        if a.member_id == member.id
    ]
    outstanding = bool(own)
    violations += rules.check_advance(
        start_on,
        duration_months,
        0,
        outstanding,
        equity_cents,
        queries.capital_at(member.cooperative_id, start_on),
    )
    violations += rules.check_advance_revenue_share(
        amount_cents, sum(a.amount_cents for a in own), stated_operating_revenue(member, start_on)
    )
    _refuse(violations)
    advance = CurrentAccountAdvance(
        cooperative_id=member.cooperative_id,
        member_id=member.id,
        convention_ref=convention_ref,
        deliberation_ref=deliberation_ref,
        amount_cents=amount_cents,
        start_on=start_on,
        duration_months=duration_months,
        term_on=rules.advance_term(start_on, duration_months),
    )
    db.session.add(advance)
    db.session.flush()
    audit.record(
        "advance.grant",
        advance,
        by=by,
        now=now,
        data={
            "member_id": member.id,
            "amount_cents": amount_cents,
            "start_on": start_on,
            "duration_months": duration_months,
            "convention_ref": convention_ref,
        },
    )
    return advance


def renew_advance(
    advance: CurrentAccountAdvance,
    *,
    duration_months: int,
    equity_cents: int,
    by: User | None = None,
    now: datetime | None = None,
) -> CurrentAccountAdvance:
    """Renew an advance once, from its term (R-LA-2)."""
    now = now or clock.now()
    lock_row(Cooperative, advance.cooperative_id)
    if not advance.outstanding:
        raise RuleViolation(Violation("advance_not_outstanding"))
    _refuse(
        rules.check_advance(
            advance.term_on,
            duration_months,
            advance.renewals + 1,
            False,
            equity_cents,
            queries.capital_at(advance.cooperative_id, advance.term_on),
        )
    )
    advance.renewals += 1
    advance.term_on = rules.advance_term(advance.term_on, duration_months)
    db.session.flush()
    audit.record(
        "advance.renew",
        advance,
        by=by,
        now=now,
        data={"term_on": advance.term_on, "renewals": advance.renewals},
    )
    return advance


def repay_advance(
    advance: CurrentAccountAdvance,
    *,
    on: date,
    by: User | None = None,
    now: datetime | None = None,
) -> CurrentAccountAdvance:
    """Record the repayment of an advance (R-LA-2)."""
    now = now or clock.now()
    if not advance.outstanding:
        raise RuleViolation(Violation("advance_not_outstanding"))
    advance.repaid_on = on
    db.session.flush()
    audit.record("advance.repay", advance, by=by, now=now, data={"on": on})
    return advance


def convert_advance(
    advance: CurrentAccountAdvance,
    shares: int,
    *,
    on: date,
    decision: Decision = Decision(),
    by: User | None = None,
    now: datetime | None = None,
) -> ShareMovement:
    """Convert an advance into fully paid shares (``advance_conversion``), under R-LA-1."""
    now = now or clock.now()
    member = advance.member
    ledger = _load(member.cooperative)
    if not advance.outstanding:
        raise RuleViolation(Violation("advance_not_outstanding"))
    amount = shares * ledger.cooperative.share_value_cents
    violations: list[Violation] = []
    if shares <= 0:
        violations.append(Violation("shares_not_positive", params={"shares": shares}))
    elif amount > advance.amount_cents:
        violations.append(
            Violation(
                "conversion_above_advance",
                rule="R-LA-2",
                params={"amount_cents": amount, "advance_cents": advance.amount_cents},
            )
        )
    _refuse(violations)
    before = list(ledger.after)
    movement = _movement(
        ledger, MovementType.ADVANCE_CONVERSION, member, on, shares=shares, paid_cents=amount
    )
    if cap := _la_cap_check(ledger, on, {member.id}):
        raise RuleViolation([*cap, _la_max_violation(ledger, on, before)])
    row = _write(ledger, movement, decision=decision, by=by, now=now)
    advance.converted_on = on
    advance.conversion_movement_id = row.id
    db.session.flush()
    return row
