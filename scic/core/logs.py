"""Structured request logs with a request id; no personal data, no secrets, no query strings."""

from __future__ import annotations

import json
import logging
import re
import time
import uuid

from flask import g, request, session

logger = logging.getLogger("scic.requests")
# Personal voting links carry a token in the path: keep it out of the logs.
_TOKEN_IN_PATH = re.compile(r"/(vote/verify|vote|invitation|reset)/[^/]+")


def safe_path(path: str) -> str:
    """The request path with tokens masked."""
    return _TOKEN_IN_PATH.sub(lambda m: f"/{m.group(1)}/***", path)


def init_app(app) -> None:
    if not logger.handlers and not app.testing:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False

    @app.before_request
    def _start():
        g.request_id = request.headers.get("X-Request-Id", "")[:64] or uuid.uuid4().hex
        g.request_started = time.perf_counter()

    @app.after_request
    def _log(response):
        started = g.get("request_started")
        record = {
            "request_id": g.get("request_id"),
            "method": request.method,
            "path": safe_path(request.path),
            "status": response.status_code,
            "ms": round((time.perf_counter() - started) * 1000, 1) if started else None,
            # From the session, not the user row: after a commit reading current_user.id
            # would load the row again in a new transaction.
            "user_id": _signed_in_id(),
        }
        logger.info(json.dumps(record))
        response.headers["X-Request-Id"] = g.get("request_id", "")
        return response


def _signed_in_id() -> int | None:
    """The signed-in account's id as Flask-Login keeps it in the session, if any."""
    user_id = session.get("_user_id")
    # Flask-Login's id is "<user id>:<session version>:<nonce>" (scic.auth.models.User.get_id).
    user_key = user_id.partition(":")[0] if isinstance(user_id, str) else ""
    return int(user_key) if user_key.isdigit() else None
