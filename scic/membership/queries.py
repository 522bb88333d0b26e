"""Read-only queries on the membership, always filtered by cooperative (no N+1 queries)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from sqlalchemy import func, literal_column, or_, select, union_all
from sqlalchemy.orm import Bundle, joinedload, selectinload

from scic.cooperatives.models import Category, College, Cooperative
from scic.core.audit import AuditEntry
from scic.core.db import db
from scic.core.forms import QueryPage
from scic.membership import reach_sql
from scic.membership.convocation_rules import Contact, Recipient, email_recipients
from scic.membership.elections import election_calendar
from scic.membership.mandate_rules import acting_representatives, council_term_end
from scic.membership.models import (
    Deliberation,
    DesignationRequest,
    Mandate,
    Member,
    MemberPlacement,
    display_name,
)
from scic.membership.rules import Mandate as MandateRule
from scic.membership.rules import (
    MemberKind,
    MemberStatus,
    RepresentativeRole,
    voting_weight_per_member,
)

#: The member list counts at most this many matches (or up to the page asked for).
COUNT_LIMIT = 2000
#: Sort keys of the member list → columns (the member number breaks ties).
SORTS = {
    "number": (Member.number,),
    "name": (Member.sort_name, Member.number),
    "admitted": (Member.admitted_on, Member.number),
}
#: Designations whose holder votes for the member (never a board candidate).
VOTING_ROLES = reach_sql.VOTING_ROLES
#: Legal persons: they act through a representative.
LEGAL_PERSON_KINDS = (
    MemberKind.ORGANISATION.value,
    MemberKind.LOCAL_AUTHORITY.value,
    MemberKind.OTHER_PUBLIC.value,
)


@dataclass(frozen=True)
class MemberFilters:
    """What the member list shows: a search, filters, a sort and a page."""

    q: str = ""
    status: str = ""
    category_id: int | None = None
    college_id: int | None = None
    kind: str = ""
    sort: str = "number"
    descending: bool = False
    page: int = 1


def _filtered(cooperative: Cooperative, filters: MemberFilters):
    query = select(Member).where(Member.cooperative_id == cooperative.id)
    q = filters.q.strip()
    if q:
        conditions = [
            Member.sort_name.contains(q.lower(), autoescape=True),
            func.lower(Member.email).contains(q.lower(), autoescape=True),
        ]
        if q.isdigit():
            conditions.append(Member.number == int(q))
        query = query.where(or_(*conditions))
    if filters.status:
        query = query.where(Member.status == filters.status)
    if filters.category_id:
        query = query.where(Member.category_id == filters.category_id)
    if filters.college_id:
        query = query.where(Member.college_id == filters.college_id)
    if filters.kind:
        query = query.where(Member.kind == filters.kind)
    return query


@dataclass(frozen=True)
class MemberRow:
    """One line of the member list: only what the table shows."""

    id: int
    number: int
    display_name: str
    kind: str
    category_name: str
    college_name: str
    status: str
    admitted_on: date | None


class _MemberRows(Bundle):
    """The member list's columns, loaded as :class:`MemberRow` (a Bundle, so that
    ``db.paginate`` returns rows, not Member objects)."""

    def create_row_processor(self, query, procs, labels):
        def row(values):
            id_, number, kind, name, first, category, college, status, admitted = (
                proc(values) for proc in procs
            )
            return MemberRow(
                id_,
                number,
                display_name(kind, name, first),
                kind,
                category,
                college or "",
                status,
                admitted,
            )

        return row


_ROW = _MemberRows(
    "member",
    Member.id,
    Member.number,
    Member.kind,
    Member.name,
    Member.first_name,
    Category.name,
    College.name,
    Member.status,
    Member.admitted_on,
)


def member_list(cooperative: Cooperative, filters: MemberFilters, page_size: int) -> QueryPage:
    """Search, filter, sort and paginate the members in one statement: the page's rows, each
    with the (bounded) count of matches.

    The rows are the table's columns (category and college names joined), not Member objects:
    a page issues no query per row and loads no column it does not show. A page past the last
    shows the last (its rows are then read again, after a count: two statements more). The
    page says ``capped`` when the count stopped at its bound.
    """
    base = _filtered(cooperative, filters)
    # Counting is bounded: counting 60 000 members of a college read as many index entries
    # (10 ms at 100 000 members, more than the page itself). Past the bound the page says
    # "more than N" and keeps its previous / next links. The count is an uncorrelated scalar
    # subquery of the rows' statement: SQLite and PostgreSQL compute it once.
    bound = max(COUNT_LIMIT, filters.page * page_size) + 1
    counted = select(func.count()).select_from(
        base.with_only_columns(Member.id).limit(bound).subquery()
    )
    columns = SORTS.get(filters.sort, SORTS["number"])
    order = [c.desc() if filters.descending else c.asc() for c in columns]
    rows = (
        base.with_only_columns(_ROW, counted.scalar_subquery())
        .join(Category, Category.id == Member.category_id)
        .outerjoin(College, College.id == Member.college_id)
        .order_by(*order)
        .limit(page_size)
    )
    page = max(1, filters.page)
    first = (page - 1) * page_size
    found = db.session.execute(rows.offset(first)).all()
    # The rows come with their count; a page past the last has none: count, and QueryPage then
    # reads the last page's rows.
    total = found[0][1] if found else ((db.session.scalar(counted) or 0) if first else 0)

    def fetch(offset: int, _limit: int) -> list[MemberRow]:
        chosen = found if offset == first else db.session.execute(rows.offset(offset)).all()
        return [row[0] for row in chosen]

    result = QueryPage(total, page, page_size, fetch)
    # Capped, ``total`` is one more than the bound: the pager still offers the next page.
    result.capped = total == bound
    return result


def filter_choices(cooperative: Cooperative) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(id, name) of the cooperative's categories and of its colleges, each in its order, for
    the member list's two selects: one statement (``UNION ALL``) instead of two."""
    rows = db.session.execute(
        union_all(
            *(
                select(
                    literal_column(str(kind)).label("kind"),
                    model.position.label("position"),
                    model.id.label("id"),
                    model.name.label("name"),
                ).where(model.cooperative_id == cooperative.id)
                for kind, model in ((0, Category), (1, College))
            )
        ).order_by("kind", "position")
    )
    pairs: tuple[list, list] = ([], [])
    for kind, _position, id_, name in rows:
        pairs[kind].append((id_, name))
    return pairs


