"""Members (persons, organisations, local authorities), deliberations and mandates."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scic.cooperatives.models import Category, College, Cooperative
from scic.core import clock
from scic.core.db import UTCDateTime, db


def display_name(kind: str, name: str, first_name: str | None) -> str:
    """How a member is named on screens and in registers: "Name First name" for a person, the
    name alone for an organisation."""
    return f"{name} {first_name or ''}".strip() if kind == "person" else name


class Member(db.Model):
    """An associé. Holdings are never stored here: they derive from the share ledger."""

    __tablename__ = "members"
    __table_args__ = (
        UniqueConstraint("cooperative_id", "number"),
        Index("ix_members_coop_sort", "cooperative_id", "sort_name"),
        Index("ix_members_coop_college", "cooperative_id", "college_id", "sort_name"),
        # "The signed-in user's members in this cooperative" on every vote: two equality
        # columns, so SQLite picks it even before any ANALYZE (docs/performance.md).
        Index("ix_members_user_cooperative", "user_id", "cooperative_id"),
        # Covers the count of voting members per college (every tally and quorum).
        Index(
            "ix_members_coop_college_voting",
            "cooperative_id",
            "college_id",
            "status",
            "admitted_on",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cooperative_id: Mapped[int] = mapped_column(ForeignKey("cooperatives.id"), index=True)
    #: Register number, unique in the cooperative.
    number: Mapped[int] = mapped_column(Integer)
    #: person, organisation, local_authority, other_public.
    kind: Mapped[str] = mapped_column(String(20))
    #: Family name, or the organisation's / authority's name.
    name: Mapped[str] = mapped_column(String(200))
    #: Usual first name (persons).
    first_name: Mapped[str] = mapped_column(String(100), default="")
    #: Lower-cased "name first_name" for sorting and search.
    sort_name: Mapped[str] = mapped_column(String(320), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    #: Domicile or registered office.
    address: Mapped[str] = mapped_column(String(400), default="")
    siren: Mapped[str] = mapped_column(String(9), default="")
    #: commune, epci, departement, region, syndicat, ept, other (local authorities only).
    authority_type: Mapped[str | None] = mapped_column(String(20), default=None)
    #: Current category and college; dated history in MemberPlacement.
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"))
    college_id: Mapped[int | None] = mapped_column(ForeignKey("colleges.id"), default=None)
    #: candidate, active, withdrawing, excluded, struck_off, deceased, exited.
    status: Mapped[str] = mapped_column(String(20), default="candidate")
    applied_on: Mapped[date | None] = mapped_column(Date, default=None)
    admitted_on: Mapped[date | None] = mapped_column(Date, default=None)
    #: Organ, date and reference of the admission decision.
    admission_decision_ref: Mapped[str] = mapped_column(String(300), default="")
    refused_on: Mapped[date | None] = mapped_column(Date, default=None)
    refusal_reason: Mapped[str] = mapped_column(Text, default="")
    exited_on: Mapped[date | None] = mapped_column(Date, default=None)
    exit_cause: Mapped[str] = mapped_column(String(40), default="")
    exit_decision_ref: Mapped[str] = mapped_column(String(300), default="")
    #: exited_on + 5 years (R-EXIT-4).
    liability_end_date: Mapped[date | None] = mapped_column(Date, default=None)
    #: Date of the written consent to electronic convocation; None = letters only.
    econvocation_consent_on: Mapped[date | None] = mapped_column(Date, default=None)
    #: The member's own account (persons), if any.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    #: Set when personal fields were pseudonymised after the retention period.
    pseudonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    #: Optimistic lock: a second concurrent edit is refused, not silently lost.
    version: Mapped[int] = mapped_column(Integer, default=1)

    cooperative: Mapped[Cooperative] = relationship()
    category: Mapped[Category] = relationship()
    college: Mapped[College | None] = relationship()
    placements: Mapped[list[MemberPlacement]] = relationship(
        back_populates="member", order_by="MemberPlacement.valid_from"
    )
    deliberations: Mapped[list[Deliberation]] = relationship(
        back_populates="member", order_by="Deliberation.adopted_on"
    )
    mandates: Mapped[list[Mandate]] = relationship(
        back_populates="member", order_by="(Mandate.valid_from, Mandate.id)"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def display_name(self) -> str:
        return display_name(self.kind, self.name, self.first_name)

    @property
    def is_local_authority(self) -> bool:
        return self.kind == "local_authority"

    def __repr__(self) -> str:
        return f"<Member {self.number} {self.kind}>"


class MemberPlacement(db.Model):
    """The member's category and college from a date on, so past registers show the past."""

    __tablename__ = "member_placements"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"))
    college_id: Mapped[int | None] = mapped_column(ForeignKey("colleges.id"), default=None)
    valid_from: Mapped[date] = mapped_column(Date)
    decision_ref: Mapped[str] = mapped_column(String(300), default="")

    member: Mapped[Member] = relationship(back_populates="placements")
    category: Mapped[Category] = relationship()
    college: Mapped[College | None] = relationship()


