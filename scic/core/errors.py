"""Error pages: translated, no stack traces; a clear 503 when the database is unreachable."""

from __future__ import annotations

import logging

from flask import render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, OperationalError

from scic.core.db import db

logger = logging.getLogger("scic")


def init_app(app) -> None:
    def page(status: int, **context):
        from flask.globals import request_ctx

        if request_ctx.url_adapter is None:  # an untrusted Host: no URL can be built for it
            return f"{status}\n", status, {"Content-Type": "text/plain; charset=utf-8"}
        if request.accept_mimetypes.best == "application/json":
            return {"error": status}, status
        return render_template("errors/error.html", status=status, **context), status

    @app.errorhandler(400)
    def bad_request(exc):
        return page(400)

    @app.errorhandler(CSRFError)
    def csrf_error(exc):
        return page(400, csrf=True)

    @app.errorhandler(403)
    def forbidden(exc):
        return page(403)

    @app.errorhandler(404)
    def not_found(exc):
        return page(404)

    @app.errorhandler(405)
    def not_allowed(exc):
        return page(405)

    @app.errorhandler(413)
    def too_large(exc):
        return page(413)

    @app.errorhandler(429)
    def too_many(exc):
        return page(429)

    @app.errorhandler(OperationalError)
    def database_down(exc):
        logger.error("Database unavailable: %s", type(exc).__name__)
        db.session.rollback()
        return page(503)

    @app.errorhandler(DBAPIError)
    def database_error(exc):
        logger.error("Database error: %s", type(exc).__name__)
        db.session.rollback()
        if getattr(exc, "connection_invalidated", False):
            return page(503)
        return page(500)

    @app.errorhandler(500)
    def server_error(exc):
        return page(500)
