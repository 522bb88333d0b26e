"""Assembly papers built from what was recorded: minutes, attendance sheet, convocation letter.

Issue 5 item 5 and issue 7 item 3 (DOMAIN §6.6–§6.9, R-AG-*, R-TAL-*, R-LA-5). Everything is
read from the assemblies and voting packages (``scic.assemblies.queries`` and the frozen
``Outcome`` of each resolution, never today's statutes: R-TAL-4) and drawn with
:class:`scic.registers.pdf_assemblies.FlowDocument`. Nothing here writes to the database.

Public entry points: :func:`write_minutes_pdf`, :func:`write_attendance_pdf`,
:func:`write_convocation_pdf`, :func:`write_minutes_register_pdf` and :func:`bundle_documents`
(the audit bundle's optional hook, see ``exports.optional_documents``).
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction
from typing import BinaryIO

from flask_babel import force_locale
from sqlalchemy import select

from scic.assemblies import queries as assembly_queries
from scic.assemblies import rules as assembly_rules
from scic.assemblies.forms import ASSEMBLY_TYPES, DOCUMENT_KINDS, PRESENCE_MODES, REMOTE_MODES
from scic.assemblies.models import Assembly
from scic.capital.queries import holdings_at
from scic.cooperatives.forms_statutes import ABSTENTION_LABELS, METHOD_LABELS, SILENT_LABELS
from scic.cooperatives.models import College, Cooperative
from scic.core.db import db, utcnow
from scic.core.i18n import _, _l
from scic.core.violations import RuleViolation
from scic.membership.models import Deliberation, Member
from scic.registers.pdf_assemblies import (
    LANDSCAPE,
    PORTRAIT,
    FlowDocument,
    Line,
    Page,
    Section,
    Table,
    table_lines,
)
from scic.registers.pdf_base import Column, Formatter, header_of
from scic.registers.queries import PARIS, capital_figures
from scic.voting import queries as voting_queries
from scic.voting.models import Ballot, Resolution
from scic.voting.rules import Majority, MajorityKind, Method
from scic.voting.services import Snapshot, current_mandate, snapshot_of_outcome

logger = logging.getLogger(__name__)

#: Assemblies whose minutes exist (the session is over); ``locked`` ones are signed.
MINUTES_STATUSES = ("closed", "locked")

SIGNATORY_LABELS = {
    "chair": _l("Chair"),
    "secretary": _l("Secretary"),
    "scrutineer": _l("Scrutineer"),
    "manager": _l("Manager"),
}
CHANNEL_LABELS = {
    "email": _l("E-mail"),
    "letter": _l("Letter"),
    "registered_letter": _l("Registered letter"),
}
RESOLUTION_KIND_LABELS = {
    "ordinary": _l("Ordinary"),
    "extraordinary": _l("Extraordinary"),
    "exclusion": _l("Exclusion of a member"),
}


def _label(table, key: str | None) -> str:
    if isinstance(table, list):
        table = dict(table)
    return str(table.get(key, key or ""))


# --- What was recorded --------------------------------------------------------------------------


@dataclass(frozen=True)
class ResolutionRecord:
    """A resolution with its frozen result (``result`` is None when it was not voted)."""

    number: int
    title: str
    text: str
    kind: str
    proposed_by: str
    board_approved: bool
    secret: bool
    status: str
    majority: Majority
    result: Snapshot | None


@dataclass(frozen=True)
class AuthorityRecord:
    """A local authority that took part, its representative and deliberation (R-LA-5)."""

    number: int
    name: str
    mode: str
    representative: str
    deliberation_ref: str
    adopted_on: date | None
    executory_on: date | None
    assumed: bool


@dataclass(frozen=True)
class ConvocationSummary:
    """How the assembly was convened: dates, channels, counts (DOMAIN §6.6 step 4)."""

    first_sent_on: date | None
    last_sent_on: date | None
    channels: dict[str, int]
    convened: int
    registered_letters: int


@dataclass(frozen=True)
class MinutesData:
    """Everything the minutes show, read once (the builder does not query)."""

    assembly: Assembly
    day: date
    first_call_day: date | None
    agenda: list[tuple[int, str]]
    convocation: ConvocationSummary
    quorum: assembly_queries.QuorumStatus
    modes: dict[str, int]
    documents: list[tuple[str, str, str, str]]
    resolutions: list[ResolutionRecord]
    authorities: list[AuthorityRecord]
    incidents: list[tuple[datetime, str]]
    signatures: list[tuple[str, str, datetime]]
    pending: list[tuple[str, str]]
    addenda: list[tuple[datetime, str, str]]


def _convocation_summary(assembly: Assembly) -> ConvocationSummary:
    records = list(assembly_queries.convocation_records(assembly).values())
    days = sorted(r.sent_on for r in records)
    return ConvocationSummary(
        first_sent_on=days[0] if days else assembly.convocation_sent_on,
        last_sent_on=days[-1] if days else assembly.convocation_sent_on,
        channels=dict(Counter(r.channel for r in records)),
        convened=len(records),
        registered_letters=sum(1 for r in records if r.registered_number),
    )


def _resolutions(assembly: Assembly) -> list[ResolutionRecord]:
    out = []
    for resolution in voting_queries.resolutions_of(assembly):
        outcome = resolution.outcome
        out.append(
            ResolutionRecord(
                number=resolution.number,
                title=resolution.title,
                text=resolution.text,
                kind=resolution.kind,
                proposed_by=resolution.proposed_by,
                board_approved=resolution.board_approved,
                secret=resolution.secret,
                status=resolution.status,
                majority=Majority.parse(outcome.majority if outcome else resolution.majority),
                result=snapshot_of_outcome(outcome) if outcome is not None else None,
            )
        )
    return out


def _deliberation_of(member: Member, mandate, day: date) -> Deliberation | None:
    """The deliberation behind the representative: the mandate's, else the latest adopted."""
    if mandate is not None and mandate.deliberation is not None:
        return mandate.deliberation
    candidates = [
        d
        for d in member.deliberations
        if d.purpose in ("representative", "membership") and d.adopted_on <= day
    ]
    candidates.sort(key=lambda d: (d.purpose == "representative", d.adopted_on, d.id))
    return candidates[-1] if candidates else None


