"""Point-in-time, read-only queries behind every register and export (FORMATS.md §4).

Everything is filtered by cooperative and reads no "current" column, so any past date works:
members admitted on or before the date, less those whose exit took effect on or before it;
category and college from the placement valid at the date; representative and deliberation valid
at the date; holdings summed from the ledger by date of effect. Rows are streamed in batches
(``yield_per``: a server-side cursor on PostgreSQL) so a register of 100 000 members never sits in
memory as ORM objects.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from fractions import Fraction
from typing import NamedTuple

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import and_, case, func, literal, not_, or_, select
from sqlalchemy.orm import aliased

from scic.auth.models import User
from scic.capital.models import ShareMovement
from scic.capital.rules import (
    NON_HOLDING_TYPES,
    Movement,
    MovementType,
    effective_floor,
    historical_max_capital,
    la_cap_on,
)
from scic.cooperatives.models import Category, College, Cooperative
from scic.core.audit import AuditEntry
from scic.core.chain import GENESIS
from scic.core.clock import PARIS
from scic.core.db import db
from scic.membership.models import Deliberation, Mandate, Member, MemberPlacement
from scic.membership.rules import MemberKind, counts_toward_la_cap

#: Rows fetched per round trip when streaming a register.
BATCH_SIZE = 2000
_NON_HOLDING = sorted(t.value for t in NON_HOLDING_TYPES)


class MemberRegisterRow(NamedTuple):
    """One line of the register of members at a date (holdings in cents, from the ledger)."""

    member_id: int
    number: int
    kind: str
    name: str
    first_name: str
    address: str
    email: str
    siren: str
    authority_type: str | None
    category_id: int | None
    college_id: int | None
    admitted_on: date | None
    admission_decision_ref: str
    shares: int
    subscribed_cents: int
    paid_cents: int
    deliberation_ref: str | None
    deliberation_date: date | None
    deliberation_executory_on: date | None
    deliberation_assumed: bool
    representative: str | None
    representative_email: str | None

    @property
    def unpaid_cents(self) -> int:
        return self.subscribed_cents - self.paid_cents


@dataclass(frozen=True)
class GroupTotal:
    """Members, shares and amounts of one category or college at the date."""

    id: int | None
    code: str
    name: str
    members: int = 0
    shares: int = 0
    subscribed_cents: int = 0
    paid_cents: int = 0


@dataclass(frozen=True)
class RegisterSummary:
    """Company lines of the register at a date (DOMAIN §7 A), computed before any row is drawn."""

    at: date
    member_count: int
    categories: tuple[GroupTotal, ...]
    colleges: tuple[GroupTotal, ...]
    #: Subscribed capital from the whole ledger at the date (R-CAP-1).
    capital_cents: int
    paid_cents: int
    historical_max_cents: int
    #: Effective floor (R-CAP-3).
    floor_cents: int
    #: Capital held by local authorities (R-LA-1) and its share of the capital.
    local_authority_cents: int
    local_authority_share: Fraction | None
    la_cap: Fraction
    #: Hash of the last entry of the share-movement chain (GENESIS for an empty ledger).
    head_hash: str
    category_names: dict[int, str] = field(default_factory=dict)
    college_names: dict[int, str] = field(default_factory=dict)


@dataclass
class MemberRegister:
    """A register at a date: the summary now, the rows on demand (streamed)."""

    cooperative: Cooperative
    at: date
    summary: RegisterSummary

    def rows(self) -> Iterator[MemberRegisterRow]:
        """Yield the register's lines by member number, fetched in batches."""
        return iter_member_rows(self.cooperative, self.at)


# --- Building blocks ----------------------------------------------------------------------------


