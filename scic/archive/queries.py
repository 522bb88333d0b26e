"""Read-only selects of the signed documents, always for one cooperative; and the instance's
signing settings. Light on purpose: pages import this, never pyHanko."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select

from scic.archive.models import SignedDocument
from scic.archive.rules import Series
from scic.assemblies.models import Assembly
from scic.cooperatives.models import Cooperative
from scic.core.audit import AuditEntry
from scic.core.chain import GENESIS
from scic.core.db import db


@dataclass(frozen=True)
class SigningSettings:
    """The instance's signing configuration (``SIGNING_*`` keys, docs/signatures.md)."""

    pkcs12: str = ""
    passphrase: str = ""
    #: e-mail (lower case) -> {"pkcs12": path, "passphrase": text}
    certificates: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    tsa_url: str = ""
    trust_roots: Sequence[str] = ()
    location: str = ""

    @classmethod
    def from_config(cls, config: Mapping) -> SigningSettings:
        return cls(
            pkcs12=config.get("SIGNING_PKCS12", "") or "",
            passphrase=config.get("SIGNING_PKCS12_PASSPHRASE", "") or "",
            certificates={
                email.lower(): entry
                for email, entry in (config.get("SIGNING_CERTIFICATES") or {}).items()
            },
            tsa_url=config.get("SIGNING_TSA_URL", "") or "",
            trust_roots=tuple(config.get("SIGNING_TRUST_ROOTS") or ()),
            location=config.get("SIGNING_LOCATION", "") or "",
        )

    @property
    def enabled(self) -> bool:
        return bool(self.pkcs12 or self.certificates)


def sheets(cooperative: Cooperative, series: Series | str) -> list[SignedDocument]:
    """Every stored revision of a series, by number then revision."""
    return list(
        db.session.scalars(
            select(SignedDocument)
            .where(SignedDocument.cooperative_id == cooperative.id)
            .where(SignedDocument.series == str(series))
            .order_by(SignedDocument.number, SignedDocument.revision)
        )
    )


def latest_sheets(cooperative: Cooperative, series: Series | str) -> list[SignedDocument]:
    """The newest revision of each sheet of a series, by number."""
    newest: dict[int, SignedDocument] = {}
    for row in sheets(cooperative, series):
        newest[row.number] = row
    return list(newest.values())


def member_certificates(member) -> list[SignedDocument]:
    """The certificates signed for a member, newest first."""
    return list(
        db.session.scalars(
            select(SignedDocument)
            .where(
                SignedDocument.cooperative_id == member.cooperative_id,
                SignedDocument.series == Series.CERTIFICATES.value,
                SignedDocument.subject_id == member.id,
            )
            .order_by(SignedDocument.number.desc())
        )
    )


def assembly_document(assembly: Assembly, series: Series) -> SignedDocument | None:
    """The newest signed revision of an assembly's paper (minutes, attendance sheet), if any."""
    return db.session.scalar(
        select(SignedDocument)
        .where(SignedDocument.cooperative_id == assembly.cooperative_id)
        .where(SignedDocument.series == series.value)
        .where(SignedDocument.subject_id == assembly.id)
        .order_by(SignedDocument.revision.desc())
        .limit(1)
    )


def minutes_document(assembly: Assembly) -> SignedDocument | None:
    """The newest signed revision of the minutes of ``assembly``, if signed electronically."""
    return assembly_document(assembly, Series.MINUTES)


def first_revision(cooperative: Cooperative, series: Series, number: int) -> SignedDocument:
    return db.session.scalar(
        select(SignedDocument).where(
            SignedDocument.cooperative_id == cooperative.id,
            SignedDocument.series == series.value,
            SignedDocument.number == number,
            SignedDocument.revision == 1,
        )
    )


def next_number(cooperative: Cooperative, series: Series) -> tuple[int, str]:
    """The next sheet number and the SHA-256 of the previous sheet's first revision."""
    last = db.session.scalar(
        select(func.max(SignedDocument.number)).where(
            SignedDocument.cooperative_id == cooperative.id,
            SignedDocument.series == series.value,
        )
    )
    if not last:
        return 1, GENESIS
    return last + 1, first_revision(cooperative, series, last).sha256


def audit_head(cooperative: Cooperative) -> str:
    """The head of the cooperative's audit chain (every change made through the services)."""
    head = db.session.scalar(
        select(AuditEntry.hash)
        .where(AuditEntry.cooperative_id == cooperative.id)
        .order_by(AuditEntry.id.desc())
        .limit(1)
    )
    return head or GENESIS