def _authorities(assembly: Assembly, sheet, day: date) -> list[AuthorityRecord]:
    """Local authorities that took part (any mode but absent), with who acted for them."""
    out = []
    for row in sheet:
        member = row.member
        if member.kind != "local_authority" or row.mode == assembly_rules.PresenceMode.ABSENT:
            continue
        mandate = current_mandate(member, day)
        person = row.signed_by or db.session.scalar(
            select(Ballot.cast_by_name)
            .join(Resolution, Resolution.id == Ballot.resolution_id)
            .where(
                Resolution.assembly_id == assembly.id,
                Ballot.member_id == member.id,
                Ballot.cast_by_name != "",
            )
            .order_by(Ballot.id)
            .limit(1)
        )
        person = person or (mandate.full_name if mandate else "")
        deliberation = _deliberation_of(member, mandate, day)
        out.append(
            AuthorityRecord(
                number=member.number,
                name=member.display_name,
                mode=row.mode,
                representative=person,
                deliberation_ref=deliberation.reference if deliberation else "",
                adopted_on=deliberation.adopted_on if deliberation else None,
                executory_on=deliberation.executory_on if deliberation else None,
                assumed=bool(deliberation and deliberation.executory_assumed),
            )
        )
    return out


def minutes_data(assembly: Assembly) -> MinutesData:
    """Read everything the minutes of ``assembly`` show (§6.9)."""
    day = assembly_queries.assembly_day(assembly)
    sheet = assembly_queries.attendance_sheet(assembly)
    state = assembly_queries.minutes_state(assembly)
    first_call = (
        db.session.get(Assembly, assembly.first_call_id) if assembly.first_call_id else None
    )
    return MinutesData(
        assembly=assembly,
        day=day,
        first_call_day=assembly_queries.assembly_day(first_call) if first_call else None,
        agenda=[(item.position, item.title) for item in assembly.agenda_items],
        convocation=_convocation_summary(assembly),
        quorum=assembly_queries.quorum_status(assembly),
        modes=dict(Counter(row.mode for row in sheet)),
        documents=[
            (d.kind, d.title, d.filename, d.sha256)
            for d in assembly_queries.active_documents(assembly)
        ],
        resolutions=_resolutions(assembly),
        authorities=_authorities(assembly, sheet, day),
        incidents=[(i.occurred_at, i.description) for i in assembly.incidents],
        signatures=[(s.role, s.name, s.signed_at) for s in state.signed],
        pending=list(state.pending),
        addenda=[(a.created_at, a.author_name, a.text) for a in assembly.addenda],
    )


# --- Formatting helpers -------------------------------------------------------------------------


def _time(fmt: Formatter, value: datetime | None) -> str:
    """A day and time in Paris, without seconds."""
    if value is None:
        return ""
    local = value.astimezone(PARIS)
    return f"{fmt.day(local.date())} {local:%H:%M}"


def _fraction(value: Fraction) -> str:
    return f"{value.numerator}/{value.denominator}"


def majority_text(fmt: Formatter, majority: Majority) -> str:
    """The threshold applied: "more than 1/2" (strict) or "at least 2/3" (R-TAL-1)."""
    if majority.kind is MajorityKind.MORE_THAN:
        return _(
            "more than %(threshold)s (> %(percent)s) of the votes cast",
            threshold=_fraction(majority.threshold),
            percent=fmt.percent(majority.threshold),
        )
    return _(
        "at least %(threshold)s (>= %(percent)s) of the votes cast",
        threshold=_fraction(majority.threshold),
        percent=fmt.percent(majority.threshold),
    )


def _kind_title(assembly: Assembly) -> str:
    return _label(ASSEMBLY_TYPES, assembly.type)


def _call_text(assembly: Assembly) -> str:
    return _("first call") if assembly.call_number == 1 else _("second call")


def _footer(fmt: Formatter, now: datetime, what: str) -> str:
    return _("Generated on %(when)s — %(what)s", when=fmt.moment(now), what=what)


# --- Minutes ------------------------------------------------------------------------------------

RESULT_WIDTHS = (107, 42, 46, 38, 36, 40, 42, 54, 63, 63)


def _result_table() -> Table:
    labels = (
        _("College"),
        _("Weight"),
        _("Registered"),
        _("Voted"),
        _("For"),
        _("Against"),
        _("Abstained"),
        _("Eff. weight"),
        _("Contrib. for"),
        _("Contrib. against"),
    )
    aligns = ("left",) + ("right",) * 9
    return Table(
        tuple(Column(t, w, a) for t, w, a in zip(labels, RESULT_WIDTHS, aligns, strict=True))
    )


