"""Every downloadable document of a cooperative, built from the read-only queries.

CSV files are French-spreadsheet friendly (semicolons, UTF-8 with BOM, decimal commas); JSON files
keep money in integer cents. ``write_document`` is the one entry point used by the web view, the
background exports and the command line.
"""

from __future__ import annotations

import csv
import hashlib
import importlib
import importlib.util
import io
import json
import logging
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import BinaryIO

from scic.cooperatives.models import Cooperative
from scic.core.csv_cells import cell
from scic.core.violations import ComplianceCheck
from scic.membership.csv_format import MemberRow, write_members_csv
from scic.membership.rules import AuthorityType, MemberKind
from scic.registers import movement_queries, pdf, queries
from scic.registers.integrity import verify_cooperative
from scic.registers.pdf_base import Progress, header_of
from scic.registers.rules import fiscal_periods, fiscal_year_start

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DocumentRequest:
    """What to build: ``kind``, the position date ``at`` (end of a period) and ``start``."""

    kind: str
    at: date
    start: date | None = None
    member_id: int | None = None


#: kind → (file name pattern, MIME type).
KINDS: dict[str, tuple[str, str]] = {
    "members_pdf": ("registre-associes-{at}.pdf", "application/pdf"),
    "movements_pdf": ("registre-mouvements-{period}.pdf", "application/pdf"),
    "compliance_pdf": ("rapport-conformite-{at}.pdf", "application/pdf"),
    "member_sheet_pdf": ("compte-associe-{member}-{at}.pdf", "application/pdf"),
    "members_csv": ("associes-{at}.csv", "text/csv; charset=utf-8"),
    "members_json": ("associes-{at}.json", "application/json"),
    "movements_csv": ("mouvements-{period}.csv", "text/csv; charset=utf-8"),
    "movements_json": ("mouvements-{period}.json", "application/json"),
    "audit_csv": ("journal-audit-{period}.csv", "text/csv; charset=utf-8"),
    "bundle_zip": ("dossier-audit-{slug}-{period}.zip", "application/zip"),
}


def filename(cooperative: Cooperative, request: DocumentRequest) -> str:
    """The download name of a document."""
    period = (
        f"{request.start.isoformat()}-{request.at.isoformat()}"
        if request.start
        else request.at.isoformat()
    )
    return KINDS[request.kind][0].format(
        at=request.at.isoformat(), period=period, slug=cooperative.slug, member=request.member_id
    )


def mimetype(kind: str) -> str:
    return KINDS[kind][1]


# --- CSV and JSON -------------------------------------------------------------------------------


def _number(value: int | None) -> str:
    return "" if value is None else str(value)


def _euros(cents: int) -> str:
    """Decimal comma, no grouping: French spreadsheets read it as a number."""
    sign = "-" if cents < 0 else ""
    units, rest = divmod(abs(cents), 100)
    return f"{sign}{units},{rest:02d}"


def _member_csv_row(row: queries.MemberRegisterRow, categories: dict[int, str]) -> MemberRow:
    return MemberRow(
        kind=MemberKind(row.kind),
        name=row.name,
        category=categories.get(row.category_id, ""),
        admitted_on=row.admitted_on,
        shares=row.shares,
        number=row.number,
        first_name=row.first_name or None,
        email=row.email or None,
        address=row.address or None,
        siren=row.siren or None,
        authority_type=AuthorityType(row.authority_type) if row.authority_type else None,
        deliberation_ref=row.deliberation_ref,
        deliberation_date=row.deliberation_date,
        deliberation_executory_date=row.deliberation_executory_on,
        executory_date_assumed=bool(row.deliberation_assumed),
        representative=row.representative,
        representative_email=row.representative_email or None,
    )


def members_csv(cooperative: Cooperative, at: date) -> str:
    """The members CSV of FORMATS.md §3 at a date (members holding shares, their holding)."""
    register = queries.member_register(cooperative, at)
    categories = register.summary.category_names
    return write_members_csv(_member_csv_row(r, categories) for r in register.rows())


