"""Resolutions, ballots (open and secret), show-of-hands counts and frozen outcomes.

Secret ballots (R-TAL-3, ARCHITECTURE §2.6, docs/security.md) are stored in unlinked places:

* ``SecretParticipation`` records *who* took part (member, channel, person, time), one row per
  member and resolution (the unique constraint stops a second vote);
* ``SecretUrnBox`` holds *what* was voted while the vote is open: a sealed box (college, choice
  and receipt code, encrypted to the urn's public key ``SecretUrnKey``) under a random key, with
  no voter, no time and no row number; the private key exists only as ``TellerShare`` rows,
  each locked under a teller's passphrase (``scic.voting.urn``);
* at closing two tellers rebuild the key, the boxes are opened into ``SecretBallot`` rows in the
  order of fresh random keys and chained in that order, and the boxes and shares are deleted.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from fractions import Fraction

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scic.assemblies.models import AgendaItem, Assembly
from scic.core import clock
from scic.core.db import FractionType, UTCDateTime, db
from scic.core.records import AppendOnly, Chained, chain_index
from scic.membership.models import Member


def _uuid() -> str:
    return uuid.uuid4().hex


class Resolution(db.Model):
    """A draft resolution put to the vote of an assembly (DOMAIN §3.8)."""

    __tablename__ = "resolutions"
    __table_args__ = (UniqueConstraint("assembly_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cooperative_id: Mapped[int] = mapped_column(ForeignKey("cooperatives.id"), index=True)
    assembly_id: Mapped[int] = mapped_column(ForeignKey("assemblies.id"), index=True)
    #: The agenda item it decides (R-AG-5), if any.
    agenda_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id"), default=None)
    #: Order of the resolution in the assembly (1, 2, ...).
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text, default="")
    #: ordinary, extraordinary or exclusion (R-EXCL-1, at the extraordinary majority).
    kind: Mapped[str] = mapped_column(String(20), default="ordinary")
    #: The majority fixed when the resolution was drafted, e.g. {"more_than": "1/2"}.
    majority: Mapped[dict] = mapped_column(JSON)
    #: board or members.
    proposed_by: Mapped[str] = mapped_column(String(10), default="board")
    #: Approved by the board: decides the chair's blank proxies (R-AG-7).
    board_approved: Mapped[bool] = mapped_column(Boolean, default=True)
    #: Secret ballot: who voted is kept apart from what was voted (R-TAL-3).
    secret: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The member an exclusion resolution concerns (R-EXCL-1).
    excluded_member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), default=None)
    #: R-EXCL-1, §6.11: the day that member was told of the planned exclusion, and the day it
    #: could present its observations; both before the assembly.
    excluded_member_notified_on: Mapped[date | None] = mapped_column(Date, default=None)
    excluded_member_heard_on: Mapped[date | None] = mapped_column(Date, default=None)
    #: draft (postal votes accepted), open, closed.
    status: Mapped[str] = mapped_column(String(10), default="draft")
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    version: Mapped[int] = mapped_column(Integer, default=1)

    assembly: Mapped[Assembly] = relationship()
    agenda_item: Mapped[AgendaItem | None] = relationship()
    excluded_member: Mapped[Member | None] = relationship()
    outcome: Mapped[Outcome | None] = relationship(back_populates="resolution", uselist=False)

    __mapper_args__ = {"version_id_col": version}

    def __repr__(self) -> str:
        return f"<Resolution {self.id} #{self.number} {self.status}>"


class Ballot(Chained, db.Model):
    """One member's open ballot on one resolution (DOMAIN §3.9 ``Vote``); never updated."""

    __tablename__ = "ballots"
    __table_args__ = (
        UniqueConstraint("resolution_id", "member_id"),
        # Covers the tally's GROUP BY college, choice: counting reads the index, not the rows.
        Index("ix_ballots_resolution_college_choice", "resolution_id", "college_id", "choice"),
        chain_index("ballots"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cooperative_id: Mapped[int] = mapped_column(ForeignKey("cooperatives.id"))
    resolution_id: Mapped[int] = mapped_column(ForeignKey("resolutions.id"))
    #: The voter: the member (for a local authority, the authority itself).
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    #: The member's college when voting, also when a proxy holder casts it (R-AG-7).
    college_id: Mapped[int | None] = mapped_column(ForeignKey("colleges.id"), default=None)
    #: for, against, abstain, blank, void.
    choice: Mapped[str] = mapped_column(String(10))
    #: in_person, remote, correspondence, proxy_named, proxy_blank.
    channel: Mapped[str] = mapped_column(String(16))
    #: The account that cast it (None: the token link or the chair's blank proxies).
    cast_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    #: The person who cast it: representative, proxy holder, chair (personal, outside the chain).
    cast_by_name: Mapped[str] = mapped_column(String(200), default="")
    #: SHA-256 of the voter's receipt code (the code is shown once, never stored).
    receipt_hash: Mapped[str] = mapped_column(String(64), index=True)
    cast_at: Mapped[datetime] = mapped_column(UTCDateTime)

    member: Mapped[Member] = relationship()
    resolution: Mapped[Resolution] = relationship()

    def chain_payload(self):
        return {
            "id": self.id,
            "resolution_id": self.resolution_id,
            "member_id": self.member_id,
            "college_id": self.college_id,
            "choice": self.choice,
            "channel": self.channel,
            "cast_by_user_id": self.cast_by_user_id,
            "receipt_hash": self.receipt_hash,
            "cast_at": self.cast_at,
        }

    def __repr__(self) -> str:
        return f"<Ballot {self.id} r{self.resolution_id} m{self.member_id}>"


class HandCount(Chained, db.Model):
    """A college's counts on a show of hands in the room, entered by the secretary."""

    __tablename__ = "hand_counts"
    __table_args__ = (UniqueConstraint("resolution_id", "college_id"), chain_index("hand_counts"))

    id: Mapped[int] = mapped_column(primary_key=True)
    cooperative_id: Mapped[int] = mapped_column(ForeignKey("cooperatives.id"))
    resolution_id: Mapped[int] = mapped_column(ForeignKey("resolutions.id"), index=True)
    #: None only for a cooperative without colleges (headcount).
    college_id: Mapped[int | None] = mapped_column(ForeignKey("colleges.id"), default=None)
    votes_for: Mapped[int] = mapped_column(Integer, default=0)
    votes_against: Mapped[int] = mapped_column(Integer, default=0)
    votes_abstain: Mapped[int] = mapped_column(Integer, default=0)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)

    def chain_payload(self):
        return {
            "id": self.id,
            "resolution_id": self.resolution_id,
            "college_id": self.college_id,
            "for": self.votes_for,
            "against": self.votes_against,
            "abstain": self.votes_abstain,
            "recorded_at": self.recorded_at,
        }


class HandCountCorrection(Chained, db.Model):
    """A correcting entry of a college's show-of-hands counts, while the vote is open (R-AG-13).

    The count it corrects is never updated: the latest correction (highest id) of a count is
    what the tally uses; the audit log shows each one.
    """

    __tablename__ = "hand_count_corrections"
    __table_args__ = (chain_index("hand_count_corrections"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cooperative_id: Mapped[int] = mapped_column(ForeignKey("cooperatives.id"))
    resolution_id: Mapped[int] = mapped_column(ForeignKey("resolutions.id"), index=True)
    #: The count corrected (its resolution and college).
    hand_count_id: Mapped[int] = mapped_column(ForeignKey("hand_counts.id"), index=True)
    college_id: Mapped[int | None] = mapped_column(ForeignKey("colleges.id"), default=None)
    votes_for: Mapped[int] = mapped_column(Integer)
    votes_against: Mapped[int] = mapped_column(Integer)
    votes_abstain: Mapped[int] = mapped_column(Integer)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)

    def chain_payload(self):
        return {
            "id": self.id,
            "resolution_id": self.resolution_id,
            "hand_count_id": self.hand_count_id,
            "college_id": self.college_id,
            "for": self.votes_for,
            "against": self.votes_against,
            "abstain": self.votes_abstain,
            "recorded_at": self.recorded_at,
        }


class SecretParticipation(AppendOnly, db.Model):
    """Who took part in a secret ballot; what they voted is not here (R-TAL-3)."""

    __tablename__ = "secret_participations"
    __table_args__ = (UniqueConstraint("resolution_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cooperative_id: Mapped[int] = mapped_column(ForeignKey("cooperatives.id"), index=True)
    resolution_id: Mapped[int] = mapped_column(ForeignKey("resolutions.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    #: The member's college when voting (the college counts are public anyway).
    college_id: Mapped[int | None] = mapped_column(ForeignKey("colleges.id"), default=None)
    channel: Mapped[str] = mapped_column(String(16))
    cast_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    cast_by_name: Mapped[str] = mapped_column(String(200), default="")
    cast_at: Mapped[datetime] = mapped_column(UTCDateTime)

    member: Mapped[Member] = relationship()


class SecretUrnKey(db.Model):
    """The public key of a secret vote's urn; its private key exists only as tellers' shares.

    Created when the tellers set up the urn (before the first ballot); ``destroyed_at`` is set
    when the count has deleted the shares: the urn then accepts and opens nothing more.
    """

    __tablename__ = "secret_urn_keys"

    resolution_id: Mapped[int] = mapped_column(ForeignKey("resolutions.id"), primary_key=True)
    cooperative_id: Mapped[int] = mapped_column(ForeignKey("cooperatives.id"), index=True)
    #: Curve25519 public key: every ballot is sealed to it when cast.
    public_key: Mapped[bytes] = mapped_column(LargeBinary(32))
    #: How many tellers must bring their passphrase to count (any ``threshold`` of them).
    threshold: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    destroyed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    def __repr__(self) -> str:
        return f"<SecretUrnKey r{self.resolution_id}>"


class TellerShare(db.Model):
    """One teller's share of an urn's private key, encrypted under their passphrase.

    Deleted (and overwritten on SQLite) by the count, which destroys the key.
    """

    __tablename__ = "teller_shares"
    __table_args__ = (
        UniqueConstraint("resolution_id", "user_id"),
        UniqueConstraint("resolution_id", "share_index"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    resolution_id: Mapped[int] = mapped_column(ForeignKey("resolutions.id"), index=True)
    #: The teller: an account with a role in the cooperative, named when the urn was set up.
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    #: Shamir index of the share (1, 2, 3...).
    share_index: Mapped[int] = mapped_column(Integer)
    #: Argon2id salt and work factors of the passphrase (kept so a later setting still opens it).
    salt: Mapped[bytes] = mapped_column(LargeBinary(16))
    opslimit: Mapped[int] = mapped_column(Integer)
    memlimit: Mapped[int] = mapped_column(Integer)
    #: The share (32 bytes) in a SecretBox under the passphrase's key.
    locked_share: Mapped[bytes] = mapped_column(LargeBinary(80))

    def __repr__(self) -> str:
        return f"<TellerShare r{self.resolution_id} #{self.share_index}>"


class SecretUrnBox(db.Model):
    """A secret ballot while the vote is open: a sealed box under a random key, nothing else.

    The box holds the college, the choice and the receipt code, padded to one size. No voter,
    no time, no sequence: the table has no SQLite ``rowid`` (``WITHOUT ROWID``), so its rows are
    stored in the order of their random keys, not in the order of voting. Emptied by the count.
    """

    __tablename__ = "secret_urn_boxes"
    __table_args__ = {"sqlite_with_rowid": False}

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=_uuid)
    resolution_id: Mapped[int] = mapped_column(ForeignKey("resolutions.id"), index=True)
    sealed: Mapped[bytes] = mapped_column(LargeBinary(256))

    def __repr__(self) -> str:
        return f"<SecretUrnBox r{self.resolution_id}>"


class SecretBallot(Chained, db.Model):
    """A secret choice, written at closing in a random order: no voter id, no timestamp."""

    __tablename__ = "secret_ballots"
    __table_args__ = (chain_index("secret_ballots", "resolution_id"),)

    #: Random key; the chain of a resolution follows the order of these keys.
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=_uuid)
    cooperative_id: Mapped[int] = mapped_column(ForeignKey("cooperatives.id"), index=True)
    resolution_id: Mapped[int] = mapped_column(ForeignKey("resolutions.id"))
    college_id: Mapped[int | None] = mapped_column(ForeignKey("colleges.id"), default=None)
    choice: Mapped[str] = mapped_column(String(10))
    #: Published (never with the choice) so each voter can find their code in the count.
    receipt_code: Mapped[str] = mapped_column(String(32), index=True)

    def chain_scope(self):
        return {"resolution_id": self.resolution_id}

    def chain_payload(self):
        return {
            "id": self.id,
            "resolution_id": self.resolution_id,
            "college_id": self.college_id,
            "choice": self.choice,
            "receipt_code": self.receipt_code,
        }


class Outcome(Chained, db.Model):
    """A resolution's result frozen at closing, with the weights, counts and rules it used.

    A later change of statutes or membership never changes it (R-TAL-4, R-COL-7).
    """

    __tablename__ = "outcomes"
    __table_args__ = (UniqueConstraint("resolution_id"), chain_index("outcomes"))

    id: Mapped[int] = mapped_column(primary_key=True)
    cooperative_id: Mapped[int] = mapped_column(ForeignKey("cooperatives.id"))
    resolution_id: Mapped[int] = mapped_column(ForeignKey("resolutions.id"))
    #: The date whose college weights were used (the assembly's day, Paris time).
    weights_on: Mapped[date] = mapped_column(Date)
    #: {"method", "abstentions", "silent_college"} as in scic-tally/1.
    rules: Mapped[dict] = mapped_column(JSON)
    #: {"more_than": "1/2"} or {"at_least": "2/3"}.
    majority: Mapped[dict] = mapped_column(JSON)
    #: Per college: code, name, weight (percent), entitled, voted, for, against, abstain,
    #: silent, effective_weight, for_share, against_share (fractions as strings).
    colleges: Mapped[list] = mapped_column(JSON)
    #: Exact share of votes for, None when nothing was expressed.
    share_for: Mapped[Fraction | None] = mapped_column(FractionType, default=None)
    adopted: Mapped[bool] = mapped_column(Boolean)
    #: The threshold of the majority, as a fraction of 1.
    threshold: Mapped[Fraction] = mapped_column(FractionType)
    #: Colleges with one or two voters on a secret ballot (their detail is hidden from members).
    small_colleges: Mapped[list] = mapped_column(JSON, default=list)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: How the assembly part was held when the vote closed: the ``assembly`` block of
    #: scic-tally/1 (legal form, kind, call, members and participants in heads, the quorum
    #: applied, per college). ``adopted`` needs the quorum (R-AG-11). None on outcomes closed
    #: before quorums were recorded.
    turnout: Mapped[dict | None] = mapped_column(JSON, default=None)

    resolution: Mapped[Resolution] = relationship(back_populates="outcome")

    def chain_payload(self):
        return {
            "id": self.id,
            "resolution_id": self.resolution_id,
            "weights_on": self.weights_on,
            "rules": self.rules,
            "majority": self.majority,
            "colleges": self.colleges,
            "share_for": self.share_for,
            "adopted": self.adopted,
            "threshold": self.threshold,
            "computed_at": self.computed_at,
            # Absent from outcomes sealed before it existed, so their hashes still verify.
            **({} if self.turnout is None else {"turnout": self.turnout}),
        }
