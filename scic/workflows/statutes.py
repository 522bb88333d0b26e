"""Statutes amended by the assembly: proposed with an extraordinary resolution, applied when it
is adopted (issue 20 item 4).

``propose`` checks the new statutes (FORMATS.md §2 and the law, as ``scic statutes load`` does),
puts their amendment on an extraordinary or combined assembly's agenda with a resolution that
lists what changes, and keeps the document. ``apply_adopted`` — called by the closing of the vote
— applies it when the resolution is adopted: the decision's reference names the assembly and the
resolution, the effective date is the one proposed or the assembly's day, and the weights history
keeps the earlier weights for earlier dates (R-COL-7). The filing formalities then fall due one
month later (R-AG-16). Flushes; the caller commits.
"""

from __future__ import annotations

from datetime import date, datetime

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import select

from scic.assemblies import services as assembly_services
from scic.assemblies.models import Assembly
from scic.cooperatives.models import Cooperative, StatutesAmendment
from scic.cooperatives.rules.statutes import statutes_filing_deadline
from scic.cooperatives.services import apply_statutes, statutes_of
from scic.cooperatives.statutes_format import read_statutes, write_statutes
from scic.core.db import db, get_or_404
from scic.core.i18n import _, _l, label
from scic.core.violations import RuleViolation, Violation
from scic.voting import services as voting_services
from scic.voting.models import Outcome, Resolution

#: The parts of the statutes document (FORMATS.md §2), as a resolution names them.
PART_LABELS = {
    "name": _l("the name"),
    "legal_form": _l("the legal form"),
    "governance": _l("the governance"),
    "registered_office": _l("the registered office"),
    "siren": _l("the SIREN number"),
    "rcs": _l("the registration"),
    "share_value": _l("the value of a share"),
    "capital_floor": _l("the capital floor"),
    "categories": _l("the categories of members"),
    "colleges": _l("the voting colleges and their weights"),
    "voting": _l("the voting rules"),
    "assemblies": _l("the rules of the assemblies"),
    "reimbursement_delay_years": _l("the reimbursement delay"),
    "revision_cycle_years": _l("the révision coopérative cycle"),
}

#: Assemblies that may amend the statutes: those with an extraordinary part.
AMENDING_TYPES = ("extraordinary", "combined")


def assemblies_for_amendment(cooperative: Cooperative) -> list[Assembly]:
    """Assemblies still in preparation that may vote an amendment, the soonest first."""
    return list(
        db.session.scalars(
            select(Assembly)
            .where(
                Assembly.cooperative_id == cooperative.id,
                Assembly.status == "draft",
                Assembly.type.in_(AMENDING_TYPES),
            )
            .order_by(Assembly.starts_at, Assembly.id)
        )
    )


def assembly_of(cooperative: Cooperative, assembly_id: int) -> Assembly:
    """One of the cooperative's assemblies that may amend the statutes, else a 404."""
    return get_or_404(Assembly, assembly_id, cooperative_id=cooperative.id)


def _changes(before: dict, after: dict) -> list[str]:
    """The top-level parts of the statutes that differ, by their key (FORMATS.md §2)."""
    return sorted(key for key in after if before.get(key) != after.get(key))


def propose(
    assembly: Assembly, document: dict, *, effective_on: date | None = None, by=None
) -> Resolution:
    """Put the amendment of the statutes to ``document`` on the agenda of ``assembly``."""
    cooperative = assembly.cooperative
    spec, problems = read_statutes(document)
    if spec is not None and spec.slug != cooperative.slug:
        problems = [Violation("statutes_other_cooperative", params={"slug": spec.slug})]
    if assembly.type not in AMENDING_TYPES:
        problems.append(Violation("statutes_need_extraordinary", rule="R-COL-7"))
    if problems:
        raise RuleViolation(problems)
    proposed = write_statutes(spec)
    changed = _changes(write_statutes(statutes_of(cooperative)), proposed)
    if not changed:
        raise RuleViolation(Violation("statutes_unchanged"))
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        title = _("Amendment of the statutes")
        text = _(
            "The general assembly, voting as an extraordinary assembly, adopts the amended "
            "statutes made available to the members (parts changed: %(parts)s).",
            parts=", ".join(label(PART_LABELS.get(key, key)) for key in changed),
        )
        item = assembly_services.add_agenda_item(assembly, title, text, by=by)
        resolution = voting_services.create_resolution(
            assembly, title=title, text=text, kind="extraordinary", agenda_item=item, by=by
        )
    db.session.add(
        StatutesAmendment(
            cooperative_id=cooperative.id,
            resolution_id=resolution.id,
            document=proposed,
            effective_on=effective_on,
        )
    )
    db.session.flush()
    return resolution


def amendment_of(resolution: Resolution) -> StatutesAmendment | None:
    return db.session.scalar(
        select(StatutesAmendment).where(StatutesAmendment.resolution_id == resolution.id)
    )


def apply_adopted(resolution: Resolution, outcome: Outcome, *, by=None, now: datetime) -> None:
    """Apply the amended statutes of an adopted resolution (nothing when rejected)."""
    amendment = amendment_of(resolution)
    if amendment is None or not outcome.adopted:
        return
    spec, problems = read_statutes(amendment.document)
    if spec is None:  # the law changed since the proposal: refuse the whole closing
        raise RuleViolation(problems)
    decided_on = outcome.weights_on
    assembly = resolution.assembly
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        reference = _(
            "%(assembly)s, resolution no. %(number)s",
            assembly=assembly.title,
            number=resolution.number,
        )
    apply_statutes(
        spec,
        by=by,
        decision_ref=reference,
        effective_on=amendment.effective_on or decided_on,
        today=decided_on,
    )
    amendment.applied_at = now
    amendment.decided_on = decided_on


Amendment = tuple[StatutesAmendment, Resolution, date | None]


def amendments_of(cooperative: Cooperative) -> list[Amendment]:
    """Each amendment with its resolution and, once applied, its filing deadline (R-AG-16)."""
    rows = db.session.scalars(
        select(StatutesAmendment)
        .where(StatutesAmendment.cooperative_id == cooperative.id)
        .order_by(StatutesAmendment.id.desc())
    )
    return [
        (
            row,
            db.session.get(Resolution, row.resolution_id),
            statutes_filing_deadline(row.decided_on) if row.decided_on else None,
        )
        for row in rows
    ]
