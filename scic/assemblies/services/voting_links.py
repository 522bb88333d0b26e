"""Personal voting links: signed tokens naming the assembly and the member."""

from __future__ import annotations

from itsdangerous import URLSafeSerializer

from scic.assemblies.models import Assembly
from scic.assemblies.services.signed_ids import read_ids, signer
from scic.core.links import external_url
from scic.membership.models import Mandate, Member

#: Salt of the personal voting tokens sent with the convocation.
VOTING_TOKEN_SALT = "scic.vote"  # noqa: S105 - a salt, not a secret


# --- Convocation -------------------------------------------------------------------------------


def _serializer() -> URLSafeSerializer:
    return signer(VOTING_TOKEN_SALT)


def make_voting_token(assembly: Assembly, member: Member, mandate: Mandate | None = None) -> str:
    """The personal token for this assembly: {a: assembly_id, m: member_id}, signed.

    A representative's link also names its designation (``r``): it votes under that one, and
    the rule refuses it once the designation no longer acts (§8 #24, R-LA-5).
    """
    payload = {"a": assembly.id, "m": member.id}
    if mandate is not None:
        payload["r"] = mandate.id
    return _serializer().dumps(payload)


def read_voting_link(token: str) -> tuple[int, int, int | None] | None:
    """Return (assembly_id, member_id, mandate_id or None) of a valid token, None for a forged
    or damaged one."""
    ids = read_ids(token, VOTING_TOKEN_SALT, optional=("r",))
    return None if ids is None else (ids["a"], ids["m"], ids.get("r"))


def read_voting_token(token: str) -> tuple[int, int] | None:
    """Return (assembly_id, member_id) of a valid token, None for a forged or damaged one."""
    found = read_voting_link(token)
    return None if found is None else found[:2]


def personal_link(assembly: Assembly, member: Member, mandate: Mandate | None = None) -> str:
    """Absolute URL of ``voting.token_entry`` for the member (through ``mandate`` for a
    representative), on BASE_URL (never the request's host: the link is mailed)."""
    return external_url("voting.token_entry", token=make_voting_token(assembly, member, mandate))
