"""Signed tokens: voting links and receipt verification links."""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from scic.assemblies.models import Assembly
from scic.assemblies.services import read_voting_link as read_link_ids
from scic.core.db import db
from scic.membership.models import Member

VERIFY_SALT = "scic.verify"
#: Assembly statuses during which a convocation's voting link works.
TOKEN_STATUSES = ("draft", "convened", "open")


def _serializer(salt: str) -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=salt)


def read_voting_link(token: str) -> tuple[Assembly, Member, int | None] | None:
    """Return the assembly, member and designation id (a representative's link, else None) of
    a valid convocation link: right signature (the assemblies package signs it), same
    cooperative, and an assembly whose votes are not over."""
    ids = read_link_ids(token)
    if ids is None:
        return None
    assembly = db.session.get(Assembly, ids[0])
    member = db.session.get(Member, ids[1])
    if assembly is None or member is None or member.cooperative_id != assembly.cooperative_id:
        return None
    if assembly.status not in TOKEN_STATUSES or assembly.is_locked:
        return None
    return assembly, member, ids[2]


def read_voting_token(token: str) -> tuple[Assembly, Member] | None:
    """``read_voting_link`` without the designation."""
    found = read_voting_link(token)
    return None if found is None else found[:2]


def make_verification_token(assembly_id: int) -> str:
    """The token of an assembly's public receipt-verification page (unguessable, unlike ids);
    from the id alone, as the outbox worker writes a receipt from the facts of the vote."""
    return _serializer(VERIFY_SALT).dumps({"a": assembly_id})


def read_verification_token(token: str) -> Assembly | None:
    try:
        data = _serializer(VERIFY_SALT).loads(token)
    except BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("a"), int):
        return None
    return db.session.get(Assembly, data["a"])
