"""Read-only queries of the share-capital ledger, always filtered by cooperative.

Holdings and capital at a date are computed by the database (one grouped query), with the same
semantics as :func:`scic.capital.rules.holdings_at`: calls and reimbursements, and reversals of
them, do not change holdings. A test checks that both agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import func, or_, select
from sqlalchemy.orm import aliased, joinedload

from scic.capital import rules
from scic.capital.models import CurrentAccountAdvance, ShareMovement, WithdrawalRequest
from scic.cooperatives.models import Category, College
from scic.core.db import db
from scic.membership.models import Deliberation, Member

_NON_HOLDING = tuple(str(t) for t in rules.NON_HOLDING_TYPES)


def ledger(cooperative_id: int, up_to: date | None = None) -> list[rules.Movement]:
    """Return the cooperative's ledger as pure movements, in number order (R-CAP-1)."""
    reversed_row = aliased(ShareMovement)
    query = (
        select(ShareMovement, reversed_row.number)
        .outerjoin(reversed_row, ShareMovement.reverses_id == reversed_row.id)
        .where(ShareMovement.cooperative_id == cooperative_id)
        .order_by(ShareMovement.number)
    )
    if up_to is not None:
        query = query.where(ShareMovement.effective_on <= up_to)
    return [to_movement(row, reversed_number) for row, reversed_number in db.session.execute(query)]


def to_movement(row: ShareMovement, reversed_number: int | None = None) -> rules.Movement:
    """Turn a ledger row into the pure value the rules read."""
    return rules.Movement(
        number=row.number,
        type=rules.MovementType(row.type),
        member_id=row.member_id,
        effective_on=row.effective_on,
        shares_delta=row.shares_delta,
        amount_cents=row.amount_cents,
        paid_cents=row.paid_cents,
        counterparty_id=row.counterparty_id,
        reverses=reversed_number,
    )


def _holding_filter(cooperative_id: int, at: date):
    """Rows that change holdings (same semantics as ``rules._holding_entries``).

    Reversals of calls and reimbursements are left out with ``NOT IN`` (the few ids of such
    rows) rather than a self-join of the ledger on ``reverses_id``: the join made the grouped
    holdings query three times slower than a bare ``SUM … GROUP BY`` (docs/performance.md).
    """
    movement = ShareMovement
    reversed_row = aliased(ShareMovement)
    ignored = select(reversed_row.id).where(
        reversed_row.cooperative_id == cooperative_id, reversed_row.type.in_(_NON_HOLDING)
    )
    return [
        movement.cooperative_id == cooperative_id,
        movement.effective_on <= at,
        movement.type.not_in(_NON_HOLDING),
        or_(movement.reverses_id.is_(None), movement.reverses_id.not_in(ignored)),
    ]


def holdings_at(cooperative_id: int, at: date) -> dict[int, rules.Holding]:
    """Return every member's holding at the end of ``at`` with one grouped SQL query (R-CAP-1)."""
    conditions = _holding_filter(cooperative_id, at)
    query = (
        select(
            ShareMovement.member_id,
            func.sum(ShareMovement.shares_delta),
            func.sum(ShareMovement.amount_cents),
            func.sum(ShareMovement.paid_cents),
        )
        .where(*conditions)
        .group_by(ShareMovement.member_id)
    )
    # Core rows fetched at once: iterating an ORM result row by row cost as much as the query.
    rows = db.session.connection().execute(query).all()
    return {
        member_id: rules.Holding(int(shares), int(amount), int(paid))
        for member_id, shares, amount, paid in rows
    }


def capital_at(cooperative_id: int, at: date) -> int:
    """Return the subscribed capital in cents at the end of ``at`` (one SQL sum)."""
    conditions = _holding_filter(cooperative_id, at)
    query = select(func.coalesce(func.sum(ShareMovement.amount_cents), 0)).where(*conditions)
    return int(db.session.scalar(query) or 0)


