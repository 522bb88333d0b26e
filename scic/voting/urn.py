"""The urn of a secret vote: sealed ballots, a key split among tellers, a count that destroys it.

R-TAL-3 (secret ballot), built the way the CNIL's 2019 recommendation on electronic voting asks
(and as Helios and Belenios split their trustees' keys):

1. **Set-up** (before the first ballot, by correspondence or in the session): the tellers (at
   least ``rules.TELLERS_MIN`` accounts with a role in the cooperative) each type a passphrase.
   A fresh key pair is drawn; its private key is split so that any ``rules.TELLER_THRESHOLD``
   tellers rebuild it, each share is locked under its teller's passphrase, and only the public
   key and the locked shares are stored. The whole private key is never written anywhere.
2. **Casting**: the college, the choice and the receipt code are sealed to the public key at
   once (``seal_ballot``), padded to one size, and stored under a random key in a table
   without SQLite ``rowid``; the participation row (who voted) is written beside it.
3. **Count** (at closing): the tellers bring their passphrases on one screen
   (``unlock_urn``); the boxes are opened in memory, shuffled, chained as ``SecretBallot`` rows
   with no voter and no time, and the boxes and the shares are deleted (``count_urn``).

docs/security.md says what this protects against and what it does not.
"""

from __future__ import annotations

import json
import random
import secrets
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from scic.auth.models import User
from scic.cooperatives.models import Grant
from scic.core import audit, sealing
from scic.core.db import db
from scic.core.violations import RuleViolation, Violation
from scic.voting import rules
from scic.voting.models import (
    Resolution,
    SecretBallot,
    SecretParticipation,
    SecretUrnBox,
    SecretUrnKey,
    TellerShare,
)


@dataclass(frozen=True)
class OpenedUrn:
    """An urn's private key, rebuilt in memory from the tellers' shares for one count."""

    resolution_id: int
    private_key: bytes


def possible_tellers(resolution: Resolution) -> list[User]:
    """Accounts that may be named tellers: anyone with a role in the resolution's cooperative."""
    return list(
        db.session.scalars(
            select(User)
            .where(
                User.id.in_(
                    select(Grant.user_id).where(Grant.cooperative_id == resolution.cooperative_id)
                )
            )
            .order_by(User.id)
        )
    )


def urn_key(resolution: Resolution) -> SecretUrnKey | None:
    return db.session.get(SecretUrnKey, resolution.id)


def is_ready(resolution: Resolution) -> bool:
    """The urn accepts ballots: its key pair exists and the count has not destroyed it."""
    key = urn_key(resolution)
    return key is not None and key.destroyed_at is None


def tellers_of(resolution: Resolution) -> list[User]:
    """The tellers who hold a share of the urn's key, in share order."""
    return list(
        db.session.scalars(
            select(User)
            .join(TellerShare, TellerShare.user_id == User.id)
            .where(TellerShare.resolution_id == resolution.id)
            .order_by(TellerShare.share_index)
        )
    )


def _kdf_cost() -> tuple[int, int]:
    return (
        int(current_app.config["SECRET_URN_KDF_OPSLIMIT"]),
        int(current_app.config["SECRET_URN_KDF_MEMLIMIT"]),
    )


def set_up_urn(
    resolution: Resolution, tellers: Sequence[tuple[int, str]], *, by=None, now: datetime
) -> SecretUrnKey:
    """Draw the urn's key pair and leave its private key only as passphrase-locked shares.

    ``tellers`` are ``(user_id, passphrase)`` pairs. Rules: R-TAL-3 (``rules.check_tellers``:
    at least three distinct tellers, long passphrases), tellers with a role in the cooperative,
    a secret resolution not yet closed and without an urn.
    """
    violations: list[Violation] = []
    if not resolution.secret:
        violations.append(Violation("urn_not_secret", rule="R-TAL-3"))
    if resolution.status == "closed":
        violations.append(Violation("vote_closed"))
    if urn_key(resolution) is not None:
        violations.append(Violation("urn_already_set_up", rule="R-TAL-3"))
    allowed = {u.id for u in possible_tellers(resolution)}
    if any(user_id not in allowed for user_id, _passphrase in tellers):
        violations.append(Violation("teller_not_in_cooperative", rule="R-TAL-3"))
    violations += rules.check_tellers(
        [user_id for user_id, _passphrase in tellers], [len(p) for _user_id, p in tellers]
    )
    if violations:
        raise RuleViolation(violations)

    cost = _kdf_cost()
    pair = sealing.new_key_pair()
    shares = sealing.split_key(pair.private, holders=len(tellers), threshold=rules.TELLER_THRESHOLD)
    key = SecretUrnKey(
        resolution_id=resolution.id,
        cooperative_id=resolution.cooperative_id,
        public_key=pair.public,
        threshold=rules.TELLER_THRESHOLD,
        created_at=now,
    )
    del pair  # only the public key is kept
    db.session.add(key)
    for share, (user_id, passphrase) in zip(shares, tellers, strict=True):
        locked = sealing.lock_share(share, passphrase, cost=cost)
        db.session.add(
            TellerShare(
                resolution_id=resolution.id,
                user_id=user_id,
                share_index=locked.index,
                salt=locked.salt,
                opslimit=locked.opslimit,
                memlimit=locked.memlimit,
                locked_share=locked.box,
            )
        )
    try:
        db.session.flush()
    except IntegrityError:  # two set-ups at once: the resolution's key is the primary key
        raise RuleViolation(Violation("urn_already_set_up", rule="R-TAL-3")) from None
    audit.record(
        "urn.set_up",
        resolution,
        by=by,
        data={"tellers": [user_id for user_id, _p in tellers], "threshold": key.threshold},
        now=now,
    )
    return key


