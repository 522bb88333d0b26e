"""General assemblies: the assembly, its agenda, documents, convocations, proxies, attendance."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from scic.cooperatives.models import Cooperative
from scic.core import clock
from scic.core.db import UTCDateTime, db
from scic.core.records import AppendOnly
from scic.membership.models import Member


class Assembly(db.Model):
    """An assemblée générale (or a SARL written consultation)."""

    __tablename__ = "assemblies"

    id: Mapped[int] = mapped_column(primary_key=True)
    cooperative_id: Mapped[int] = mapped_column(ForeignKey("cooperatives.id"), index=True)
    #: ordinary, extraordinary, combined, ordinary_reinforced, written.
    type: Mapped[str] = mapped_column(String(24))
    #: 1 (first convocation) or 2 (second, after a missed quorum).
    call_number: Mapped[int] = mapped_column(Integer, default=1)
    #: The first-call assembly this second call follows, if any.
    first_call_id: Mapped[int | None] = mapped_column(ForeignKey("assemblies.id"), default=None)
    title: Mapped[str] = mapped_column(String(300))
    #: Aware UTC start time.
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    place: Mapped[str] = mapped_column(String(300), default="")
    video_link: Mapped[str] = mapped_column(String(500), default="")
    #: none, hybrid, fully_remote.
    remote_mode: Mapped[str] = mapped_column(String(16), default="none")
    #: Financial year whose accounts it approves (R-AG-1), if any.
    approves_accounts_of: Mapped[int | None] = mapped_column(Integer, default=None)
    #: draft, convened, open, closed, locked.
    status: Mapped[str] = mapped_column(String(16), default="draft")
    convocation_sent_on: Mapped[date | None] = mapped_column(Date, default=None)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    #: Set when the minutes are signed by every required signatory: nothing changes after.
    locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    #: Bureau: chair, secretary and scrutineers, as free text names.
    chair_name: Mapped[str] = mapped_column(String(200), default="")
    secretary_name: Mapped[str] = mapped_column(String(200), default="")
    scrutineers: Mapped[str] = mapped_column(String(400), default="")
    #: SARL: the manager(s) who sign the minutes with the chair (R223-24), comma-separated.
    managers: Mapped[str] = mapped_column(String(400), default="")
    #: Quorum frozen when the session closes (the minutes and a second call read these).
    quorum_entitled: Mapped[int | None] = mapped_column(Integer, default=None)
    quorum_participants: Mapped[int | None] = mapped_column(Integer, default=None)
    quorum_required_count: Mapped[int | None] = mapped_column(Integer, default=None)
    quorum_reached: Mapped[bool | None] = mapped_column(Boolean, default=None)
    #: Free summary of the debates for the minutes.
    debates_summary: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    version: Mapped[int] = mapped_column(Integer, default=1)

    cooperative: Mapped[Cooperative] = relationship()
    agenda_items: Mapped[list[AgendaItem]] = relationship(
        back_populates="assembly", order_by="AgendaItem.position"
    )
    documents: Mapped[list[Document]] = relationship(
        back_populates="assembly", order_by="Document.id"
    )
    incidents: Mapped[list[Incident]] = relationship(
        back_populates="assembly", order_by="Incident.occurred_at"
    )
    signatures: Mapped[list[MinutesSignature]] = relationship(
        back_populates="assembly", order_by="MinutesSignature.signed_at"
    )
    addenda: Mapped[list[Addendum]] = relationship(
        back_populates="assembly", order_by="Addendum.id"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None

    def __repr__(self) -> str:
        return f"<Assembly {self.id} {self.type} {self.starts_at:%Y-%m-%d}>"


class AgendaItem(db.Model):
    """An item of the agenda (ordre du jour)."""

    __tablename__ = "agenda_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int] = mapped_column(ForeignKey("assemblies.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")

    assembly: Mapped[Assembly] = relationship(back_populates="agenda_items")

    def __repr__(self) -> str:
        return f"<AgendaItem {self.position} {self.title!r}>"


class Proxy(db.Model):
    """A proxy (pouvoir) from one member to another, or blank to the chair (holder None)."""

    __tablename__ = "proxies"

    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int] = mapped_column(ForeignKey("assemblies.id"), index=True)
    grantor_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    #: None: a blank proxy to the chair (R-AG-7).
    holder_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), default=None)
    signed_on: Mapped[date] = mapped_column(Date)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    grantor: Mapped[Member] = relationship(foreign_keys=[grantor_id])
    holder: Mapped[Member | None] = relationship(foreign_keys=[holder_id])
    assembly: Mapped[Assembly] = relationship()

    @property
    def is_blank(self) -> bool:
        return self.holder_id is None

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None

    def __repr__(self) -> str:
        return f"<Proxy {self.id} {self.grantor_id}->{self.holder_id}>"


class AttendanceEntry(AppendOnly, db.Model):
    """A line of the attendance sheet (feuille de présence); one per member and assembly.

    Never updated nor deleted: a mistake or a departure is an ``AttendanceCorrection``.
    """

    __tablename__ = "attendance_entries"
    __table_args__ = (UniqueConstraint("assembly_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int] = mapped_column(ForeignKey("assemblies.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    #: present, deemed_present (remote), represented, correspondence, absent.
    mode: Mapped[str] = mapped_column(String(20))
    #: For ``represented``: the proxy (named or blank) under which the member takes part.
    proxy_id: Mapped[int | None] = mapped_column(ForeignKey("proxies.id"), default=None)
    #: The member's college at the assembly.
    college_id: Mapped[int | None] = mapped_column(ForeignKey("colleges.id"), default=None)
    #: Who signed for an organisation or a local authority (representative's name).
    signed_by: Mapped[str] = mapped_column(String(200), default="")
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    counts_for_quorum: Mapped[bool] = mapped_column(Boolean, default=True)

    member: Mapped[Member] = relationship()
    proxy: Mapped[Proxy | None] = relationship()

    #: Personal fields that pseudonymisation clears even once the minutes are signed.
    __personal_columns__ = frozenset({"signed_by"})
    __mutable_columns__ = __personal_columns__

    def __repr__(self) -> str:
        return f"<AttendanceEntry {self.assembly_id}:{self.member_id} {self.mode}>"


class AttendanceCorrection(AppendOnly, db.Model):
    """A correcting entry of the attendance sheet: the member's mode from now on (R-AG-13).

    The line it corrects is never updated nor deleted: the latest correction of a member's
    line (highest id) is the member's state; the audit log shows each one. Written only while
    the session is not closed.
    """

    __tablename__ = "attendance_corrections"

    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int] = mapped_column(ForeignKey("assemblies.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    #: The original line of the attendance sheet this entry corrects.
    entry_id: Mapped[int] = mapped_column(ForeignKey("attendance_entries.id"), index=True)
    #: The mode before this correction (what the sheet said) and the mode from now on.
    previous_mode: Mapped[str] = mapped_column(String(20))
    mode: Mapped[str] = mapped_column(String(20))
    #: error (recorded by mistake), departure (left the session) or return (came back).
    reason: Mapped[str] = mapped_column(String(16))
    #: For ``represented``: the proxy under which the member takes part from now on.
    proxy_id: Mapped[int | None] = mapped_column(ForeignKey("proxies.id"), default=None)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)

    def __repr__(self) -> str:
        return f"<AttendanceCorrection {self.assembly_id}:{self.member_id} {self.mode}>"


class Document(db.Model):
    """A document made available to members: accounts, reports, draft resolutions, forms.

    The file lives in ``instance/uploads/assemblies/``; its stored name is generated, never the
    uploader's, so it cannot escape that folder.
    """

    __tablename__ = "assembly_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int] = mapped_column(ForeignKey("assemblies.id"), index=True)
    #: accounts, management_report, revision_report, auditor_report, draft_resolutions, form, other.
    kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(300))
    #: The uploader's file name (shown and used for downloads, sanitised).
    filename: Mapped[str] = mapped_column(String(255))
    #: Generated name inside the uploads folder.
    stored_name: Mapped[str] = mapped_column(String(80), unique=True)
    mimetype: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    #: SHA-256 of the content (proof of what was made available).
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    #: Withdrawn documents stay recorded (the convocation may have carried them).
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    assembly: Mapped[Assembly] = relationship(back_populates="documents")

    def __repr__(self) -> str:
        return f"<Document {self.id} {self.kind}>"


class ConvocationRecord(db.Model):
    """Proof that a member was convened: how and when (DOMAIN §6.6 step 4)."""

    __tablename__ = "convocation_records"
    __table_args__ = (UniqueConstraint("assembly_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int] = mapped_column(ForeignKey("assemblies.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    #: email, letter or registered_letter.
    channel: Mapped[str] = mapped_column(String(20))
    #: Legal date of sending.
    sent_on: Mapped[date] = mapped_column(Date)
    #: Exact time of an e-mail; None for paper.
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    #: Address the convocation went to (e-mail or postal address at sending).
    address: Mapped[str] = mapped_column(String(400), default="")

    #: Personal fields that pseudonymisation clears even once the minutes are signed.
    __personal_columns__ = frozenset({"address"})
    #: Registered-letter number (lettre recommandée), if sent that way.
    registered_number: Mapped[str] = mapped_column(String(64), default="")
    #: Proof: the e-mail's Message-ID, or a note on the paper sending.
    proof: Mapped[str] = mapped_column(String(300), default="")
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)

    member: Mapped[Member] = relationship()

    def __repr__(self) -> str:
        return f"<ConvocationRecord {self.assembly_id}:{self.member_id} {self.channel}>"


class Incident(db.Model):
    """An incident during the session, e.g. a video outage (R-AG-9: recorded in the minutes)."""

    __tablename__ = "assembly_incidents"

    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int] = mapped_column(ForeignKey("assemblies.id"), index=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    description: Mapped[str] = mapped_column(Text)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    assembly: Mapped[Assembly] = relationship(back_populates="incidents")


class MinutesSignature(db.Model):
    """A signature of the minutes by one required signatory (§6.9), with identity and time."""

    __tablename__ = "minutes_signatures"
    __table_args__ = (UniqueConstraint("assembly_id", "role", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int] = mapped_column(ForeignKey("assemblies.id"), index=True)
    #: chair, secretary, scrutineer or manager.
    role: Mapped[str] = mapped_column(String(20))
    #: The signatory's name as in the bureau.
    name: Mapped[str] = mapped_column(String(200))
    #: The account that signed.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime)

    assembly: Mapped[Assembly] = relationship(back_populates="signatures")


class Addendum(AppendOnly, db.Model):
    """A correction appended to locked minutes; never edited nor deleted."""

    __tablename__ = "assembly_addenda"

    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int] = mapped_column(ForeignKey("assemblies.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    #: The author's name at the time of writing.
    author_name: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    assembly: Mapped[Assembly] = relationship(back_populates="addenda")


class AssemblyLockedError(RuntimeError):
    """Raised at flush time when code tries to change an assembly whose minutes are signed."""


#: Rows that belong to an assembly and freeze with it (addenda are the one way to add).
LOCKED_WITH_ASSEMBLY = (
    AgendaItem,
    Proxy,
    AttendanceEntry,
    AttendanceCorrection,
    Document,
    ConvocationRecord,
    Incident,
    MinutesSignature,
)


def _locked_before_this_flush(assembly: Assembly | None) -> bool:
    if assembly is None or assembly.locked_at is None:
        return False
    history = db.inspect(assembly).attrs.locked_at.history
    return not history.added  # locked_at was already set before the changes being flushed


def _only_personal_changes(obj) -> bool:
    """True when every changed column is one of the row's ``__personal_columns__``."""
    personal = getattr(type(obj), "__personal_columns__", frozenset())
    changed = {a.key for a in db.inspect(obj).attrs if a.history.has_changes()}
    return bool(changed) and changed <= personal


