"""Public bodies' participations across the instance's cooperatives (FORMATS §4).

``scic participations`` is the open-data view of which local authorities and other public bodies
back which SCICs: one row per public member and cooperative, at the end of a day (Paris time).
The figures come from the same register queries as the register of members, so both agree.
Reads only.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from sqlalchemy import or_, select

from scic.cooperatives.models import College, Cooperative
from scic.core.csv_cells import cell as spreadsheet_safe
from scic.core.db import db
from scic.membership.models import Mandate
from scic.membership.rules import MemberKind
from scic.registers.queries import iter_member_rows, register_summary

PUBLIC_KINDS = frozenset({MemberKind.LOCAL_AUTHORITY.value, MemberKind.OTHER_PUBLIC.value})
#: Column order of the CSV, and key order of the JSON rows (FORMATS §4).
COLUMNS = (
    "cooperative_slug",
    "cooperative_name",
    "cooperative_siren",
    "member_name",
    "member_siren",
    "authority_type",
    "college",
    "shares",
    "amount",
    "capital_share",
    "public_share",
    "vote_weight",
    "deliberation_ref",
    "executory_date",
    "representatives",
    "mandate_end",
)
#: Representatives who act for the body at assemblies, main first (DOMAIN §3.5).
_ACTING_ROLES = ("main", "alternate")


@dataclass(frozen=True)
class Participation:
    """One public body's stake in one cooperative at the date (FORMATS §4), in exact types."""

    cooperative_slug: str
    cooperative_name: str
    cooperative_siren: str
    member_name: str
    member_siren: str
    authority_type: str
    college: str
    shares: int
    amount_cents: int
    capital_share: Fraction
    public_share: Fraction
    vote_weight: Fraction
    deliberation_ref: str
    executory_date: date | None
    #: Acting representatives' names, main first.
    representatives: tuple[str, ...]
    #: Earliest end among their mandates (None when all are open-ended).
    mandate_end: date | None
    member_id: int = 0
    cooperative_id: int = 0

    def exported(self) -> dict[str, object]:
        """The row as FORMATS §4 prints it: exact fractions as strings, euros with 2 decimals."""
        return {
            "cooperative_slug": self.cooperative_slug,
            "cooperative_name": self.cooperative_name,
            "cooperative_siren": self.cooperative_siren,
            "member_name": self.member_name,
            "member_siren": self.member_siren,
            "authority_type": self.authority_type,
            "college": self.college,
            "shares": self.shares,
            "amount": str((Decimal(self.amount_cents) / 100).quantize(Decimal("0.01"))),
            "capital_share": str(self.capital_share),
            "public_share": str(self.public_share),
            "vote_weight": str(self.vote_weight),
            "deliberation_ref": self.deliberation_ref,
            "executory_date": self.executory_date.isoformat() if self.executory_date else "",
            "representatives": "|".join(self.representatives),
            "mandate_end": self.mandate_end.isoformat() if self.mandate_end else "",
        }


def _mandates_at(cooperative: Cooperative, member_ids: list[int], at: date) -> dict[int, list]:
    """Return each member's acting mandates valid at ``at``, main first, then by start date."""
    if not member_ids:
        return {}
    rows = db.session.scalars(
        select(Mandate).where(
            Mandate.cooperative_id == cooperative.id,
            Mandate.member_id.in_(member_ids),
            Mandate.role.in_(_ACTING_ROLES),
            Mandate.valid_from <= at,
            or_(Mandate.valid_to.is_(None), Mandate.valid_to >= at),
        )
    ).all()
    by_member: dict[int, list] = {}
    for mandate in sorted(rows, key=lambda m: (_ACTING_ROLES.index(m.role), m.valid_from, m.id)):
        by_member.setdefault(mandate.member_id, []).append(mandate)
    return by_member


def _vote_weights(cooperative: Cooperative, summary, at: date) -> dict[int | None, Fraction]:
    """Weight of one member's vote in the whole assembly if every member voted (FORMATS §4).

    With colleges: the college's statutory weight (R-COL-2, as a fraction of 1) shared among the
    members of that college at the date (R-LA-4); without colleges: one vote over all members.
    """
    if not summary.colleges:
        return {None: Fraction(1, summary.member_count)} if summary.member_count else {}
    colleges = {
        c.id: c
        for c in db.session.scalars(select(College).where(College.cooperative_id == cooperative.id))
    }
    weights: dict[int | None, Fraction] = {}
    for group in summary.colleges:
        college = colleges.get(group.id)
        weight = college.weight_on(at) if college else None
        if weight is not None and group.members:
            weights[group.id] = weight / group.members
    return weights


def participations_in(
    cooperative: Cooperative,
    at: date,
    *,
    siren: str | None = None,
    member_ids: set[int] | None = None,
) -> list[Participation]:
    """Return the public members' stakes in one cooperative at the end of ``at``."""
    rows = [
        row
        for row in iter_member_rows(cooperative, at)
        if row.kind in PUBLIC_KINDS
        and (siren is None or row.siren == siren)
        and (member_ids is None or row.member_id in member_ids)
    ]
    if not rows:
        return []
    summary = register_summary(cooperative, at)
    weights = _vote_weights(cooperative, summary, at)
    mandates = _mandates_at(cooperative, [row.member_id for row in rows], at)
    capital = summary.capital_cents
    out = []
    for row in rows:
        acting = mandates.get(row.member_id, [])
        ends = [m.valid_to for m in acting if m.valid_to is not None]
        college_key = row.college_id if summary.colleges else None
        out.append(
            Participation(
                cooperative_slug=cooperative.slug,
                cooperative_name=cooperative.name,
                cooperative_siren=cooperative.siren or "",
                member_name=row.name,
                member_siren=row.siren or "",
                authority_type=row.authority_type or "",
                college=summary.college_names.get(row.college_id, "") if summary.colleges else "",
                shares=row.shares,
                amount_cents=row.subscribed_cents,
                capital_share=Fraction(row.subscribed_cents, capital) if capital else Fraction(0),
                public_share=summary.local_authority_share or Fraction(0),
                vote_weight=weights.get(college_key, Fraction(0)),
                deliberation_ref=row.deliberation_ref or "",
                executory_date=row.deliberation_executory_on,
                representatives=tuple(m.full_name for m in acting),
                mandate_end=min(ends) if ends else None,
                member_id=row.member_id,
                cooperative_id=cooperative.id,
            )
        )
    return out


def participations_at(at: date, *, siren: str | None = None) -> list[Participation]:
    """Return every public body's stakes across the instance at the end of ``at`` (FORMATS §4),
    sorted by member SIREN, then cooperative slug."""
    out: list[Participation] = []
    for cooperative in db.session.scalars(select(Cooperative)):
        out.extend(participations_in(cooperative, at, siren=siren))
    out.sort(key=lambda p: (p.member_siren, p.cooperative_slug, p.member_name))
    return out


def participations_csv(rows: list[Participation]) -> str:
    """The CSV of FORMATS §4: UTF-8, ``;`` separated, one header line."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        values = row.exported()
        # Same protection as the members CSV (FORMATS §3): no cell runs as a formula.
        writer.writerow([spreadsheet_safe(values[column]) for column in COLUMNS])
    return buffer.getvalue()


def participations_json(rows: list[Participation], at: date) -> str:
    """The ``scic-participations/1`` JSON document of FORMATS §4."""
    document = {
        "format": "scic-participations/1",
        "at": at.isoformat(),
        "participations": [row.exported() for row in rows],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