def _resolution_lines(doc: FlowDocument, fmt: Formatter, record: ResolutionRecord) -> list[Line]:
    lines = [Line("gap")]
    lines += doc.paragraph(
        _("Resolution no. %(number)s — %(title)s", number=record.number, title=record.title),
        style="h",
    )
    if record.text:
        lines += doc.paragraph(record.text)
    lines += doc.kv(
        _("Kind"),
        " — ".join(
            (
                _label(RESOLUTION_KIND_LABELS, record.kind),
                _("proposed by the board")
                if record.proposed_by == "board"
                else _("proposed by members"),
                _("approved by the board")
                if record.board_approved
                else _("not approved by the board"),
                _("secret ballot") if record.secret else _("open ballot"),
            )
        ),
    )
    result = record.result
    if result is None:
        lines += doc.kv(_("Result"), _("Not put to the vote."))
        return lines
    headcount = result.rules.method is Method.HEADCOUNT
    lines += doc.kv(
        _("Counting method"),
        " — ".join(
            (
                _label(METHOD_LABELS, result.rules.method.value),
                _(
                    "abstentions: %(rule)s",
                    rule=_label(ABSTENTION_LABELS, result.rules.abstentions.value),
                ),
                _(
                    "silent college: %(rule)s",
                    rule=_label(SILENT_LABELS, result.rules.silent_college.value),
                ),
            )
        ),
    )
    if not headcount:
        weights = ", ".join(
            f"{c.code} {fmt.percent(c.weight / 100)}"
            for c in result.colleges
            if c.code is not None and c.weight is not None
        )
        lines += doc.kv(
            _("College weights used"),
            _("%(weights)s (in force on %(day)s)", weights=weights, day=fmt.day(result.weights_on)),
        )
    lines += doc.kv(_("Majority required"), majority_text(fmt, result.majority))
    hidden = set(result.small_colleges or ())
    rows = []
    for c in result.colleges:
        secret_detail = (c.code or "") in hidden
        dash = "—"
        rows.append(
            (
                f"{c.code} {c.name}".strip() if c.code else (c.name or _("All members")),
                dash if headcount or c.weight is None else fmt.percent(c.weight / 100),
                fmt.number(c.entitled),
                fmt.number(c.voted),
                dash if secret_detail else fmt.number(c.for_),
                dash if secret_detail else fmt.number(c.against),
                dash if secret_detail else fmt.number(c.abstain),
                dash if headcount else fmt.percent(c.effective_weight),
                dash if headcount or secret_detail else fmt.percent(c.for_share),
                dash if headcount or secret_detail else fmt.percent(c.against_share),
            )
        )
    lines += table_lines(_result_table(), rows)
    totals = (
        _("Total"),
        "",
        fmt.number(result.entitled),
        fmt.number(result.voted),
        fmt.number(sum(c.for_ for c in result.colleges)) if not hidden else "—",
        fmt.number(sum(c.against for c in result.colleges)) if not hidden else "—",
        fmt.number(sum(c.abstain for c in result.colleges)) if not hidden else "—",
        "",
        fmt.percent(result.share_for),
        fmt.percent(1 - result.share_for) if result.share_for is not None else "—",
    )
    lines.append(Line("row", cells=totals, table=_result_table()))
    if hidden:
        lines += doc.paragraph(
            _(
                "Secret ballot: the detail of colleges with fewer than three voters is withheld"
                " (%(colleges)s).",
                colleges=", ".join(sorted(hidden)),
            ),
            style="small",
        )
    lines += doc.kv(
        _("Share of the votes for"),
        fmt.percent(result.share_for) if result.share_for is not None else _("no vote expressed"),
    )
    lines.append(
        Line(
            "b",
            _("Resolution no. %(number)s is ADOPTED.", number=record.number)
            if result.adopted
            else _("Resolution no. %(number)s is REJECTED.", number=record.number),
        )
    )
    return lines


def minutes_title(fmt: Formatter, assembly: Assembly) -> str:
    day = assembly_queries.assembly_day(assembly)
    title = _("Minutes — %(kind)s of %(day)s", kind=_kind_title(assembly), day=fmt.day(day))
    if assembly.locked_at is None:
        title += " — " + _("draft, signatures pending")
    return title


