"""Absolute links for e-mails and documents, always built on ``BASE_URL``.

A link that leaves the site (a password reset, an invitation, a voting link, a verification
link) must never be built from the request's ``Host`` header: whoever sends the request
chooses that header, and a reset link mailed to ``attacker.example`` hands over the account.
So every absolute link comes from here, and ``url_for(..., _external=True)`` is used nowhere
else (a test checks).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app


def base_url() -> str:
    """The configured public address of the site, without a trailing slash."""
    return str(current_app.config["BASE_URL"]).rstrip("/")


def external_url(endpoint: str, **values: object) -> str:
    """The absolute URL of ``endpoint`` on ``BASE_URL`` (scheme, host and path prefix)."""
    base = urlsplit(base_url())
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https"
    )
    current_app.inject_url_defaults(endpoint, values)
    return adapter.build(endpoint, values, force_external=True)


def trusted_hosts(config) -> list[str] | None:
    """``TRUSTED_HOSTS`` when not set: the host of ``BASE_URL`` (plus loopback names in
    development and tests, where pages are opened as localhost or 127.0.0.1)."""
    if config.get("TRUSTED_HOSTS") is not None:
        return config["TRUSTED_HOSTS"]
    host = urlsplit(str(config.get("BASE_URL") or "")).hostname
    hosts = [host] if host else []
    if config.get("_DEVELOPMENT"):
        hosts += [h for h in ("localhost", "127.0.0.1", "::1") if h not in hosts]
    return hosts or None
