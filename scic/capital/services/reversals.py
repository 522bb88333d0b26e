"""Corrections of the ledger: a reversing entry, never an edit (append-only)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select

from scic.auth.models import User
from scic.capital import queries, rules
from scic.capital.models import CurrentAccountAdvance, ShareMovement, WithdrawalRequest
from scic.capital.rules import MovementType
from scic.capital.services.ledger import Decision, _floor_check, _load, _refuse, _write
from scic.capital.services.local_authorities import _la_cap_check
from scic.core import clock
from scic.core.db import db
from scic.core.violations import Violation

# --- Reversals --------------------------------------------------------------------------------


def reverse(
    movement: ShareMovement,
    reason: str,
    *,
    by: User | None = None,
    now: datetime | None = None,
) -> list[ShareMovement]:
    """Correct a wrong entry with a reversing entry that points at it (never an edit).

    Both halves of a transfer or transmission are reversed together. The reversal takes effect
    on the original date, so registers at past dates are corrected; holdings must stay
    non-negative, and R-CAP-3 and R-LA-1 are checked on every later day.
    """
    now = now or clock.now()
    ledger = _load(movement.member.cooperative)
    rows = [movement]
    if movement.type in (
        MovementType.TRANSFER_OUT,
        MovementType.TRANSFER_IN,
        MovementType.DEATH_TRANSMISSION,
    ):
        partner = db.session.scalar(
            select(ShareMovement).where(
                ShareMovement.cooperative_id == movement.cooperative_id,
                ShareMovement.number.in_([movement.number - 1, movement.number + 1]),
                ShareMovement.member_id == movement.counterparty_id,
                ShareMovement.counterparty_id == movement.member_id,
                ShareMovement.effective_on == movement.effective_on,
            )
        )
        if partner is not None:
            rows.append(partner)
    violations: list[Violation] = []
    for row in rows:
        if row.type == MovementType.REVERSAL:
            violations.append(Violation("cannot_reverse"))
        already = db.session.scalar(
            select(func.count(ShareMovement.id)).where(ShareMovement.reverses_id == row.id)
        )
        if already:
            violations.append(Violation("movement_already_reversed"))
    linked = db.session.scalar(
        select(func.count(WithdrawalRequest.id)).where(
            (WithdrawalRequest.movement_id.in_([r.id for r in rows]))
            | (WithdrawalRequest.reimbursement_movement_id.in_([r.id for r in rows]))
        )
    )
    linked = linked or db.session.scalar(
        select(func.count(CurrentAccountAdvance.id)).where(
            CurrentAccountAdvance.conversion_movement_id.in_([r.id for r in rows])
        )
    )
    if linked:
        violations.append(Violation("cannot_reverse"))
    _refuse(violations)
    reversals = []
    for row in sorted(rows, key=lambda r: r.number):
        original = queries.to_movement(row)
        reversals.append(
            (row, ledger.add(rules.reversal_of(original, ledger.next_number, row.effective_on)))
        )
    start = min(r.effective_on for r in rows)
    for day in sorted({m.effective_on for m in ledger.after if m.effective_on >= start}):
        if any(h.shares < 0 for h in rules.holdings_at(ledger.after, day).values()):
            violations.append(Violation("holding_would_be_negative"))
            break
    before_capital = rules.capital_at(ledger.movements, date.max)
    if rules.capital_at(ledger.after, date.max) < before_capital:
        violations += _floor_check(ledger, start)
    violations += _la_cap_check(ledger, start)
    _refuse(violations)
    return [
        _write(
            ledger, reversal, decision=Decision(), by=by, now=now, note=reason, reverses_id=row.id
        )
        for row, reversal in reversals
    ]
