"""Members leaving: withdrawal requests, exits, cancellation of shares, deferred release and
reimbursement.
"""

from __future__ import annotations

from datetime import date, datetime

from scic.auth.models import User
from scic.capital import queries, rules
from scic.capital.models import ShareMovement, WithdrawalRequest
from scic.capital.rules import MovementType
from scic.capital.services.fiscal_year import fiscal_year_end
from scic.capital.services.ledger import (
    Decision,
    _floor_check,
    _Ledger,
    _load,
    _min_shares,
    _movement,
    _refuse,
    _set_status,
    _write,
)
from scic.capital.services.local_authorities import passive_breach
from scic.cooperatives.models import Cooperative
from scic.core import audit, clock
from scic.core.db import db
from scic.core.violations import RuleViolation, Violation
from scic.membership import rules as membership_rules
from scic.membership.models import Member

#: Withdrawal kinds whose request takes the whole holding.
FULL_EXIT_KINDS = frozenset({"full", "exclusion", "struck_off", "death"})
_EXIT_MOVEMENT = {
    "partial": MovementType.PARTIAL_WITHDRAWAL,
    "full": MovementType.FULL_WITHDRAWAL,
    "exclusion": MovementType.EXCLUSION_CANCELLATION,
    "struck_off": MovementType.EXCLUSION_CANCELLATION,
    "death": MovementType.FULL_WITHDRAWAL,
}
_EXIT_STATUS = {"exclusion": "excluded", "struck_off": "struck_off", "death": "deceased"}


def request_withdrawal(
    member: Member,
    shares: int | None = None,
    *,
    requested_on: date,
    effective_on: date | None = None,
    by: User | None = None,
    now: datetime | None = None,
) -> WithdrawalRequest:
    """Record a member's notice of withdrawal (R-EXIT-1; §6.10 steps 1–2).

    ``shares=None`` is a full withdrawal. A partial one must leave the category minimum. The
    date of effect defaults to the end of the financial year (DOMAIN §8 #13).
    """
    now = now or clock.now()
    ledger = _load(member.cooperative)
    held = ledger.holding(member.id)
    kind = "full" if shares is None or shares == held.shares else "partial"
    if held.shares <= 0:
        raise RuleViolation(Violation("nothing_held", subject=member.display_name))
    if kind == "partial":
        _refuse(rules.check_partial_withdrawal(held.shares, shares, _min_shares(member)))
    request = WithdrawalRequest(
        cooperative_id=member.cooperative_id,
        member_id=member.id,
        kind=kind,
        shares=held.shares if kind == "full" else shares,
        requested_on=requested_on,
        effective_on=effective_on or fiscal_year_end(ledger.cooperative, requested_on),
        status="requested",
    )
    db.session.add(request)
    if kind == "full" and member.status == "active":
        _set_status(member, "withdrawing", requested_on, cause="withdrawal", by=by)
    db.session.flush()
    audit.record(
        "withdrawal.request",
        request,
        by=by,
        now=now,
        data={
            "member_id": member.id,
            "kind": kind,
            "shares": request.shares,
            "requested_on": requested_on,
            "effective_on": request.effective_on,
        },
    )
    return request


def record_exit(
    member: Member,
    kind: str,
    *,
    on: date,
    decision: Decision,
    by: User | None = None,
    now: datetime | None = None,
) -> WithdrawalRequest:
    """Record an exclusion, a striking off or a death: the whole holding is cancelled.

    §6.11: the shares are cancelled and repaid as for a withdrawal (deferred when the floor
    would be breached, R-CAP-3); 5-year liability (R-EXIT-4).
    """
    now = now or clock.now()
    if kind not in _EXIT_STATUS:
        raise ValueError(kind)
    ledger = _load(member.cooperative)
    held = ledger.holding(member.id)
    if held.shares <= 0:
        raise RuleViolation(Violation("nothing_held", subject=member.display_name))
    _set_status(member, _EXIT_STATUS[kind], on, decision_ref=decision.ref, cause=kind, by=by)
    request = WithdrawalRequest(
        cooperative_id=member.cooperative_id,
        member_id=member.id,
        kind=kind,
        shares=held.shares,
        requested_on=on,
        effective_on=on,
        status="requested",
    )
    db.session.add(request)
    db.session.flush()
    audit.record(
        "withdrawal.exit",
        request,
        by=by,
        now=now,
        data={"member_id": member.id, "kind": kind, "on": on, "decision_ref": decision.ref},
    )
    return acknowledge_withdrawal(request, on=on, decision=decision, by=by, now=now, _ledger=ledger)