def member_page(member: Member) -> Member:
    """Load a member with its placements, deliberations and mandates in a few statements."""
    return db.session.scalars(
        select(Member)
        .where(Member.id == member.id)
        .options(
            joinedload(Member.category),
            joinedload(Member.college),
            selectinload(Member.placements).joinedload(MemberPlacement.category),
            selectinload(Member.placements).joinedload(MemberPlacement.college),
            selectinload(Member.deliberations),
            selectinload(Member.mandates),
        )
        .execution_options(populate_existing=True)
    ).one()


def member_history(member: Member) -> list[AuditEntry]:
    """The member's history from the audit log: application, admission, status, edits."""
    return list(
        db.session.scalars(
            select(AuditEntry)
            .where(
                AuditEntry.cooperative_id == member.cooperative_id,
                AuditEntry.target_type == "Member",
                AuditEntry.target_id == member.id,
            )
            .order_by(AuditEntry.id)
        )
    )


def categories_of(cooperative: Cooperative) -> list[Category]:
    return list(
        db.session.scalars(
            select(Category)
            .where(Category.cooperative_id == cooperative.id)
            .options(joinedload(Category.college))
            .order_by(Category.position)
        )
    )


def colleges_of(cooperative: Cooperative) -> list[College]:
    return list(
        db.session.scalars(
            select(College)
            .where(College.cooperative_id == cooperative.id)
            .options(selectinload(College.weights))
            .order_by(College.position)
        )
    )


