"""Generated documents (large exports) stored where every application server can read them.

A :class:`GeneratedFile` row is written when a document is asked for (``pending``); a job
produces it and hands the bytes to the configured store: the database itself (the default,
``FILES_STORAGE = "database"``) or an S3-compatible bucket (``"s3"``). The row keeps the state,
the owner, the cooperative and the expiry date; the nightly purge (``scic.core.retention``)
deletes expired documents. Progress is kept in the task queue's key-value store, shared by the
servers and the workers, so that a long export writes nothing in the database until it ends.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Protocol

from flask import current_app
from huey.constants import EmptyData
from sqlalchemy import JSON, ForeignKey, Integer, LargeBinary, String, Text, delete, select
from sqlalchemy.orm import Mapped, mapped_column

from scic.core import tasks
from scic.core.db import UTCDateTime, db

PENDING = "pending"
DONE = "done"
FAILED = "failed"


class GeneratedFile(db.Model):
    """One document produced in the background, and its content (database store)."""

    __tablename__ = "generated_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The unguessable name in URLs (32 hexadecimal characters).
    token: Mapped[str] = mapped_column(String(32), unique=True)
    cooperative_id: Mapped[int | None] = mapped_column(
        ForeignKey("cooperatives.id"), index=True, default=None
    )
    #: Who asked for it.
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    #: What to produce (the document kind) and with which parameters (JSON).
    kind: Mapped[str] = mapped_column(String(64))
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    #: Language the document is written in.
    locale: Mapped[str] = mapped_column(String(16), default="fr")
    #: The download's name and media type.
    filename: Mapped[str] = mapped_column(String(255))
    mimetype: Mapped[str] = mapped_column(String(100))
    #: pending, done or failed.
    state: Mapped[str] = mapped_column(String(16), default=PENDING)
    #: Where the content is: "database" (the column below) or "s3".
    storage: Mapped[str | None] = mapped_column(String(16), default=None)
    size: Mapped[int | None] = mapped_column(Integer, default=None)
    #: The document itself when stored in the database (loaded only to download it).
    content: Mapped[bytes | None] = mapped_column(LargeBinary, default=None, deferred=True)
    #: Why it failed (for the operator; the page shows a generic message).
    error: Mapped[str | None] = mapped_column(Text, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    #: Deleted by the nightly purge after this time (RETENTION_DAYS after it was asked for).
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)

    def __repr__(self) -> str:
        return f"<GeneratedFile {self.token} {self.kind} {self.state}>"


class FileStore(Protocol):
    """Where a generated document's bytes live."""

    name: str

    def write(self, record: GeneratedFile, data: bytes) -> None: ...

    def read(self, record: GeneratedFile) -> bytes: ...

    def delete(self, record: GeneratedFile) -> None: ...


class DatabaseStore:
    """The content in ``generated_files.content``: every server that reaches the database
    reads it, and it is backed up with it."""

    name = "database"

    def write(self, record: GeneratedFile, data: bytes) -> None:
        record.content = data

    def read(self, record: GeneratedFile) -> bytes:
        return record.content or b""

    def delete(self, record: GeneratedFile) -> None:
        record.content = None


class S3Store:
    """An object per document in an S3-compatible bucket (``boto3``'s S3 client API)."""

    name = "s3"

    def __init__(self, client, bucket: str, prefix: str = "") -> None:
        self.client = client
        self.bucket = bucket
        self.prefix = prefix

    def key(self, record: GeneratedFile) -> str:
        return f"{self.prefix}{record.token}"

    def write(self, record: GeneratedFile, data: bytes) -> None:
        self.client.put_object(
            Bucket=self.bucket, Key=self.key(record), Body=data, ContentType=record.mimetype
        )

    def read(self, record: GeneratedFile) -> bytes:
        return self.client.get_object(Bucket=self.bucket, Key=self.key(record))["Body"].read()

    def delete(self, record: GeneratedFile) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self.key(record))


def configured_store() -> FileStore:
    """The store new documents go to (FILES_STORAGE)."""
    return store_named(current_app.config["FILES_STORAGE"])


def store_named(name: str | None) -> FileStore:
    if name in (None, "database"):
        return DatabaseStore()
    if name == "s3":
        return _s3_store()
    raise RuntimeError(f"FILES_STORAGE must be 'database' or 's3', not {name!r}")


def _s3_store() -> S3Store:
    config = current_app.config
    if "s3_client" not in current_app.extensions:
        try:
            import boto3
        except ImportError as exc:  # an optional dependency (README: Configuration)
            raise RuntimeError("FILES_STORAGE = 's3' needs boto3: pip install boto3") from exc
        current_app.extensions["s3_client"] = boto3.client(
            "s3", endpoint_url=config.get("FILES_S3_ENDPOINT_URL") or None
        )
    if not config.get("FILES_S3_BUCKET"):
        raise RuntimeError("FILES_STORAGE = 's3' needs FILES_S3_BUCKET")
    return S3Store(
        current_app.extensions["s3_client"],
        config["FILES_S3_BUCKET"],
        config.get("FILES_S3_PREFIX", ""),
    )


