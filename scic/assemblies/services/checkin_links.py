"""Check-in links: the QR code on each convocation, scanned at the door by the secretary.

The link names the assembly and the member under a keyed signature (HMAC with the instance's
secret key, a salt of its own): it cannot be guessed nor turned into another member's, and it
is not a voting link (another salt). It only opens a page for a signed-in secretary of the
cooperative; anyone else sees nothing about the member.
"""

from __future__ import annotations

import io

import segno
from itsdangerous import URLSafeSerializer

from scic.assemblies.models import Assembly
from scic.assemblies.services.signed_ids import read_ids, signer
from scic.core.links import external_url
from scic.membership.models import Member

#: Salt of the check-in tokens printed as QR codes on the convocations.
CHECKIN_TOKEN_SALT = "scic.checkin"  # noqa: S105 - a salt, not a secret


def _serializer() -> URLSafeSerializer:
    return signer(CHECKIN_TOKEN_SALT)


def make_checkin_token(assembly: Assembly, member: Member) -> str:
    """The member's check-in token for this assembly: {a: assembly_id, m: member_id}, signed."""
    return _serializer().dumps({"a": assembly.id, "m": member.id})


def read_checkin_token(token: str) -> tuple[int, int] | None:
    """Return (assembly_id, member_id) of a valid token, None for a forged or damaged one."""
    ids = read_ids(token, CHECKIN_TOKEN_SALT)
    return None if ids is None else (ids["a"], ids["m"])


def checkin_link(assembly: Assembly, member: Member) -> str:
    """Absolute URL of the check-in page for this member, on BASE_URL (it is mailed, printed)."""
    return external_url(
        "assemblies.checkin",
        slug=assembly.cooperative.slug,
        token=make_checkin_token(assembly, member),
    )


def checkin_qr(link: str):
    """The QR code of a check-in link (``segno.QRCode``: PNG for e-mails, matrix for PDFs).

    Error correction M: a crumpled letter or a cracked phone screen still scans.
    """
    return segno.make_qr(link, error="m")


def checkin_qr_png(link: str) -> bytes:
    """The QR code as a PNG image, 4 pixels per module with the quiet zone (for e-mails)."""
    buffer = io.BytesIO()
    checkin_qr(link).save(buffer, kind="png", scale=4, border=4)
    return buffer.getvalue()
