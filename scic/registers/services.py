"""Background generation of large documents: a thread writes instance/exports/<token>.<ext>.

A small status JSON beside the file tells the progress page how far it is. Nothing in the
database changes: the only writes are these files. The request that starts a job returns at once,
so a web worker is never held past the server's timeout.
"""

from __future__ import annotations

import json
import logging
import os
import re
import secrets
import threading
from collections.abc import Sequence
from dataclasses import asdict
from datetime import date, datetime
from pathlib import Path

from flask import Flask
from flask_babel import force_locale

from scic.cooperatives.models import Cooperative
from scic.core import clock
from scic.core.db import db
from scic.core.violations import ComplianceCheck
from scic.registers.exports import DocumentRequest, filename, mimetype, write_document

logger = logging.getLogger(__name__)

TOKEN = re.compile(r"^[0-9a-f]{32}$")
#: Running jobs by token (tests join them; nothing else relies on process memory).
_THREADS: dict[str, threading.Thread] = {}


def exports_dir(app: Flask) -> Path:
    path = Path(app.instance_path) / "exports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _status_path(app: Flask, token: str) -> Path:
    return exports_dir(app) / f"{token}.json"


def _write_status(app: Flask, token: str, status: dict) -> None:
    path = _status_path(app, token)
    temporary = path.with_suffix(".json.tmp")
    temporary.write_text(json.dumps(status), encoding="utf-8")
    os.replace(temporary, path)


def read_status(app: Flask, cooperative: Cooperative, token: str) -> dict | None:
    """The job's status, or None for an unknown token or another cooperative's job."""
    if not TOKEN.match(token):
        return None
    path = _status_path(app, token)
    try:
        status = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return status if status.get("cooperative_id") == cooperative.id else None


def result_path(app: Flask, cooperative: Cooperative, token: str) -> tuple[Path, dict] | None:
    """The finished file of a job of this cooperative, with its status; None otherwise."""
    status = read_status(app, cooperative, token)
    if status is None or status.get("state") != "done":
        return None
    path = exports_dir(app) / f"{token}.out"
    return (path, status) if path.exists() else None


def start_export(
    app: Flask,
    cooperative: Cooperative,
    request: DocumentRequest,
    *,
    locale: str,
    by_id: int | None,
    now: datetime | None = None,
    compliance: Sequence[ComplianceCheck] = (),
) -> str:
    """Start generating a document in a thread and return the job's token.

    ``compliance``: the checks the document includes (``exports.needs_compliance``), computed by
    the caller in its request (plain values, safe to hand to the thread).
    """
    token = secrets.token_hex(16)
    now = now or clock.now()
    status = {
        "cooperative_id": cooperative.id,
        "state": "running",
        "done": 0,
        "total": 0,
        "kind": request.kind,
        "request": {
            k: (v.isoformat() if isinstance(v, date) else v) for k, v in asdict(request).items()
        },
        "filename": filename(cooperative, request),
        "mimetype": mimetype(request.kind),
        "started_at": now.isoformat(),
        "by_id": by_id,
    }
    _write_status(app, token, status)
    thread = threading.Thread(
        target=_run,
        args=(app, cooperative.id, request, token, status, locale, now, tuple(compliance)),
        name=f"scic-export-{token[:8]}",
        daemon=True,
    )
    _THREADS[token] = thread
    thread.start()
    logger.info("Export %s of %s started by user %s", request.kind, cooperative.slug, by_id)
    return token


def _run(
    app: Flask,
    cooperative_id: int,
    request: DocumentRequest,
    token: str,
    status: dict,
    locale: str,
    now: datetime,
    compliance: tuple[ComplianceCheck, ...],
) -> None:
    out = exports_dir(app) / f"{token}.out"
    partial = exports_dir(app) / f"{token}.part"
    last = [0]

    def progress(done: int, total: int) -> None:
        # Rewrite the status at most every 20 steps (and at the end).
        if done - last[0] >= 20 or done == total:
            last[0] = done
            _write_status(app, token, {**status, "done": done, "total": total})

    try:
        with app.app_context(), force_locale(locale):
            # Read-only: on SQLite a deferred transaction, so writers are not held up.
            db.session.connection(execution_options={"scic_read_only": True})
            cooperative = db.session.get(Cooperative, cooperative_id)
            with partial.open("wb") as target:
                write_document(
                    target,
                    cooperative,
                    request,
                    locale=locale,
                    now=now,
                    compliance=compliance,
                    progress=progress,
                )
            os.replace(partial, out)
            final = {**status, "state": "done", "done": 1, "total": 1}
            final.update(_last_progress(app, token))
            _write_status(app, token, final)
    except Exception:
        logger.exception("Export %s failed", token)
        partial.unlink(missing_ok=True)
        _write_status(app, token, {**status, "state": "failed"})
    finally:
        _THREADS.pop(token, None)


def _last_progress(app: Flask, token: str) -> dict:
    try:
        current = json.loads(_status_path(app, token).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    total = current.get("total") or 1
    return {"done": total, "total": total}


def wait_for(token: str, timeout: float = 60.0) -> None:
    """Wait until a job ends (tests and the command line)."""
    thread = _THREADS.get(token)
    if thread is not None:
        thread.join(timeout)