class Deliberation(db.Model):
    """A council deliberation of a local authority (R-LA-5): joining, designation, advance."""

    __tablename__ = "deliberations"

    id: Mapped[int] = mapped_column(primary_key=True)
    cooperative_id: Mapped[int] = mapped_column(ForeignKey("cooperatives.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    #: membership, representative, advance.
    purpose: Mapped[str] = mapped_column(String(20), default="membership")
    reference: Mapped[str] = mapped_column(String(200))
    adopted_on: Mapped[date] = mapped_column(Date)
    transmitted_to_prefect_on: Mapped[date | None] = mapped_column(Date, default=None)
    #: Reference of the prefecture's acknowledgement of receipt (accusé de réception).
    acknowledgement_ref: Mapped[str] = mapped_column(String(200), default="")
    published_on: Mapped[date | None] = mapped_column(Date, default=None)
    #: When it ceased to have effect (withdrawn by the council or annulled by the court).
    cancelled_on: Mapped[date | None] = mapped_column(Date, default=None)
    #: council_withdrawal or court_annulment (membership.rules.CancellationKind).
    cancellation_kind: Mapped[str] = mapped_column(String(20), default="")
    #: The withdrawing deliberation's or the court decision's reference.
    cancellation_ref: Mapped[str] = mapped_column(String(300), default="")
    #: Date it became enforceable (exécutoire); None while not yet.
    executory_on: Mapped[date | None] = mapped_column(Date, default=None)
    #: True when the executory date was assumed (imported without it) until someone confirms.
    executory_assumed: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Real revenue of the authority's operating budget (cents), as an advance's deliberation
    #: states it: its advances may reach 5 % of it (R-LA-2, CGCT L1522-5).
    operating_revenue_cents: Mapped[int | None] = mapped_column(Integer, default=None)
    #: Number of shares the council authorised.
    authorised_shares: Mapped[int | None] = mapped_column(Integer, default=None)
    #: Stored file name of the uploaded PDF (in the instance folder), if any.
    document_name: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    member: Mapped[Member] = relationship(back_populates="deliberations")


class Mandate(db.Model):
    """A representative designated by an organisation or a local authority (DOMAIN §3.5)."""

    __tablename__ = "mandates"
    __table_args__ = (Index("ix_mandates_user_cooperative", "user_id", "cooperative_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cooperative_id: Mapped[int] = mapped_column(ForeignKey("cooperatives.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    #: The representative's account, used to vote in the member's name.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    full_name: Mapped[str] = mapped_column(String(200))
    function: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    #: Date of the representative's written consent to electronic convocation (§8 #30); None:
    #: the convocation and voting link do not go to this address.
    econvocation_consent_on: Mapped[date | None] = mapped_column(Date, default=None)
    #: main (titulaire), alternate (suppléant), board_candidate.
    role: Mapped[str] = mapped_column(String(20), default="main")
    designation_ref: Mapped[str] = mapped_column(String(300), default="")
    deliberation_id: Mapped[int | None] = mapped_column(
        ForeignKey("deliberations.id"), default=None
    )
    valid_from: Mapped[date] = mapped_column(Date)
    #: Last day of the mandate (by default the end of the council's term).
    valid_to: Mapped[date | None] = mapped_column(Date, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    member: Mapped[Member] = relationship(back_populates="mandates")
    deliberation: Mapped[Deliberation | None] = relationship()

    def is_valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class DesignationRequest(db.Model):
    """A letter asking a council to designate its representatives again (after its term ended).

    The answer is the new designation itself (a ``Mandate`` starting after the letter): it is
    derived, never typed, so the campaign's list cannot disagree with the register.
    """

    __tablename__ = "designation_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    cooperative_id: Mapped[int] = mapped_column(ForeignKey("cooperatives.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    sent_on: Mapped[date] = mapped_column(Date)
    #: letter, registered_letter or email.
    channel: Mapped[str] = mapped_column(String(20))
    #: Registered-letter number or any reference of the sending.
    reference: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    member: Mapped[Member] = relationship()

    def __repr__(self) -> str:
        return f"<DesignationRequest member={self.member_id} {self.sent_on}>"