def active_counts_by_college(cooperative: Cooperative) -> dict[int | None, int]:
    """Active members per college id (one grouped statement)."""
    rows = db.session.execute(
        select(Member.college_id, func.count(Member.id))
        .where(Member.cooperative_id == cooperative.id, Member.status == MemberStatus.ACTIVE.value)
        .group_by(Member.college_id)
    ).all()
    return dict(rows)


def active_counts_by_category(cooperative: Cooperative) -> dict[int, int]:
    rows = db.session.execute(
        select(Member.category_id, func.count(Member.id))
        .where(Member.cooperative_id == cooperative.id, Member.status == MemberStatus.ACTIVE.value)
        .group_by(Member.category_id)
    ).all()
    return dict(rows)


@dataclass(frozen=True)
class CollegeRow:
    """A college on the dashboard: members, statutory weight, weight carried by each vote."""

    college: College
    weight: Fraction | None
    members: int
    per_member: Fraction | None


def college_table(cooperative: Cooperative, on: date) -> list[CollegeRow]:
    """Per college: active members, weight in force and weight per member's vote (fractions of 1).

    Rules: R-CAT-7, R-LA-4 — one member, one vote; the weight of a vote is its college's weight
    shared among the college's members, never its capital.
    """
    counts = active_counts_by_college(cooperative)
    rows = []
    for college in colleges_of(cooperative):
        weight = college.weight_on(on)
        members = counts.get(college.id, 0)
        rows.append(
            CollegeRow(
                college=college,
                weight=weight,
                members=members,
                per_member=voting_weight_per_member(weight, members)
                if weight is not None
                else None,
            )
        )
    return rows


def member_voting_weight(member: Member, on: date) -> Fraction | None:
    """The share of all voting rights (fraction of 1) a member's vote carries if everyone votes.

    With colleges: college weight ÷ active members of the college; without: 1 ÷ active members.
    None when the member is not active.
    """
    if member.status != MemberStatus.ACTIVE.value:
        return None
    query = select(func.count(Member.id)).where(
        Member.cooperative_id == member.cooperative_id,
        Member.status == MemberStatus.ACTIVE.value,
    )
    if member.college is not None:
        count = db.session.scalar(query.where(Member.college_id == member.college_id)) or 0
        weight = member.college.weight_on(on)
        if weight is None:
            return None
        return voting_weight_per_member(weight, count)
    count = db.session.scalar(query) or 0
    return voting_weight_per_member(Fraction(1), count)


def rule_mandate(mandate: Mandate) -> MandateRule:
    """The pure rules' view of a designation (``person_id`` carries the row's id)."""
    return MandateRule(
        name=mandate.full_name,
        role=RepresentativeRole(mandate.role),
        valid_from=mandate.valid_from,
        valid_to=mandate.valid_to,
        person_id=mandate.id,
    )


def act_until_replaced(cooperative: Cooperative) -> bool:
    """The statutes' SEM option (§8 #24): outgoing representatives act until replaced."""
    from scic.cooperatives.services import assembly_settings_of

    return assembly_settings_of(cooperative).representatives_act_until_replaced


def acting_mandates_of(
    mandates_by_member: dict[Member, Sequence[Mandate]],
    on: date,
    *,
    sem_option: bool,
) -> dict[int, dict[RepresentativeRole, Mandate]]:
    """Per member id and role, the designation whose holder acts on ``on`` (R-LA-5, §8 #24).

    One rule for every channel: ``mandate_rules.acting_representatives`` with each
    designation's council term (local authorities) and the statutes' SEM option.
    """
    calendar = election_calendar()
    result: dict[int, dict[RepresentativeRole, Mandate]] = {}
    for member, rows in mandates_by_member.items():
        by_id = {m.id: m for m in rows}

        def term_end(rule: MandateRule, member: Member = member) -> date | None:
            if member.kind != MemberKind.LOCAL_AUTHORITY.value:
                return None
            return council_term_end(member.authority_type, rule.valid_from, calendar)

        chosen = acting_representatives(
            [rule_mandate(m) for m in rows], on, term_end, act_until_replaced=sem_option
        )
        result[member.id] = {role: by_id[m.person_id] for role, m in chosen.items()}
    return result