def holding_condition(cooperative_id: int, at: date):
    """SQL twin of ``capital.rules._holding_entries``: entries effective by ``at`` that change
    holdings (calls, reimbursements and their reversals are ignored). Tested against the rule."""
    reversed_ = aliased(ShareMovement)
    ignored = select(reversed_.id).where(
        reversed_.cooperative_id == cooperative_id, reversed_.type.in_(_NON_HOLDING)
    )
    return and_(
        ShareMovement.cooperative_id == cooperative_id,
        ShareMovement.effective_on <= at,
        ShareMovement.type.not_in(_NON_HOLDING),
        not_(
            and_(
                ShareMovement.type == MovementType.REVERSAL.value,
                ShareMovement.reverses_id.is_not(None),
                ShareMovement.reverses_id.in_(ignored),
            )
        ),
    )


def _holdings_subquery(cooperative_id: int, at: date):
    return (
        select(
            ShareMovement.member_id.label("member_id"),
            func.coalesce(func.sum(ShareMovement.shares_delta), 0).label("shares"),
            func.coalesce(func.sum(ShareMovement.amount_cents), 0).label("subscribed"),
            func.coalesce(func.sum(ShareMovement.paid_cents), 0).label("paid"),
        )
        .where(holding_condition(cooperative_id, at))
        .group_by(ShareMovement.member_id)
        .subquery("holdings")
    )


# The latest placement, mandate and deliberation of each member are joined on "the id of the
# member's latest row", a correlated ORDER BY … LIMIT 1 that is one indexed lookup per member.
# A window-function subquery (ROW_NUMBER() … rank = 1) reads the same, but SQLite scans it once
# per member: quadratic, so a register of 100 000 members never finished (docs/performance.md).


def _latest_per_member(model, name: str, since: str, conditions):
    """Return (alias of ``model``'s table, join condition): for each member, its newest row (by
    the date column ``since``, then id) among those ``conditions(inner)`` keeps. The member is
    already in the cooperative, so the correlated subquery filters on the member alone."""
    table = model.__table__.alias(name)
    inner = aliased(model)
    latest = (
        select(inner.id)
        .where(inner.member_id == Member.id, *conditions(inner))
        .order_by(getattr(inner, since).desc(), inner.id.desc())
        .limit(1)
        .correlate(Member)
        .scalar_subquery()
    )
    return table, table.c.id == latest


def _placement_subquery(cooperative_id: int, at: date):
    """Return (placement alias, join condition): each member's placement valid at ``at``."""
    return _latest_per_member(
        MemberPlacement, "placement", "valid_from", lambda p: (p.valid_from <= at,)
    )


def _mandate_subquery(cooperative_id: int, at: date):
    """Return (mandate alias, join condition): each member's main representative at ``at``."""
    return _latest_per_member(
        Mandate,
        "mandate",
        "valid_from",
        lambda m: (
            m.role == "main",
            m.valid_from <= at,
            or_(m.valid_to.is_(None), m.valid_to >= at),
        ),
    )


def _deliberation_subquery(cooperative_id: int, at: date):
    """Return (deliberation alias, join condition): each member's joining deliberation."""
    return _latest_per_member(
        Deliberation,
        "deliberation",
        "adopted_on",
        lambda d: (d.purpose == "membership", d.adopted_on <= at),
    )


def members_at_condition(cooperative_id: int, at: date):
    """Members admitted on or before ``at``, less those whose exit took effect on or before it."""
    return and_(
        Member.cooperative_id == cooperative_id,
        Member.admitted_on.is_not(None),
        Member.admitted_on <= at,
        or_(Member.exited_on.is_(None), Member.exited_on > at),
    )


def _placed(placement):
    """Category and college at the date: the placement's, else the member's own columns."""
    has_placement = placement.c.member_id.is_not(None)
    category = func.coalesce(placement.c.category_id, Member.category_id)
    college = case((has_placement, placement.c.college_id), else_=Member.college_id)
    return category, college