def members_json(cooperative: Cooperative, at: date) -> str:
    """The register of members at a date as JSON (money in cents)."""
    register = queries.member_register(cooperative, at)
    s = register.summary
    document = {
        "cooperative": cooperative.slug,
        "at": at.isoformat(),
        "summary": {
            "members": s.member_count,
            "capital_cents": s.capital_cents,
            "historical_max_cents": s.historical_max_cents,
            "floor_cents": s.floor_cents,
            "local_authority_cents": s.local_authority_cents,
            "local_authority_share": str(s.local_authority_share)
            if s.local_authority_share is not None
            else None,
            "head_hash": s.head_hash,
            "categories": [_group(g) for g in s.categories],
            "colleges": [_group(g) for g in s.colleges],
        },
        "members": [
            {
                "number": r.number,
                "kind": r.kind,
                "name": r.name,
                "first_name": r.first_name,
                "address": r.address,
                "category": s.category_names.get(r.category_id),
                "college": s.college_names.get(r.college_id),
                "admitted_on": _iso(r.admitted_on),
                "shares": r.shares,
                "subscribed_cents": r.subscribed_cents,
                "paid_cents": r.paid_cents,
                "deliberation_ref": r.deliberation_ref,
                "deliberation_executory_on": _iso(r.deliberation_executory_on),
                "representative": r.representative,
            }
            for r in register.rows()
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=1)


def _group(group: queries.GroupTotal) -> dict:
    return {
        "code": group.code,
        "name": group.name,
        "members": group.members,
        "shares": group.shares,
        "subscribed_cents": group.subscribed_cents,
        "paid_cents": group.paid_cents,
    }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


MOVEMENT_COLUMNS = (
    "number",
    "effective_on",
    "type",
    "member_number",
    "member",
    "counterparty_number",
    "counterparty",
    "shares_delta",
    "amount_euros",
    "paid_euros",
    "decision_organ",
    "decision_date",
    "decision_ref",
    "reverses_number",
    "capital_after_euros",
    "note",
    "hash",
)


def movements_csv(cooperative: Cooperative, start: date | None, end: date) -> str:
    """The register of share movements as CSV: semicolons, UTF-8 with BOM, decimal commas."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(MOVEMENT_COLUMNS)
    for r in movement_queries.iter_movements(cooperative, start, end):
        # Numbers are written as numbers; only free text is guarded against formulas.
        writer.writerow(
            (
                r.number,
                r.effective_on.isoformat(),
                r.type,
                r.member_number,
                cell(r.member_label),
                _number(r.counterparty_number),
                cell(r.counterparty_name),
                r.shares_delta,
                _euros(r.amount_cents),
                _euros(r.paid_cents),
                cell(r.decision_organ),
                cell(r.decision_date),
                cell(r.decision_ref),
                _number(r.reverses_number),
                _euros(r.capital_after_cents),
                cell(r.note),
                r.hash,
            )
        )
    return "\ufeff" + buffer.getvalue()


def movements_json(cooperative: Cooperative, start: date | None, end: date) -> str:
    """The register of share movements as JSON (money in cents)."""
    document = {
        "cooperative": cooperative.slug,
        "from": _iso(start),
        "to": end.isoformat(),
        "movements": [
            {
                "number": r.number,
                "effective_on": r.effective_on.isoformat(),
                "type": r.type,
                "member_number": r.member_number,
                "counterparty_number": r.counterparty_number,
                "shares_delta": r.shares_delta,
                "amount_cents": r.amount_cents,
                "paid_cents": r.paid_cents,
                "decision_organ": r.decision_organ,
                "decision_date": _iso(r.decision_date),
                "decision_ref": r.decision_ref,
                "reverses_number": r.reverses_number,
                "capital_after_cents": r.capital_after_cents,
                "hash": r.hash,
            }
            for r in movement_queries.iter_movements(cooperative, start, end)
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=1)


def audit_csv(cooperative: Cooperative, start: date | None, end: date) -> str:
    """The audit log of a period as CSV (semicolons, BOM)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        ("id", "created_at", "actor_id", "action", "target_type", "target_id", "data", "hash")
    )
    for e in queries.iter_audit_entries(cooperative, queries.AuditFilter(start=start, end=end)):
        writer.writerow(
            [
                cell(v)
                for v in (
                    e.id,
                    e.created_at.isoformat(),
                    e.actor_id,
                    e.action,
                    e.target_type,
                    e.target_id,
                    json.dumps(e.data, ensure_ascii=False, sort_keys=True),
                    e.hash,
                )
            ]
        )
    return "\ufeff" + buffer.getvalue()


# --- PDFs ---------------------------------------------------------------------------------------


