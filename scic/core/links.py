"""Absolute links for e-mails and documents, always built on ``BASE_URL``.

A link that leaves the site (a password reset, an invitation, a voting link, a verification
link) must never be built from the request's ``Host`` header: whoever sends the request
chooses that header, and a reset link mailed to ``attacker.example`` hands over the account.
So every absolute link comes from here, and ``url_for(..., _external=True)`` is used nowhere
else (a test checks).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, g, has_request_context, request


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


#: Links a template builds, remembered per app (see :func:`template_url_for`); emptied when full.
_TEMPLATE_LINKS_MAX = 4096


def template_url_for(app):
    """``url_for`` for templates, remembering the links it built.

    A page builds the same two dozen links on every request (style sheet, scripts, the
    cooperative's menu, sign-out), each through the URL map and the URL-default hooks (about
    15 µs each). A link depends only on its endpoint and values, the cooperative's slug (the
    only URL default, from ``g``) and the path the application is mounted on, so it is built
    once per app and process. Absolute links, anchors, methods and relative endpoints
    (``.page``) take Flask's own path every time.
    """
    build = app.url_for
    links: dict[tuple, str] = {}

    def url_for(endpoint: str, **values):
        if (
            endpoint.startswith(".")
            or not has_request_context()
            or any(key.startswith("_") for key in values)
        ):
            return build(endpoint, **values)
        try:
            # The type too: 1 and True are equal keys but different links.
            arguments = ((name, type(value), value) for name, value in sorted(values.items()))
            key = (request.script_root, g.get("slug"), endpoint, *arguments)
            link = links.get(key)
        except TypeError:  # a value that cannot be a key (a list): built every time
            return build(endpoint, **values)
        if link is None:
            link = build(endpoint, **values)
            if len(links) >= _TEMPLATE_LINKS_MAX:
                links.clear()
            links[key] = link
        return link

    return url_for


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
