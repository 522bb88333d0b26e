"""Signed PDFs, kept append-only: one row per signed revision of a numbered document."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from scic.core import clock
from scic.core.db import UTCDateTime, db
from scic.core.records import Chained, chain_index


class SignedDocument(Chained, db.Model):
    """One signed revision of a sheet of an electronic register (décret 2019-1118).

    A series (the register of minutes, the register of share movements…) is numbered 1, 2, 3…
    per cooperative with no gap. Each officer's signature is an incremental update of the PDF
    and a new row (revision 1, 2…); earlier rows are never changed. The newest revision of a
    sheet is the document to show; the hash chain links every row of the cooperative.
    """

    __tablename__ = "signed_documents"
    __table_args__ = (
        UniqueConstraint("cooperative_id", "series", "number", "revision"),
        chain_index("signed_documents"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cooperative_id: Mapped[int] = mapped_column(ForeignKey("cooperatives.id"))
    #: archive.rules.Series value: "minutes" or "share_register".
    series: Mapped[str] = mapped_column(String(32))
    #: Sheet number in the series (1, 2, 3… with no gap).
    number: Mapped[int] = mapped_column(Integer)
    #: Signatures in this revision (1 for the first signed file).
    revision: Mapped[int] = mapped_column(Integer)
    #: The identifier printed on the document and kept in its PDF information.
    document_id: Mapped[str] = mapped_column(String(120))
    #: What the sheet is about: the assembly of minutes; none for a register batch.
    subject_id: Mapped[int | None] = mapped_column(Integer, default=None)
    title: Mapped[str] = mapped_column(String(300))
    #: Register batches: the ledger entries the sheet covers, and the last one's id.
    entries: Mapped[int] = mapped_column(Integer, default=0)
    last_entry_id: Mapped[int | None] = mapped_column(Integer, default=None)
    #: Hash of the chain the document was produced from, at production (printed on it).
    chain_head: Mapped[str] = mapped_column(String(64))
    #: SHA-256 of ``content``, and of the previous sheet of the series (GENESIS for sheet 1).
    sha256: Mapped[str] = mapped_column(String(64))
    previous_sha256: Mapped[str] = mapped_column(String(64))
    #: The signed PDF (loaded only when asked for).
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    #: Signatures expected on the sheet; the last one locks it.
    expected: Mapped[int] = mapped_column(Integer)
    #: Every signature of this revision carries an RFC 3161 timestamp.
    timestamped: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The officer whose signature made this revision (name as printed on the stamp).
    signer_name: Mapped[str] = mapped_column(String(200), default="")
    signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    @property
    def complete(self) -> bool:
        return self.revision >= self.expected

    def chain_payload(self):
        return {
            "id": self.id,
            "cooperative_id": self.cooperative_id,
            "series": self.series,
            "number": self.number,
            "revision": self.revision,
            "document_id": self.document_id,
            "subject_id": self.subject_id,
            "entries": self.entries,
            "last_entry_id": self.last_entry_id,
            "chain_head": self.chain_head,
            "sha256": self.sha256,
            "previous_sha256": self.previous_sha256,
            "expected": self.expected,
            "timestamped": self.timestamped,
            "signed_by_id": self.signed_by_id,
            "created_at": self.created_at,
        }

    def __repr__(self) -> str:
        return f"<SignedDocument {self.series} {self.number} rev {self.revision}>"