def minutes_section(doc: FlowDocument, fmt: Formatter, data: MinutesData) -> Section:
    """The minutes (procès-verbal) of one assembly, as a section of fixed-height lines."""
    a = data.assembly
    lines: list[Line] = []
    lines += doc.paragraph(a.title, style="h1")
    lines += doc.kv(_("Kind of assembly"), f"{_kind_title(a)} ({_call_text(a)})")
    if data.first_call_day:
        lines += doc.kv(
            _("First call"), _("held on %(day)s without quorum", day=fmt.day(data.first_call_day))
        )
    lines += doc.kv(_("Date and time"), _("%(when)s (Paris time)", when=_time(fmt, a.starts_at)))
    if a.place:
        lines += doc.kv(_("Place"), a.place)
    if a.video_link:
        lines += doc.kv(_("Video link"), a.video_link)
    lines += doc.kv(_("Participation"), _label(REMOTE_MODES, a.remote_mode))
    if a.opened_at:
        lines += doc.kv(_("Session opened"), _time(fmt, a.opened_at))
    if a.closed_at:
        lines += doc.kv(_("Session closed"), _time(fmt, a.closed_at))

    # Convocation
    c = data.convocation
    lines += [Line("gap"), Line("h", _("Convocation"))]
    if c.first_sent_on is None:
        lines += doc.paragraph(_("No convocation was recorded."))
    else:
        sent = (
            fmt.day(c.first_sent_on)
            if c.first_sent_on == c.last_sent_on
            else _(
                "from %(start)s to %(end)s",
                start=fmt.day(c.first_sent_on),
                end=fmt.day(c.last_sent_on),
            )
        )
        lines += doc.kv(_("Convocation sent"), sent)
        lines += doc.kv(
            _("Members convened"),
            _(
                "%(convened)s of %(entitled)s members entitled to vote",
                convened=fmt.number(c.convened),
                entitled=fmt.number(data.quorum.entitled),
            ),
        )
        for channel, count in sorted(c.channels.items()):
            lines += doc.kv("  " + _label(CHANNEL_LABELS, channel), fmt.number(count))
        if c.registered_letters:
            lines += doc.kv(
                _("Registered-letter numbers recorded"), fmt.number(c.registered_letters)
            )

    # Bureau
    lines += [Line("gap"), Line("h", _("Officers of the assembly"))]
    lines += doc.kv(_("Chair"), a.chair_name or "—")
    lines += doc.kv(_("Secretary"), a.secretary_name or "—")
    lines += doc.kv(_("Scrutineers"), a.scrutineers or "—")
    if a.managers:
        lines += doc.kv(_("Managers"), a.managers)

    # Attendance and quorum
    q = data.quorum
    lines += [Line("gap"), Line("h", _("Attendance and quorum"))]
    lines += doc.kv(_("Members entitled to vote"), fmt.number(q.entitled))
    lines += doc.kv(
        _("Members taking part"),
        _(
            "%(participants)s of %(entitled)s (present, remote, represented or by post)",
            participants=fmt.number(q.participants),
            entitled=fmt.number(q.entitled),
        ),
    )
    lines += doc.kv(
        _("Quorum required"),
        _(
            "%(ratio)s of the members, i.e. %(count)s",
            ratio=fmt.percent(q.required_ratio),
            count=fmt.number(q.required_count),
        ),
    )
    lines += doc.kv(
        _("Quorum"),
        _(
            "reached (%(participants)s / %(entitled)s)",
            participants=q.participants,
            entitled=q.entitled,
        )
        if q.reached
        else _(
            "NOT reached (%(participants)s / %(entitled)s)",
            participants=q.participants,
            entitled=q.entitled,
        ),
    )
    for mode, label in PRESENCE_MODES:
        lines += doc.kv("  " + str(label), fmt.number(data.modes.get(mode, 0)))
    lines += doc.paragraph(
        _("The attendance sheet and the proxies are annexed to these minutes."), style="small"
    )

    # Agenda and documents
    lines += [Line("gap"), Line("h", _("Agenda"))]
    for position, title in data.agenda:
        lines += doc.paragraph(f"{position}. {title}")
    lines += [Line("gap"), Line("h", _("Documents made available to the members"))]
    if not data.documents:
        lines += doc.paragraph(_("No document was made available."))
    for kind, title, filename, sha256 in data.documents:
        lines += doc.paragraph(
            f"{_label(DOCUMENT_KINDS, kind)}: {title} ({filename}) — SHA-256 {sha256[:16]}…"
        )

    # Resolutions
    lines += [Line("gap"), Line("h", _("Resolutions and votes"))]
    if not data.resolutions:
        lines += doc.paragraph(_("No resolution was put to the vote."))
    for record in data.resolutions:
        lines += _resolution_lines(doc, fmt, record)

    # Local authorities
    lines += [Line("gap"), Line("h", _("Local authorities that took part"))]
    if not data.authorities:
        lines += doc.paragraph(_("No local authority took part."))
    for la in data.authorities:
        text = _(
            "no. %(number)s %(name)s (%(mode)s), represented by %(person)s",
            number=la.number,
            name=la.name,
            mode=_label(PRESENCE_MODES, la.mode).lower(),
            person=la.representative or "—",
        )
        if la.deliberation_ref:
            text += " — " + _(
                "deliberation %(ref)s of %(date)s, executory on %(executory)s",
                ref=la.deliberation_ref,
                date=fmt.day(la.adopted_on),
                executory=fmt.day(la.executory_on) or "—",
            )
            if la.assumed:
                text += " " + _("(executory date assumed)")
        else:
            text += " — " + _("no deliberation recorded")
        lines += doc.paragraph(text)

    # Incidents, debates
    lines += [Line("gap"), Line("h", _("Incidents"))]
    if not data.incidents:
        lines += doc.paragraph(_("No incident was recorded."))
    for when, description in data.incidents:
        lines += doc.paragraph(f"{_time(fmt, when)} — {description}")
    lines += [Line("gap"), Line("h", _("Summary of the debates"))]
    lines += doc.paragraph(a.debates_summary or _("No summary was recorded."))

    # Signatures
    lines += [Line("gap"), Line("h", _("Signatures"))]
    for role, name, signed_at in data.signatures:
        lines += doc.kv(
            f"{_label(SIGNATORY_LABELS, role)}: {name}",
            _("signed on %(when)s", when=fmt.moment(signed_at)),
        )
    for role, name in data.pending:
        lines += doc.kv(f"{_label(SIGNATORY_LABELS, role)}: {name}", _("pending"))
    if a.locked_at:
        lines += doc.paragraph(
            _("Minutes signed and locked on %(when)s.", when=fmt.moment(a.locked_at)),
            style="small",
        )
    else:
        lines += doc.paragraph(
            _("These minutes are not signed yet: they may still change."), style="small"
        )

    # Addenda
    if data.addenda:
        lines += [Line("gap"), Line("h", _("Addenda"))]
        for created_at, author, text in data.addenda:
            lines.append(
                Line(
                    "b",
                    _(
                        "Addendum of %(when)s by %(author)s",
                        when=fmt.moment(created_at),
                        author=author or "—",
                    ),
                )
            )
            lines += doc.paragraph(text, indent=10)
    return Section(minutes_title(fmt, a), lines)


