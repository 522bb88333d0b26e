"""The members CSV (FORMATS.md §4): preview, import and export."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from scic.auth.models import User
from scic.capital import queries, rules
from scic.capital.rules import MovementType
from scic.capital.services.ledger import Decision, _load, _movement, _write
from scic.capital.services.local_authorities import (
    designate_representative,
    next_member_number,
    record_deliberation,
)
from scic.capital.services.subscriptions import _admit
from scic.cooperatives.models import Cooperative
from scic.core import audit, clock
from scic.core.db import db, lock_row
from scic.core.violations import RuleViolation, Violation
from scic.membership import services as membership_services
from scic.membership.models import Member

# --- Members CSV import and export (FORMATS.md §3, §4) ------------------------------------------


@dataclass(frozen=True)
class ImportPreview:
    """What an import would do: the rows read and every problem found (nothing written)."""

    rows: list
    violations: list[Violation]

    @property
    def ok(self) -> bool:
        return not self.violations and bool(self.rows)


def preview_members_import(cooperative: Cooperative, text: str) -> ImportPreview:
    """Check a members CSV against the format, the statutes, used numbers and R-LA-1.

    R-LA-1 is checked at the end of every day of the import's timeline, with the cap in force
    that day, on the existing ledger plus the imported first subscriptions; a breached day
    names the lines of the local authorities admitted on or before it.
    """
    from scic.membership.csv_format import read_members_csv

    categories = {c.code: c.kind for c in cooperative.categories}
    minimums = {c.code: c.min_shares for c in cooperative.categories}
    rows, violations = read_members_csv(text, categories, minimums)
    used = set(
        db.session.scalars(select(Member.number).where(Member.cooperative_id == cooperative.id))
    )
    for row in rows:
        if row.number is not None and row.number in used:
            violations.append(
                Violation(
                    "csv_number_in_use",
                    params={"column": "number", "number": row.number},
                    subject=f"line {row.line}",
                )
            )
    if not violations and not rows:
        violations.append(Violation("empty_file", subject="line 2"))
    if violations:
        return ImportPreview(rows, _by_line(violations))
    movements = queries.ledger(cooperative.id)
    public = queries.public_member_ids(cooperative.id)
    value = cooperative.share_value_cents
    start = min(row.admitted_on for row in rows)
    for index, row in enumerate(rows):
        fake_id = -(index + 1)
        if row.kind == "local_authority":
            public.add(fake_id)
        movements.append(
            rules.Movement(
                number=10**9 + index,
                type=MovementType.SUBSCRIPTION,
                member_id=fake_id,
                effective_on=row.admitted_on,
                shares_delta=row.shares,
                amount_cents=row.shares * value,
                paid_cents=row.shares * value,
            )
        )
    for violation in rules.check_la_cap_timeline(movements, public, start):
        day = violation.params["on"]
        lines = [r.line for r in rows if r.kind == "local_authority" and r.admitted_on <= day]
        subject = f"line {lines[-1]}" if lines else None
        violations.append(
            Violation(
                "la_capital_cap_exceeded_on",
                rule="R-LA-1",
                params={
                    **violation.params,
                    "column": "shares",
                    "lines": ", ".join(str(n) for n in lines),
                },
                subject=subject,
            )
        )
    return ImportPreview(rows, _by_line(violations))


def _by_line(violations: list[Violation]) -> list[Violation]:
    def key(v: Violation) -> int:
        subject = v.subject or ""
        return int(subject[5:]) if subject.startswith("line ") and subject[5:].isdigit() else 0

    return sorted(violations, key=key)


def import_members(
    cooperative: Cooperative, text: str, *, by: User | None = None, now: datetime | None = None
) -> list[Member]:
    """Import new members with their first subscription, fully paid; all or nothing.

    FORMATS.md §3. Raises ``RuleViolation`` listing every problem with its line; nothing is
    written then. Entries are numbered in order of admission date, then of line.
    """
    now = now or clock.now()
    lock_row(Cooperative, cooperative.id)
    preview = preview_members_import(cooperative, text)
    if not preview.ok:
        raise RuleViolation(preview.violations)
    categories = {c.code: c for c in cooperative.categories}
    created: list[tuple[object, Member]] = []
    taken = {r.number for r in preview.rows if r.number is not None}
    next_free = next_member_number(cooperative)
    for row in preview.rows:
        number = row.number
        if number is None:
            while next_free in taken:
                next_free += 1
            number = next_free
            taken.add(number)
        member = membership_services.create_candidate(
            cooperative,
            membership_services.MemberData(
                kind=str(row.kind),
                name=row.name,
                first_name=row.first_name or "",
                email=row.email or "",
                address=row.address or "",
                siren=row.siren or "",
                authority_type=str(row.authority_type) if row.authority_type else None,
            ),
            categories[row.category],
            applied_on=row.admitted_on,
            by=by,
            number=number,
        )
        if row.kind == "local_authority":
            deliberation = record_deliberation(
                member,
                reference=row.deliberation_ref or "",
                adopted_on=row.deliberation_date,
                executory_on=row.deliberation_executory_date,
                authorised_shares=None,
                executory_assumed=row.executory_date_assumed,
                by=by,
            )
        else:
            deliberation = None
        if row.representative:
            designate_representative(
                member,
                full_name=row.representative,
                role="main",
                valid_from=row.admitted_on,
                email=row.representative_email or "",
                deliberation=deliberation,
                by=by,
            )
        _admit(member, row.admitted_on, Decision(ref="import"), by)
        created.append((row, member))
    ledger = _load(cooperative)
    ledger.public_ids |= {m.id for _, m in created if m.is_local_authority}
    value = cooperative.share_value_cents
    for row, member in sorted(created, key=lambda pair: (pair[0].admitted_on, pair[0].line)):
        movement = _movement(
            ledger,
            MovementType.SUBSCRIPTION,
            member,
            row.admitted_on,
            shares=row.shares,
            paid_cents=row.shares * value,
        )
        _write(
            ledger,
            movement,
            decision=Decision(ref="import"),
            by=by,
            now=now,
            note="members CSV import",
        )
    audit.record(
        "members.import",
        cooperative,
        by=by,
        now=now,
        data={"count": len(created), "numbers": [m.number for _, m in created]},
    )
    return [m for _, m in created]


def export_members(cooperative: Cooperative, at: date) -> str:
    """Return the members CSV (FORMATS.md §4): members holding shares at ``at``, their holding."""
    from scic.membership.csv_format import MemberRow, write_members_csv
    from scic.membership.rules import AuthorityType, MemberKind

    rows = []
    categories = {c.id: c.code for c in cooperative.categories}
    for position in queries.positions_at(cooperative.id, at):
        member = position.member
        deliberations = (
            queries.membership_deliberations(member.id) if member.is_local_authority else []
        )
        deliberation = deliberations[0] if deliberations else None
        mandate = next(
            (m for m in reversed(member.mandates) if m.role == "main" and m.is_valid_on(at)), None
        ) or next((m for m in reversed(member.mandates) if m.role == "main"), None)
        rows.append(
            MemberRow(
                kind=MemberKind(member.kind),
                name=member.name,
                category=categories.get(member.category_id, ""),
                admitted_on=member.admitted_on or at,
                shares=position.holding.shares,
                number=member.number,
                first_name=member.first_name or None,
                email=member.email or None,
                address=member.address or None,
                siren=member.siren or None,
                authority_type=AuthorityType(member.authority_type)
                if member.authority_type
                else None,
                deliberation_ref=deliberation.reference if deliberation else None,
                deliberation_date=deliberation.adopted_on if deliberation else None,
                deliberation_executory_date=deliberation.executory_on if deliberation else None,
                executory_date_assumed=bool(deliberation and deliberation.executory_assumed),
                representative=mandate.full_name if mandate else None,
                representative_email=(mandate.email or None) if mandate else None,
            )
        )
    return write_members_csv(rows)
