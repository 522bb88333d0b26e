"""Cooperatives (tenants), their statutory settings, categories, colleges and roles."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from fractions import Fraction

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scic.core import clock
from scic.core.db import FractionType, UTCDateTime, db


class Role(StrEnum):
    """What a user may do in one cooperative."""

    ADMIN = "admin"  # sets up the cooperative and its statutes
    SECRETARY = "secretary"  # runs membership, capital and assemblies
    AUDITOR = "auditor"  # reads everything, downloads registers, changes nothing
    MEMBER = "member"  # an associé's own account
    REPRESENTATIVE = "representative"  # votes for an organisation or local authority member


class Cooperative(db.Model):
    """One SCIC served by this instance, with its statutory settings."""

    __tablename__ = "cooperatives"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: URL name, e.g. "velo-vallee".
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    #: SA, SAS or SARL.
    legal_form: Mapped[str] = mapped_column(String(8))
    #: board, two_tier, president or manager.
    governance: Mapped[str] = mapped_column(String(16))
    registered_office: Mapped[str] = mapped_column(String(300), default="")
    siren: Mapped[str] = mapped_column(String(9), default="")
    rcs: Mapped[str] = mapped_column(String(120), default="")
    #: One nominal value for all shares (R-CAP-2), in cents.
    share_value_cents: Mapped[int] = mapped_column(Integer)
    #: Statutory floor in cents; the effective floor is computed (R-CAP-3).
    capital_floor_cents: Mapped[int] = mapped_column(Integer, default=0)
    #: scic-statutes/1 "voting" block: method, abstentions, silent_college.
    voting: Mapped[dict] = mapped_column(JSON, default=dict)
    #: scic-statutes/1 "assemblies" block: quorums, majorities, delays, proxies.
    assemblies: Mapped[dict] = mapped_column(JSON, default=dict)
    reimbursement_delay_years: Mapped[int] = mapped_column(Integer, default=5)
    revision_cycle_years: Mapped[int] = mapped_column(Integer, default=5)
    last_revision_on: Mapped[date | None] = mapped_column(Date, default=None)
    #: Month and day the financial year ends (default 31 December).
    fiscal_year_end_month: Mapped[int] = mapped_column(Integer, default=12)
    fiscal_year_end_day: Mapped[int] = mapped_column(Integer, default=31)
    #: Statutes allow transfers only within the same category (DOMAIN §8 #15).
    transfers_same_category: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    #: Incremented on every change: a second concurrent edit is told, not silently lost.
    version: Mapped[int] = mapped_column(Integer, default=1)

    categories: Mapped[list[Category]] = relationship(
        back_populates="cooperative", order_by="Category.position", cascade="all, delete-orphan"
    )
    colleges: Mapped[list[College]] = relationship(
        back_populates="cooperative", order_by="College.position", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def uses_colleges(self) -> bool:
        return bool(self.colleges)

    @property
    def form_label(self) -> str:
        """The mandatory mention, e.g. "SCIC SAS à capital variable"."""
        return f"SCIC {self.legal_form} à capital variable"

    def __repr__(self) -> str:
        return f"<Cooperative {self.slug}>"


class College(db.Model):
    """A voting college; its weight history lives in CollegeWeight (R-COL-7)."""

    __tablename__ = "colleges"
    __table_args__ = (UniqueConstraint("cooperative_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cooperative_id: Mapped[int] = mapped_column(ForeignKey("cooperatives.id"), index=True)
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)

    cooperative: Mapped[Cooperative] = relationship(back_populates="colleges")
    weights: Mapped[list[CollegeWeight]] = relationship(
        back_populates="college",
        order_by="CollegeWeight.effective_on",
        cascade="all, delete-orphan",
    )

    def weight_on(self, day: date) -> Fraction | None:
        """The statutory weight (a fraction of 1, exact) in force on ``day``."""
        current = None
        for row in self.weights:
            if row.effective_on <= day:
                current = row.weight
        return current

    def __repr__(self) -> str:
        return f"<College {self.code}>"


class CollegeWeight(db.Model):
    """A college's weight from a date on; earlier results keep the weights of their date."""

    __tablename__ = "college_weights"
    __table_args__ = (UniqueConstraint("college_id", "effective_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    college_id: Mapped[int] = mapped_column(ForeignKey("colleges.id"), index=True)
    #: Share of the voting rights, an exact fraction of 1 (e.g. 1/3).
    weight: Mapped[Fraction] = mapped_column(FractionType)
    effective_on: Mapped[date] = mapped_column(Date)
    #: The extraordinary assembly resolution that adopted the change (R-COL-7); "" at creation.
    decision_ref: Mapped[str] = mapped_column(String(300), default="")

    college: Mapped[College] = relationship(back_populates="weights")


class Category(db.Model):
    """A category of associates (catégorie d'associés)."""

    __tablename__ = "categories"
    __table_args__ = (UniqueConstraint("cooperative_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cooperative_id: Mapped[int] = mapped_column(ForeignKey("cooperatives.id"), index=True)
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))
    #: employee, beneficiary, producer, volunteer, local_authority, other_public, supporter, other.
    kind: Mapped[str] = mapped_column(String(32))
    min_shares: Mapped[int] = mapped_column(Integer, default=1)
    college_id: Mapped[int | None] = mapped_column(ForeignKey("colleges.id"), default=None)
    position: Mapped[int] = mapped_column(Integer, default=0)
    description: Mapped[str] = mapped_column(Text, default="")

    cooperative: Mapped[Cooperative] = relationship(back_populates="categories")
    college: Mapped[College | None] = relationship()

    def __repr__(self) -> str:
        return f"<Category {self.code}>"


class Grant(db.Model):
    """A user's role in one cooperative. One person may hold several roles in several places."""

    __tablename__ = "grants"
    __table_args__ = (UniqueConstraint("user_id", "cooperative_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    cooperative_id: Mapped[int] = mapped_column(ForeignKey("cooperatives.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    cooperative: Mapped[Cooperative] = relationship()


class CalendarFeed(db.Model):
    """A user's personal, secret address of a cooperative's calendar feed (iCalendar).

    Only the SHA-256 of the token is kept: the address is shown once, when it is made. Making a
    new one replaces the old (a leaked address is cut off that way). The feed answers only while
    the user still holds a role that may read the cooperative's deadlines.
    """

    __tablename__ = "calendar_feeds"
    __table_args__ = (UniqueConstraint("user_id", "cooperative_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    cooperative_id: Mapped[int] = mapped_column(ForeignKey("cooperatives.id"), index=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class CalendarReminder(db.Model):
    """A reminder of a deadline sent to the cooperative's secretaries: one per deadline and
    lead time (30, 7, 1 days…), so that a worker that runs twice never sends it twice."""

    __tablename__ = "calendar_reminders"
    __table_args__ = (UniqueConstraint("cooperative_id", "deadline_key", "lead_days"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cooperative_id: Mapped[int] = mapped_column(ForeignKey("cooperatives.id"), index=True)
    #: calendar_rules.Deadline.key: kind, object and date.
    deadline_key: Mapped[str] = mapped_column(String(200))
    lead_days: Mapped[int] = mapped_column(Integer)
    deadline_on: Mapped[date] = mapped_column(Date)
    recipients: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class Revision(db.Model):
    """A révision coopérative (R-REV-1…R-REV-4): who reviews, why, and the report.

    The report's date moves the five-year cycle (``Cooperative.last_revision_on``); the report
    is made available to every member and presented at the next assembly (R-REV-4).
    """

    __tablename__ = "revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    cooperative_id: Mapped[int] = mapped_column(ForeignKey("cooperatives.id"), index=True)
    #: periodic (R-REV-1), losses (R-REV-2) or request (R-REV-3).
    kind: Mapped[str] = mapped_column(String(16))
    reviser_name: Mapped[str] = mapped_column(String(200))
    #: The reviser's approval (agrément) reference (décret 2015-706).
    reviser_approval: Mapped[str] = mapped_column(String(120))
    #: The reviser declared being independent of the cooperative (R-REV-4).
    independence_declared: Mapped[bool] = mapped_column(Boolean, default=False)
    started_on: Mapped[date] = mapped_column(Date)
    report_on: Mapped[date | None] = mapped_column(Date, default=None)
    report_filename: Mapped[str] = mapped_column(String(255), default="")
    report_sha256: Mapped[str] = mapped_column(String(64), default="")
    report_content: Mapped[bytes | None] = mapped_column(LargeBinary, default=None, deferred=True)
    #: The assembly whose agenda presents the report (R-REV-4).
    presented_assembly_id: Mapped[int | None] = mapped_column(
        ForeignKey("assemblies.id"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class RevisionRequest(db.Model):
    """A request for a révision (R-REV-3): by whom, how many signed, out of how many."""

    __tablename__ = "revision_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    cooperative_id: Mapped[int] = mapped_column(ForeignKey("cooperatives.id"), index=True)
    #: members, directors, authority or minister.
    requested_by: Mapped[str] = mapped_column(String(16))
    requested_on: Mapped[date] = mapped_column(Date)
    signatories: Mapped[int] = mapped_column(Integer, default=0)
    out_of: Mapped[int] = mapped_column(Integer, default=0)
    reference: Mapped[str] = mapped_column(String(300), default="")
    #: The révision opened to answer it.
    revision_id: Mapped[int | None] = mapped_column(ForeignKey("revisions.id"), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class StatutesAmendment(db.Model):
    """Statutes proposed to an extraordinary resolution, applied when the assembly adopts it.

    ``document`` is the whole statutes document (FORMATS.md §2) as proposed; the decision's
    reference and date come from the adopted resolution, so the weights history (R-COL-7) names
    the assembly that changed them.
    """

    __tablename__ = "statutes_amendments"
    __table_args__ = (UniqueConstraint("resolution_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cooperative_id: Mapped[int] = mapped_column(ForeignKey("cooperatives.id"), index=True)
    resolution_id: Mapped[int] = mapped_column(ForeignKey("resolutions.id"))
    document: Mapped[dict] = mapped_column(JSON)
    #: When the new statutes take effect; None: on the assembly's day.
    effective_on: Mapped[date | None] = mapped_column(Date, default=None)
    #: When the adopted statutes were applied; the decision's day for the filing deadline.
    applied_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    decided_on: Mapped[date | None] = mapped_column(Date, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