def _minutes_document(cooperative: Cooperative, fmt: Formatter, now: datetime, what: str):
    return FlowDocument(
        header=header_of(cooperative), footer=_footer(fmt, now, what), pagesize=PORTRAIT
    )


def write_minutes_pdf(
    target: str | BinaryIO, assembly: Assembly, *, locale: str, now: datetime
) -> int:
    """Draw the minutes of ``assembly`` (§6.9); return the page count."""
    with force_locale(locale):
        fmt = Formatter(locale)
        data = minutes_data(assembly)
        doc = _minutes_document(assembly.cooperative, fmt, now, assembly_label(fmt, assembly))
        return doc.draw(target, [minutes_section(doc, fmt, data)])


def assembly_label(fmt: Formatter, assembly: Assembly) -> str:
    """Short name of an assembly for footers and lists."""
    return _(
        "%(kind)s of %(day)s",
        kind=_kind_title(assembly),
        day=fmt.day(assembly_queries.assembly_day(assembly)),
    )


# --- Register of minutes ------------------------------------------------------------------------


def locked_assemblies(
    cooperative: Cooperative, start: date | None = None, end: date | None = None
) -> list[Assembly]:
    """The cooperative's assemblies with signed minutes, in date order (optionally a period)."""
    return _assemblies(cooperative, ("locked",), start, end)


def _assemblies(
    cooperative: Cooperative, statuses: tuple[str, ...], start: date | None, end: date | None
) -> list[Assembly]:
    query = (
        select(Assembly)
        .where(Assembly.cooperative_id == cooperative.id, Assembly.status.in_(statuses))
        .order_by(Assembly.starts_at, Assembly.id)
    )
    if start is not None:
        query = query.where(
            Assembly.starts_at >= datetime.combine(start, datetime.min.time(), PARIS)
        )
    if end is not None:
        query = query.where(Assembly.starts_at <= datetime.combine(end, datetime.max.time(), PARIS))
    return list(db.session.scalars(query))


def write_minutes_register_pdf(
    target: str | BinaryIO, cooperative: Cooperative, *, locale: str, now: datetime
) -> int:
    """The register of minutes: a contents page, then the signed minutes of every locked
    assembly in date order, numbered across (DOMAIN §7, issue 5 item 5)."""
    with force_locale(locale):
        fmt = Formatter(locale)
        doc = _minutes_document(
            cooperative, fmt, now, _("Register of minutes of %(name)s", name=cooperative.name)
        )
        assemblies = locked_assemblies(cooperative)
        bodies: list[list[Page]] = [
            doc.paginate([minutes_section(doc, fmt, minutes_data(a))]) for a in assemblies
        ]
        contents_title = _("Register of minutes")

        def contents(offset: int) -> list[Page]:
            lines = [Line("h", _("Contents"))]
            if not assemblies:
                lines += doc.paragraph(_("No signed minutes yet."))
            page = offset + 1
            for assembly, body in zip(assemblies, bodies, strict=True):
                lines += doc.kv(
                    _("page %(page)s", page=page),
                    f"{assembly_label(fmt, assembly)} — {assembly.title}",
                )
                page += len(body)
            return doc.paginate([Section(contents_title, lines)])

        cover = contents(0)
        cover = contents(len(cover))  # same length: only page numbers change
        pages = cover + [page for body in bodies for page in body]
        return doc.draw_pages(target, pages)


# --- Attendance sheet ---------------------------------------------------------------------------

ATTENDANCE_WIDTHS = (34, 160, 180, 50, 44, 90, 220)
PROXY_WIDTHS = (40, 200, 70, 230, 80, 158)


@dataclass(frozen=True)
class AttendanceData:
    assembly: Assembly
    day: date
    rows: list[assembly_queries.AttendanceRow]
    shares: dict[int, int]
    colleges: dict[int, str]
    proxies: list
    quorum: assembly_queries.QuorumStatus


def attendance_data(assembly: Assembly) -> AttendanceData:
    day = assembly_queries.assembly_day(assembly)
    colleges = {
        c.id: c.code
        for c in db.session.scalars(
            select(College).where(College.cooperative_id == assembly.cooperative_id)
        )
    }
    return AttendanceData(
        assembly=assembly,
        day=day,
        rows=sorted(assembly_queries.attendance_sheet(assembly), key=lambda r: r.member.number),
        shares={k: h.shares for k, h in holdings_at(assembly.cooperative_id, day).items()},
        colleges=colleges,
        proxies=assembly_queries.all_proxies(assembly),
        quorum=assembly_queries.quorum_status(assembly),
    )


