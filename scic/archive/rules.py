"""Electronic registers (décret 2019-1118, DOMAIN §6.9 and §7): pure checks of a numbered series.

A register kept electronically must be a continuous series: sheets numbered 1, 2, 3… with no
gap, each signed and dated reliably, each one naming the previous one so that a sheet taken out
or replaced shows. These functions take plain values (numbers, digests) and return what is wrong.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum


class Series(StrEnum):
    """The electronic registers of a cooperative."""

    #: Register of minutes (registre des procès-verbaux): one sheet per assembly's minutes.
    MINUTES = "minutes"
    #: Register of members and share movements: one sheet per batch of ledger entries.
    SHARE_REGISTER = "share_register"
    #: Attendance sheets, certified by the same officers as the minutes (DOMAIN §6.7).
    ATTENDANCE = "attendance"
    #: Share certificates signed by an officer: numbered so that each copy can be checked.
    CERTIFICATES = "certificates"


@dataclass(frozen=True)
class Problem:
    """Something wrong with one sheet of a series: ``code`` with its ``params``."""

    series: str
    number: int
    code: str
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class SheetFacts:
    """What the database and the sheet's own PDF say about one sheet (its newest revision)."""

    number: int
    revisions: Sequence[int]
    #: SHA-256 recorded at storage, and recomputed over the stored bytes now.
    stored_sha256: str
    actual_sha256: str
    #: SHA-256 of the previous sheet's first revision, as recorded and as printed in the PDF.
    previous_recorded: str
    previous_in_pdf: str
    #: SHA-256 of the first revision of this sheet (what the next sheet must name).
    first_revision_sha256: str


def missing_numbers(numbers: Iterable[int]) -> list[int]:
    """Sheet numbers absent from 1..max (décret 2019-1118: a continuous, numbered series)."""
    present = set(numbers)
    return [n for n in range(1, max(present, default=0) + 1) if n not in present]


def series_problems(series: str, sheets: Sequence[SheetFacts], genesis: str) -> list[Problem]:
    """Gaps in the numbering, in a sheet's revisions, altered bytes and broken back links.

    ``sheets`` are in number order; ``genesis`` is what the first sheet names as its
    predecessor. A missing sheet shows twice: as a gap, and as the next sheet naming a
    predecessor that is not the sheet before it.
    """
    problems = [
        Problem(series, number, "sheet_missing")
        for number in missing_numbers(s.number for s in sheets)
    ]
    previous_digest = genesis
    for sheet in sheets:
        gaps = missing_numbers(sheet.revisions)
        if gaps:
            problems.append(Problem(series, sheet.number, "revision_missing", {"revisions": gaps}))
        if sheet.stored_sha256 != sheet.actual_sha256:
            problems.append(Problem(series, sheet.number, "sheet_altered"))
        if sheet.previous_recorded != sheet.previous_in_pdf:
            problems.append(Problem(series, sheet.number, "previous_link_altered"))
        if sheet.previous_in_pdf != previous_digest:
            problems.append(Problem(series, sheet.number, "previous_sheet_mismatch"))
        previous_digest = sheet.first_revision_sha256
    return sorted(problems, key=lambda p: (p.number, p.code))


@dataclass(frozen=True)
class SignatureRecord:
    """One signature of a sheet: its number, revision and the SHA-256 of the signed file."""

    number: int
    revision: int
    sha256: str


def recorded_signature_problems(
    series: str, recorded: Iterable[SignatureRecord], stored: Iterable[SignatureRecord]
) -> list[Problem]:
    """Compare the signatures the audit log recorded with the sheets stored (décret 2019-1118).

    No later sheet names the last sheet of a series, so its removal leaves no gap in the
    numbering: only the audit entry written with each signature (itself in a hash chain kept
    against a checkpoint) shows it. A stored sheet that the audit log never recorded was added
    outside the application.
    """
    stored_by_key = {(s.number, s.revision): s.sha256 for s in stored}
    recorded_by_key = {(r.number, r.revision): r.sha256 for r in recorded}
    problems = []
    for (number, revision), digest in recorded_by_key.items():
        if (number, revision) not in stored_by_key:
            problems.append(
                Problem(series, number, "signature_record_missing", {"revision": revision})
            )
        elif stored_by_key[(number, revision)] != digest:
            problems.append(
                Problem(series, number, "signature_record_differs", {"revision": revision})
            )
    for number, revision in stored_by_key.keys() - recorded_by_key.keys():
        problems.append(Problem(series, number, "signature_not_recorded", {"revision": revision}))
    return sorted(problems, key=lambda p: (p.number, p.code, p.params.get("revision", 0)))
