"""Transactional outbox: mail is a row written in the request's transaction, sent by a job.

:func:`queue_mail` adds an :class:`OutboxMessage` to the session; when the transaction commits,
a job delivers it (``scic.core.mail.send``: SMTP, or an .eml file in instance/outbox/). A
rolled-back request leaves no row and sends nothing; a mail is never sent before its
transaction is committed, so a failed commit cannot leave a sent mail without its record.

A message can also be queued *to be written at delivery* (:func:`queue_composed`): the row then
holds the name of a :func:`composer`, the recipient's locale and the facts the message states
(JSON); the delivery job writes the message with that composer under that locale, stores it in
``message`` as if it had been queued whole, and sends it. A vote's receipt goes out this way:
the vote's request writes one small row instead of building a MIME message under the
cooperative's lock (docs/performance.md).

Delivery claims a row before sending it (so two workers never send it twice) and records the
result: ``sent``, or the error and the next attempt, with a delay that doubles each time, until
``MAIL_MAX_ATTEMPTS`` have failed (``failed``). A periodic sweep retries what is due and what a
crashed worker left claimed. Secretaries see their cooperative's messages (cooperatives views).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import Message
from email.utils import parseaddr

from flask import current_app
from flask_babel import force_locale, get_locale
from sqlalchemy import (
    JSON,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    insert,
    select,
    update,
)
from sqlalchemy.orm import Mapped, mapped_column

from scic.core import clock, tasks
from scic.core.db import UTCDateTime, db, insert_row, insert_values

logger = logging.getLogger(__name__)

QUEUED = "queued"
SENT = "sent"
FAILED = "failed"
#: How long a claimed message is reserved for the worker sending it (then it is retried).
CLAIM_SECONDS = 600


class OutboxMessage(db.Model):
    """One e-mail to send, and what became of it."""

    __tablename__ = "outbox_messages"
    __table_args__ = (
        Index("ix_outbox_messages_status_next_attempt_at", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The cooperative the mail is about (None for account mail: invitations, password resets).
    cooperative_id: Mapped[int | None] = mapped_column(
        ForeignKey("cooperatives.id"), index=True, default=None
    )
    #: The recipient's address, as in the To: header.
    recipient: Mapped[str] = mapped_column(String(320))
    #: The subject, shown in the list (the message keeps the encoded header).
    subject: Mapped[str] = mapped_column(String(500))
    #: The whole RFC 5322 message, attachments included (loaded only to send it); empty until
    #: the composer writes it, for a message queued with :func:`queue_composed`.
    message: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    #: The :func:`composer` that writes this message at delivery (None: queued whole).
    composer: Mapped[str | None] = mapped_column(String(64), default=None)
    #: The language the composer writes in (the recipient's when it was queued).
    locale: Mapped[str | None] = mapped_column(String(16), default=None)
    #: What the composer writes the message from; None once the message is written.
    facts: Mapped[dict | None] = mapped_column(JSON(none_as_null=True), default=None)
    #: queued, sent or failed (after MAIL_MAX_ATTEMPTS errors).
    status: Mapped[str] = mapped_column(String(16), default=QUEUED)
    #: Delivery attempts made so far.
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    #: The last delivery error (SMTP answer or exception), for the secretary and the operator.
    last_error: Mapped[str | None] = mapped_column(Text, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, index=True)
    #: Not before this time (backoff after an error, or the claim of a worker sending it).
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    def __repr__(self) -> str:
        return f"<OutboxMessage {self.id} {self.status} to {self.recipient}>"


def queue_mail(message: Message, *, cooperative_id: int | None = None) -> OutboxMessage:
    """Add ``message`` to the outbox in the current transaction; it is sent after the commit."""
    now = clock.now()
    row = OutboxMessage(
        cooperative_id=cooperative_id,
        recipient=parseaddr(str(message["To"]))[1] or str(message["To"]),
        subject=_subject(message)[:500],
        message=bytes(message),
        status=QUEUED,
        attempts=0,
        created_at=now,
        next_attempt_at=now,
    )
    insert_row(row)
    # Sent once the transaction has committed, by a run shared with the commits of the same
    # second (a receipt goes with every vote: one job per vote cost 0.4 ms each).
    tasks.wake_after_commit(db.session(), deliver_queued)
    return row


@dataclass(frozen=True)
class Composer:
    """Writes the body of a kind of message from its facts, in the current locale."""

    #: The subject, a lazy string (``_l``) translated in the locale the message is written in.
    subject: object
    body: Callable[[dict], str]


#: The composers by name (:func:`composer`); a row names the one that writes it.
_composers: dict[str, Composer] = {}
#: Built once: the hot path (a receipt with every vote) inserts through it.
_INSERT = insert(OutboxMessage.__table__)


def composer(name: str, *, subject) -> Callable:
    """Declare the function that writes the body of the messages queued as ``name``.

    ``@outbox.composer("ballot_receipt", subject=_l("Your vote: receipt"))`` over
    ``def body(facts: dict) -> str``. It runs in the delivery job, under the locale recorded
    with the row, from the facts alone (JSON values: strings, numbers, booleans, None)."""

    def register(func: Callable[[dict], str]) -> Callable[[dict], str]:
        _composers[name] = Composer(subject, func)
        _subject_of.cache_clear()
        return func

    return register


def queue_composed(
    name: str, to: str, facts: dict, *, cooperative_id: int | None = None
) -> int | None:
    """Queue a message that the composer ``name`` writes at delivery, in the current locale;
    returns the id of its row (None inside ``db.batched_inserts``: it is sent at its end).

    The row is written in the current transaction (sent only if it commits), with the subject
    already translated so that the outbox list reads as for any other message. One Core
    INSERT and no ORM object: a receipt is queued with every vote (docs/performance.md)."""
    now = clock.now()
    locale = str(get_locale() or current_app.config.get("BABEL_DEFAULT_LOCALE", "fr"))
    key = insert_values(
        OutboxMessage.__table__,
        {
            "cooperative_id": cooperative_id,
            "recipient": to,
            "subject": _subject_of(name, locale),
            "message": b"",
            "composer": name,
            "locale": locale,
            "facts": facts,
            "status": QUEUED,
            "attempts": 0,
            "created_at": now,
            "next_attempt_at": now,
        },
        statement=_INSERT,
    )
    tasks.wake_after_commit(db.session(), deliver_queued)
    return key


@functools.lru_cache(maxsize=64)
def _subject_of(name: str, locale: str) -> str:
    """The subject of a composer's messages in ``locale`` (the current one), translated once:
    catalogs do not change while the process runs."""
    return str(_composers[name].subject)[:500]


class ComposeError(Exception):
    """The message could not be written from its facts (an unknown composer, or its error)."""


def compose(row: OutboxMessage) -> Message:
    """Write a queued-to-compose message under its locale and store it in ``row.message``."""
    from scic.core.mail import build_message

    found = _composers.get(row.composer or "")
    if found is None:
        raise ComposeError(f"no composer named {row.composer!r}")
    locale = row.locale or current_app.config.get("BABEL_DEFAULT_LOCALE", "fr")
    try:
        with force_locale(locale):
            subject = str(found.subject)
            message = build_message(row.recipient, subject, found.body(row.facts))
    except Exception as exc:
        raise ComposeError(f"{row.composer}: {type(exc).__name__}: {exc}") from exc
    row.subject = subject[:500]
    row.message = bytes(message)
    row.facts = None  # the message says it now (a receipt code is not kept twice)
    return message


def _subject(message: Message) -> str:
    from email.header import decode_header, make_header

    raw = message["Subject"]
    if raw is None:
        return ""
    return str(make_header(decode_header(str(raw))))


@tasks.job()
def deliver_messages(ids: list[int]) -> None:
    """Send these outbox messages now (a failure schedules a retry)."""
    for message_id in ids:
        deliver_one(message_id, now=clock.now())


@tasks.job()
def deliver_queued() -> None:
    """Send every message whose attempt is due: woken after the commits that queue mail."""
    _deliver_due()


@tasks.periodic_job(tasks.crontab(minute="*"))
def deliver_due() -> None:
    """Every minute: send the messages whose next attempt is due (retries, lost jobs)."""
    _deliver_due()


def _deliver_due() -> None:
    now = clock.now()
    due = db.session.scalars(
        select(OutboxMessage.id)
        .where(OutboxMessage.status == QUEUED, OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.next_attempt_at)
        .limit(500)
    ).all()
    db.session.rollback()
    for message_id in due:
        deliver_one(message_id, now=clock.now())


def deliver_one(message_id: int, *, now: datetime) -> str | None:
    """Claim, send and record one message; returns its new status (None if not claimed)."""
    from scic.core.mail import parse_stored, send

    claimed = db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message_id,
            OutboxMessage.status == QUEUED,
            OutboxMessage.next_attempt_at <= now,
        )
        .values(
            attempts=OutboxMessage.attempts + 1,
            next_attempt_at=now + timedelta(seconds=CLAIM_SECONDS),
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    if not claimed:
        return None  # sent already, given up, not due, or claimed by another worker
    row = db.session.get(OutboxMessage, message_id)
    try:
        message = compose(row) if row.facts is not None else parse_stored(row.message)
    except ComposeError as exc:
        # A composer's fault does not heal with time: failed at once, with its reason for the
        # secretary's list; "Send again" writes it anew (after a fix).
        logger.error("Mail %s to %s could not be written: %s", row.id, row.recipient, exc)
        db.session.rollback()  # whatever the composer left half done; the claim is committed
        row = db.session.get(OutboxMessage, message_id)
        row.last_error = str(exc)[:2000]
        row.status = FAILED
        status = row.status
        db.session.commit()
        return status
    try:
        send(message)
    except Exception as exc:
        logger.warning(
            "Mail %s to %s failed (attempt %s): %s", row.id, row.recipient, row.attempts, exc
        )
        row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        if row.attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]:
            row.status = FAILED
        else:
            row.next_attempt_at = now + retry_delay(row.attempts)
    else:
        row.status = SENT
        row.sent_at = clock.now()
        row.last_error = None
    status = row.status
    db.session.commit()
    return status


def retry_delay(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failure: MAIL_RETRY_SECONDS, doubled each time."""
    base = current_app.config["MAIL_RETRY_SECONDS"]
    return timedelta(seconds=base * 2 ** (attempts - 1))


def retry(row: OutboxMessage) -> None:
    """Send a failed message again (the secretary asks for it); the caller commits."""
    if row.status == FAILED:
        row.status = QUEUED
        row.attempts = 0
        row.next_attempt_at = clock.now()
        tasks.after_commit(db.session(), deliver_messages, row.id)


def purge_before(cutoff: datetime) -> int:
    """Delete sent and failed messages created before ``cutoff``; returns how many."""
    from sqlalchemy import delete

    result = db.session.execute(
        delete(OutboxMessage).where(
            OutboxMessage.status.in_((SENT, FAILED)), OutboxMessage.created_at < cutoff
        )
    )
    return result.rowcount