def member_rows_statement(cooperative_id: int, at: date):
    """The SELECT of the register's lines at ``at``, ordered by member number."""
    holdings = _holdings_subquery(cooperative_id, at)
    placement, placement_on = _placement_subquery(cooperative_id, at)
    mandate, mandate_on = _mandate_subquery(cooperative_id, at)
    deliberation, deliberation_on = _deliberation_subquery(cooperative_id, at)
    category, college = _placed(placement)
    return (
        select(
            Member.id,
            Member.number,
            Member.kind,
            Member.name,
            Member.first_name,
            Member.address,
            Member.email,
            Member.siren,
            Member.authority_type,
            category,
            college,
            Member.admitted_on,
            Member.admission_decision_ref,
            func.coalesce(holdings.c.shares, 0),
            func.coalesce(holdings.c.subscribed, 0),
            func.coalesce(holdings.c.paid, 0),
            deliberation.c.reference,
            deliberation.c.adopted_on,
            deliberation.c.executory_on,
            func.coalesce(deliberation.c.executory_assumed, literal(False)),
            mandate.c.full_name,
            mandate.c.email,
        )
        .outerjoin(holdings, holdings.c.member_id == Member.id)
        .outerjoin(placement, placement_on)
        .outerjoin(mandate, mandate_on)
        .outerjoin(deliberation, deliberation_on)
        .where(members_at_condition(cooperative_id, at))
        .order_by(Member.number)
    )


def iter_member_rows(cooperative: Cooperative, at: date) -> Iterator[MemberRegisterRow]:
    """Yield the register's lines at ``at`` in batches of plain tuples (no ORM objects)."""
    result = db.session.execute(
        member_rows_statement(cooperative.id, at), execution_options={"yield_per": BATCH_SIZE}
    )
    make = MemberRegisterRow._make
    for row in result:
        yield make(row)


class DepartureRow(NamedTuple):
    """A member who left during a register's period (R-EXIT-4: liable five years after)."""

    number: int
    kind: str
    name: str
    first_name: str
    admitted_on: date | None
    exited_on: date
    exit_cause: str
    exit_decision_ref: str
    liability_end_date: date | None


def _departures(cooperative_id: int, start: date, end: date):
    return select(
        Member.number,
        Member.kind,
        Member.name,
        Member.first_name,
        Member.admitted_on,
        Member.exited_on,
        Member.exit_cause,
        Member.exit_decision_ref,
        Member.liability_end_date,
    ).where(
        Member.cooperative_id == cooperative_id,
        Member.exited_on.is_not(None),
        Member.exited_on >= start,
        Member.exited_on <= end,
    )


def count_departures(cooperative: Cooperative, start: date, end: date) -> int:
    """How many members left between two days (inclusive)."""
    query = _departures(cooperative.id, start, end)
    return db.session.scalar(query.with_only_columns(func.count())) or 0


def iter_departures(cooperative: Cooperative, start: date, end: date) -> Iterator[DepartureRow]:
    """The members who left between two days (inclusive), by exit date then number."""
    query = _departures(cooperative.id, start, end).order_by(Member.exited_on, Member.number)
    make = DepartureRow._make
    for row in db.session.execute(query, execution_options={"yield_per": BATCH_SIZE}):
        yield make(row)


def ledger_head_hash(cooperative: Cooperative) -> str:
    """Return the hash of the last share movement of the cooperative's chain."""
    head = db.session.scalar(
        select(ShareMovement.hash)
        .where(ShareMovement.cooperative_id == cooperative.id)
        .order_by(ShareMovement.id.desc())
        .limit(1)
    )
    return head or GENESIS


def capital_figures(cooperative: Cooperative, at: date) -> tuple[int, int, int]:
    """Return (capital, historical maximum, effective floor) in cents at ``at`` (R-CAP-3).

    The historical maximum reuses ``capital.rules.historical_max_capital`` on the per-day
    totals of the ledger (one synthetic entry per day, the same sums the rule would make).
    """
    per_day = db.session.execute(
        select(ShareMovement.effective_on, func.sum(ShareMovement.amount_cents))
        .where(holding_condition(cooperative.id, at))
        .group_by(ShareMovement.effective_on)
    ).all()
    daily = [
        Movement(
            number=0,
            type=MovementType.SUBSCRIPTION,
            member_id=0,
            effective_on=day,
            amount_cents=int(total or 0),
        )
        for day, total in per_day
    ]
    capital = sum(m.amount_cents for m in daily)
    highest = historical_max_capital(daily, at)
    floor = effective_floor(cooperative.capital_floor_cents, highest, cooperative.legal_form)
    return capital, highest, floor