def members_pdf(
    target,
    cooperative: Cooperative,
    at: date,
    *,
    locale: str,
    now: datetime,
    progress: Progress | None = None,
    start: date | None = None,
) -> int:
    """Draw the register of members at ``at`` (streamed rows), then the members who left
    since ``start`` (default: the start of the fiscal year that contains ``at``)."""
    register = queries.member_register(cooperative, at)
    if start is None:
        start = fiscal_year_start(
            at, cooperative.fiscal_year_end_month, cooperative.fiscal_year_end_day
        )
    departures = (
        queries.iter_departures(cooperative, start, at),
        queries.count_departures(cooperative, start, at),
        start,
    )
    return pdf.build_member_register(
        target,
        header_of(cooperative),
        register.summary,
        register.rows(),
        locale=locale,
        generated_at=now,
        progress=progress,
        departures=departures,
    )


def movements_pdf(
    target,
    cooperative: Cooperative,
    start: date | None,
    end: date,
    *,
    locale: str,
    now: datetime,
    progress: Progress | None = None,
) -> int:
    count = movement_queries.count_movements(cooperative, start, end)
    first = start or movement_queries.first_effective_day(cooperative) or end
    periods = fiscal_periods(
        min(first, end), end, cooperative.fiscal_year_end_month, cooperative.fiscal_year_end_day
    )
    return pdf.build_movement_register(
        target,
        header_of(cooperative),
        movement_queries.iter_movements(cooperative, start, end),
        count,
        start=start,
        end=end,
        head_hash=queries.ledger_head_hash(cooperative),
        locale=locale,
        generated_at=now,
        progress=progress,
        periods=movement_queries.period_totals(cooperative, periods),
    )


def compliance_pdf(
    target,
    cooperative: Cooperative,
    at: date,
    checks: Sequence[ComplianceCheck],
    *,
    locale: str,
    now: datetime,
) -> int:
    """Draw the compliance report of ``checks`` (``workflows.compliance.compliance_at``)."""
    return pdf.build_compliance_report(
        target,
        header_of(cooperative),
        checks,
        at=at,
        head_hash=queries.ledger_head_hash(cooperative),
        locale=locale,
        generated_at=now,
    )


def member_sheet_pdf(
    target, cooperative: Cooperative, member, at: date, *, locale: str, now: datetime
) -> int:
    rows = list(movement_queries.iter_movements(cooperative, None, at, member_id=member.id))
    from scic.capital.rules import Movement, MovementType, holding

    movements = [
        Movement(
            number=r.number,
            type=MovementType(r.type),
            member_id=r.member_id,
            effective_on=r.effective_on,
            shares_delta=r.shares_delta,
            amount_cents=r.amount_cents,
            paid_cents=r.paid_cents,
            reverses=r.reverses_number,
        )
        for r in rows
    ]
    held = holding(movements, member.id, at)
    return pdf.build_member_sheet(
        target,
        header_of(cooperative),
        member,
        rows,
        at=at,
        holding=(held.shares, held.subscribed_cents, held.paid_cents),
        head_hash=queries.ledger_head_hash(cooperative),
        locale=locale,
        generated_at=now,
    )


# --- Audit bundle -------------------------------------------------------------------------------


class _Hashing(io.RawIOBase):
    """A write-only stream that hashes what goes through it into a zip member."""

    def __init__(self, target: BinaryIO) -> None:
        self.target = target
        self.sha256 = hashlib.sha256()
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.sha256.update(data)
        self.size += len(data)
        self.target.write(data)
        return len(data)


def optional_documents(
    cooperative: Cooperative, start: date | None, end: date
) -> Iterator[tuple[str, Callable[[BinaryIO], None]]]:
    """Minutes, attendance sheets and tally exports of the period, when the assemblies and voting
    packages provide them (looked up defensively: each is optional)."""
    spec = importlib.util.find_spec("scic.registers.assembly_documents")
    if spec is None:
        return
    module = importlib.import_module("scic.registers.assembly_documents")
    finder = getattr(module, "bundle_documents", None)
    if finder is not None:
        yield from finder(cooperative, start, end)