def seal_ballot(
    resolution: Resolution, *, college_id: int | None, choice: str, receipt_code: str
) -> None:
    """Put one secret choice in the urn, sealed to its public key, under a random key.

    Nothing in the row refers to the voter, the time or the order of voting; the receipt code
    is inside the box (it is published with the counted ballots, never with a choice).
    """
    key = urn_key(resolution)
    if key is None or key.destroyed_at is not None:
        raise RuleViolation(Violation("urn_not_set_up", rule="R-TAL-3"))
    plaintext = json.dumps(
        {"c": college_id, "v": choice, "r": receipt_code}, separators=(",", ":")
    ).encode()
    db.session.add(
        SecretUrnBox(
            id=secrets.token_hex(16),
            resolution_id=resolution.id,
            sealed=sealing.seal(key.public_key, plaintext),
        )
    )


def unlock_urn(resolution: Resolution, passphrases: Mapping[int, str]) -> OpenedUrn:
    """Rebuild the urn's private key from the passphrases the tellers typed (user id: text).

    Blank passphrases are ignored. Refused, naming the teller: a wrong passphrase; refused:
    fewer tellers than the threshold, or shares that do not rebuild the urn's key.
    """
    key = urn_key(resolution)
    if key is None or key.destroyed_at is not None:
        raise RuleViolation(Violation("urn_not_set_up", rule="R-TAL-3"))
    given = {user_id: p for user_id, p in passphrases.items() if p}
    rows = db.session.execute(
        select(TellerShare, User)
        .join(User, User.id == TellerShare.user_id)
        .where(TellerShare.resolution_id == resolution.id, TellerShare.user_id.in_(given))
        .order_by(TellerShare.share_index)
    ).all()
    if len(rows) < key.threshold:
        raise RuleViolation(
            Violation("tellers_not_enough", rule="R-TAL-3", params={"min": key.threshold})
        )
    shares, violations = [], []
    for row, user in rows:
        locked = sealing.LockedShare(
            index=row.share_index,
            salt=row.salt,
            box=row.locked_share,
            opslimit=row.opslimit,
            memlimit=row.memlimit,
        )
        try:
            shares.append(sealing.unlock_share(locked, given[user.id]))
        except sealing.SealingError:
            violations.append(
                Violation(
                    "teller_passphrase_wrong", rule="R-TAL-3", params={"teller": user.display_name}
                )
            )
    if violations:
        raise RuleViolation(violations)
    try:
        private = sealing.join_shares(shares, key.public_key)
    except sealing.SealingError:
        raise RuleViolation(Violation("urn_key_mismatch", rule="R-TAL-3")) from None
    return OpenedUrn(resolution_id=resolution.id, private_key=private)


def count_urn(resolution: Resolution, opened: OpenedUrn, *, now: datetime) -> int:
    """Open every box in memory, chain the choices in a random order, destroy boxes and key.

    The ``SecretBallot`` rows get fresh random keys, are shuffled and chained in key order, so
    neither their keys, their physical order nor the chain follows the order of voting; they
    carry no voter and no time. Then the boxes and the tellers' shares are deleted (on SQLite
    with ``secure_delete``, which overwrites them in the file) and the key marked destroyed.
    Returns the number of ballots counted.
    """
    if opened.resolution_id != resolution.id:
        raise RuleViolation(Violation("urn_key_mismatch", rule="R-TAL-3"))
    boxes = db.session.scalars(
        select(SecretUrnBox.sealed).where(SecretUrnBox.resolution_id == resolution.id)
    ).all()
    try:
        choices = [json.loads(sealing.open_sealed(opened.private_key, box)) for box in boxes]
    except sealing.SealingError:
        raise RuleViolation(Violation("urn_box_damaged", rule="R-TAL-3")) from None
    participations = db.session.scalar(
        select(func.count())
        .select_from(SecretParticipation)
        .where(SecretParticipation.resolution_id == resolution.id)
    )
    if participations != len(choices):  # a box added or removed behind the application's back
        raise RuleViolation(
            Violation(
                "urn_count_mismatch",
                rule="R-TAL-3",
                params={"boxes": len(choices), "voters": participations},
            )
        )
    rng = random.SystemRandom()
    keys = sorted(uuid.UUID(int=rng.getrandbits(128)).hex for _ in choices)
    rng.shuffle(choices)
    for key, choice in zip(keys, choices, strict=True):
        SecretBallot(
            id=key,
            cooperative_id=resolution.cooperative_id,
            resolution_id=resolution.id,
            college_id=choice["c"],
            choice=choice["v"],
            receipt_code=choice["r"],
        ).seal()
    destroy_urn(resolution, now=now)
    return len(choices)


def destroy_urn(resolution: Resolution, *, now: datetime) -> None:
    """Delete the urn's boxes and the tellers' shares: nobody can rebuild the key afterwards."""
    # SQLite overwrites deleted rows in the file (secure_delete, set on every connection).
    db.session.execute(delete(SecretUrnBox).where(SecretUrnBox.resolution_id == resolution.id))
    db.session.execute(delete(TellerShare).where(TellerShare.resolution_id == resolution.id))
    key = urn_key(resolution)
    if key is not None:
        key.destroyed_at = now
    db.session.flush()
