"""Resolutions: creation with their statutory majority, and opening the vote."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

from sqlalchemy import func, select

from scic.assemblies.models import AgendaItem, Assembly
from scic.assemblies.rules import PARIS, check_resolution_on_agenda, resolution_majority
from scic.assemblies.services import ensure_editable
from scic.cooperatives.models import Cooperative
from scic.cooperatives.services import assembly_settings_of, voting_settings_of
from scic.core import audit
from scic.core.db import db
from scic.core.violations import RuleViolation, Violation
from scic.membership.exclusion_rules import check_exclusion_procedure
from scic.membership.models import Member
from scic.voting import rules, urn
from scic.voting.models import Resolution
from scic.voting.rules import Majority, Method, ResolutionStatus, VotingSettings

RESOLUTION_KINDS = ("ordinary", "extraordinary", "exclusion")


# --- Small helpers ------------------------------------------------------------------------------


def assembly_day(assembly: Assembly) -> date:
    """The assembly's legal date (Paris time): the weights and memberships of that day count."""
    return assembly.starts_at.astimezone(PARIS).date()


def paris_day(now: datetime) -> date:
    return now.astimezone(PARIS).date()


def tally_rules(cooperative: Cooperative) -> VotingSettings:
    """The counting settings of the statutes; headcount when the cooperative has no colleges."""
    settings = voting_settings_of(cooperative)
    if cooperative.colleges:
        return settings
    return dataclasses.replace(settings, method=Method.HEADCOUNT)


def statutory_majority(cooperative: Cooperative, kind: str) -> Majority:
    """The majority the statutes set for a kind of resolution (§5, §8 #10; R-EXCL-1)."""
    setting = resolution_majority(kind, assembly_settings_of(cooperative))
    return rules.majority_of(str(getattr(setting, "value", setting)))


def majority_of_resolution(resolution: Resolution) -> Majority:
    return Majority.parse(resolution.majority)


# --- Resolutions --------------------------------------------------------------------------------


def create_resolution(
    assembly: Assembly,
    *,
    title: str,
    text: str = "",
    kind: str = "ordinary",
    proposed_by: str = "board",
    board_approved: bool = True,
    secret: bool = False,
    agenda_item: AgendaItem | None = None,
    excluded_member: Member | None = None,
    notified_on: date | None = None,
    heard_on: date | None = None,
    number: int | None = None,
    by=None,
) -> Resolution:
    """Draft a resolution; its majority comes from the statutes for its kind (§5; R-EXCL-1).

    An exclusion names the member concerned and, once known, the day it was notified and the
    day it could be heard (both may follow while the resolution is a draft).

    Refused: an assembly whose minutes are signed, an agenda item of another assembly, a
    resolution without an agenda item when the assembly has an agenda (R-AG-5), an exclusion
    without the member concerned, or with a hearing before the notice or after the assembly
    (R-EXCL-1).
    """
    ensure_editable(assembly)
    violations: list[Violation] = []
    if kind not in RESOLUTION_KINDS:
        violations.append(Violation("resolution_unknown_kind", params={"kind": kind}))
    if agenda_item is not None and agenda_item.assembly_id != assembly.id:
        violations.append(Violation("resolution_agenda_other_assembly"))
    if assembly.agenda_items:
        violations += check_resolution_on_agenda(agenda_item is not None)
    if kind == "exclusion":
        if excluded_member is None:
            violations.append(Violation("exclusion_needs_member", rule="R-EXCL-1"))
        elif excluded_member.cooperative_id != assembly.cooperative_id:
            violations.append(Violation("vote_other_cooperative"))
        violations += check_exclusion_procedure(
            notified_on, heard_on, assembly_day(assembly), complete=False
        )
    if violations:
        raise RuleViolation(violations)
    if number is None:
        number = (
            db.session.scalar(
                select(func.max(Resolution.number)).where(Resolution.assembly_id == assembly.id)
            )
            or 0
        ) + 1
    elif db.session.scalar(
        select(Resolution.id).where(
            Resolution.assembly_id == assembly.id, Resolution.number == number
        )
    ):
        raise RuleViolation(Violation("resolution_number_taken", params={"number": number}))
    majority = statutory_majority(assembly.cooperative, kind)
    resolution = Resolution(
        cooperative_id=assembly.cooperative_id,
        assembly_id=assembly.id,
        agenda_item_id=agenda_item.id if agenda_item else None,
        number=number,
        title=title.strip(),
        text=text.strip(),
        kind=kind,
        majority=majority.to_json(),
        proposed_by=proposed_by,
        board_approved=board_approved,
        secret=secret,
        excluded_member_id=excluded_member.id if excluded_member else None,
        excluded_member_notified_on=notified_on if kind == "exclusion" else None,
        excluded_member_heard_on=heard_on if kind == "exclusion" else None,
        status=ResolutionStatus.DRAFT.value,
    )
    db.session.add(resolution)
    db.session.flush()
    audit.record(
        "resolution.create",
        resolution,
        by=by,
        data={"number": number, "kind": kind, "secret": secret, "majority": resolution.majority},
    )
    return resolution


def record_exclusion_procedure(
    resolution: Resolution,
    *,
    notified_on: date | None,
    heard_on: date | None,
    by=None,
    now: datetime,
) -> Resolution:
    """Record when the member an exclusion concerns was notified and could be heard (R-EXCL-1).

    Allowed until the vote closes (the procedure runs while the resolution is drafted).
    Refused: another kind of resolution, a closed vote, a hearing before the notice, a notice
    or hearing after the assembly's day.
    """
    ensure_editable(resolution.assembly)
    if resolution.kind != "exclusion":
        raise RuleViolation(Violation("exclusion_procedure_not_exclusion", rule="R-EXCL-1"))
    if resolution.status == ResolutionStatus.CLOSED:
        raise RuleViolation(Violation("vote_closed"))
    if problems := check_exclusion_procedure(
        notified_on, heard_on, assembly_day(resolution.assembly), complete=False
    ):
        raise RuleViolation(problems)
    before = (resolution.excluded_member_notified_on, resolution.excluded_member_heard_on)
    resolution.excluded_member_notified_on = notified_on
    resolution.excluded_member_heard_on = heard_on
    db.session.flush()
    audit.record(
        "resolution.exclusion_procedure",
        resolution,
        by=by,
        now=now,
        data={
            "notified_on": notified_on,
            "heard_on": heard_on,
            "before": {"notified_on": before[0], "heard_on": before[1]},
        },
    )
    return resolution


def open_vote(resolution: Resolution, *, by=None, now: datetime) -> Resolution:
    """Open the vote on a resolution; the session must be open (§6.7 step 4), and a secret
    ballot's urn set up by its tellers (R-TAL-3)."""
    assembly = resolution.assembly
    ensure_editable(assembly)
    if resolution.status != ResolutionStatus.DRAFT:
        raise RuleViolation(Violation("vote_already_opened"))
    if assembly.status != "open":
        raise RuleViolation(Violation("session_not_open"))
    if resolution.secret and not urn.is_ready(resolution):
        raise RuleViolation(Violation("urn_not_set_up", rule="R-TAL-3"))
    resolution.status = ResolutionStatus.OPEN.value
    resolution.opened_at = now
    db.session.flush()
    audit.record("resolution.open", resolution, by=by, now=now)
    return resolution
