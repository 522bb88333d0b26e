"""Chain heads kept outside the database: signed checkpoint files in the instance folder.

After each commit that sealed chained rows (ledger, ballots, audit log…), the head of every
chain it extended — the id and hash of its last entry — is merged into
``instance/checkpoints/cooperative-<id>.json`` (``platform.json`` for the platform's audit
chain), signed with a key derived from ``CHAIN_KEY``. ``scic verify`` then requires each
checkpointed entry to be in its chain with that hash: deleting the tail of a chain, or
rewriting it, shows even when the database is consistent with itself.

The files only grow forward: a head replaces the recorded one only when it is later in the
chain, so two processes committing at once never move a checkpoint back. A file whose
signature fails is set aside as ``<name>.invalid`` (kept for the administrator) and reported.
"""

from __future__ import annotations

import fcntl
import hmac
import json
import os
from collections.abc import Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from scic.core import clock
from scic.core.chain import derive_key, sign

FORMAT = "scic-checkpoint/1"
FOLDER = "checkpoints"
_NOTES = "scic.sealed_heads"


def chain_key() -> bytes:
    """The key of the chains' HMAC, from the instance configuration (never the database)."""
    return current_app.config["CHAIN_KEY"].encode()


def _signing_key() -> bytes:
    return derive_key(current_app.config["CHAIN_KEY"], "checkpoint")


def chain_name(table: str, scope: Mapping[str, object]) -> str:
    """A chain's name in checkpoint files: ``table:column=value,…``."""
    return f"{table}:" + ",".join(f"{k}={v}" for k, v in sorted(scope.items()))


def file_name(cooperative_id: int | None) -> str:
    return "platform.json" if cooperative_id is None else f"cooperative-{cooperative_id}.json"


def folder() -> Path:
    return Path(current_app.instance_path) / FOLDER


@dataclass(frozen=True)
class Checkpoint:
    """One checkpoint file: chain name → ``(id, hash)`` of its recorded head."""

    heads: dict[str, tuple[object, str]] = field(default_factory=dict)
    written_at: str | None = None
    #: False when the file exists but its signature fails (edited, or another key).
    valid: bool = True
    #: A file set aside earlier because its signature failed.
    set_aside: bool = False


def _later(new_id: object, old_id: object) -> bool:
    try:
        return new_id > old_id
    except TypeError:  # ids of another type than the recorded one: take the new head
        return True


# --- Noting heads as rows are sealed, writing them at commit ------------------------------------


def note_sealed(session: Session, row) -> None:
    """Remember the row as its chain's new head, to be checkpointed when the session commits."""
    notes = session.info.setdefault(_NOTES, {})
    key = (getattr(row, "cooperative_id", None), chain_name(row.__tablename__, row.chain_scope()))
    known = notes.get(key)
    if known is None or _later(row.id, known[0]):
        notes[key] = (row.id, row.hash, session.get_nested_transaction())


@event.listens_for(Session, "after_soft_rollback")
def _forget_rolled_back(session, previous_transaction):
    notes = session.info.get(_NOTES)
    if not notes:
        return
    if not previous_transaction.nested:
        session.info.pop(_NOTES, None)
        return
    for key in [k for k, v in notes.items() if v[2] is previous_transaction]:
        del notes[key]


@event.listens_for(Session, "after_commit")
def _checkpoint_after_commit(session):
    notes = session.info.pop(_NOTES, None)
    if not notes or not has_app_context():
        return
    by_file: dict[str, dict[str, tuple[object, str]]] = {}
    for (cooperative_id, name), (row_id, row_hash, _) in notes.items():
        by_file.setdefault(file_name(cooperative_id), {})[name] = (row_id, row_hash)
    write_heads(by_file)


def write_heads(by_file: Mapping[str, Mapping[str, tuple[object, str]]]) -> None:
    """Merge heads into their checkpoint files (forward only), each signed, written atomically."""
    target = folder()
    target.mkdir(mode=0o700, parents=True, exist_ok=True)
    key = _signing_key()
    with _locked(target):
        for name, heads in by_file.items():
            path = target / name
            current = _read(path, key)
            if not current.valid:
                path.replace(path.with_name(name + ".invalid"))
                current = Checkpoint()
            merged = dict(current.heads)
            for chain, (row_id, row_hash) in heads.items():
                known = merged.get(chain)
                if known is None or _later(row_id, known[0]):
                    merged[chain] = (row_id, row_hash)
            _write(path, key, merged)


def replace_heads(cooperative_id: int | None, heads: Mapping[str, tuple[object, str]]) -> None:
    """Write a cooperative's checkpoint from scratch (after ``scic verify --rekey``)."""
    target = folder()
    target.mkdir(mode=0o700, parents=True, exist_ok=True)
    with _locked(target):
        _write(target / file_name(cooperative_id), _signing_key(), dict(heads))


def _write(path: Path, key: bytes, heads: Mapping[str, tuple[object, str]]) -> None:
    body = {
        "format": FORMAT,
        "written_at": clock.now().isoformat(),
        "heads": {chain: {"id": i, "hash": h} for chain, (i, h) in sorted(heads.items())},
    }
    body["signature"] = sign(key, body)
    temporary = path.with_name(path.name + ".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        json.dump(body, out, indent=1, sort_keys=True)
    os.replace(temporary, path)


@contextmanager
def _locked(target: Path):
    descriptor = os.open(target / ".lock", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


# --- Reading ------------------------------------------------------------------------------------


def _read(path: Path, key: bytes) -> Checkpoint:
    set_aside = path.with_name(path.name + ".invalid").exists()
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Checkpoint(set_aside=set_aside)
    except ValueError:
        return Checkpoint(valid=False, set_aside=set_aside)
    signature = body.pop("signature", None) if isinstance(body, dict) else None
    if not isinstance(signature, str) or not hmac.compare_digest(sign(key, body), signature):
        return Checkpoint(valid=False, set_aside=set_aside)
    heads = {chain: (head["id"], head["hash"]) for chain, head in body["heads"].items()}
    return Checkpoint(heads, body.get("written_at"), True, set_aside)


def read(cooperative_id: int | None) -> Checkpoint:
    """The checkpoint of a cooperative (or of the platform), checked against its signature."""
    return _read(folder() / file_name(cooperative_id), _signing_key())