def acknowledge_withdrawal(
    request: WithdrawalRequest,
    *,
    on: date,
    decision: Decision,
    by: User | None = None,
    now: datetime | None = None,
    _ledger: _Ledger | None = None,
) -> WithdrawalRequest:
    """Record the statutory organ's acknowledgement and cancel the shares, or defer them.

    R-CAP-3 / R-EXIT-1: a withdrawal is a right; when cancelling the shares would take the
    capital below the floor (or earlier requests are already waiting) it is accepted but
    queued, in order of request, until the floor allows it.
    """
    now = now or clock.now()
    if request.status != "requested":
        raise RuleViolation(Violation("withdrawal_not_pending"))
    ledger = _ledger or _load(request.member.cooperative)
    request.acknowledged_on = on
    request.decision_organ = decision.organ[:60]
    request.decision_ref = decision.ref[:300]
    waiting = [
        r for r in queries.withdrawals(request.cooperative_id, ["deferred"]) if r.id != request.id
    ]
    if waiting or not _try_cancel(ledger, request, request.effective_on, decision, by, now):
        request.status = "deferred"
        db.session.flush()
        audit.record(
            "withdrawal.defer",
            request,
            by=by,
            now=now,
            data={"member_id": request.member_id, "shares": request.shares},
        )
    return request


def _try_cancel(
    ledger: _Ledger,
    request: WithdrawalRequest,
    on: date,
    decision: Decision,
    by: User | None,
    now: datetime,
) -> bool:
    """Write the cancellation of the request's shares when the floor allows it (R-CAP-3)."""
    member = request.member
    held = ledger.holding(member.id)
    shares = held.shares if request.kind in FULL_EXIT_KINDS else min(request.shares, held.shares)
    if shares <= 0:
        return False
    amount = shares * ledger.cooperative.share_value_cents
    paid = held.paid_cents if shares == held.shares else min(amount, held.paid_cents)
    movement = _movement(
        ledger, _EXIT_MOVEMENT[request.kind], member, on, shares=-shares, paid_cents=-paid
    )
    if _floor_check(ledger, on):
        ledger.pending.remove(movement)
        return False
    row = _write(ledger, movement, decision=decision, by=by, now=now)
    request.movement_id = row.id
    request.shares = shares
    request.nominal_cents = amount
    request.paid_cents = paid
    request.effective_on = on
    request.due_on = rules.reimbursement_due_date(on, ledger.cooperative.reimbursement_delay_years)
    request.status = "due"
    if request.kind in FULL_EXIT_KINDS:
        if member.status == "withdrawing":
            _set_status(member, "exited", on, decision_ref=decision.ref[:300], by=by)
        # R-EXIT-4: liable five years from the cancellation of the shares, whatever the cause.
        member.exited_on = on
        member.liability_end_date = membership_rules.liability_end_date(on)
    db.session.flush()
    if passive_breach(ledger.cooperative, on, ledger.after):
        audit.record(
            "capital.passive_breach",
            ledger.cooperative,
            by=by,
            now=now,
            data={"on": on, "after_movement": row.number},
        )
    return True


def release_deferred(
    cooperative: Cooperative,
    *,
    on: date,
    by: User | None = None,
    now: datetime | None = None,
) -> list[WithdrawalRequest]:
    """Cancel deferred withdrawals first come, first served, as far as the floor allows.

    Rule: R-CAP-3, R-EXIT-3; stops at the first request that still does not fit, so a later
    request never overtakes an earlier one.
    """
    now = now or clock.now()
    ledger = _load(cooperative)
    released: list[WithdrawalRequest] = []
    for request in queries.withdrawals(cooperative.id, ["deferred"]):
        decision = Decision(request.decision_organ, request.acknowledged_on, request.decision_ref)
        if not _try_cancel(ledger, request, max(on, request.effective_on), decision, by, now):
            break
        released.append(request)
    return released


def reimburse(
    request: WithdrawalRequest,
    amount_cents: int,
    *,
    on: date,
    losses_share_cents: int = 0,
    decision: Decision = Decision(),
    by: User | None = None,
    now: datetime | None = None,
) -> ShareMovement:
    """Pay a leaving member back: at most the nominal value less its share of losses.

    Rules: R-EXIT-2, R-RES-6 (no revaluation; never more than what was paid up).
    """
    now = now or clock.now()
    if request.status != "due":
        raise RuleViolation(Violation("withdrawal_not_pending"))
    ledger = _load(request.member.cooperative)
    cap = min(
        rules.reimbursement_cap_cents(
            request.shares, ledger.cooperative.share_value_cents, losses_share_cents
        ),
        request.paid_cents,
    )
    if amount_cents <= 0:
        raise RuleViolation(Violation("amount_not_positive", params={"amount_cents": amount_cents}))
    if amount_cents > cap:
        raise RuleViolation(
            Violation(
                "reimbursement_above_cap",
                rule="R-EXIT-2",
                params={"amount_cents": amount_cents, "cap_cents": cap},
            )
        )
    movement = _movement(
        ledger,
        MovementType.REIMBURSEMENT,
        request.member,
        on,
        paid_cents=-amount_cents,
        amount_cents=0,
    )
    row = _write(ledger, movement, decision=decision, by=by, now=now)
    request.status = "reimbursed"
    request.reimbursed_on = on
    request.reimbursed_cents = amount_cents
    request.reimbursement_movement_id = row.id
    member = request.member
    if request.kind in _EXIT_STATUS and member.status == _EXIT_STATUS[request.kind]:
        exited_on = member.exited_on
        _set_status(member, "exited", on, by=by)
        member.exited_on = exited_on or on  # the exit took effect when the shares were cancelled
        member.liability_end_date = membership_rules.liability_end_date(member.exited_on)
    db.session.flush()
    return row
