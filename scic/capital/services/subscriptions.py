"""Shares coming in and changing hands: subscriptions, payments, calls, transfers, transmission on
death, admission.
"""

from __future__ import annotations

from datetime import date, datetime

from scic.auth.models import User
from scic.capital import queries, rules
from scic.capital.models import ShareMovement
from scic.capital.rules import MovementType
from scic.capital.services.ledger import (
    ADMITTED_STATUSES,
    Decision,
    _is_admitted,
    _Ledger,
    _load,
    _min_shares,
    _movement,
    _refuse,
    _write,
)
from scic.capital.services.local_authorities import (
    _la_cap_check,
    _la_max_violation,
    _la_subscription_checks,
)
from scic.core import clock
from scic.core.violations import RuleViolation, Violation
from scic.membership import services as membership_services
from scic.membership.admission_rules import check_admission_shares
from scic.membership.models import Member


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
    now = now or clock.now()
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
    now = now or clock.now()
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
    now = now or clock.now()
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
    now = now or clock.now()
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
    now = now or clock.now()
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
    now = now or clock.now()
    category = member.category.name if member.category else ""
    # The category's minimum (check_admission_shares, next to the shares field), then the
    # subscription's own checks (R-CAP-4) once the number of shares makes sense.
    too_few = check_admission_shares(shares, _min_shares(member), category)
    _refuse(
        [
            *too_few,
            *(
                rules.check_subscription(
                    shares,
                    member.cooperative.share_value_cents,
                    paid_cents,
                    first_subscription=False,
                )
                if isinstance(shares, int) and shares > 0
                else []
            ),
        ]
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