def acting_mandates(member: Member, on: date) -> dict[RepresentativeRole, Mandate]:
    """Per role, the designation whose holder acts for ``member`` on ``on`` (§8 #24)."""
    if member.kind == MemberKind.PERSON.value:
        return {}
    return acting_mandates_of(
        {member: member.mandates}, on, sem_option=act_until_replaced(member.cooperative)
    )[member.id]


def _mandates_by_member(members: Sequence[Member]) -> dict[Member, list[Mandate]]:
    """Every designation of ``members`` in one statement, in ``Member.mandates``' order."""
    found: dict[Member, list[Mandate]] = {m: [] for m in members}
    by_id = {m.id: m for m in members}
    if by_id:
        for mandate in db.session.scalars(
            select(Mandate)
            .where(Mandate.member_id.in_(by_id))
            .order_by(Mandate.valid_from, Mandate.id)
        ):
            found[by_id[mandate.member_id]].append(mandate)
    return found


def without_representative(cooperative: Cooperative, on: date) -> list[Member]:
    """Active organisations, local authorities and public bodies with no main representative
    acting on ``on``: they cannot vote (R-LA-5, DOMAIN.md §6.3 step 3, §8 #24 — the same rule
    as the ballot, the SEM option included)."""
    members = list(
        db.session.scalars(
            select(Member)
            .where(
                Member.cooperative_id == cooperative.id,
                Member.status == MemberStatus.ACTIVE.value,
                Member.kind.in_(LEGAL_PERSON_KINDS),
            )
            .order_by(Member.sort_name)
        )
    )
    acting = acting_mandates_of(
        _mandates_by_member(members), on, sem_option=act_until_replaced(cooperative)
    )
    return [m for m in members if RepresentativeRole.MAIN not in acting[m.id]]


@dataclass(frozen=True)
class LapsedAuthority:
    """A local authority with no current main representative: its council must designate again."""

    member: Member
    #: Last day of its latest main representative's designation (None: never designated).
    term_ended_on: date | None
    requests: tuple[DesignationRequest, ...]


def lapsed_authorities(cooperative: Cooperative, on: date) -> list[LapsedAuthority]:
    """Active local authorities without a current main representative on ``on``, with the end of
    their last designation and the letters already sent (§6.3 step 3, §8 #24)."""
    members = [
        m
        for m in without_representative(cooperative, on)
        if m.kind == MemberKind.LOCAL_AUTHORITY.value
    ]
    ids = [m.id for m in members]
    if not ids:
        return []
    ends = dict(
        db.session.execute(
            select(Mandate.member_id, func.max(Mandate.valid_to))
            .where(Mandate.member_id.in_(ids), Mandate.role == RepresentativeRole.MAIN.value)
            .group_by(Mandate.member_id)
        ).all()
    )
    letters: dict[int, list[DesignationRequest]] = {}
    for letter in db.session.scalars(
        select(DesignationRequest)
        .where(DesignationRequest.member_id.in_(ids))
        .order_by(DesignationRequest.sent_on, DesignationRequest.id)
    ):
        letters.setdefault(letter.member_id, []).append(letter)
    return [LapsedAuthority(m, ends.get(m.id), tuple(letters.get(m.id, ()))) for m in members]


def answered_requests(
    cooperative: Cooperative, since: date
) -> list[tuple[DesignationRequest, Mandate]]:
    """Letters sent since ``since`` that the council answered with a new main designation."""
    rows = db.session.execute(
        select(DesignationRequest, Mandate)
        .join(Mandate, Mandate.member_id == DesignationRequest.member_id)
        .where(
            DesignationRequest.cooperative_id == cooperative.id,
            DesignationRequest.sent_on >= since,
            Mandate.role == RepresentativeRole.MAIN.value,
            Mandate.valid_from >= DesignationRequest.sent_on,
        )
        .order_by(Mandate.valid_from.desc())
    ).all()
    seen: set[int] = set()
    out = []
    for request, mandate in rows:
        if request.member_id not in seen:  # the latest letter and designation per authority
            seen.add(request.member_id)
            out.append((request, mandate))
    return out


