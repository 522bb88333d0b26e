"""Keyed hash chains over append-only rows (share movements, ballots, audit log).

Each row stores the hash of the previous row of its chain and its own HMAC-SHA256 over the
previous hash and a canonical payload. The key (``CHAIN_KEY``) lives in the instance
configuration, never in the database: someone who can rewrite the database but not read the
configuration cannot recompute a valid chain after changing or removing an entry. The payload
holds identifiers, amounts, choices and dates, never names, addresses or e-mails, so personal
fields can be pseudonymised without breaking the chain.

Chains written before keys existed used a plain SHA-256 (``entry_hash(..., key=None)``);
``scic verify --rekey`` re-seals such a chain once it is checked intact.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from fractions import Fraction

GENESIS = "0" * 64


#: Types that JSON encodes as they are: checked by exact type first, because ``isinstance``
#: against ``Mapping`` (an ABC) is slow and every ledger, ballot and audit entry is hashed.
_PLAIN = frozenset({str, int, float, bool, type(None)})


def _canonical(value: object) -> object:
    if type(value) in _PLAIN:
        return value
    if isinstance(value, datetime) and value.tzinfo is not None:
        # The stored value comes back in UTC: hash the same instant the same way.
        return value.astimezone(UTC).isoformat()
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal | Fraction):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    return value


def canonical_json(payload: Mapping[str, object]) -> str:
    """The payload as compact JSON with sorted keys: the bytes that are hashed and signed."""
    return json.dumps(_canonical(payload), sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def entry_hash(previous: str, payload: Mapping[str, object], key: bytes | None) -> str:
    """Return the HMAC-SHA256 under ``key`` of the previous hash and the canonical payload.

    ``key=None`` gives the plain SHA-256 of chains written before keys (legacy, verify only).
    """
    message = f"{previous}\n{canonical_json(payload)}".encode()
    if key is None:
        return hashlib.sha256(message).hexdigest()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    """The first entry whose stored hashes do not match its content or its predecessor."""

    position: int
    entry_id: object
    reason: str


def verify_chain(
    entries: Iterable[tuple[object, str, str, Mapping[str, object]]],
    key: bytes | None,
) -> ChainBreak | None:
    """Walk ``(id, prev_hash, hash, payload)`` in chain order; return the first break or None."""
    previous = GENESIS
    for position, (entry_id, prev_hash, stored, payload) in enumerate(entries, start=1):
        if prev_hash != previous:
            return ChainBreak(position, entry_id, "previous_hash_mismatch")
        if not hmac.compare_digest(entry_hash(prev_hash, payload, key), stored):
            return ChainBreak(position, entry_id, "content_hash_mismatch")
        previous = stored
    return None


def sign(key: bytes, document: Mapping[str, object]) -> str:
    """HMAC-SHA256 of a document's canonical JSON (checkpoint files)."""
    return hmac.new(key, canonical_json(document).encode(), hashlib.sha256).hexdigest()


def derive_key(secret: str, purpose: str) -> bytes:
    """A key for one purpose derived from a configured secret (HMAC as a KDF)."""
    return hmac.new(secret.encode(), f"scic.{purpose}".encode(), hashlib.sha256).digest()


@dataclass(frozen=True)
class ChainWalk:
    """What walking one chain found: its length and head, entries still hashed without the
    key, and the first break (an edited entry, a rewrite, or a tail cut below a checkpoint)."""

    entries: int
    head_id: object
    head_hash: str
    #: Leading entries hashed with plain SHA-256 (written before keyed chains).
    unkeyed: int
    broken: ChainBreak | None


def walk_chain(
    entries: Iterable[tuple[object, str, str, Mapping[str, object]]],
    key: bytes,
    checkpoint: tuple[object, str] | None = None,
) -> ChainWalk:
    """Walk ``(id, prev_hash, hash, payload)`` in chain order against ``key``.

    Plain SHA-256 entries are accepted only as a prefix (a chain written before keys, then
    continued with keys): their count is reported so that ``scic verify`` asks for a re-key.
    ``checkpoint`` is the ``(id, hash)`` of the head recorded outside the database: that entry
    must be in the chain with that hash, else the chain was rewritten or its tail removed.
    """
    previous, position, unkeyed, keyed_seen = GENESIS, 0, 0, False
    head_id, checkpoint_seen = None, checkpoint is None
    for position, (entry_id, prev_hash, stored, payload) in enumerate(entries, start=1):
        if prev_hash != previous:
            return ChainWalk(
                position - 1,
                head_id,
                previous,
                unkeyed,
                ChainBreak(position, entry_id, "previous_hash_mismatch"),
            )
        if hmac.compare_digest(entry_hash(prev_hash, payload, key), stored):
            keyed_seen = True
        elif not keyed_seen and entry_hash(prev_hash, payload, None) == stored:
            unkeyed += 1
        else:
            return ChainWalk(
                position - 1,
                head_id,
                previous,
                unkeyed,
                ChainBreak(position, entry_id, "content_hash_mismatch"),
            )
        if checkpoint is not None and entry_id == checkpoint[0]:
            if stored != checkpoint[1]:
                return ChainWalk(
                    position - 1,
                    head_id,
                    previous,
                    unkeyed,
                    ChainBreak(position, entry_id, "checkpoint_mismatch"),
                )
            checkpoint_seen = True
        previous, head_id = stored, entry_id
    if not checkpoint_seen:
        return ChainWalk(
            position,
            head_id,
            previous,
            unkeyed,
            ChainBreak(position + 1, checkpoint[0], "missing_tail"),
        )
    return ChainWalk(position, head_id, previous, unkeyed, None)
