"""Large documents produced by a worker (`scic worker`), not in the request.

:func:`start_export` records the document to produce (a ``scic.core.files.GeneratedFile``,
plumbing rather than legal data: registers still writes nothing of the cooperative's records)
and queues :func:`produce_documents` for when the request commits. The job reads the registers
in one read-only transaction, reports its progress through the queue's storage, and stores the
result where every application server can read it (``scic.core.files``).
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Sequence
from datetime import date, datetime

from flask_babel import force_locale

from scic.cooperatives.models import Cooperative
from scic.core import clock, files, tasks
from scic.core.db import db
from scic.core.violations import ComplianceCheck, check_from_data, check_to_data
from scic.registers.exports import DocumentRequest, filename, mimetype, write_document

logger = logging.getLogger(__name__)

#: Progress is published at most once every this many steps (and at the end).
PROGRESS_STEP = 20


def start_export(
    cooperative: Cooperative,
    request: DocumentRequest,
    *,
    locale: str,
    by_id: int | None,
    now: datetime,
    compliance: Sequence[ComplianceCheck] = (),
) -> str:
    """Record the document to produce and queue its job after the commit; returns its token.

    ``compliance``: the checks the document includes (``exports.needs_compliance``), computed
    by the caller (``scic.workflows.compliance``); they travel with the job as data.
    """
    record = files.create(
        cooperative_id=cooperative.id,
        owner_id=by_id,
        kind=request.kind,
        params={
            "at": request.at.isoformat(),
            "start": request.start.isoformat() if request.start else None,
            "compliance": [check_to_data(c) for c in compliance],
        },
        locale=locale,
        filename=filename(cooperative, request),
        mimetype=mimetype(request.kind),
        now=now,
    )
    tasks.after_commit(db.session(), produce_documents, record.token)
    logger.info("Export %s of %s asked by user %s", request.kind, cooperative.slug, by_id)
    return record.token


@tasks.job()
def produce_documents(tokens: list[str]) -> None:
    """Produce the documents asked for in one transaction (usually one)."""
    for token in tokens:
        produce(token)


def produce(token: str) -> str | None:
    """Produce one pending document; returns its final state (None if not pending)."""
    with tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024) as buffer:
        try:
            # Read-only: on SQLite a deferred transaction, so writers are not held up.
            db.session.connection(execution_options={"scic_read_only": True})
            record = db.session.scalar(
                db.select(files.GeneratedFile).where(files.GeneratedFile.token == token)
            )
            if record is None or record.state != files.PENDING:
                db.session.rollback()
                return None
            cooperative = db.session.get(Cooperative, record.cooperative_id)
            request = DocumentRequest(
                record.kind,
                date.fromisoformat(record.params["at"]),
                date.fromisoformat(record.params["start"]) if record.params.get("start") else None,
            )
            with force_locale(record.locale):
                write_document(
                    buffer,
                    cooperative,
                    request,
                    locale=record.locale,
                    now=record.created_at,
                    compliance=[check_from_data(c) for c in record.params.get("compliance", [])],
                    progress=_reporter(token),
                )
            db.session.rollback()  # end the read-only transaction before writing
            buffer.seek(0)
            record = _pending(token)
            files.finish(record, buffer.read(), now=clock.now())
        except Exception as exc:
            logger.exception("Export %s failed", token)
            db.session.rollback()
            record = _pending(token)
            if record is None:
                return None
            files.fail(record, f"{type(exc).__name__}: {exc}", now=clock.now())
        state = record.state
        db.session.commit()
        files.forget_progress(token)
        return state


def _pending(token: str) -> files.GeneratedFile | None:
    return db.session.scalar(
        db.select(files.GeneratedFile).where(
            files.GeneratedFile.token == token, files.GeneratedFile.state == files.PENDING
        )
    )


def _reporter(token: str):
    last = [0]

    def report(done: int, total: int) -> None:
        if done - last[0] >= PROGRESS_STEP or done == total:
            last[0] = done
            files.set_progress(token, done, total)

    return report
