"""Use cases of the share-capital ledger (DOMAIN §6.1, §6.2, §6.4, §6.5, §6.10–§6.12).

Every use case that writes the ledger locks the cooperative row, loads the ledger, builds the
rule inputs, calls the pure rules, raises ``RuleViolation`` on refusal, numbers and seals the new
entries, writes the audit entry and flushes. Nothing here commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from sqlalchemy import func, select

from scic.auth.models import User
from scic.capital import queries, rules
from scic.capital.models import (
    CurrentAccountAdvance,
    ResultAllocation,
    ShareMovement,
    TmoRate,
    WithdrawalRequest,
)
from scic.capital.rules import MovementType
from scic.cooperatives.models import Category, Cooperative
from scic.core import audit
from scic.core.db import db, lock_row, utcnow
from scic.core.violations import RuleViolation, Violation
from scic.membership import rules as membership_rules
from scic.membership import services as membership_services
from scic.membership.models import Deliberation, Mandate, Member
from scic.membership.rules import CheckStatus, ComplianceCheck

#: Member statuses that hold membership rights (may subscribe, receive shares).
ADMITTED_STATUSES = frozenset({"active", "withdrawing"})
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


@dataclass(frozen=True)
class Decision:
    """The approving decision of a movement: organ, date and reference."""

    organ: str = ""
    on: date | None = None
    ref: str = ""


@dataclass
class _Ledger:
    """The cooperative's ledger, loaded under the cooperative's lock."""

    cooperative: Cooperative
    movements: list[rules.Movement]
    public_ids: set[int]
    next_number: int
    pending: list[rules.Movement] = field(default_factory=list)

    @property
    def after(self) -> list[rules.Movement]:
        return self.movements + self.pending

    def add(self, movement: rules.Movement) -> rules.Movement:
        self.pending.append(movement)
        self.next_number = max(self.next_number, movement.number + 1)
        return movement

    def holding(self, member_id: int, at: date = date.max) -> rules.Holding:
        return rules.holding(self.after, member_id, at)


def _load(cooperative: Cooperative) -> _Ledger:
    """Lock the cooperative (the ledger's chain and running total) and read its ledger."""
    lock_row(Cooperative, cooperative.id)
    movements = queries.ledger(cooperative.id)
    last = max((m.number for m in movements), default=0)
    return _Ledger(cooperative, movements, queries.public_member_ids(cooperative.id), last + 1)


def _movement(
    ledger: _Ledger,
    type_: MovementType,
    member: Member,
    on: date,
    *,
    shares: int = 0,
    paid_cents: int = 0,
    amount_cents: int | None = None,
    counterparty: Member | None = None,
    reverses: int | None = None,
) -> rules.Movement:
    """Build the pure value of the next entry (numbered in order) and add it to the ledger."""
    value = ledger.cooperative.share_value_cents
    return ledger.add(
        rules.Movement(
            number=ledger.next_number,
            type=type_,
            member_id=member.id,
            effective_on=on,
            shares_delta=shares,
            amount_cents=shares * value if amount_cents is None else amount_cents,
            paid_cents=paid_cents,
            counterparty_id=counterparty.id if counterparty else None,
            reverses=reverses,
        )
    )


def _write(
    ledger: _Ledger,
    movement: rules.Movement,
    *,
    decision: Decision,
    by: User | None,
    now: datetime,
    note: str = "",
    reverses_id: int | None = None,
) -> ShareMovement:
    """Store, number, seal and audit one entry already checked by the rules."""
    row = ShareMovement(
        cooperative_id=ledger.cooperative.id,
        number=movement.number,
        type=movement.type.value,
        member_id=movement.member_id,
        counterparty_id=movement.counterparty_id,
        effective_on=movement.effective_on,
        shares_delta=movement.shares_delta,
        amount_cents=movement.amount_cents,
        paid_cents=movement.paid_cents,
        decision_organ=decision.organ[:60],
        decision_date=decision.on,
        decision_ref=decision.ref[:300],
        reverses_id=reverses_id,
        capital_after_cents=rules.capital_at(ledger.after, movement.effective_on),
        note=note[:500],
        entered_by_id=getattr(by, "id", None),
        entered_at=now,
    )
    row.seal()
    audit.record(
        "movement.record",
        row,
        by=by,
        now=now,
        data={
            "number": row.number,
            "type": row.type,
            "member_id": row.member_id,
            "effective_on": row.effective_on,
            "shares_delta": row.shares_delta,
            "amount_cents": row.amount_cents,
            "paid_cents": row.paid_cents,
            "capital_after_cents": row.capital_after_cents,
        },
    )
    return row


def _refuse(violations: list[Violation]) -> None:
    if violations:
        raise RuleViolation(violations)


def _is_admitted(member: Member) -> bool:
    return member.status in ADMITTED_STATUSES or (
        member.status == "candidate" and member.admitted_on is not None
    )


def _min_shares(member: Member) -> int:
    return member.category.min_shares if member.category else 1


def _floor_check(ledger: _Ledger, from_day: date) -> list[Violation]:
    cooperative = ledger.cooperative
    return rules.check_floor_timeline(
        ledger.after, cooperative.capital_floor_cents, cooperative.legal_form, from_day
    )


def _la_cap_check(ledger: _Ledger, from_day: date, extra_public: set[int] = frozenset()):
    return rules.check_la_cap_timeline(
        ledger.after, ledger.public_ids | set(extra_public), from_day
    )


def effective_floor(cooperative: Cooperative, at: date) -> int:
    """Return the capital floor in force at ``at`` (R-CAP-3), from the SQL daily totals."""
    series = queries.capital_series(cooperative.id, at)
    return rules.effective_floor(
        cooperative.capital_floor_cents,
        max([0, *(value for _, value in series)]),
        cooperative.legal_form,
    )


# --- Subscriptions and payments -------------------------------------------------------------------


def _la_subscription_checks(
    member: Member, shares: int, on: date, ledger: _Ledger
) -> list[Violation]:
    """R-LA-5: an enforceable deliberation on ``on``; shares within what it authorises."""
    deliberations = queries.membership_deliberations(member.id)
    enforceable = [
        d for d in deliberations if membership_rules.is_deliberation_enforceable(d.executory_on, on)
    ]
    executory = enforceable[0] if enforceable else (deliberations[-1] if deliberations else None)
    authorised = [d.authorised_shares for d in enforceable if d.authorised_shares is not None]
    left = None
    if authorised:
        subscribed = sum(
            m.shares_delta
            for m in ledger.movements
            if m.member_id == member.id
            and m.type in (MovementType.SUBSCRIPTION, MovementType.ADVANCE_CONVERSION)
        )
        left = max(0, sum(authorised) - subscribed)
    return rules.check_la_may_subscribe(
        executory.executory_on if executory else None, on, shares=shares, authorised_left=left
    )


def _la_max_violation(ledger: _Ledger, on: date, before: list[rules.Movement]) -> Violation:
    """The largest subscription still allowed, x ≤ T − 2P at a 50 % cap (R-LA-1, §6.2)."""
    total = rules.capital_at(before, on)
    public = sum(
        h.subscribed_cents
        for m, h in rules.holdings_at(before, on).items()
        if m in ledger.public_ids
    )
    value = ledger.cooperative.share_value_cents
    cap = rules.la_cap_on(on)
    return Violation(
        "la_max_subscription",
        rule="R-LA-1",
        params={
            "max_shares": rules.max_public_subscription_shares(total, public, value, cap),
            "max_cents": rules.max_public_subscription_cents(total, public, cap),
        },
    )


def subscribe(
    member: Member,
    shares: int,
    *,
    paid_cents: int,
    on: date,
    decision: Decision = Decision(),
    by: User | None = None,
    now: datetime | None = None,
    note: str = "",
) -> ShareMovement:
    """Record a subscription of ``shares`` with ``paid_cents`` paid on signature.

    Rules: category minimum on a first subscription, R-CAP-4 (≥ 25 % paid), R-LA-5 and R-LA-1
    for a local authority (on every day from ``on``, with the cap in force that day).
    """
    now = now or utcnow()
    ledger = _load(member.cooperative)
    if not _is_admitted(member):
        raise RuleViolation(Violation("member_not_admitted", subject=member.display_name))
    first = not any(
        m.member_id == member.id for m in ledger.movements if m.type not in rules.NON_HOLDING_TYPES
    )
    violations = rules.check_subscription(
        shares,
        ledger.cooperative.share_value_cents,
        paid_cents,
        min_shares=_min_shares(member),
        first_subscription=first,
        category=member.category.code if member.category else None,
    )
    _refuse(violations)
    before = list(ledger.after)
    movement = _movement(
        ledger, MovementType.SUBSCRIPTION, member, on, shares=shares, paid_cents=paid_cents
    )
    if member.is_local_authority:
        violations += _la_subscription_checks(member, shares, on, ledger)
        cap = _la_cap_check(ledger, on, {member.id})
        if cap:
            violations += [*cap, _la_max_violation(ledger, on, before)]
    _refuse(violations)
    return _write(ledger, movement, decision=decision, by=by, now=now, note=note)


def record_payment(
    member: Member,
    amount_cents: int,
    *,
    on: date,
    decision: Decision = Decision(),
    by: User | None = None,
    now: datetime | None = None,
    note: str = "",
) -> ShareMovement:
    """Record a payment of subscribed capital (R-CAP-4: never above what is unpaid)."""
    now = now or utcnow()
    ledger = _load(member.cooperative)
    _refuse(rules.check_payment(amount_cents, ledger.holding(member.id).unpaid_cents))
    movement = _movement(ledger, MovementType.PAYMENT, member, on, paid_cents=amount_cents)
    return _write(ledger, movement, decision=decision, by=by, now=now, note=note)


def call_payment(
    member: Member,
    amount_cents: int,
    *,
    on: date,
    decision: Decision = Decision(),
    by: User | None = None,
    now: datetime | None = None,
    note: str = "",
) -> ShareMovement:
    """Record a call for the unpaid balance (R-CAP-4: within the statutory delay of 5 years)."""
    now = now or utcnow()
    ledger = _load(member.cooperative)
    held = ledger.holding(member.id)
    called = queries.called_from(ledger.after, member.id)
    _refuse(rules.check_payment_call(amount_cents, held.subscribed_cents - called))
    movement = _movement(ledger, MovementType.PAYMENT_CALL, member, on, amount_cents=amount_cents)
    return _write(ledger, movement, decision=decision, by=by, now=now, note=note)


# --- Transfers ----------------------------------------------------------------------------------


def _pair(
    ledger: _Ledger,
    out_type: MovementType,
    in_type: MovementType,
    giver: Member,
    receiver: Member,
    shares: int,
    on: date,
) -> tuple[rules.Movement, rules.Movement]:
    held = ledger.holding(giver.id)
    amount = shares * ledger.cooperative.share_value_cents
    # Fully paid shares move first; any unpaid balance stays with the rest of the holding.
    paid = min(amount, held.paid_cents)
    out = _movement(
        ledger, out_type, giver, on, shares=-shares, paid_cents=-paid, counterparty=receiver
    )
    into = _movement(
        ledger, in_type, receiver, on, shares=shares, paid_cents=paid, counterparty=giver
    )
    return out, into


def transfer(
    transferor: Member,
    transferee: Member,
    shares: int,
    *,
    on: date,
    decision: Decision,
    by: User | None = None,
    now: datetime | None = None,
    note: str = "",
) -> tuple[ShareMovement, ShareMovement]:
    """Record a transfer (cession): ``transfer_out`` and ``transfer_in`` on the same date.

    Rules (§6.5): approving decision; transferee a member or admitted candidate; same category
    when the statutes say so; both minimums; R-LA-1 when the transferee is a local authority.
    """
    now = now or utcnow()
    if transferor.id == transferee.id:
        raise RuleViolation(Violation("transmission_to_self"))
    ledger = _load(transferor.cooperative)
    cooperative = ledger.cooperative
    giver = ledger.holding(transferor.id)
    receiver = ledger.holding(transferee.id)
    total = rules.capital_at(ledger.after, on)
    public = sum(
        h.subscribed_cents
        for m, h in rules.holdings_at(ledger.after, on).items()
        if m in ledger.public_ids
    )
    violations = rules.check_transfer(
        shares=shares,
        transferor_shares=giver.shares,
        transferor_min_shares=_min_shares(transferor),
        transferee_is_member=transferee.status in ADMITTED_STATUSES,
        transferee_is_admitted_candidate=_is_admitted(transferee),
        same_category_required=cooperative.transfers_same_category,
        transferor_category=transferor.category.code if transferor.category else None,
        transferee_category=transferee.category.code if transferee.category else None,
        transferee_shares=receiver.shares,
        transferee_min_shares=_min_shares(transferee),
        transferee_is_local_authority=transferee.is_local_authority,
        transferor_is_local_authority=transferor.is_local_authority,
        total_cents=total,
        public_cents=public,
        share_value_cents=cooperative.share_value_cents,
        on=on,
    )
    if not decision.ref:
        violations.append(Violation("missing_decision", params={"column": "decision_ref"}))
    _refuse(violations)
    out, into = _pair(
        ledger,
        MovementType.TRANSFER_OUT,
        MovementType.TRANSFER_IN,
        transferor,
        transferee,
        shares,
        on,
    )
    if transferee.is_local_authority:
        _refuse(_la_cap_check(ledger, on))
    rows = (
        _write(ledger, out, decision=decision, by=by, now=now, note=note),
        _write(ledger, into, decision=decision, by=by, now=now, note=note),
    )
    return rows


def death_transmission(
    deceased: Member,
    heir: Member,
    shares: int | None = None,
    *,
    on: date,
    decision: Decision,
    by: User | None = None,
    now: datetime | None = None,
) -> tuple[ShareMovement, ShareMovement]:
    """Transmit a deceased member's shares to an heir who is (or is admitted as) a member.

    Two ``death_transmission`` entries on the same date, linked by their counterparty; R-LA-1
    when the heir is a local authority.
    """
    now = now or utcnow()
    if deceased.id == heir.id:
        raise RuleViolation(Violation("transmission_to_self"))
    ledger = _load(deceased.cooperative)
    held = ledger.holding(deceased.id)
    shares = held.shares if shares is None else shares
    violations: list[Violation] = []
    if deceased.status != "deceased":
        violations.append(Violation("deceased_member_required"))
    if not _is_admitted(heir):
        violations.append(Violation("transferee_not_member"))
    if shares <= 0 or shares > held.shares:
        violations.append(
            Violation(
                "transfer_exceeds_holding", params={"shares": shares, "held_shares": held.shares}
            )
        )
    _refuse(violations)
    out, into = _pair(
        ledger,
        MovementType.DEATH_TRANSMISSION,
        MovementType.DEATH_TRANSMISSION,
        deceased,
        heir,
        shares,
        on,
    )
    if heir.is_local_authority:
        _refuse(_la_cap_check(ledger, on))
    return (
        _write(ledger, out, decision=decision, by=by, now=now),
        _write(ledger, into, decision=decision, by=by, now=now),
    )


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
    now = now or utcnow()
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
    now = now or utcnow()
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
    now = now or utcnow()
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
        member.liability_end_date = rules.liability_end_date(on)
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
    now = now or utcnow()
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
    now = now or utcnow()
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
        member.liability_end_date = rules.liability_end_date(member.exited_on)
    db.session.flush()
    return row


def _set_status(
    member: Member,
    status: str,
    on: date,
    *,
    decision_ref: str = "",
    cause: str = "",
    by: User | None = None,
) -> None:
    """Change a member's status along the life cycle (membership's ``change_status``)."""
    membership_services.change_status(
        member, status, on, by, decision_ref=decision_ref, cause=cause
    )


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
    now = now or utcnow()
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


# --- Current-account advances (R-LA-2) -----------------------------------------------------------


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
    now = now or utcnow()
    lock_row(Cooperative, member.cooperative_id)
    violations: list[Violation] = []
    if not member.is_local_authority:
        violations.append(Violation("not_a_local_authority", subject=member.display_name))
    if amount_cents <= 0:
        violations.append(Violation("amount_not_positive", params={"amount_cents": amount_cents}))
    outstanding = any(
        a.member_id == member.id
        for a in queries.advances(member.cooperative_id, outstanding_only=True)
    )
    violations += rules.check_advance(
        start_on,
        duration_months,
        0,
        outstanding,
        equity_cents,
        queries.capital_at(member.cooperative_id, start_on),
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
    now = now or utcnow()
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
    now = now or utcnow()
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
    now = now or utcnow()
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


# --- Local authorities: alerts and simulator (R-LA-1) -------------------------------------------


def passive_breach(
    cooperative: Cooperative, on: date, movements: Sequence[rules.Movement] | None = None
) -> bool:
    """Tell whether local authorities hold more than the cap on ``on`` (R-LA-1 passive alert)."""
    if movements is None:
        held = queries.holdings_at(cooperative.id, on)
    else:
        held = rules.holdings_at(movements, on)
    public_ids = queries.public_member_ids(cooperative.id)
    total = sum(h.subscribed_cents for h in held.values())
    public = sum(h.subscribed_cents for m, h in held.items() if m in public_ids)
    return total > 0 and rules.passive_breach(total, public, on)


@dataclass(frozen=True)
class PublicShare:
    """Local authorities' part of the capital at a date (R-LA-1)."""

    on: date
    total_cents: int
    public_cents: int
    cap: Fraction
    max_subscription_cents: int
    max_subscription_shares: int

    @property
    def share(self) -> Fraction:
        return Fraction(self.public_cents, self.total_cents) if self.total_cents else Fraction(0)

    @property
    def breached(self) -> bool:
        return self.total_cents > 0 and self.share > self.cap


def public_share(cooperative: Cooperative, on: date) -> PublicShare:
    """Return T, P, the cap in force and the largest subscription still allowed (x ≤ T − 2P)."""
    held = queries.holdings_at(cooperative.id, on)
    public_ids = queries.public_member_ids(cooperative.id)
    total = sum(h.subscribed_cents for h in held.values())
    public = sum(h.subscribed_cents for m, h in held.items() if m in public_ids)
    cap = rules.la_cap_on(on)
    return PublicShare(
        on,
        total,
        public,
        cap,
        rules.max_public_subscription_cents(total, public, cap),
        rules.max_public_subscription_shares(total, public, cooperative.share_value_cents, cap),
    )


@dataclass(frozen=True)
class Simulation:
    """What a new local authority joining with ``shares`` would change (§6.2, issue 3 item 5)."""

    shares: int
    before: PublicShare
    total_after_cents: int
    public_after_cents: int
    violations: list[Violation]
    college_name: str | None
    college_weight: Fraction | None
    members_in_college_after: int
    weight_per_member: Fraction | None

    @property
    def share_after(self) -> Fraction:
        return Fraction(self.public_after_cents, self.total_after_cents or 1)

    @property
    def allowed(self) -> bool:
        return not self.violations


def simulate_local_authority(
    cooperative: Cooperative, shares: int, on: date, category: Category | None = None
) -> Simulation:
    """Simulate "if this commune joins with N shares": new public share and voting weight.

    R-LA-1 is checked on the projected capital; the weight is the college weight divided by
    the members of the college once the commune has joined (R-CAT-7, R-LA-4).
    """
    before = public_share(cooperative, on)
    amount = shares * cooperative.share_value_cents
    violations = rules.check_la_cap(before.total_cents + amount, before.public_cents + amount, on)
    if category is None:
        category = next((c for c in cooperative.categories if c.kind == "local_authority"), None)
    college = category.college if category else None
    weight = college.weight_on(on) if college else None
    count = 0
    if college is not None:
        count = (
            db.session.scalar(
                select(func.count(Member.id)).where(
                    Member.cooperative_id == cooperative.id,
                    Member.college_id == college.id,
                    Member.status.in_(ADMITTED_STATUSES),
                )
            )
            or 0
        )
    per_member = (
        membership_rules.voting_weight_per_member(weight / 100, count + 1)
        if weight is not None
        else None
    )
    return Simulation(
        shares,
        before,
        before.total_cents + amount,
        before.public_cents + amount,
        violations,
        college.name if college else None,
        weight / 100 if weight is not None else None,
        count + 1,
        per_member,
    )


# --- Admission with a subscription, and the local authority's guided entry (§6.1, §6.2) ---------


def next_member_number(cooperative: Cooperative) -> int:
    """The next free register number (membership's numbering)."""
    return membership_services.next_member_number(cooperative)


def create_local_authority(
    cooperative: Cooperative,
    *,
    name: str,
    authority_type: str,
    category: Category,
    siren: str = "",
    address: str = "",
    email: str = "",
    applied_on: date,
    by: User | None = None,
) -> Member:
    """Open a local authority's application (guided entry, step 1; membership's service)."""
    return membership_services.create_candidate(
        cooperative,
        membership_services.MemberData(
            kind="local_authority",
            name=name,
            siren=siren,
            address=address,
            email=email,
            authority_type=authority_type,
        ),
        category,
        applied_on=applied_on,
        by=by,
    )


def record_deliberation(
    member: Member,
    *,
    reference: str,
    adopted_on: date,
    executory_on: date | None,
    authorised_shares: int | None,
    purpose: str = "membership",
    executory_assumed: bool = False,
    by: User | None = None,
) -> Deliberation:
    """Store a council deliberation (R-LA-5) through the membership service."""
    return membership_services.record_deliberation(
        member,
        reference=reference,
        adopted_on=adopted_on,
        purpose=purpose,
        executory_on=executory_on,
        executory_assumed=executory_assumed,
        authorised_shares=authorised_shares,
        by=by,
    )


def designate_representative(
    member: Member,
    *,
    full_name: str,
    role: str,
    valid_from: date,
    valid_to: date | None = None,
    function: str = "",
    email: str = "",
    deliberation: Deliberation | None = None,
    by: User | None = None,
) -> Mandate:
    """Register a representative with validity dates (§6.3) through the membership service."""
    return membership_services.designate_representative(
        member,
        full_name,
        role,
        valid_from,
        valid_to,
        deliberation,
        email,
        function=function,
        by=by,
    )


def _admit(member: Member, on: date, decision: Decision, by: User | None) -> None:
    """Admit a candidate through membership's ``admit_member`` (R-CAT-3, R-CAT-5, R-LA-5)."""
    parts = (decision.organ, decision.on.isoformat() if decision.on else "", decision.ref)
    membership_services.admit_member(member, on, " ".join(p for p in parts if p)[:300], by)


def admit_with_subscription(
    member: Member,
    shares: int,
    *,
    paid_cents: int,
    on: date,
    decision: Decision,
    by: User | None = None,
    now: datetime | None = None,
) -> ShareMovement:
    """Admit a candidate and record its first subscription in one transaction (§6.1 steps 3–5).

    R-LA-5 and R-LA-1 are checked on the projected capital before anything is written, so a
    refused subscription leaves the candidate a candidate.
    """
    now = now or utcnow()
    _refuse(
        rules.check_subscription(
            shares,
            member.cooperative.share_value_cents,
            paid_cents,
            min_shares=_min_shares(member),
            category=member.category.code if member.category else None,
        )
    )
    if member.is_local_authority:
        ledger = _load(member.cooperative)
        violations = _la_subscription_checks(member, shares, on, ledger)
        before = list(ledger.after)
        _movement(
            ledger, MovementType.SUBSCRIPTION, member, on, shares=shares, paid_cents=paid_cents
        )
        if cap := _la_cap_check(ledger, on, {member.id}):
            violations += [*cap, _la_max_violation(ledger, on, before)]
        _refuse(violations)
    _admit(member, on, decision, by)
    return subscribe(
        member, shares, paid_cents=paid_cents, on=on, decision=decision, by=by, now=now
    )


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
    now = now or utcnow()
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


def fiscal_year_bounds(cooperative: Cooperative, year: int) -> tuple[date, date]:
    """First and last day of the financial year ending in ``year``."""
    end = _safe_date(year, cooperative.fiscal_year_end_month, cooperative.fiscal_year_end_day)
    start = _safe_date(
        year - 1, cooperative.fiscal_year_end_month, cooperative.fiscal_year_end_day
    ) + timedelta(days=1)
    return start, end


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
    now = now or utcnow()
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


# --- Members CSV import and export (FORMATS.md §3, §4) ------------------------------------------


@dataclass(frozen=True)
class ImportPreview:
    """What an import would do: the rows read and every problem found (nothing written)."""

    rows: list
    violations: list[Violation]

    @property
    def ok(self) -> bool:
        return not self.violations and bool(self.rows)


def preview_members_import(cooperative: Cooperative, text: str) -> ImportPreview:
    """Check a members CSV against the format, the statutes, used numbers and R-LA-1.

    R-LA-1 is checked at the end of every day of the import's timeline, with the cap in force
    that day, on the existing ledger plus the imported first subscriptions; a breached day
    names the lines of the local authorities admitted on or before it.
    """
    from scic.membership.csv_format import read_members_csv

    categories = {c.code: c.kind for c in cooperative.categories}
    minimums = {c.code: c.min_shares for c in cooperative.categories}
    rows, violations = read_members_csv(text, categories, minimums)
    used = set(
        db.session.scalars(select(Member.number).where(Member.cooperative_id == cooperative.id))
    )
    for row in rows:
        if row.number is not None and row.number in used:
            violations.append(
                Violation(
                    "csv_number_in_use",
                    params={"column": "number", "number": row.number},
                    subject=f"line {row.line}",
                )
            )
    if not violations and not rows:
        violations.append(Violation("empty_file", subject="line 2"))
    if violations:
        return ImportPreview(rows, _by_line(violations))
    movements = queries.ledger(cooperative.id)
    public = queries.public_member_ids(cooperative.id)
    value = cooperative.share_value_cents
    start = min(row.admitted_on for row in rows)
    for index, row in enumerate(rows):
        fake_id = -(index + 1)
        if row.kind == "local_authority":
            public.add(fake_id)
        movements.append(
            rules.Movement(
                number=10**9 + index,
                type=MovementType.SUBSCRIPTION,
                member_id=fake_id,
                effective_on=row.admitted_on,
                shares_delta=row.shares,
                amount_cents=row.shares * value,
                paid_cents=row.shares * value,
            )
        )
    for violation in rules.check_la_cap_timeline(movements, public, start):
        day = violation.params["on"]
        lines = [r.line for r in rows if r.kind == "local_authority" and r.admitted_on <= day]
        subject = f"line {lines[-1]}" if lines else None
        violations.append(
            Violation(
                "la_capital_cap_exceeded_on",
                rule="R-LA-1",
                params={
                    **violation.params,
                    "column": "shares",
                    "lines": ", ".join(str(n) for n in lines),
                },
                subject=subject,
            )
        )
    return ImportPreview(rows, _by_line(violations))


def _by_line(violations: list[Violation]) -> list[Violation]:
    def key(v: Violation) -> int:
        subject = v.subject or ""
        return int(subject[5:]) if subject.startswith("line ") and subject[5:].isdigit() else 0

    return sorted(violations, key=key)


def import_members(
    cooperative: Cooperative, text: str, *, by: User | None = None, now: datetime | None = None
) -> list[Member]:
    """Import new members with their first subscription, fully paid; all or nothing.

    FORMATS.md §3. Raises ``RuleViolation`` listing every problem with its line; nothing is
    written then. Entries are numbered in order of admission date, then of line.
    """
    now = now or utcnow()
    lock_row(Cooperative, cooperative.id)
    preview = preview_members_import(cooperative, text)
    if not preview.ok:
        raise RuleViolation(preview.violations)
    categories = {c.code: c for c in cooperative.categories}
    created: list[tuple[object, Member]] = []
    taken = {r.number for r in preview.rows if r.number is not None}
    next_free = next_member_number(cooperative)
    for row in preview.rows:
        number = row.number
        if number is None:
            while next_free in taken:
                next_free += 1
            number = next_free
            taken.add(number)
        member = membership_services.create_candidate(
            cooperative,
            membership_services.MemberData(
                kind=str(row.kind),
                name=row.name,
                first_name=row.first_name or "",
                email=row.email or "",
                address=row.address or "",
                siren=row.siren or "",
                authority_type=str(row.authority_type) if row.authority_type else None,
            ),
            categories[row.category],
            applied_on=row.admitted_on,
            by=by,
            number=number,
        )
        if row.kind == "local_authority":
            deliberation = record_deliberation(
                member,
                reference=row.deliberation_ref or "",
                adopted_on=row.deliberation_date,
                executory_on=row.deliberation_executory_date,
                authorised_shares=None,
                executory_assumed=row.executory_date_assumed,
                by=by,
            )
        else:
            deliberation = None
        if row.representative:
            designate_representative(
                member,
                full_name=row.representative,
                role="main",
                valid_from=row.admitted_on,
                email=row.representative_email or "",
                deliberation=deliberation,
                by=by,
            )
        _admit(member, row.admitted_on, Decision(ref="import"), by)
        created.append((row, member))
    ledger = _load(cooperative)
    ledger.public_ids |= {m.id for _, m in created if m.is_local_authority}
    value = cooperative.share_value_cents
    for row, member in sorted(created, key=lambda pair: (pair[0].admitted_on, pair[0].line)):
        movement = _movement(
            ledger,
            MovementType.SUBSCRIPTION,
            member,
            row.admitted_on,
            shares=row.shares,
            paid_cents=row.shares * value,
        )
        _write(
            ledger,
            movement,
            decision=Decision(ref="import"),
            by=by,
            now=now,
            note="members CSV import",
        )
    audit.record(
        "members.import",
        cooperative,
        by=by,
        now=now,
        data={"count": len(created), "numbers": [m.number for _, m in created]},
    )
    return [m for _, m in created]


def export_members(cooperative: Cooperative, at: date) -> str:
    """Return the members CSV (FORMATS.md §4): members holding shares at ``at``, their holding."""
    from scic.membership.csv_format import MemberRow, write_members_csv
    from scic.membership.rules import AuthorityType, MemberKind

    rows = []
    categories = {c.id: c.code for c in cooperative.categories}
    for position in queries.positions_at(cooperative.id, at):
        member = position.member
        deliberations = (
            queries.membership_deliberations(member.id) if member.is_local_authority else []
        )
        deliberation = deliberations[0] if deliberations else None
        mandate = next(
            (m for m in reversed(member.mandates) if m.role == "main" and m.is_valid_on(at)), None
        ) or next((m for m in reversed(member.mandates) if m.role == "main"), None)
        rows.append(
            MemberRow(
                kind=MemberKind(member.kind),
                name=member.name,
                category=categories.get(member.category_id, ""),
                admitted_on=member.admitted_on or at,
                shares=position.holding.shares,
                number=member.number,
                first_name=member.first_name or None,
                email=member.email or None,
                address=member.address or None,
                siren=member.siren or None,
                authority_type=AuthorityType(member.authority_type)
                if member.authority_type
                else None,
                deliberation_ref=deliberation.reference if deliberation else None,
                deliberation_date=deliberation.adopted_on if deliberation else None,
                deliberation_executory_date=deliberation.executory_on if deliberation else None,
                executory_date_assumed=bool(deliberation and deliberation.executory_assumed),
                representative=mandate.full_name if mandate else None,
                representative_email=(mandate.email or None) if mandate else None,
            )
        )
    return write_members_csv(rows)


# --- Compliance panel (registered with membership.compliance by the capital views) -------------


def capital_compliance_checks(cooperative: Cooperative, today: date) -> list[ComplianceCheck]:
    """R-LA-1 (passive breach, room left), R-CAP-3 (deferred queue), R-LA-2 (advance terms)."""
    checks: list[ComplianceCheck] = []
    share = public_share(cooperative, today)
    if share.breached:
        checks.append(
            ComplianceCheck(
                "R-LA-1",
                "la_passive_breach",
                CheckStatus.BREACH,
                {"share": share.share, "cap": share.cap},
                action="la_passive_breach_action",
            )
        )
    elif share.public_cents and share.max_subscription_cents < share.total_cents // 20:
        checks.append(
            ComplianceCheck(
                "R-LA-1",
                "la_cap_nearly_reached",
                CheckStatus.WARNING,
                {"share": share.share, "cap": share.cap, "max_cents": share.max_subscription_cents},
                action="la_cap_nearly_reached_action",
            )
        )
    else:
        checks.append(
            ComplianceCheck(
                "R-LA-1", "la_cap_ok", CheckStatus.OK, {"share": share.share, "cap": share.cap}
            )
        )
    if deferred := queries.withdrawals(cooperative.id, ["deferred"]):
        checks.append(
            ComplianceCheck(
                "R-CAP-3",
                "withdrawals_deferred",
                CheckStatus.WARNING,
                {"count": len(deferred)},
                action="withdrawals_deferred_action",
            )
        )
    for advance in queries.advances(cooperative.id, outstanding_only=True):
        if rules.advance_alert_due(advance.term_on, today):
            checks.append(
                ComplianceCheck(
                    "R-LA-2",
                    "advance_term_near",
                    CheckStatus.BREACH if advance.term_on < today else CheckStatus.WARNING,
                    {"term": advance.term_on},
                    subject=advance.member.display_name,
                    action="advance_term_action",
                )
            )
    return checks
