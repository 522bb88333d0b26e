"""Read-only queries behind the register of share movements (the ledger's lines, FORMATS.md §4).

Filtered by cooperative and by date of effect; rows are streamed in batches (``yield_per``) so a
ledger of any length never sits in memory as ORM objects.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from scic.capital.models import ShareMovement
from scic.cooperatives.models import Cooperative
from scic.core.db import db
from scic.membership.models import Member, display_name
from scic.registers.queries import BATCH_SIZE, holding_condition


class MovementRow(NamedTuple):
    """One line of the register of share movements."""

    id: int
    number: int
    effective_on: date
    type: str
    member_id: int
    member_number: int
    member_name: str
    member_first_name: str
    member_kind: str
    counterparty_number: int | None
    counterparty_name: str | None
    shares_delta: int
    amount_cents: int
    paid_cents: int
    decision_organ: str
    decision_date: date | None
    decision_ref: str
    reverses_number: int | None
    capital_after_cents: int
    note: str
    hash: str

    @property
    def member_label(self) -> str:
        return display_name(self.member_kind, self.member_name, self.member_first_name)


def movements_statement(
    cooperative_id: int,
    start: date | None = None,
    end: date | None = None,
    member_id: int | None = None,
):
    """The SELECT of ledger lines in chronological order (date of effect, then number)."""
    counterparty = aliased(Member)
    reversed_ = aliased(ShareMovement)
    query = (
        select(
            ShareMovement.id,
            ShareMovement.number,
            ShareMovement.effective_on,
            ShareMovement.type,
            ShareMovement.member_id,
            Member.number,
            Member.name,
            Member.first_name,
            Member.kind,
            counterparty.number,
            counterparty.name,
            ShareMovement.shares_delta,
            ShareMovement.amount_cents,
            ShareMovement.paid_cents,
            ShareMovement.decision_organ,
            ShareMovement.decision_date,
            ShareMovement.decision_ref,
            reversed_.number,
            ShareMovement.capital_after_cents,
            ShareMovement.note,
            ShareMovement.hash,
        )
        .join(Member, Member.id == ShareMovement.member_id)
        .outerjoin(counterparty, counterparty.id == ShareMovement.counterparty_id)
        .outerjoin(reversed_, reversed_.id == ShareMovement.reverses_id)
        .where(ShareMovement.cooperative_id == cooperative_id)
        .order_by(ShareMovement.effective_on, ShareMovement.number)
    )
    return _within(query, start, end, member_id)


def _within(query, start: date | None, end: date | None, member_id: int | None):
    """Keep the ledger lines of a period of effect (bounds inclusive) and of one member."""
    if start is not None:
        query = query.where(ShareMovement.effective_on >= start)
    if end is not None:
        query = query.where(ShareMovement.effective_on <= end)
    if member_id is not None:
        query = query.where(ShareMovement.member_id == member_id)
    return query


def iter_movements(
    cooperative: Cooperative,
    start: date | None = None,
    end: date | None = None,
    member_id: int | None = None,
) -> Iterator[MovementRow]:
    """Yield the ledger lines between two dates of effect (inclusive), in batches."""
    result = db.session.execute(
        movements_statement(cooperative.id, start, end, member_id),
        execution_options={"yield_per": BATCH_SIZE},
    )
    make = MovementRow._make
    for row in result:
        yield make(row)


def count_movements(
    cooperative: Cooperative,
    start: date | None = None,
    end: date | None = None,
    member_id: int | None = None,
) -> int:
    """Count the ledger lines :func:`iter_movements` yields."""
    query = select(func.count(ShareMovement.id)).where(
        ShareMovement.cooperative_id == cooperative.id
    )
    return db.session.scalar(_within(query, start, end, member_id)) or 0


class Balance(NamedTuple):
    """Shares and capital held at the end of a day (the ledger's holding entries, R-CAP-1)."""

    shares: int
    subscribed_cents: int
    paid_cents: int


class TypeTotal(NamedTuple):
    """The entries of one type in a period: how many, and their sums."""

    type: str
    count: int
    shares: int
    amount_cents: int
    paid_cents: int


def balance_at(cooperative: Cooperative, at: date) -> Balance:
    """The capital held at the end of ``at`` (one SQL sum, the register's holding rule)."""
    shares, subscribed, paid = db.session.execute(
        select(
            func.coalesce(func.sum(ShareMovement.shares_delta), 0),
            func.coalesce(func.sum(ShareMovement.amount_cents), 0),
            func.coalesce(func.sum(ShareMovement.paid_cents), 0),
        ).where(holding_condition(cooperative.id, at))
    ).one()
    return Balance(int(shares), int(subscribed), int(paid))


def totals_by_type(cooperative: Cooperative, start: date, end: date) -> list[TypeTotal]:
    """The period's entries grouped by type (every type, calls and reimbursements included)."""
    query = select(
        ShareMovement.type,
        func.count(),
        func.sum(ShareMovement.shares_delta),
        func.sum(ShareMovement.amount_cents),
        func.sum(ShareMovement.paid_cents),
    ).where(ShareMovement.cooperative_id == cooperative.id)
    rows = db.session.execute(
        _within(query, start, end, None).group_by(ShareMovement.type).order_by(ShareMovement.type)
    )
    return [TypeTotal(t, int(c), int(s), int(a), int(p)) for t, c, s, a, p in rows]


def first_effective_day(cooperative: Cooperative) -> date | None:
    """The date of effect of the ledger's first entry (None for an empty ledger)."""
    return db.session.scalar(
        select(func.min(ShareMovement.effective_on)).where(
            ShareMovement.cooperative_id == cooperative.id
        )
    )


class PeriodTotals(NamedTuple):
    """One period of the register of movements: opening balance, entries, closing balance."""

    start: date
    end: date
    opening: Balance
    totals: list[TypeTotal]
    closing: Balance


def period_totals(cooperative: Cooperative, periods: list[tuple[date, date]]) -> list[PeriodTotals]:
    """Balances and entry totals of consecutive periods (two statements per period)."""
    result: list[PeriodTotals] = []
    opening = None
    for start, end in periods:
        if opening is None:
            opening = balance_at(cooperative, start - timedelta(days=1))
        closing = balance_at(cooperative, end)
        result.append(
            PeriodTotals(start, end, opening, totals_by_type(cooperative, start, end), closing)
        )
        opening = closing
    return result
