"""Personal voting links: signed tokens naming the assembly and the member."""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from scic.assemblies.models import Assembly
from scic.assemblies.queries import CORRESPONDENCE_VOTERS_PROVIDERS  # noqa: F401 - re-exported
from scic.core.links import external_url
from scic.membership.models import Member

#: Salt of the personal voting tokens sent with the convocation.
VOTING_TOKEN_SALT = "scic.vote"  # noqa: S105 - a salt, not a secret


# --- Convocation -------------------------------------------------------------------------------


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt=VOTING_TOKEN_SALT)


def make_voting_token(assembly: Assembly, member: Member) -> str:
    """The member's personal token for this assembly: {a: assembly_id, m: member_id}, signed."""
    return _serializer().dumps({"a": assembly.id, "m": member.id})


def read_voting_token(token: str) -> tuple[int, int] | None:
    """Return (assembly_id, member_id) of a valid token, None for a forged or damaged one."""
    try:
        payload = _serializer().loads(token)
    except BadSignature:
        return None
    if not isinstance(payload, dict) or not {"a", "m"} <= payload.keys():
        return None
    return int(payload["a"]), int(payload["m"])


def personal_link(assembly: Assembly, member: Member) -> str:
    """Absolute URL of ``voting.token_entry`` for the member, on BASE_URL (never the request's
    host: the link is mailed)."""
    return external_url("voting.token_entry", token=make_voting_token(assembly, member))