def _attendance_note(fmt: Formatter, row) -> str:
    mode = row.mode
    if mode == "represented":
        if row.blank_proxy:
            return _("blank proxy to the chair")
        holder = row.holder
        return _(
            "proxy to no. %(number)s %(name)s",
            number=holder.number if holder else "?",
            name=holder.display_name if holder else "",
        )
    if mode == "correspondence":
        return _("postal vote form received")
    if mode in ("present", "deemed_present"):
        parts = []
        if row.signed_by:
            parts.append(_("signed by %(name)s", name=row.signed_by))
        if row.entry is not None:
            parts.append(_("checked in at %(time)s", time=_time(fmt, row.entry.recorded_at)))
        return ", ".join(parts)
    return ""


def attendance_sections(doc: FlowDocument, fmt: Formatter, data: AttendanceData) -> list[Section]:
    a = data.assembly
    title = _("Attendance sheet — %(kind)s of %(day)s", kind=_kind_title(a), day=fmt.day(data.day))
    lines: list[Line] = []
    lines += doc.kv(_("Assembly"), f"{a.title} ({_call_text(a)})")
    lines += doc.kv(
        _("Date and place"),
        " — ".join(p for p in (_time(fmt, a.starts_at) + " (Europe/Paris)", a.place) if p),
    )
    labels = (
        _("No."),
        _("Name"),
        _("Domicile or registered office"),
        _("College"),
        _("Shares"),
        _("Mode"),
        _("Proxy holder or signature"),
    )
    aligns = ("right", "left", "left", "left", "right", "left", "left")
    table = Table(
        tuple(Column(t, w, al) for t, w, al in zip(labels, ATTENDANCE_WIDTHS, aligns, strict=True))
    )
    rows = []
    modes: Counter[str] = Counter()
    shares_by_mode: Counter[str] = Counter()
    for row in data.rows:
        shares = data.shares.get(row.member.id, 0)
        modes[row.mode] += 1
        shares_by_mode[row.mode] += shares
        rows.append(
            (
                str(row.member.number),
                row.member.display_name,
                row.member.address or "",
                data.colleges.get(row.college_id, "") if row.college_id else "",
                fmt.number(shares),
                _label(PRESENCE_MODES, row.mode),
                _attendance_note(fmt, row),
            )
        )
    lines.append(Line("gap"))
    lines += table_lines(table, rows)
    lines += [Line("gap"), Line("h", _("Totals"))]
    for mode, label in PRESENCE_MODES:
        lines += doc.kv(
            str(label),
            _(
                "%(members)s members, %(shares)s shares",
                members=fmt.number(modes.get(mode, 0)),
                shares=fmt.number(shares_by_mode.get(mode, 0)),
            ),
        )
    participants = sum(v for k, v in modes.items() if k != "absent")
    lines += doc.kv(
        _("Members listed"),
        _(
            "%(members)s members, %(shares)s shares",
            members=fmt.number(len(data.rows)),
            shares=fmt.number(sum(shares_by_mode.values())),
        ),
    )
    q = data.quorum
    lines += doc.kv(
        _("Quorum"),
        _(
            "%(participants)s taking part of %(entitled)s entitled; %(count)s required (%(ratio)s)"
            " — %(state)s",
            participants=fmt.number(participants if not q.frozen else q.participants),
            entitled=fmt.number(q.entitled),
            count=fmt.number(q.required_count),
            ratio=fmt.percent(q.required_ratio),
            state=_("reached") if q.reached else _("not reached"),
        ),
    )
    lines += [Line("gap"), Line("h", _("Certified accurate by the officers of the assembly"))]
    officers = [("chair", a.chair_name), ("secretary", a.secretary_name)]
    officers += [("scrutineer", name) for name in assembly_rules.split_names(a.scrutineers)]
    for role, name in officers:
        lines.append(
            Line("sign", f"{_label(SIGNATORY_LABELS, role)}: {name or '—'}", _("Signature"))
        )

    # Annex: proxies
    annex: list[Line] = []
    proxy_labels = (
        _("No."),
        _("Grantor"),
        _("College"),
        _("Proxy holder"),
        _("Signed on"),
        _("Status"),
    )
    proxy_table = Table(
        tuple(
            Column(t, w, al)
            for t, w, al in zip(
                proxy_labels,
                PROXY_WIDTHS,
                ("right", "left", "left", "left", "left", "left"),
                strict=True,
            )
        )
    )
    proxy_rows = []
    held: Counter[int | None] = Counter()
    for proxy in data.proxies:
        grantor = proxy.grantor
        holder = proxy.holder
        if proxy.revoked_at is None:
            held[proxy.holder_id] += 1
        proxy_rows.append(
            (
                str(grantor.number),
                grantor.display_name,
                data.colleges.get(grantor.college_id, "") if grantor.college_id else "",
                _("blank proxy to the chair")
                if holder is None
                else f"{holder.number} {holder.display_name}",
                fmt.day(proxy.signed_on),
                _("revoked on %(when)s", when=_time(fmt, proxy.revoked_at))
                if proxy.revoked_at
                else _("valid"),
            )
        )
    if proxy_rows:
        annex += table_lines(proxy_table, proxy_rows)
    else:
        annex += doc.paragraph(_("No proxy was given."))
    annex += [Line("gap")]
    annex += doc.kv(
        _("Valid proxies"),
        _(
            "%(total)s, of which %(blank)s blank proxies to the chair",
            total=fmt.number(sum(held.values())),
            blank=fmt.number(held.get(None, 0)),
        ),
    )
    return [
        Section(title, lines),
        Section(_("Annex — proxies (%(title)s)", title=title), annex),
    ]


