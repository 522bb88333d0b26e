"""Chain heads kept outside the database: signed checkpoint files in the instance folder.

After each commit that sealed chained rows (ledger, ballots, audit log…), the head of every
chain it extended — the id and hash of its last entry — is appended as one signed line to
``instance/checkpoints/cooperative-<id>.journal`` (``platform.journal`` for the platform's
audit chain); every thousand commits or so the journal is folded into
``cooperative-<id>.json``. Both are signed with a key derived from ``CHAIN_KEY``. ``scic
verify`` then requires each checkpointed entry to be in its chain with that hash: deleting the
tail of a chain, or rewriting it, shows even when the database is consistent with itself.

An append is one ``write()``: rewriting the file and renaming it at each commit made every
vote wait for ext4 to flush it (about 1.4 ms, docs/performance.md). Heads only move forward: a
head replaces the recorded one only when it is later in the chain, so two processes committing
at once never move a checkpoint back. A signed line or file whose signature fails is reported;
at the next folding it is set aside as ``<name>.invalid`` (kept for the administrator). A line
that is not even JSON (a write cut short by a crash) is skipped: it could only hide heads,
which deleting the journal would do as well.
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
#: A journal past this size is folded into its checkpoint file (about a thousand commits).
FOLD_BYTES = 256 * 1024


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


def journal_of(path: Path) -> Path:
    """The journal of a checkpoint file: the heads of the commits since its last folding."""
    return path.with_suffix(".journal")


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
    #: Whether the file, and every line of its journal, passes its signature.
    file_valid: bool = True
    journal_valid: bool = True
    #: The heads recorded in the journal alone (kept when the file fails its signature).
    journal_heads: dict[str, tuple[object, str]] = field(default_factory=dict)


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
    """Append each file's new heads to its journal, one signed line; fold a long journal."""
    target = folder()
    key = _signing_key()
    for name, heads in by_file.items():
        path = target / name
        line = {"format": FORMAT, "written_at": clock.now().isoformat(), "heads": _heads(heads)}
        line["signature"] = sign(key, line)
        # Blank lines around it: a write cut short never swallows the next line.
        record = ("\n" + json.dumps(line, sort_keys=True) + "\n").encode()
        try:
            size = _append(target, journal_of(path), record)
        except FileNotFoundError:  # no folder yet (or removed): made here, not at every commit
            target.mkdir(mode=0o700, parents=True, exist_ok=True)
            size = _append(target, journal_of(path), record)
        if size > FOLD_BYTES:
            _fold(path, key)


def _append(target: Path, journal: Path, record: bytes) -> int:
    """Append one record to a journal; its size after."""
    with _locked(target, shared=True):  # appends run together; folding waits for them
        descriptor = os.open(journal, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(descriptor, record)
            return os.fstat(descriptor).st_size
        finally:
            os.close(descriptor)


def _fold(path: Path, key: bytes) -> None:
    """Merge the journal into the checkpoint file (written atomically), then empty it; a file
    or journal whose signature fails is set aside first."""
    with _locked(path.parent):
        current = _read(path, key)
        heads = dict(current.heads)
        if not current.file_valid and path.exists():
            path.replace(path.with_name(path.name + ".invalid"))
            heads = dict(current.journal_heads)
        journal = journal_of(path)
        if not current.journal_valid:
            journal.replace(journal.with_name(journal.name + ".invalid"))
        _write(path, key, heads)
        journal.unlink(missing_ok=True)


def replace_heads(cooperative_id: int | None, heads: Mapping[str, tuple[object, str]]) -> None:
    """Write a cooperative's checkpoint from scratch (after ``scic verify --rekey``)."""
    target = folder()
    target.mkdir(mode=0o700, parents=True, exist_ok=True)
    with _locked(target):
        path = target / file_name(cooperative_id)
        _write(path, _signing_key(), dict(heads))
        journal_of(path).unlink(missing_ok=True)


def _heads(heads: Mapping[str, tuple[object, str]]) -> dict[str, dict[str, object]]:
    return {chain: {"id": i, "hash": h} for chain, (i, h) in sorted(heads.items())}


def _merge(into: dict[str, tuple[object, str]], heads: Mapping[str, tuple[object, str]]) -> None:
    """Forward only: a recorded head is replaced by a later entry of its chain."""
    for chain, (row_id, row_hash) in heads.items():
        known = into.get(chain)
        if known is None or _later(row_id, known[0]):
            into[chain] = (row_id, row_hash)


def _write(path: Path, key: bytes, heads: Mapping[str, tuple[object, str]]) -> None:
    body = {"format": FORMAT, "written_at": clock.now().isoformat(), "heads": _heads(heads)}
    body["signature"] = sign(key, body)
    temporary = path.with_name(path.name + ".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        json.dump(body, out, indent=1, sort_keys=True)
    os.replace(temporary, path)


@contextmanager
def _locked(target: Path, *, shared: bool = False):
    descriptor = os.open(target / ".lock", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


# --- Reading ------------------------------------------------------------------------------------


def _signed_heads(body: object, key: bytes) -> dict[str, tuple[object, str]] | None:
    """The heads of a signed body (file or journal line), or None when its signature fails."""
    if not isinstance(body, dict):
        return None
    body = dict(body)
    signature = body.pop("signature", None)
    if not isinstance(signature, str) or not hmac.compare_digest(sign(key, body), signature):
        return None
    return {chain: (head["id"], head["hash"]) for chain, head in body["heads"].items()}


def _read(path: Path, key: bytes) -> Checkpoint:
    """The checkpoint file merged with its journal, each checked against its signature."""
    set_aside = any(p.with_name(p.name + ".invalid").exists() for p in (path, journal_of(path)))
    heads: dict[str, tuple[object, str]] = {}
    file_valid, written_at = True, None
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        body = None
    except ValueError:
        body, file_valid = None, False
    if body is not None:
        signed = _signed_heads(body, key)
        if signed is None:
            file_valid = False
        else:
            heads, written_at = signed, body.get("written_at")
    journal_heads: dict[str, tuple[object, str]] = {}
    journal_valid = True
    try:
        lines = journal_of(path).read_bytes().splitlines()
    except FileNotFoundError:
        lines = []
    for raw in lines:
        try:
            line = json.loads(raw) if raw.strip() else None
        except ValueError:
            continue  # a write cut short by a crash (see the module's docstring)
        if line is None:
            continue
        signed = _signed_heads(line, key)
        if signed is None:
            journal_valid = False
            continue
        _merge(journal_heads, signed)
        written_at = line.get("written_at", written_at)
    _merge(heads, journal_heads)
    return Checkpoint(
        heads,
        written_at,
        file_valid and journal_valid,
        set_aside,
        file_valid=file_valid,
        journal_valid=journal_valid,
        journal_heads=journal_heads,
    )


def read(cooperative_id: int | None) -> Checkpoint:
    """The checkpoint of a cooperative (or of the platform), checked against its signature."""
    return _read(folder() / file_name(cooperative_id), _signing_key())
