"""HTTP security headers and safe redirects."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'; object-src 'none'"
)


def is_safe_next(target: str | None) -> bool:
    """Accept only a path on this site: no scheme, no host, no protocol-relative // or /\\."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc and "\\" not in target and "\n" not in target


#: The largest value of the database's INTEGER columns (PostgreSQL's int4).
MAX_INTEGER = 2**31 - 1
_INTEGER = re.compile(r"\s*[+-]?\d+\s*")


def out_of_range(value: str) -> bool:
    """True for a whole number that no INTEGER column can hold (checked before int(): a
    thousands-digit string would be slow to convert)."""
    if not _INTEGER.fullmatch(value):
        return False
    text = value.strip()
    if len(text.lstrip("+-").lstrip("0")) > 10:
        return True
    return not -MAX_INTEGER - 1 <= int(text) <= MAX_INTEGER


def init_app(app) -> None:
    @app.before_request
    def _refuse_nul_characters():
        # No legitimate field contains NUL, and PostgreSQL cannot store it in text: refuse the
        # request as malformed instead of failing deep in the database.
        from flask import abort, request

        if any("\x00" in value for values in request.values.lists() for value in values[1]):
            abort(400)

    @app.before_request
    def _refuse_out_of_range_integers():
        # An integer in the query string that no column can hold (ids, numbers, pages are
        # 32-bit on PostgreSQL) is a bad request, refused here once for every view rather
        # than failing as a 500 in the database (SQLite: OverflowError; PostgreSQL: DataError).
        from flask import abort, request

        if any(out_of_range(value) for _, value in request.args.items(multi=True)):
            abort(400)

    @app.after_request
    def _headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if app.config.get("SESSION_COOKIE_SECURE"):
            headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response
