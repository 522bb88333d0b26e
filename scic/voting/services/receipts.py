"""Receipts a voter checks against the published list."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from scic.assemblies.models import Assembly
from scic.core.db import db
from scic.voting import queries, rules
from scic.voting.models import Ballot, Resolution, SecretBallot
from scic.voting.rules import ResolutionStatus

# --- Receipts and verification ------------------------------------------------------------------


@dataclass(frozen=True)
class ReceiptCheck:
    """What a receipt code proves: the ballot is in the count of this resolution."""

    resolution: Resolution
    secret: bool
    choice: str | None
    channel: str | None


def verify_receipt(assembly: Assembly, code: str) -> ReceiptCheck | None:
    """Find the ballot of a receipt code in an assembly (never the voter of a secret one)."""
    normal = rules.normalise_receipt(code)
    if len(normal) != 16:
        return None
    for resolution in queries.resolutions_of(assembly):
        if resolution.secret:
            # While the vote is open the code is sealed in the urn with the choice: it can be
            # found only once the tellers have counted the ballots.
            found = db.session.scalar(
                select(func.count())
                .select_from(SecretBallot)
                .where(
                    SecretBallot.resolution_id == resolution.id, SecretBallot.receipt_code == normal
                )
            )
            if found:
                return ReceiptCheck(resolution, True, None, None)
        else:
            ballot = db.session.scalar(
                select(Ballot).where(
                    Ballot.resolution_id == resolution.id,
                    Ballot.receipt_hash == rules.receipt_hash(normal),
                )
            )
            if ballot is not None:
                return ReceiptCheck(resolution, False, ballot.choice, ballot.channel)
    return None


def published_receipts(resolution: Resolution) -> list[str]:
    """A closed secret ballot's receipt codes, sorted, never with a choice (R-TAL-3)."""
    if not resolution.secret or resolution.status != ResolutionStatus.CLOSED:
        return []
    codes = db.session.scalars(
        select(SecretBallot.receipt_code).where(SecretBallot.resolution_id == resolution.id)
    )
    return sorted(rules.format_receipt(c) for c in codes)
