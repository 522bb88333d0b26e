"""The ledger under the cooperative's lock: load it, build movements, write them sealed and
audited.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from scic.auth.models import User
from scic.capital import queries, rules
from scic.capital.models import ShareMovement
from scic.capital.rules import MovementType
from scic.cooperatives.models import Cooperative
from scic.core import audit
from scic.core.db import lock_row
from scic.core.violations import RuleViolation, Violation
from scic.membership import services as membership_services
from scic.membership.models import Member

#: Member statuses that hold membership rights (may subscribe, receive shares).
ADMITTED_STATUSES = frozenset({"active", "withdrawing"})


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


@dataclass(frozen=True)
class CapitalPosition:
    """The capital at a date, its history and its floor (R-CAP-3)."""

    #: (day, subscribed capital at the end of that day) for each day with an entry.
    series: list[tuple[date, int]]
    capital_cents: int
    #: The highest end-of-day capital so far (rules.historical_max_capital, from SQL totals).
    highest_cents: int
    floor_cents: int


def capital_position(cooperative: Cooperative, at: date) -> CapitalPosition:
    """Return the capital at ``at``, its highest value so far and the floor in force (R-CAP-3)."""
    series = queries.capital_series(cooperative.id, at)
    highest = max([0, *(value for _, value in series)])
    return CapitalPosition(
        series,
        series[-1][1] if series else 0,
        highest,
        rules.effective_floor(cooperative.capital_floor_cents, highest, cooperative.legal_form),
    )


def effective_floor(cooperative: Cooperative, at: date) -> int:
    """Return the capital floor in force at ``at`` (R-CAP-3), from the SQL daily totals."""
    return capital_position(cooperative, at).floor_cents


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
