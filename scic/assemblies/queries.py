"""Read-only queries on assemblies, always scoped to one cooperative or one assembly.

The voting and registers packages build on these: ``voters``, ``quorum_status``,
``attendance_sheet``, ``valid_proxies``, ``convocation_records``, ``minutes_state``. Who takes
part also depends on the ballots (postal forms, votes through a link): ``scic.workflows.quorum``
counts it and passes it to ``quorum_status``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from fractions import Fraction

from sqlalchemy import String, func, or_, select

from scic.assemblies import minutes_rules, rules, session_rules
from scic.assemblies.models import (
    Assembly,
    AttendanceCorrection,
    AttendanceEntry,
    ConvocationRecord,
    Document,
    MinutesSignature,
    Proxy,
)
from scic.assemblies.voter_queries import (  # noqa: F401  (re-exported: callers use queries.*)
    GONE_STATUSES,
    ConvocationCounts,
    active_on,
    assembly_day,
    by_letter,
    convened_rows,
    convocation_counts,
    email_recipients,
    letters_not_recorded,
    letters_rows,
    paper_recipients,
    to_email,
)
from scic.cooperatives.models import Cooperative
from scic.core import periods
from scic.core.db import db
from scic.core.violations import Violation
from scic.membership import queries as membership_queries
from scic.membership.models import Member


def assemblies_of(cooperative: Cooperative) -> list[Assembly]:
    """Every assembly of the cooperative, the latest first."""
    return list(
        db.session.scalars(
            select(Assembly)
            .where(Assembly.cooperative_id == cooperative.id)
            .order_by(Assembly.starts_at.desc(), Assembly.id.desc())
        )
    )


def upcoming_assemblies(cooperative: Cooperative, now: datetime) -> list[Assembly]:
    """Assemblies not yet closed whose start is today or later, the soonest first."""
    start_of_day = datetime.combine(
        now.astimezone(rules.PARIS).date(), datetime.min.time(), rules.PARIS
    )
    return list(
        db.session.scalars(
            select(Assembly)
            .where(
                Assembly.cooperative_id == cooperative.id,
                Assembly.starts_at >= start_of_day,
                Assembly.status.in_(("draft", "convened", "open")),
            )
            .order_by(Assembly.starts_at, Assembly.id)
        )
    )


def voters(assembly: Assembly) -> list[Member]:
    """Members with voting rights: active at the assembly date (DOMAIN §8 #32), by name."""
    return members_active_on(assembly.cooperative_id, assembly_day(assembly))


def members_active_on(cooperative_id: int, day: date) -> list[Member]:
    """Members admitted on or before ``day`` who had not left by then."""
    return list(
        db.session.scalars(
            select(Member)
            .where(*active_on(cooperative_id, day))
            .order_by(Member.sort_name, Member.number)
        )
    )


def checklist_page(
    assembly: Assembly,
    *,
    text: str = "",
    college_id: int | None = None,
    waiting_only: bool = False,
    page: int = 1,
    per_page: int = 100,
):
    """One page of the check-in checklist: voters filtered by name or number, by college, and
    (``waiting_only``) without a line on the attendance sheet yet; two statements
    (``db.paginate``: the count and the page), whatever the membership."""
    conditions = list(active_on(assembly.cooperative_id, assembly_day(assembly)))
    for word in text.strip().split()[:5]:
        conditions.append(
            or_(
                Member.name.icontains(word, autoescape=True),
                Member.first_name.icontains(word, autoescape=True),
                Member.sort_name.icontains(word, autoescape=True),
                func.cast(Member.number, String).contains(word, autoescape=True),
            )
        )
    if college_id:
        conditions.append(Member.college_id == college_id)
    if waiting_only:
        conditions.append(
            ~select(AttendanceEntry.id)
            .where(
                AttendanceEntry.assembly_id == assembly.id,
                AttendanceEntry.member_id == Member.id,
            )
            .exists()
        )
    return db.paginate(
        select(Member).where(*conditions).order_by(Member.sort_name, Member.number),
        page=max(1, page),
        per_page=per_page,
        error_out=False,
    )


def voter_ids(assembly: Assembly) -> frozenset[int]:
    return frozenset(m.id for m in voters(assembly))


def member_of(cooperative_id: int, member_id: int | None) -> Member | None:
    """A member of this cooperative, or None (another cooperative's member is not found)."""
    if member_id is None:
        return None
    member = db.session.get(Member, member_id)
    return member if member is not None and member.cooperative_id == cooperative_id else None


def members_by_id(cooperative_id: int, member_ids: list[int]) -> dict[int, Member]:
    """Members of this cooperative among ``member_ids`` (one statement), by id."""
    if not member_ids:
        return {}
    return {
        m.id: m
        for m in db.session.scalars(
            select(Member).where(Member.cooperative_id == cooperative_id, Member.id.in_(member_ids))
        )
    }


def members_of_user(user, cooperative: Cooperative, on: date) -> list[Member]:
    """The members a user acts for: their own membership, or as an acting representative."""
    return membership_queries.members_of_user(cooperative, user, on)


def active_documents(assembly: Assembly) -> list[Document]:
    return [d for d in assembly.documents if d.removed_at is None]


def valid_proxies(assembly: Assembly) -> list[Proxy]:
    """Proxies given for the assembly and not revoked."""
    return list(
        db.session.scalars(
            select(Proxy)
            .where(Proxy.assembly_id == assembly.id, Proxy.revoked_at.is_(None))
            .order_by(Proxy.id)
        )
    )


def all_proxies(assembly: Assembly) -> list[Proxy]:
    """Every proxy of the assembly, revoked ones included (the record is kept)."""
    return list(
        db.session.scalars(select(Proxy).where(Proxy.assembly_id == assembly.id).order_by(Proxy.id))
    )


def proxy_given_by(assembly: Assembly, member_id: int) -> Proxy | None:
    return db.session.scalar(
        select(Proxy).where(
            Proxy.assembly_id == assembly.id,
            Proxy.grantor_id == member_id,
            Proxy.revoked_at.is_(None),
        )
    )


def proxies_held_count(assembly: Assembly, holder_id: int) -> int:
    return len([p for p in valid_proxies(assembly) if p.holder_id == holder_id])


def attendance_entries(assembly: Assembly) -> dict[int, AttendanceEntry]:
    """Recorded attendance lines, by member id."""
    return {
        e.member_id: e
        for e in db.session.scalars(
            select(AttendanceEntry).where(AttendanceEntry.assembly_id == assembly.id)
        )
    }


def latest_corrections(assembly: Assembly) -> dict[int, AttendanceCorrection]:
    """The latest correcting entry of each member's line (R-AG-13), by member id."""
    return {
        c.member_id: c
        for c in db.session.scalars(
            select(AttendanceCorrection)
            .where(AttendanceCorrection.assembly_id == assembly.id)
            .order_by(AttendanceCorrection.id)
        )
    }


@dataclass(frozen=True)
class SheetLine:
    """A member's state on the attendance sheet: the line, corrected by its latest entry."""

    entry: AttendanceEntry
    mode: str
    proxy_id: int | None
    correction: AttendanceCorrection | None

    @property
    def college_id(self) -> int | None:
        return self.entry.college_id


def current_lines(assembly: Assembly) -> dict[int, SheetLine]:
    """Every member's current line of the attendance sheet (two statements), by member id.

    The original line is never changed: the latest correcting entry, when there is one, says
    the mode that counts for the quorum, the show of hands and voting in the room.
    """
    corrections = latest_corrections(assembly)
    lines = {}
    for member_id, entry in attendance_entries(assembly).items():
        correction = corrections.get(member_id)
        lines[member_id] = SheetLine(
            entry,
            correction.mode if correction else entry.mode,
            correction.proxy_id if correction else entry.proxy_id,
            correction,
        )
    return lines


def current_mode(assembly, member):
    """One member's mode as :func:`current_lines` gives it, as a SQL expression (NULL when the
    member has no line): for a vote, read in the statement of its other checks. ``assembly``
    and ``member``: ids or bound parameters."""
    return func.coalesce(
        select(AttendanceCorrection.mode)
        .where(
            AttendanceCorrection.assembly_id == assembly, AttendanceCorrection.member_id == member
        )
        .order_by(AttendanceCorrection.id.desc())
        .limit(1)
        .scalar_subquery(),
        select(AttendanceEntry.mode)
        .where(AttendanceEntry.assembly_id == assembly, AttendanceEntry.member_id == member)
        .limit(1)
        .scalar_subquery(),
    )


def attendance_history(
    assembly: Assembly, member_id: int
) -> tuple[AttendanceEntry | None, list[AttendanceCorrection]]:
    """A member's original line and its correcting entries, oldest first."""
    entry = db.session.scalar(
        select(AttendanceEntry).where(
            AttendanceEntry.assembly_id == assembly.id, AttendanceEntry.member_id == member_id
        )
    )
    corrections = list(
        db.session.scalars(
            select(AttendanceCorrection)
            .where(
                AttendanceCorrection.assembly_id == assembly.id,
                AttendanceCorrection.member_id == member_id,
            )
            .order_by(AttendanceCorrection.id)
        )
    )
    return entry, corrections


@dataclass(frozen=True)
class QuorumStatus:
    """The quorum with its figures, live during the session, frozen once it closed."""

    required_ratio: Fraction
    required_count: int
    participants: int
    entitled: int
    reached: bool
    frozen: bool
    breakdown: dict[str, int] = field(default_factory=dict)

    def as_json(self) -> dict:
        return {
            "required_ratio": str(self.required_ratio),
            "required_count": self.required_count,
            "participants": self.participants,
            "entitled": self.entitled,
            "reached": self.reached,
            "frozen": self.frozen,
            "breakdown": self.breakdown,
        }


def settings_of(cooperative: Cooperative):
    """The statutory assembly settings (``scic.cooperatives.rules.AssemblySettings``)."""
    from scic.cooperatives.services import assembly_settings_of

    return assembly_settings_of(cooperative)


def required_quorum(assembly: Assembly, part: str | None = None) -> Fraction:
    """Share of entitled members required (§5, statutes) for a part of the assembly and its call.

    Without a part: the assembly's own kind (a combined assembly: the stricter of its parts).
    """
    return rules.quorum_required(
        part or assembly.type, assembly.call_number, settings_of(assembly.cooperative)
    )


def quorum_status(
    assembly: Assembly,
    participation: rules.Participation | None = None,
    *,
    part: str | None = None,
) -> QuorumStatus:
    """The quorum of a part (or the stricter part), with the numbers (§6.7 step 3, R-AG-11).

    Once the session closed, the figures frozen then are read back, and ``participation`` is
    not needed; before, it is required (``scic.workflows.quorum.participation``): who takes
    part is counted from the attendance records and the ballots, never typed in.
    """
    ratio = required_quorum(assembly, part)
    if assembly.quorum_entitled is not None:
        quorum = rules.compute_quorum(
            assembly.quorum_participants or 0, assembly.quorum_entitled, ratio
        )
        return QuorumStatus(
            ratio, quorum.required_count, quorum.participants, quorum.entitled, quorum.reached, True
        )
    if participation is None:
        raise ValueError("the live quorum needs the participation (scic.workflows.quorum)")
    seen = participation
    quorum = rules.compute_quorum(len(seen.participants), len(seen.entitled), ratio)
    return QuorumStatus(
        ratio,
        quorum.required_count,
        quorum.participants,
        quorum.entitled,
        quorum.reached,
        False,
        {
            "present": len(seen.present),
            "deemed_present": len(seen.deemed_present),
            "represented": len(seen.represented),
            "correspondence": len(seen.correspondence),
            "absent": len(seen.absent),
            "unrecorded": len(seen.unrecorded),
        },
    )


@dataclass(frozen=True)
class AttendanceRow:
    """One line of the attendance sheet, for the page and the registers' PDF."""

    member: Member
    mode: str
    college_id: int | None
    signed_by: str
    holder: Member | None
    blank_proxy: bool
    entry: AttendanceEntry | None


def attendance_sheet(assembly: Assembly, seen: rules.Participation) -> list[AttendanceRow]:
    """Every voter with the mode that counts (``absent`` when nothing was recorded).

    ``seen`` is who takes part (``scic.voting.participation.participation``: the records and
    the ballots). A represented member names its proxy holder (``holder``) or the chair
    (``blank_proxy``).
    """
    entries = attendance_entries(assembly)
    proxies = {p.grantor_id: p for p in valid_proxies(assembly)}
    rows = []
    for member in voters(assembly):
        if member.id in seen.present:
            mode = rules.PresenceMode.PRESENT
        elif member.id in seen.deemed_present:
            mode = rules.PresenceMode.DEEMED_PRESENT
        elif member.id in seen.represented:
            mode = rules.PresenceMode.REPRESENTED
        elif member.id in seen.correspondence:
            mode = rules.PresenceMode.CORRESPONDENCE
        else:
            mode = rules.PresenceMode.ABSENT
        entry = entries.get(member.id)
        proxy = proxies.get(member.id) if mode == rules.PresenceMode.REPRESENTED else None
        rows.append(
            AttendanceRow(
                member,
                mode.value,
                entry.college_id if entry else member.college_id,
                entry.signed_by if entry else "",
                proxy.holder if proxy else None,
                bool(proxy and proxy.holder_id is None),
                entry,
            )
        )
    return rows


def convocation_records(assembly: Assembly) -> dict[int, ConvocationRecord]:
    """Who was convened, when and how (proof for the auditor), by member id."""
    return {
        r.member_id: r
        for r in db.session.scalars(
            select(ConvocationRecord).where(ConvocationRecord.assembly_id == assembly.id)
        )
    }


def convocation_last_day(assembly: Assembly) -> date:
    """The last day to send the convocation (§5 delays, one safety day; §6.6 step 2)."""
    settings = settings_of(assembly.cooperative)
    days = (
        settings.convocation_days_first
        if assembly.call_number == 1
        else (settings.convocation_days_second)
    )
    delay = rules.convocation_delay_days(
        assembly.cooperative.legal_form, assembly.call_number, days
    )
    return rules.latest_send_date(assembly_day(assembly), delay)


def convocation_violations(assembly: Assembly, today: date) -> list[Violation]:
    """``rules.check_convocation_send`` for this assembly on ``today``."""
    settings = settings_of(assembly.cooperative)
    days = (
        settings.convocation_days_first
        if assembly.call_number == 1
        else (settings.convocation_days_second)
    )
    return rules.check_convocation_send(
        today,
        assembly_day(assembly),
        legal_form=assembly.cooperative.legal_form,
        call_number=assembly.call_number,
        statutes_days=days,
    )


def opening_violations(assembly: Assembly, now: datetime) -> list[Violation]:
    """Why the session may not open at ``now`` (R-AG-13, R-AG-1/§5); empty: it may.

    The notice period runs from the *last* convocation recorded, paper letters included, and
    every voter at the assembly date must have a recorded convocation.
    """
    records = convocation_records(assembly)
    missing = sum(1 for member_id in voter_ids(assembly) if member_id not in records)
    settings = settings_of(assembly.cooperative)
    days = (
        settings.convocation_days_first
        if assembly.call_number == 1
        else settings.convocation_days_second
    )
    return session_rules.check_session_opening(
        now,
        assembly.starts_at,
        legal_form=assembly.cooperative.legal_form,
        call_number=assembly.call_number,
        statutes_days=days,
        last_sent_on=max((r.sent_on for r in records.values()), default=None),
        members_not_convened=missing,
    )


@dataclass(frozen=True)
class MinutesState:
    """Who must sign the minutes, who has, and what the bureau lacks."""

    required: list[tuple[str, str]]
    signed: list[MinutesSignature]
    pending: list[tuple[str, str]]
    missing: list[Violation]

    @property
    def complete(self) -> bool:
        return not self.pending and not self.missing


def minutes_state(assembly: Assembly) -> MinutesState:
    """The signatories required for the legal form (``minutes_rules``) and progress."""
    required, missing = minutes_rules.required_signatures(
        assembly.cooperative.legal_form,
        chair=assembly.chair_name.strip(),
        secretary=assembly.secretary_name.strip(),
        scrutineers=rules.split_names(assembly.scrutineers),
        managers=rules.split_names(assembly.managers),
    )
    signed = list(
        db.session.scalars(
            select(MinutesSignature)
            .where(MinutesSignature.assembly_id == assembly.id)
            .order_by(MinutesSignature.signed_at)
        )
    )
    done = {(s.role, s.name) for s in signed}
    return MinutesState(required, signed, [p for p in required if p not in done], missing)


# --- Dashboard (R-AG-1) ------------------------------------------------------------------------


def last_fiscal_year_end(cooperative: Cooperative, today: date) -> date:
    """The most recent fiscal year end on or before ``today``."""
    return periods.fiscal_year_end_on_or_before(
        today, cooperative.fiscal_year_end_month, cooperative.fiscal_year_end_day
    )


@dataclass(frozen=True)
class AccountsDeadline:
    """The annual ordinary assembly that must approve the accounts (R-AG-1)."""

    fiscal_year: int
    year_end: date
    deadline: date
    assembly: Assembly | None
    held: bool
    overdue: bool


def accounts_deadline(cooperative: Cooperative, today: date) -> AccountsDeadline:
    """Deadline to approve the last closed year's accounts, and the assembly planned for it."""
    year_end = last_fiscal_year_end(cooperative, today)
    deadline = rules.accounts_assembly_deadline(year_end)
    assembly = db.session.scalar(
        select(Assembly)
        .where(
            Assembly.cooperative_id == cooperative.id,
            Assembly.approves_accounts_of == year_end.year,
        )
        .order_by(Assembly.call_number.desc(), Assembly.id.desc())
        .limit(1)
    )
    held = (
        assembly is not None
        and assembly.status in ("closed", "locked")
        and bool(assembly.quorum_reached)
    )
    return AccountsDeadline(
        year_end.year, year_end, deadline, assembly, held, not held and today > deadline
    )
