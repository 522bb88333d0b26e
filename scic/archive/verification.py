"""Check a cooperative's electronic registers: numbering, stored bytes, back links, ledger
coverage, and every signature and timestamp of each sheet (``scic verify``)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select

from scic.archive import queries
from scic.archive.models import SignedDocument
from scic.archive.rules import (
    Problem,
    Series,
    SheetFacts,
    SignatureRecord,
    recorded_signature_problems,
    series_problems,
)
from scic.capital.models import ShareMovement
from scic.cooperatives.models import Cooperative
from scic.core.audit import AuditEntry
from scic.core.chain import GENESIS
from scic.core.db import db
from scic.registers import signing


@dataclass(frozen=True)
class SeriesReport:
    """One electronic register: its sheets and what is wrong with them."""

    series: str
    sheets: int
    problems: tuple[Problem, ...]
    #: Sheets whose every signature carries a valid RFC 3161 timestamp.
    timestamped: int

    @property
    def intact(self) -> bool:
        return not self.problems


def _signature_problems(
    row: SignedDocument, trust_roots: Sequence, require_trust: bool
) -> list[Problem]:
    check = signing.verify(row.content, trust_roots)
    problems = []
    params = {"revision": row.revision}
    if check.error:
        return [Problem(row.series, row.number, "signature_unreadable", params)]
    if check.document_id != row.document_id:
        problems.append(Problem(row.series, row.number, "document_id_mismatch", params))
    if len(check.signatures) != row.revision:
        problems.append(Problem(row.series, row.number, "signature_count_mismatch", params))
    for index, signature in enumerate(check.signatures, start=1):
        where = {**params, "signature": index, "signer": signature.signer_name}
        if not (signature.intact and signature.valid):
            problems.append(Problem(row.series, row.number, "signature_invalid", where))
        elif require_trust and not signature.trusted:
            problems.append(Problem(row.series, row.number, "signature_untrusted", where))
        if signature.timestamped and not signature.timestamp_valid:
            problems.append(Problem(row.series, row.number, "timestamp_invalid", where))
        if not signature.changes_allowed:
            problems.append(Problem(row.series, row.number, "changed_after_signature", where))
    if row.timestamped and not check.timestamped:
        problems.append(Problem(row.series, row.number, "timestamp_missing", params))
    return problems


def _coverage_problems(cooperative: Cooperative, newest: list[SignedDocument]) -> list[Problem]:
    """Each register sheet covers exactly the ledger entries made between it and the last one."""
    problems = []
    after = 0
    for row in newest:
        count = db.session.scalar(
            select(func.count(ShareMovement.id)).where(
                ShareMovement.cooperative_id == cooperative.id,
                ShareMovement.id > after,
                ShareMovement.id <= (row.last_entry_id or 0),
            )
        )
        if count != row.entries:
            problems.append(
                Problem(
                    row.series,
                    row.number,
                    "entries_mismatch",
                    {"recorded": row.entries, "ledger": count},
                )
            )
        after = row.last_entry_id or after
    return problems


def verify_series(
    cooperative: Cooperative, series: Series, trust_roots: Sequence = ()
) -> SeriesReport:
    """Check one electronic register; with no trust root, signatures are checked for
    integrity and validity only (trust needs the instance's ``SIGNING_TRUST_ROOTS``)."""
    rows = queries.sheets(cooperative, series)
    by_number: dict[int, list[SignedDocument]] = {}
    for row in rows:
        by_number.setdefault(row.number, []).append(row)
    facts, problems, newest, timestamped = [], [], [], 0
    for number, revisions in sorted(by_number.items()):
        last = revisions[-1]
        newest.append(last)
        content = last.content
        facts.append(
            SheetFacts(
                number=number,
                revisions=[r.revision for r in revisions],
                stored_sha256=last.sha256,
                actual_sha256=hashlib.sha256(content).hexdigest(),
                previous_recorded=last.previous_sha256,
                previous_in_pdf=_previous_in_pdf(content),
                first_revision_sha256=revisions[0].sha256,
            )
        )
        found = _signature_problems(last, trust_roots, require_trust=bool(trust_roots))
        problems.extend(found)
        if last.timestamped and not found:
            timestamped += 1
    problems.extend(series_problems(series.value, facts, GENESIS))
    problems.extend(
        recorded_signature_problems(
            series.value,
            _recorded_signatures(cooperative, series),
            [SignatureRecord(r.number, r.revision, r.sha256) for r in rows],
        )
    )
    if series is Series.SHARE_REGISTER:
        problems.extend(_coverage_problems(cooperative, newest))
    problems.sort(key=lambda p: (p.number, p.code))
    return SeriesReport(series.value, len(by_number), tuple(problems), timestamped)


def _recorded_signatures(cooperative: Cooperative, series: Series) -> list[SignatureRecord]:
    """The signatures of ``series`` as the audit log recorded them when they were made."""
    entries = db.session.scalars(
        select(AuditEntry.data).where(
            AuditEntry.cooperative_id == cooperative.id, AuditEntry.action == "document.sign"
        )
    )
    return [
        SignatureRecord(data["number"], data["revision"], data["sha256"])
        for data in entries
        if data.get("series") == series.value
    ]


def _previous_in_pdf(content: bytes) -> str:
    try:
        return str(signing.document_info(content)["previous"])
    except Exception:
        return ""


def verify_cooperative(cooperative: Cooperative, trust_roots: Sequence = ()) -> list[SeriesReport]:
    """Every electronic register of the cooperative."""
    db.session.expire_all()
    return [verify_series(cooperative, series, trust_roots) for series in Series]
