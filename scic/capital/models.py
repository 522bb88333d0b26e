"""The share-movement ledger: append-only, numbered per cooperative, hash-chained."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scic.core import clock
from scic.core.db import UTCDateTime, db
from scic.core.records import Chained, chain_index
from scic.membership.models import Member


class ShareMovement(Chained, db.Model):
    """One entry of the register of share movements. Never edited: corrected by a reversal."""

    __tablename__ = "share_movements"
    __table_args__ = (
        UniqueConstraint("cooperative_id", "number"),
        Index("ix_share_movements_coop_effective", "cooperative_id", "effective_on"),
        Index("ix_share_movements_member_effective", "member_id", "effective_on"),
        chain_index("share_movements"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cooperative_id: Mapped[int] = mapped_column(ForeignKey("cooperatives.id"))
    #: Operation number in the cooperative's register (1, 2, 3…).
    number: Mapped[int] = mapped_column(Integer)
    #: capital.rules.MovementType value.
    type: Mapped[str] = mapped_column(String(32))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    #: The other member of a transfer or death transmission.
    counterparty_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), default=None)
    #: Date of effect (DOMAIN's `date`).
    effective_on: Mapped[date] = mapped_column(Date)
    #: Signed change in shares held.
    shares_delta: Mapped[int] = mapped_column(Integer, default=0)
    #: Signed nominal amount in cents (shares × nominal value).
    amount_cents: Mapped[int] = mapped_column(Integer, default=0)
    #: Signed paid-up amount in cents (payments, reimbursements).
    paid_cents: Mapped[int] = mapped_column(Integer, default=0)
    #: Approving decision: organ, date and reference.
    decision_organ: Mapped[str] = mapped_column(String(60), default="")
    decision_date: Mapped[date | None] = mapped_column(Date, default=None)
    decision_ref: Mapped[str] = mapped_column(String(300), default="")
    #: The entry this one reverses (a correction), if any.
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("share_movements.id"), default=None)
    #: Subscribed capital of the cooperative right after this movement, in cents.
    capital_after_cents: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(String(500), default="")
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    member: Mapped[Member] = relationship(foreign_keys=[member_id])
    counterparty: Mapped[Member | None] = relationship(foreign_keys=[counterparty_id])

    def chain_payload(self):
        return {
            "id": self.id,
            "cooperative_id": self.cooperative_id,
            "number": self.number,
            "type": self.type,
            "member_id": self.member_id,
            "counterparty_id": self.counterparty_id,
            "effective_on": self.effective_on,
            "shares_delta": self.shares_delta,
            "amount_cents": self.amount_cents,
            "paid_cents": self.paid_cents,
            "decision_date": self.decision_date,
            "decision_ref": self.decision_ref,
            "reverses_id": self.reverses_id,
            "entered_by_id": self.entered_by_id,
            "entered_at": self.entered_at,
        }

    def __repr__(self) -> str:
        return f"<ShareMovement {self.number} {self.type} {self.shares_delta}>"


class WithdrawalRequest(db.Model):
    """A member's exit from the capital, from notice to reimbursement (DOMAIN §6.10, §6.11).

    ``kind`` is partial or full (a withdrawal), exclusion, struck_off or death. The ledger rows
    are written when the statutory organ acknowledges it; a request whose cancellation would take
    the capital below its floor waits in the deferred queue, in order of request (R-CAP-3).
    """

    __tablename__ = "withdrawal_requests"
    __table_args__ = (Index("ix_withdrawal_requests_coop_status", "cooperative_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cooperative_id: Mapped[int] = mapped_column(ForeignKey("cooperatives.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    #: partial, full, exclusion, struck_off, death.
    kind: Mapped[str] = mapped_column(String(20))
    #: Shares asked back (the whole holding for every kind but partial).
    shares: Mapped[int] = mapped_column(Integer)
    #: Date of the notice (orders the deferred queue).
    requested_on: Mapped[date] = mapped_column(Date)
    #: Date of effect per the statutes (often the end of the financial year).
    effective_on: Mapped[date] = mapped_column(Date)
    #: requested, deferred, due, reimbursed.
    status: Mapped[str] = mapped_column(String(20), default="requested")
    acknowledged_on: Mapped[date | None] = mapped_column(Date, default=None)
    decision_organ: Mapped[str] = mapped_column(String(60), default="")
    decision_ref: Mapped[str] = mapped_column(String(300), default="")
    #: R-EXCL-1: the adopted assembly resolution an exclusion rests on (None for R-EXCL-3).
    resolution_id: Mapped[int | None] = mapped_column(ForeignKey("resolutions.id"), default=None)
    #: R-EXCL-3: the unanswered registered-letter notice an automatic exclusion rests on.
    unpaid_notice_id: Mapped[int | None] = mapped_column(
        ForeignKey("unpaid_call_notices.id"), default=None
    )
    #: The ledger row that cancelled the shares, once written.
    movement_id: Mapped[int | None] = mapped_column(ForeignKey("share_movements.id"), default=None)
    #: Nominal value of the cancelled shares, in cents.
    nominal_cents: Mapped[int] = mapped_column(Integer, default=0)
    #: Paid-up amount of the cancelled shares, in cents (the most that can be repaid).
    paid_cents: Mapped[int] = mapped_column(Integer, default=0)
    #: Reimbursement due date (statutory delay, R-EXIT-3).
    due_on: Mapped[date | None] = mapped_column(Date, default=None)
    reimbursed_on: Mapped[date | None] = mapped_column(Date, default=None)
    reimbursed_cents: Mapped[int] = mapped_column(Integer, default=0)
    reimbursement_movement_id: Mapped[int | None] = mapped_column(
        ForeignKey("share_movements.id"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    #: Optimistic lock: a second concurrent change is refused, not silently lost.
    version: Mapped[int] = mapped_column(Integer, default=1)

    member: Mapped[Member] = relationship()
    movement: Mapped[ShareMovement | None] = relationship(foreign_keys=[movement_id])
    unpaid_notice: Mapped[UnpaidCallNotice | None] = relationship()

    __mapper_args__ = {"version_id_col": version}

    def __repr__(self) -> str:
        return f"<WithdrawalRequest {self.id} {self.kind} {self.status}>"


class UnpaidCallNotice(db.Model):
    """A registered-letter notice to pay a called amount (R-CAP-4, R-EXCL-3); never updated.

    Unanswered for three months, it excludes the member by operation of law: the exclusion is
    recorded as a ``WithdrawalRequest`` naming this notice.
    """

    __tablename__ = "unpaid_call_notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    cooperative_id: Mapped[int] = mapped_column(ForeignKey("cooperatives.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    #: Day the registered letter was sent.
    sent_on: Mapped[date] = mapped_column(Date)
    #: The registered letter's number (proof of sending).
    letter_ref: Mapped[str] = mapped_column(String(120))
    #: Amount still called and unpaid when the letter left, in cents.
    outstanding_cents: Mapped[int] = mapped_column(Integer)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)

    member: Mapped[Member] = relationship()

    def __repr__(self) -> str:
        return f"<UnpaidCallNotice {self.id} m{self.member_id} {self.sent_on}>"


class CurrentAccountAdvance(db.Model):
    """A local authority's current-account advance (DOMAIN §3.7, R-LA-2)."""

    __tablename__ = "current_account_advances"

    id: Mapped[int] = mapped_column(primary_key=True)
    cooperative_id: Mapped[int] = mapped_column(ForeignKey("cooperatives.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    #: The written convention (nature, object, duration, amount, repayment or conversion).
    convention_ref: Mapped[str] = mapped_column(String(300))
    deliberation_ref: Mapped[str] = mapped_column(String(300), default="")
    amount_cents: Mapped[int] = mapped_column(Integer)
    start_on: Mapped[date] = mapped_column(Date)
    duration_months: Mapped[int] = mapped_column(Integer)
    #: Renewals granted (0 or 1, R-LA-2).
    renewals: Mapped[int] = mapped_column(Integer, default=0)
    #: Date it must be repaid, renewed or converted.
    term_on: Mapped[date] = mapped_column(Date)
    repaid_on: Mapped[date | None] = mapped_column(Date, default=None)
    converted_on: Mapped[date | None] = mapped_column(Date, default=None)
    conversion_movement_id: Mapped[int | None] = mapped_column(
        ForeignKey("share_movements.id"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    version: Mapped[int] = mapped_column(Integer, default=1)

    member: Mapped[Member] = relationship()

    __mapper_args__ = {"version_id_col": version}

    @property
    def outstanding(self) -> bool:
        return self.repaid_on is None and self.converted_on is None

    def __repr__(self) -> str:
        return f"<CurrentAccountAdvance {self.id} {self.amount_cents}>"


class TmoRate(db.Model):
    """One year's average TMO (taux moyen de rendement des obligations), entered by the admin.

    Rule: R-RES-4 (interest cap = average of the three previous years + 2 points). Kept per
    cooperative so one cooperative's admin never changes another's figures.
    """

    __tablename__ = "tmo_rates"
    __table_args__ = (UniqueConstraint("cooperative_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cooperative_id: Mapped[int] = mapped_column(ForeignKey("cooperatives.id"))
    year: Mapped[int] = mapped_column(Integer)
    #: Percent points as exact decimal text, e.g. "3.15".
    rate: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    def __repr__(self) -> str:
        return f"<TmoRate {self.year} {self.rate}>"


class ResultAllocation(db.Model):
    """The proposed allocation of one financial year's result (R-RES-1…R-RES-4, §6.12)."""

    __tablename__ = "result_allocations"

    id: Mapped[int] = mapped_column(primary_key=True)
    cooperative_id: Mapped[int] = mapped_column(ForeignKey("cooperatives.id"), index=True)
    #: Calendar year in which the financial year ends.
    fiscal_year: Mapped[int] = mapped_column(Integer)
    fiscal_year_start: Mapped[date] = mapped_column(Date)
    fiscal_year_end: Mapped[date] = mapped_column(Date)
    result_cents: Mapped[int] = mapped_column(Integer)
    subsidies_cents: Mapped[int] = mapped_column(Integer, default=0)
    reserves_before_cents: Mapped[int] = mapped_column(Integer, default=0)
    capital_cents: Mapped[int] = mapped_column(Integer, default=0)
    legal_reserve_cents: Mapped[int] = mapped_column(Integer, default=0)
    statutory_reserve_cents: Mapped[int] = mapped_column(Integer, default=0)
    interest_cents: Mapped[int] = mapped_column(Integer, default=0)
    #: Interest rate decided, percent points as decimal text.
    interest_rate: Mapped[str] = mapped_column(String(16), default="0")
    #: Rate cap from the TMO series, percent points as decimal text.
    rate_cap: Mapped[str] = mapped_column(String(16), default="0")
    carried_forward_cents: Mapped[int] = mapped_column(Integer, default=0)
    #: {member_id: cents} interest per member.
    interest_per_member: Mapped[dict] = mapped_column(JSON, default=dict)
    resolution_text: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    def __repr__(self) -> str:
        return f"<ResultAllocation {self.fiscal_year}>"
