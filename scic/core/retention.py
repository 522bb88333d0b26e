"""Retention: what the instance keeps only for a while (RETENTION_DAYS, default 30 days).

Generated documents past their expiry date, sent or failed outbox messages, and the .eml files
of the development mail transport (instance/outbox/) are deleted every night by a job of the
worker (:func:`nightly_purge`), which calls :func:`purge_expired`.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from pathlib import Path

from flask import current_app

from scic.core import clock, files, outbox, tasks
from scic.core.db import db

logger = logging.getLogger(__name__)


def purge_expired(now: datetime) -> dict[str, int]:
    """Delete what has outlived the retention period at ``now``; the caller commits.

    Returns how many documents, outbox messages and .eml files were deleted.
    """
    cutoff = now - timedelta(days=current_app.config["RETENTION_DAYS"])
    return {
        "documents": files.purge_expired(now),
        "messages": outbox.purge_before(cutoff),
        "mail_files": _purge_mail_files(cutoff),
    }


def _purge_mail_files(cutoff: datetime) -> int:
    folder = Path(current_app.instance_path) / "outbox"
    count = 0
    for path in folder.glob("*.eml") if folder.is_dir() else ():
        if path.stat().st_mtime < cutoff.timestamp():
            path.unlink(missing_ok=True)
            count += 1
    return count


@tasks.periodic_job(tasks.crontab(hour="3", minute="17"))
def nightly_purge() -> None:
    """Every night at 03:17 (the worker's clock, UTC): purge, in one transaction."""
    counts = purge_expired(clock.now())
    db.session.commit()
    logger.info("Retention purge: %s", counts)