def write_attendance_pdf(
    target: str | BinaryIO, assembly: Assembly, *, locale: str, now: datetime
) -> int:
    """Draw the attendance sheet with the proxies annexed (§6.7 step 2); return the pages."""
    with force_locale(locale):
        fmt = Formatter(locale)
        data = attendance_data(assembly)
        doc = FlowDocument(
            header=header_of(assembly.cooperative),
            footer=_footer(fmt, now, assembly_label(fmt, assembly)),
            pagesize=LANDSCAPE,
        )
        return doc.draw(target, attendance_sections(doc, fmt, data))


# --- Convocation letter -------------------------------------------------------------------------


def _convocation_section(
    doc: FlowDocument,
    fmt: Formatter,
    assembly: Assembly,
    member: Member | None,
    *,
    letter_day: date,
    capital: tuple[int, int],
    resolutions: list[Resolution],
) -> Section:
    cooperative = assembly.cooperative
    settings = assembly_queries.settings_of(cooperative)
    kind = _kind_title(assembly)
    lines: list[Line] = []
    # Mandatory mentions (Code de commerce R123-237, loi 1947 art. 22).
    lines += doc.kv(_("Company"), f"{cooperative.name} — {cooperative.form_label}")
    lines += doc.kv(
        _("Capital"),
        _(
            "variable; %(amount)s subscribed on %(day)s (floor %(floor)s)",
            amount=fmt.money(capital[0]),
            day=fmt.day(letter_day),
            floor=fmt.money(capital[1]),
        ),
    )
    lines += doc.kv(_("Registered office"), cooperative.registered_office or "—")
    lines += doc.kv(
        _("Registration"),
        cooperative.rcs or (f"SIREN {cooperative.siren}" if cooperative.siren else "—"),
    )
    lines.append(Line("gap"))
    if member is not None:
        lines.append(Line("b", f"{member.display_name} (no. {member.number})"))
        lines += doc.paragraph(member.address or "")
        lines.append(Line("gap"))
    lines += doc.paragraph(_("Date: %(day)s", day=fmt.day(letter_day)))
    lines.append(Line("gap"))
    lines += doc.paragraph(
        _("Dear %(name)s,", name=member.display_name) if member else _("Dear member,")
    )
    lines += doc.paragraph(
        _(
            "You are convened to the %(kind)s of %(cooperative)s (%(call)s), to be held on"
            " %(when)s (Paris time).",
            kind=kind.lower(),
            cooperative=cooperative.name,
            call=_call_text(assembly),
            when=_time(fmt, assembly.starts_at),
        )
    )
    lines += doc.kv(_("Kind of assembly"), kind)
    lines += doc.kv(_("Date and time"), _time(fmt, assembly.starts_at) + " (Europe/Paris)")
    if assembly.place:
        lines += doc.kv(_("Place"), assembly.place)
    if assembly.video_link:
        lines += doc.kv(_("Video link"), assembly.video_link)
    lines += doc.kv(_("Participation"), _label(REMOTE_MODES, assembly.remote_mode))
    lines += [Line("gap"), Line("h", _("Agenda"))]
    for item in assembly.agenda_items:
        lines += doc.paragraph(f"{item.position}. {item.title}")
    if resolutions:
        lines += [Line("gap"), Line("h", _("Draft resolutions"))]
        for resolution in resolutions:
            lines += doc.paragraph(
                _(
                    "Resolution no. %(number)s — %(title)s",
                    number=resolution.number,
                    title=resolution.title,
                )
            )
    documents = assembly_queries.active_documents(assembly)
    if documents:
        lines += [Line("gap"), Line("h", _("Documents made available to the members"))]
        for document in documents:
            lines += doc.paragraph(f"{_label(DOCUMENT_KINDS, document.kind)}: {document.title}")
    lines += [Line("gap"), Line("h", _("How to take part if you cannot attend"))]
    deadline = assembly_rules.correspondence_deadline(
        assembly.starts_at, settings.correspondence_deadline_days
    )
    lines += doc.paragraph(
        _(
            "Vote by post: return the postal voting form so that it is received before"
            " %(deadline)s (Paris time) (R-AG-8).",
            deadline=_time(fmt, deadline),
        )
    )
    proxy_text = _("Proxy: you may give a proxy to another member of the cooperative")
    if settings.proxies_holder_same_college:
        proxy_text += " " + _("of the same college")
    if settings.proxies_max_per_holder:
        proxy_text += " " + _(
            "(at most %(count)s proxies per holder)", count=settings.proxies_max_per_holder
        )
    proxy_text += ". " + _(
        "A proxy returned without a holder's name goes to the chair, who votes for the"
        " resolutions approved by the board and against the others (R-AG-7). A proxy can be"
        " revoked until the session opens."
    )
    lines += doc.paragraph(proxy_text)
    lines += doc.paragraph(
        _(
            "Quorum: %(ratio)s of the members entitled to vote on %(call)s.",
            ratio=fmt.percent(assembly_queries.required_quorum(assembly)),
            call=_call_text(assembly),
        )
    )
    lines.append(Line("gap"))
    lines.append(Line("sign", _("For the board"), _("Signature")))
    title = _(
        "Convocation — %(kind)s of %(day)s",
        kind=kind,
        day=fmt.day(assembly_queries.assembly_day(assembly)),
    )
    return Section(title, lines)