@event.listens_for(Session, "before_flush")
def _refuse_changes_to_locked_assemblies(session, flush_context, instances):
    """Backstop of services.ensure_editable: nothing of a locked assembly is written."""
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Assembly):
            if obj in session.dirty and not session.is_modified(obj):
                continue
            if obj in session.deleted or obj in session.dirty:
                state = db.inspect(obj)
                was_locked = state.attrs.locked_at.history.deleted or (
                    state.attrs.locked_at.history.unchanged
                )
                if any(value is not None for value in was_locked or ()):
                    raise AssemblyLockedError(f"assembly {obj.id} is locked")
        elif isinstance(obj, LOCKED_WITH_ASSEMBLY):
            if obj in session.dirty and not session.is_modified(obj):
                continue
            if obj in session.dirty and _only_personal_changes(obj):
                continue  # pseudonymisation (GDPR) of a signed assembly's records
            assembly = (
                obj.assembly
                if "assembly" in db.inspect(obj).dict
                else (session.get(Assembly, obj.assembly_id) if obj.assembly_id else None)
            )
            if _locked_before_this_flush(assembly):
                raise AssemblyLockedError(f"assembly {assembly.id} is locked")


class Election(db.Model):
    """An election held by an assembly (R-AG-2): the body, the seats, the term, the candidates
    (one resolution each), and when the results were recorded."""

    __tablename__ = "elections"

    id: Mapped[int] = mapped_column(primary_key=True)
    cooperative_id: Mapped[int] = mapped_column(ForeignKey("cooperatives.id"), index=True)
    assembly_id: Mapped[int] = mapped_column(ForeignKey("assemblies.id"), index=True)
    #: officer_rules.BODY_OF_GOVERNANCE value: board, supervisory_board, president, managers.
    body: Mapped[str] = mapped_column(String(32))
    seats: Mapped[int] = mapped_column(Integer)
    term_years: Mapped[int] = mapped_column(Integer)
    secret: Mapped[bool] = mapped_column(Boolean, default=False)
    results_recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    candidacies: Mapped[list[Candidacy]] = relationship(
        back_populates="election", order_by="Candidacy.id"
    )


class Candidacy(db.Model):
    """A candidate of an election, and the resolution the assembly votes on them."""

    __tablename__ = "candidacies"

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("elections.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), default=None)
    resolution_id: Mapped[int] = mapped_column(ForeignKey("resolutions.id"))
    #: Set when the results are recorded.
    elected: Mapped[bool | None] = mapped_column(Boolean, default=None)

    election: Mapped[Election] = relationship(back_populates="candidacies")


class Officer(db.Model):
    """A director or officer in office, elected by an assembly for a term (R-AG-2)."""

    __tablename__ = "officers"

    id: Mapped[int] = mapped_column(primary_key=True)
    cooperative_id: Mapped[int] = mapped_column(ForeignKey("cooperatives.id"), index=True)
    body: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), default=None)
    elected_on: Mapped[date] = mapped_column(Date)
    term_end: Mapped[date] = mapped_column(Date)
    election_id: Mapped[int | None] = mapped_column(ForeignKey("elections.id"), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
