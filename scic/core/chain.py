"""Hash chains over append-only rows (share movements, ballots, audit log).

Each row stores the hash of the previous row of its chain and its own hash over a canonical
payload. The payload holds identifiers, amounts, choices and dates, never names, addresses or
e-mails, so personal fields can be pseudonymised without breaking the chain.
"""

from __future__ import annotations

import hashlib
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


def entry_hash(previous: str, payload: Mapping[str, object]) -> str:
    """Return the SHA-256 of the previous hash and the canonical JSON of the payload."""
    body = json.dumps(_canonical(payload), sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(f"{previous}\n{body}".encode()).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    """The first entry whose stored hashes do not match its content or its predecessor."""

    position: int
    entry_id: object
    reason: str


def verify_chain(
    entries: Iterable[tuple[object, str, str, Mapping[str, object]]],
) -> ChainBreak | None:
    """Walk ``(id, prev_hash, hash, payload)`` in chain order; return the first break or None."""
    previous = GENESIS
    for position, (entry_id, prev_hash, stored, payload) in enumerate(entries, start=1):
        if prev_hash != previous:
            return ChainBreak(position, entry_id, "previous_hash_mismatch")
        if entry_hash(prev_hash, payload) != stored:
            return ChainBreak(position, entry_id, "content_hash_mismatch")
        previous = stored
    return None