def write_convocation_pdf(
    target: str | BinaryIO,
    assembly: Assembly,
    *,
    locale: str,
    now: datetime,
    members: list[Member] | None = None,
) -> int:
    """The convocation letter with the mandatory mentions (§6.6): one letter per member of
    ``members`` (by default the paper list: voters without consent to e-mail), or a single
    unaddressed letter when the list is empty."""
    with force_locale(locale):
        fmt = Formatter(locale)
        letter_day = assembly.convocation_sent_on or now.astimezone(PARIS).date()
        if members is None:
            members = assembly_queries.paper_recipients(assembly, letter_day)
        capital, _highest, floor = capital_figures(assembly.cooperative, letter_day)
        resolutions = voting_queries.resolutions_of(assembly)
        doc = FlowDocument(
            header=header_of(assembly.cooperative),
            footer=_footer(fmt, now, assembly_label(fmt, assembly)),
            pagesize=PORTRAIT,
        )
        sections = [
            _convocation_section(
                doc,
                fmt,
                assembly,
                member,
                letter_day=letter_day,
                capital=(capital, floor),
                resolutions=resolutions,
            )
            for member in (members or [None])
        ]
        return doc.draw(target, sections)


# --- Files and the audit bundle -----------------------------------------------------------------


def _stem(assembly: Assembly) -> str:
    return f"{assembly_queries.assembly_day(assembly).isoformat()}-ag{assembly.id}"


def minutes_filename(assembly: Assembly) -> str:
    return f"proces-verbal-{_stem(assembly)}.pdf"


def attendance_filename(assembly: Assembly) -> str:
    return f"feuille-presence-{_stem(assembly)}.pdf"


def convocation_filename(assembly: Assembly) -> str:
    return f"convocation-{_stem(assembly)}.pdf"


def register_filename(cooperative: Cooperative) -> str:
    return f"registre-proces-verbaux-{cooperative.slug}.pdf"


def tally_json(assembly: Assembly) -> str | None:
    """The scic-tally/1 export of the assembly's closed resolutions, or None when there is
    none or it cannot be written (``scic.voting.services.export_tally_json`` refuses)."""
    from scic.voting.services import export_tally_json

    try:
        return json.dumps(export_tally_json(assembly), ensure_ascii=False, indent=1)
    except RuleViolation as exc:
        logger.info(
            "No tally export for assembly %s: %s", assembly.id, [v.code for v in exc.violations]
        )
        return None


def bundle_documents(
    cooperative: Cooperative,
    start: date | None,
    end: date,
    *,
    locale: str | None = None,
    now: datetime | None = None,
) -> Iterator[tuple[str, Callable[[BinaryIO], object]]]:
    """Files of the audit bundle for the assemblies held from ``start`` to ``end``: for each
    closed or locked assembly its minutes and attendance sheet (PDF) and its scic-tally/1
    export. Yields ``(name in the zip, writer(binary stream))`` as ``exports.write_bundle``
    expects."""
    if locale is None:
        from scic.core.i18n import _locale

        locale = _locale()
    moment = now or utcnow()
    for assembly in _assemblies(cooperative, MINUTES_STATUSES, start, end):
        folder = f"assemblees/{_stem(assembly)}"

        def minutes(out, assembly=assembly):
            return write_minutes_pdf(out, assembly, locale=locale, now=moment)

        def attendance(out, assembly=assembly):
            return write_attendance_pdf(out, assembly, locale=locale, now=moment)

        yield f"{folder}/proces-verbal.pdf", minutes
        yield f"{folder}/feuille-presence.pdf", attendance
        tally = tally_json(assembly)
        if tally is not None:
            yield (
                f"{folder}/depouillement-scic-tally.json",
                (lambda out, text=tally: out.write(text.encode())),
            )


# --- Helpers for the views and the command line -------------------------------------------------


def minutes_register_rows(cooperative: Cooperative) -> list[Assembly]:
    """Assemblies listed on the register-of-minutes page, in date order: locked ones and
    closed ones whose minutes await signatures."""
    return _assemblies(cooperative, MINUTES_STATUSES, None, None)


DOCUMENT_WRITERS = {
    "minutes": (write_minutes_pdf, minutes_filename),
    "attendance": (write_attendance_pdf, attendance_filename),
    "convocation": (write_convocation_pdf, convocation_filename),
}


def write_assembly_document(
    target: str | BinaryIO,
    document: str,
    cooperative: Cooperative,
    assembly: Assembly | None,
    *,
    locale: str,
    now: datetime,
) -> int:
    """Write ``minutes``, ``attendance``, ``convocation`` (of ``assembly``) or
    ``minutes-register`` (of ``cooperative``)."""
    if document == "minutes-register":
        return write_minutes_register_pdf(target, cooperative, locale=locale, now=now)
    if assembly is None or assembly.cooperative_id != cooperative.id:
        raise ValueError("an assembly of this cooperative is required")
    writer, _name = DOCUMENT_WRITERS[document]
    return writer(target, assembly, locale=locale, now=now)