def capital_series(cooperative_id: int, up_to: date) -> list[tuple[date, int]]:
    """Return the capital at the end of each day with an entry, up to ``up_to``."""
    conditions = _holding_filter(cooperative_id, up_to)
    query = (
        select(ShareMovement.effective_on, func.sum(ShareMovement.amount_cents))
        .where(*conditions)
        .group_by(ShareMovement.effective_on)
        .order_by(ShareMovement.effective_on)
    )
    series: list[tuple[date, int]] = []
    total = 0
    for day, delta in db.session.execute(query):
        total += int(delta)
        series.append((day, total))
    return series


def public_member_ids(cooperative_id: int) -> set[int]:
    """Members whose capital counts toward the local authorities' cap (R-LA-1)."""
    return set(
        db.session.scalars(
            select(Member.id).where(
                Member.cooperative_id == cooperative_id, Member.kind == "local_authority"
            )
        )
    )


def called_cents(cooperative_id: int, member_id: int) -> int:
    """Return the member's called capital: paid outside later payments, plus every call.

    What is paid on signature (or received by transfer) counts as called; ``payment_call``
    entries add the rest as it is called (R-CAP-4). Capped at the subscribed amount.
    """
    movements = [m for m in ledger(cooperative_id) if m.member_id == member_id]
    return called_from(movements, member_id)


def called_from(movements: Sequence[rules.Movement], member_id: int) -> int:
    """Compute the called amount of one member from its movements (see :func:`called_cents`)."""
    held = rules.holding(movements, member_id, date.max)
    numbers = {m.number: m for m in movements}
    called = 0
    for m in movements:
        if m.member_id != member_id:
            continue
        kind = m.type
        if kind is rules.MovementType.REVERSAL and m.reverses in numbers:
            kind = numbers[m.reverses].type
        if kind is rules.MovementType.PAYMENT_CALL:
            called += m.amount_cents
        elif kind not in rules.NON_HOLDING_TYPES and kind is not rules.MovementType.PAYMENT:
            called += m.paid_cents
    return max(held.paid_cents, min(called, held.subscribed_cents))


@dataclass(frozen=True)
class MemberPosition:
    """One line of the holdings table."""

    member: Member
    holding: rules.Holding


def positions_at(cooperative_id: int, at: date) -> list[MemberPosition]:
    """Members holding shares at ``at``, with their holding, in register order."""
    held = {m: h for m, h in holdings_at(cooperative_id, at).items() if h.shares}
    if not held:
        return []
    members = db.session.scalars(
        select(Member).where(Member.id.in_(held)).order_by(Member.number)
    ).all()
    return [MemberPosition(member, held[member.id]) for member in members]


def positions_page(
    cooperative_id: int, at: date, *, search: str = "", page: int = 1, per_page: int = 50
) -> tuple[Pagination, dict[int, rules.Holding]]:
    """One page of the members holding shares at ``at`` (register order) and their holdings.

    Three statements whatever the membership: the count, the page's members, their holdings.
    ``search`` keeps the members whose name contains it (or whose number it is).
    """
    holders = (
        select(ShareMovement.member_id)
        .where(*_holding_filter(cooperative_id, at))
        .group_by(ShareMovement.member_id)
        .having(func.sum(ShareMovement.shares_delta) != 0)
    )
    query = select(Member).where(Member.cooperative_id == cooperative_id, Member.id.in_(holders))
    if search:
        matches = Member.sort_name.icontains(search.lower(), autoescape=True)
        if search.isdigit():
            matches = or_(matches, Member.number == int(search))
        query = query.where(matches)
    pagination = db.paginate(
        query.order_by(Member.number), page=page, per_page=per_page, error_out=False
    )
    ids = [member.id for member in pagination.items]
    held: dict[int, rules.Holding] = {}
    if ids:
        rows = db.session.execute(
            select(
                ShareMovement.member_id,
                func.sum(ShareMovement.shares_delta),
                func.sum(ShareMovement.amount_cents),
                func.sum(ShareMovement.paid_cents),
            )
            .where(*_holding_filter(cooperative_id, at), ShareMovement.member_id.in_(ids))
            .group_by(ShareMovement.member_id)
        )
        held = {
            member_id: rules.Holding(int(shares), int(amount), int(paid))
            for member_id, shares, amount, paid in rows
        }
    return pagination, held