def write_bundle(
    target: BinaryIO,
    cooperative: Cooperative,
    start: date | None,
    end: date,
    *,
    locale: str,
    now: datetime,
    compliance: Sequence[ComplianceCheck],
    progress: Progress | None = None,
) -> dict:
    """Write the audit bundle (zip) and return its manifest (SHA-256 of every file)."""
    files: list[tuple[str, Callable[[BinaryIO], object]]] = [
        (
            f"registre-associes-{end}.pdf",
            lambda out: members_pdf(out, cooperative, end, locale=locale, now=now, start=start),
        ),
        (
            f"registre-mouvements-{start or 'debut'}-{end}.pdf",
            lambda out: movements_pdf(out, cooperative, start, end, locale=locale, now=now),
        ),
        (
            f"rapport-conformite-{end}.pdf",
            lambda out: compliance_pdf(out, cooperative, end, compliance, locale=locale, now=now),
        ),
        (f"associes-{end}.csv", lambda out: out.write(members_csv(cooperative, end).encode())),
        (f"associes-{end}.json", lambda out: out.write(members_json(cooperative, end).encode())),
        (
            f"mouvements-{start or 'debut'}-{end}.csv",
            lambda out: out.write(movements_csv(cooperative, start, end).encode()),
        ),
        (
            f"mouvements-{start or 'debut'}-{end}.json",
            lambda out: out.write(movements_json(cooperative, start, end).encode()),
        ),
        (
            f"journal-audit-{start or 'debut'}-{end}.csv",
            lambda out: out.write(audit_csv(cooperative, start, end).encode()),
        ),
        ("integrite.json", lambda out: out.write(integrity_json(cooperative).encode())),
    ]
    files.extend(optional_documents(cooperative, start, end))
    manifest = {
        "cooperative": cooperative.slug,
        "from": _iso(start),
        "to": end.isoformat(),
        "generated_at": now.isoformat(),
        "files": {},
    }
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for index, (name, writer) in enumerate(files, start=1):
            with archive.open(name, "w") as member:
                hashing = _Hashing(member)
                writer(hashing)
            manifest["files"][name] = {"sha256": hashing.sha256.hexdigest(), "bytes": hashing.size}
            if progress:
                progress(index, len(files) + 1)
        archive.writestr("manifest.json", json.dumps(manifest, indent=1, ensure_ascii=False))
    if progress:
        progress(len(files) + 1, len(files) + 1)
    return manifest


def integrity_json(cooperative: Cooperative) -> str:
    """Every chain's length, head and first break, as JSON."""
    reports = verify_cooperative(cooperative)
    return json.dumps(
        [
            {
                "table": r.table,
                "scope": r.scope,
                "entries": r.entries,
                "head_hash": r.head_hash,
                "broken": None
                if r.broken is None
                else {
                    "position": r.broken.position,
                    "entry_id": r.broken.entry_id,
                    "reason": r.broken.reason,
                },
            }
            for r in reports
        ],
        indent=1,
        default=str,
    )


# --- One entry point ----------------------------------------------------------------------------


def write_document(
    target: BinaryIO,
    cooperative: Cooperative,
    request: DocumentRequest,
    *,
    locale: str,
    now: datetime,
    member=None,
    compliance: Sequence[ComplianceCheck] = (),
    progress: Progress | None = None,
) -> None:
    """Write any document of ``KINDS`` to a binary stream or file.

    ``compliance``: the checks at ``request.at`` for the kinds that include the compliance
    report (``needs_compliance``); the caller computes them with
    ``scic.workflows.compliance.compliance_at``, which this package may not import.
    """
    if needs_compliance(request.kind) and not compliance:
        raise ValueError(f"{request.kind} needs the compliance checks at {request.at}")
    kind, at, start = request.kind, request.at, request.start
    logger.info("Register %s of %s for %s..%s generated", kind, cooperative.slug, start, at)
    if kind == "members_pdf":
        members_pdf(target, cooperative, at, locale=locale, now=now, progress=progress, start=start)
    elif kind == "movements_pdf":
        movements_pdf(target, cooperative, start, at, locale=locale, now=now, progress=progress)
    elif kind == "compliance_pdf":
        compliance_pdf(target, cooperative, at, compliance, locale=locale, now=now)
    elif kind == "member_sheet_pdf":
        member_sheet_pdf(target, cooperative, member, at, locale=locale, now=now)
    elif kind == "members_csv":
        target.write(members_csv(cooperative, at).encode())
    elif kind == "members_json":
        target.write(members_json(cooperative, at).encode())
    elif kind == "movements_csv":
        target.write(movements_csv(cooperative, start, at).encode())
    elif kind == "movements_json":
        target.write(movements_json(cooperative, start, at).encode())
    elif kind == "audit_csv":
        target.write(audit_csv(cooperative, start, at).encode())
    elif kind == "bundle_zip":
        write_bundle(
            target,
            cooperative,
            start,
            at,
            locale=locale,
            now=now,
            compliance=compliance,
            progress=progress,
        )
    else:
        raise ValueError(f"unknown document kind: {kind}")


def needs_compliance(kind: str) -> bool:
    """Tell whether a document kind includes the compliance report."""
    return kind in {"compliance_pdf", "bundle_zip"}


def iter_kinds() -> Iterable[str]:
    return KINDS.keys()
