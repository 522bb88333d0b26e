"""Signed tokens naming an assembly and a member by id: the personal voting link and the
check-in QR code. Each kind has its own salt, so one can never be read as the other."""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer


def signer(salt: str) -> URLSafeSerializer:
    """The keyed signature (HMAC with the instance's secret key) of one kind of token."""
    return URLSafeSerializer(current_app.secret_key, salt=salt)


def read_ids(token: str, salt: str, optional: tuple[str, ...] = ()) -> dict[str, int] | None:
    """The ids a valid token names: always the assembly ``a`` and the member ``m``, and those of
    ``optional`` it holds. None for a forged or damaged token, or one whose ids are not numbers."""
    try:
        payload = signer(salt).loads(token)
    except BadSignature:
        return None
    if not isinstance(payload, dict) or not {"a", "m"} <= payload.keys():
        return None
    names = ("a", "m", *(name for name in optional if payload.get(name) is not None))
    try:
        return {name: int(payload[name]) for name in names}
    except (TypeError, ValueError):
        return None