def create(
    *,
    cooperative_id: int | None,
    owner_id: int | None,
    kind: str,
    params: dict,
    locale: str,
    filename: str,
    mimetype: str,
    now: datetime,
) -> GeneratedFile:
    """Record a document to produce (pending); the caller queues its job and commits."""
    record = GeneratedFile(
        token=secrets.token_hex(16),
        cooperative_id=cooperative_id,
        owner_id=owner_id,
        kind=kind,
        params=params,
        locale=locale,
        filename=filename,
        mimetype=mimetype,
        state=PENDING,
        created_at=now,
        expires_at=now + timedelta(days=current_app.config["RETENTION_DAYS"]),
    )
    db.session.add(record)
    db.session.flush()
    return record


def find(token: str, *, cooperative_id: int | None) -> GeneratedFile | None:
    """The document with this token in this cooperative (None for another cooperative's)."""
    if len(token) != 32 or not all(c in "0123456789abcdef" for c in token):
        return None
    return db.session.scalar(
        select(GeneratedFile).where(
            GeneratedFile.token == token, GeneratedFile.cooperative_id == cooperative_id
        )
    )


def finish(record: GeneratedFile, data: bytes, *, now: datetime) -> None:
    """Store the produced bytes and mark the document done (the job commits)."""
    store = configured_store()
    store.write(record, data)
    record.storage = store.name
    record.size = len(data)
    record.state = DONE
    record.finished_at = now


def fail(record: GeneratedFile, error: str, *, now: datetime) -> None:
    record.state = FAILED
    record.error = error[:2000]
    record.finished_at = now


def read(record: GeneratedFile) -> bytes:
    """The bytes of a finished document, from the store it was written to."""
    return store_named(record.storage).read(record)


def _progress_key(token: str) -> str:
    return f"scic:progress:{token}"


def set_progress(token: str, done: int, total: int) -> None:
    """Publish how far a job is (shared with every server through the queue's storage)."""
    tasks.huey.storage.put_data(_progress_key(token), f"{done}/{total}".encode())


def progress(token: str) -> tuple[int, int]:
    """``(done, total)`` of a running job; ``(0, 0)`` before its first report."""
    raw = tasks.huey.storage.peek_data(_progress_key(token))
    if raw is EmptyData or not raw:
        return 0, 0
    done, total = raw.decode().split("/")
    return int(done), int(total)


def forget_progress(token: str) -> None:
    tasks.huey.storage.pop_data(_progress_key(token))


def purge_expired(now: datetime) -> int:
    """Delete the documents whose expiry date has passed (and their S3 objects)."""
    expired = db.session.scalars(select(GeneratedFile).where(GeneratedFile.expires_at <= now)).all()
    for record in expired:
        if record.storage == "s3":
            store_named("s3").delete(record)
    if expired:
        db.session.execute(
            delete(GeneratedFile).where(GeneratedFile.id.in_([r.id for r in expired]))
        )
    return len(expired)


# --- Uploads kept between two attempts at a form ------------------------------------------------

#: ``GeneratedFile.kind`` of a file uploaded with a form that was refused: kept so that the
#: person does not have to choose it again (the form carries its token in a hidden field).
KEPT_UPLOAD = "kept_upload"


def keep_upload(
    content: bytes,
    filename: str,
    mimetype: str,
    *,
    cooperative_id: int | None,
    owner_id: int | None,
    now: datetime,
) -> GeneratedFile:
    """Store an upload of a refused form in the configured store; the caller commits.

    Only its owner finds it again (``kept_upload``), and the nightly purge deletes it after
    ``RETENTION_DAYS`` like any generated document.
    """
    record = create(
        cooperative_id=cooperative_id,
        owner_id=owner_id,
        kind=KEPT_UPLOAD,
        params={},
        locale="",
        filename=filename[:255],
        mimetype=mimetype[:100],
        now=now,
    )
    finish(record, content, now=now)
    return record


def kept_upload(
    token: str, *, cooperative_id: int | None, owner_id: int | None
) -> GeneratedFile | None:
    """The upload kept under ``token`` for this person in this cooperative, or None."""
    record = find(token or "", cooperative_id=cooperative_id)
    if (
        record is None
        or record.kind != KEPT_UPLOAD
        or record.state != DONE
        or record.owner_id is None
        or record.owner_id != owner_id
    ):
        return None
    return record