def register_summary(cooperative: Cooperative, at: date) -> RegisterSummary:
    """Compute the register's totals at ``at`` with aggregate queries (no row is loaded)."""
    holdings = _holdings_subquery(cooperative.id, at)
    placement, placement_on = _placement_subquery(cooperative.id, at)
    category, college = _placed(placement)
    grouped = db.session.execute(
        select(
            category,
            college,
            Member.kind,
            func.count(Member.id),
            func.coalesce(func.sum(holdings.c.shares), 0),
            func.coalesce(func.sum(holdings.c.subscribed), 0),
            func.coalesce(func.sum(holdings.c.paid), 0),
        )
        .outerjoin(holdings, holdings.c.member_id == Member.id)
        .outerjoin(placement, placement_on)
        .where(members_at_condition(cooperative.id, at))
        .group_by(category, college, Member.kind)
    ).all()
    categories = {
        c.id: c
        for c in db.session.scalars(
            select(Category)
            .where(Category.cooperative_id == cooperative.id)
            .order_by(Category.position, Category.id)
        )
    }
    colleges = {
        c.id: c
        for c in db.session.scalars(
            select(College)
            .where(College.cooperative_id == cooperative.id)
            .order_by(College.position, College.id)
        )
    }
    per_category: dict[int | None, list[int]] = {cid: [0, 0, 0, 0] for cid in categories}
    per_college: dict[int | None, list[int]] = {cid: [0, 0, 0, 0] for cid in colleges}
    count = paid = local_authority = 0
    for category_id, college_id, kind, members, shares, subscribed, paid_cents in grouped:
        figures = (int(members), int(shares), int(subscribed), int(paid_cents))
        for table, key in ((per_category, category_id), (per_college, college_id)):
            bucket = table.setdefault(key, [0, 0, 0, 0])
            for i, value in enumerate(figures):
                bucket[i] += value
        count += figures[0]
        paid += figures[3]
        if counts_toward_la_cap(MemberKind(kind)):
            local_authority += figures[2]

    def totals(table, named) -> tuple[GroupTotal, ...]:
        out = []
        for key, (members, shares, subscribed, paid_cents) in table.items():
            if key is None and not members:
                continue
            row = named.get(key)
            out.append(
                GroupTotal(
                    key,
                    row.code if row else "—",
                    row.name if row else "—",
                    members,
                    shares,
                    subscribed,
                    paid_cents,
                )
            )
        return tuple(out)

    capital, highest, floor = capital_figures(cooperative, at)
    return RegisterSummary(
        at=at,
        member_count=count,
        categories=totals(per_category, categories),
        colleges=totals(per_college, colleges) if colleges else (),
        capital_cents=capital,
        paid_cents=paid,
        historical_max_cents=highest,
        floor_cents=floor,
        local_authority_cents=local_authority,
        local_authority_share=Fraction(local_authority, capital) if capital else None,
        la_cap=la_cap_on(at),
        head_hash=ledger_head_hash(cooperative),
        category_names={k: v.code for k, v in categories.items()},
        college_names={k: v.code for k, v in colleges.items()},
    )


def member_register(cooperative: Cooperative, at: date) -> MemberRegister:
    """Return the register of members at the end of ``at`` (Paris time): summary and rows."""
    return MemberRegister(cooperative, at, register_summary(cooperative, at))