def pending_candidates(cooperative: Cooperative) -> list[Member]:
    return list(
        db.session.scalars(
            select(Member)
            .where(
                Member.cooperative_id == cooperative.id,
                Member.status == MemberStatus.CANDIDATE.value,
            )
            .options(joinedload(Member.category))
            .order_by(Member.applied_on, Member.number)
        )
    )


def assumed_deliberations(cooperative: Cooperative) -> list[Deliberation]:
    """Deliberations whose executory date was assumed and awaits confirmation (R-LA-5)."""
    return list(
        db.session.scalars(
            select(Deliberation)
            .where(
                Deliberation.cooperative_id == cooperative.id,
                Deliberation.executory_assumed.is_(True),
            )
            .options(joinedload(Deliberation.member))
            .order_by(Deliberation.adopted_on)
        )
    )


def members_of_user(cooperative: Cooperative, user, on: date) -> list[Member]:
    """The members a signed-in user is (own account) or represents on ``on`` (a designation
    acting that day, main or alternate: §8 #24, the same rule as the ballot)."""
    own = list(
        db.session.scalars(
            select(Member).where(Member.cooperative_id == cooperative.id, Member.user_id == user.id)
        )
    )
    represented = list(
        db.session.scalars(
            select(Member).where(
                Member.cooperative_id == cooperative.id,
                Member.id.in_(
                    select(Mandate.member_id).where(
                        Mandate.user_id == user.id,
                        Mandate.role.in_(VOTING_ROLES),
                    )
                ),
            )
        )
    )
    found = {m.id: m for m in own}
    if represented:
        acting = acting_mandates_of(
            _mandates_by_member(represented), on, sem_option=act_until_replaced(cooperative)
        )
        for member in represented:
            if any(m.user_id == user.id for m in acting[member.id].values()):
                found.setdefault(member.id, member)
    return sorted(found.values(), key=lambda m: (m.sort_name, m.number))


def _contact(member: Member) -> Contact:
    return Contact(member.display_name, member.email, member.econvocation_consent_on)


def convocation_recipients_of(members: Sequence[Member], on: date) -> dict[int, list[Recipient]]:
    """Per member id, the e-mails of its convocation sent on ``on`` (empty: by letter).

    A legal person's convocation and voting link go to its representatives acting that day
    (``reach_sql.acting``, the SQL of the ballot's rule, §8 #24), with a copy to its own
    address (``convocation_rules.email_recipients``). One statement whatever the membership;
    the list is empty exactly for the members ``reach_sql.reached_by_email`` sends a letter.
    """
    legal = [m for m in members if m.kind != MemberKind.PERSON.value]
    acting: dict[int, dict[str, Mandate]] = {m.id: {} for m in legal}
    if legal:
        statement = reach_sql.acting_designations(
            [m.id for m in legal], on, act_until_replaced=act_until_replaced(legal[0].cooperative)
        )
        for mandate in db.session.scalars(statement):
            acting[mandate.member_id][mandate.role] = mandate
    result: dict[int, list[Recipient]] = {}
    for member in members:
        designations = acting.get(member.id, {})
        representatives = [
            Contact(m.full_name, m.email, m.econvocation_consent_on, m.id, m.role)
            for m in (
                designations.get(RepresentativeRole.MAIN.value),
                designations.get(RepresentativeRole.ALTERNATE.value),
            )
            if m is not None
        ]
        result[member.id] = email_recipients(
            _contact(member),
            representatives,
            on,
            legal_person=member.kind != MemberKind.PERSON.value,
        )
    return result


def convocation_recipients(member: Member, on: date) -> list[Recipient]:
    """The e-mails of ``member``'s convocation sent on ``on`` (the member page shows them)."""
    return convocation_recipients_of([member], on)[member.id]