def composition_at(
    cooperative_id: int, at: date
) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """Return the capital per category and per college at ``at`` (name, cents), in order."""
    held = holdings_at(cooperative_id, at)
    rows = db.session.execute(
        select(Member.id, Member.category_id, Member.college_id).where(
            Member.cooperative_id == cooperative_id
        )
    ).all()
    by_category: dict[int, int] = {}
    by_college: dict[int | None, int] = {}
    for member_id, category_id, college_id in rows:
        cents = held.get(member_id, rules.Holding()).subscribed_cents
        by_category[category_id] = by_category.get(category_id, 0) + cents
        by_college[college_id] = by_college.get(college_id, 0) + cents
    categories = db.session.scalars(
        select(Category)
        .where(Category.cooperative_id == cooperative_id)
        .order_by(Category.position)
    ).all()
    colleges = db.session.scalars(
        select(College).where(College.cooperative_id == cooperative_id).order_by(College.position)
    ).all()
    return (
        [(c.name, by_category.get(c.id, 0)) for c in categories],
        [(c.name, by_college.get(c.id, 0)) for c in colleges],
    )


def journal(
    cooperative_id: int,
    *,
    type_: str | None = None,
    member_id: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    page: int = 1,
    per_page: int = 50,
) -> Pagination:
    """Return one page of ledger entries (``items``), newest first, filtered by type, member
    and date of effect; a page past the last one is empty. The members of the page are loaded
    with it (no query per row)."""
    conditions = [ShareMovement.cooperative_id == cooperative_id]
    if type_:
        conditions.append(ShareMovement.type == type_)
    if member_id:
        conditions.append(ShareMovement.member_id == member_id)
    if date_from:
        conditions.append(ShareMovement.effective_on >= date_from)
    if date_to:
        conditions.append(ShareMovement.effective_on <= date_to)
    return db.paginate(
        select(ShareMovement)
        .where(*conditions)
        .options(joinedload(ShareMovement.member), joinedload(ShareMovement.counterparty))
        .order_by(ShareMovement.number.desc()),
        page=max(1, page),
        per_page=per_page,
        error_out=False,
    )


def member_movements(cooperative_id: int, member_id: int) -> list[ShareMovement]:
    """The ledger entries of one member, in number order."""
    return list(
        db.session.scalars(
            select(ShareMovement)
            .where(
                ShareMovement.cooperative_id == cooperative_id,
                ShareMovement.member_id == member_id,
            )
            .order_by(ShareMovement.number)
        )
    )


def withdrawals(cooperative_id: int, statuses: Sequence[str]) -> list[WithdrawalRequest]:
    """Withdrawal requests in the given statuses, in order of request (the deferred queue)."""
    return list(
        db.session.scalars(
            select(WithdrawalRequest)
            .where(
                WithdrawalRequest.cooperative_id == cooperative_id,
                WithdrawalRequest.status.in_(statuses),
            )
            .order_by(WithdrawalRequest.requested_on, WithdrawalRequest.id)
        )
    )


def advances(cooperative_id: int, *, outstanding_only: bool = False) -> list[CurrentAccountAdvance]:
    """Current-account advances, soonest term first."""
    query = select(CurrentAccountAdvance).where(
        CurrentAccountAdvance.cooperative_id == cooperative_id
    )
    if outstanding_only:
        query = query.where(
            CurrentAccountAdvance.repaid_on.is_(None), CurrentAccountAdvance.converted_on.is_(None)
        )
    return list(db.session.scalars(query.order_by(CurrentAccountAdvance.term_on)))


def members(cooperative_id: int, *, statuses: Sequence[str] | None = None) -> list[Member]:
    """Members of the cooperative in register order (for select fields)."""
    query = select(Member).where(Member.cooperative_id == cooperative_id)
    if statuses:
        query = query.where(Member.status.in_(statuses))
    return list(db.session.scalars(query.order_by(Member.number)))


def membership_deliberations(member_id: int) -> list[Deliberation]:
    """A local authority's deliberations on joining, oldest first."""
    return list(
        db.session.scalars(
            select(Deliberation)
            .where(Deliberation.member_id == member_id, Deliberation.purpose == "membership")
            .order_by(Deliberation.adopted_on, Deliberation.id)
        )
    )