def first_day(cooperative: Cooperative) -> date:
    """Return the first day the cooperative has a register for: its creation in the application,
    or an earlier admission or date of effect (members imported with their history)."""
    created = cooperative.created_at.astimezone(PARIS).date()
    earliest = [
        created,
        db.session.scalar(
            select(func.min(Member.admitted_on)).where(Member.cooperative_id == cooperative.id)
        ),
        db.session.scalar(
            select(func.min(ShareMovement.effective_on)).where(
                ShareMovement.cooperative_id == cooperative.id
            )
        ),
    ]
    return min(d for d in earliest if d is not None)


# --- Audit log ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditFilter:
    """Filters of the audit log page; empty values filter nothing."""

    action: str = ""
    #: Part of the actor's name or e-mail.
    actor: str = ""
    start: date | None = None
    end: date | None = None
    target_type: str = ""
    target_id: int | None = None


def _audit_query(cooperative: Cooperative, filters: AuditFilter):
    query = select(AuditEntry).where(AuditEntry.cooperative_id == cooperative.id)
    if filters.action:
        query = query.where(AuditEntry.action.startswith(filters.action, autoescape=True))
    if filters.actor:
        actors = select(User.id).where(
            or_(
                User.full_name.icontains(filters.actor, autoescape=True),
                User.email.icontains(filters.actor, autoescape=True),
            )
        )
        query = query.where(AuditEntry.actor_id.in_(actors))
    if filters.start is not None:
        start = datetime.combine(filters.start, datetime.min.time(), PARIS)
        query = query.where(AuditEntry.created_at >= start)
    if filters.end is not None:
        end = datetime.combine(filters.end, datetime.max.time(), PARIS)
        query = query.where(AuditEntry.created_at <= end)
    if filters.target_type:
        query = query.where(AuditEntry.target_type == filters.target_type)
    if filters.target_id is not None:
        query = query.where(AuditEntry.target_id == filters.target_id)
    return query


def audit_page(
    cooperative: Cooperative, filters: AuditFilter, page: int = 1, per_page: int = 50
) -> tuple[Pagination, dict[int, str]]:
    """Return one page of the audit log (newest first) and the names of its actors by id.

    Three statements whatever the log's size: the count, the page, the page's actors.
    """
    pagination = db.paginate(
        _audit_query(cooperative, filters).order_by(AuditEntry.id.desc()),
        page=page,
        per_page=per_page,
        error_out=False,
    )
    actor_ids = {entry.actor_id for entry in pagination.items if entry.actor_id is not None}
    names = {}
    if actor_ids:
        names = {
            id_: full_name or email
            for id_, full_name, email in db.session.execute(
                select(User.id, User.full_name, User.email).where(User.id.in_(actor_ids))
            )
        }
    return pagination, names


def iter_audit_entries(cooperative: Cooperative, filters: AuditFilter) -> Iterator[AuditEntry]:
    """Yield the audit entries matching the filters, oldest first."""
    yield from db.session.scalars(
        _audit_query(cooperative, filters).order_by(AuditEntry.id),
        execution_options={"yield_per": BATCH_SIZE},
    )


def audit_choices(cooperative: Cooperative) -> tuple[list[str], list[str]]:
    """Return the distinct actions and target types of the audit log (codes: a few dozen)."""
    actions = db.session.scalars(
        select(AuditEntry.action)
        .where(AuditEntry.cooperative_id == cooperative.id)
        .distinct()
        .order_by(AuditEntry.action)
    ).all()
    targets = db.session.scalars(
        select(AuditEntry.target_type)
        .where(AuditEntry.cooperative_id == cooperative.id)
        .distinct()
        .order_by(AuditEntry.target_type)
    ).all()
    return list(actions), list(targets)


def member_in_cooperative(cooperative: Cooperative, member_id: int) -> Member | None:
    """Return a member of this cooperative, or None (another cooperative's member is absent)."""
    member = db.session.get(Member, member_id)
    return member if member is not None and member.cooperative_id == cooperative.id else None
