"""Pure rules of exclusion: by an assembly (R-EXCL-1) or by operation of law (R-CAP-4, R-EXCL-3).

An assembly may exclude a member only at the majority required to amend the statutes, after the
member was told and could present its observations (DOMAIN §6.11). A member who leaves a called
amount unpaid is excluded by operation of law three months after a registered-letter notice
that stays unanswered. Time is always an argument.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from scic.core.periods import add_months
from scic.core.violations import Violation

#: R-CAP-4, R-EXCL-3: months between the registered-letter notice and the automatic exclusion.
UNPAID_CALL_NOTICE_MONTHS = 3


@dataclass(frozen=True)
class ExclusionDecision:
    """The facts an exclusion by the assembly rests on, as plain values.

    ``resolution_adopted`` is ``None`` when no resolution is named. ``at_amending_majority``
    tells whether the resolution was voted at the majority required to amend the statutes
    (an extraordinary or exclusion resolution). Dates: the member's notice, the day it could
    be heard (its observations received or the hearing held), the assembly and the exit.
    """

    resolution_adopted: bool | None
    at_amending_majority: bool
    notified_on: date | None
    heard_on: date | None
    assembly_on: date | None
    effective_on: date


def check_exclusion(decision: ExclusionDecision) -> list[Violation]:
    """Return every reason an exclusion by the assembly may not be recorded (empty: it may).

    Rule: R-EXCL-1 (Code de commerce L231-6) and §6.11 — an adopted resolution of an assembly at
    the majority required to amend the statutes; the member notified and heard before the
    assembly (the notice first); the exit not before the assembly.
    """
    d = decision
    violations: list[Violation] = []
    if d.resolution_adopted is None:
        violations.append(Violation("exclusion_without_resolution", rule="R-EXCL-1"))
    elif not d.resolution_adopted:
        violations.append(Violation("exclusion_resolution_not_adopted", rule="R-EXCL-1"))
    elif not d.at_amending_majority:
        violations.append(Violation("exclusion_majority_too_low", rule="R-EXCL-1"))
    violations += check_exclusion_procedure(d.notified_on, d.heard_on, d.assembly_on, complete=True)
    if d.assembly_on is not None and d.effective_on < d.assembly_on:
        violations.append(
            Violation(
                "exclusion_before_assembly",
                rule="R-EXCL-1",
                params={"effective_on": d.effective_on, "assembly_on": d.assembly_on},
            )
        )
    return violations


def check_exclusion_procedure(
    notified_on: date | None,
    heard_on: date | None,
    assembly_on: date | None,
    *,
    complete: bool,
) -> list[Violation]:
    """Return what is wrong with the notice and hearing of a member the assembly may exclude.

    Rule: R-EXCL-1, §6.11 — the member is told first, then can present its observations, both
    on or before the assembly's day. ``complete=False`` accepts dates still missing (a draft
    resolution, whose procedure is under way); ``complete=True`` requires both.
    """
    violations: list[Violation] = []
    if notified_on is None and complete:
        violations.append(Violation("exclusion_not_notified", rule="R-EXCL-1"))
    if heard_on is None:
        if complete:
            violations.append(Violation("exclusion_not_heard", rule="R-EXCL-1"))
    elif notified_on is not None and heard_on < notified_on:
        violations.append(
            Violation(
                "exclusion_heard_before_notice",
                rule="R-EXCL-1",
                params={"heard_on": heard_on, "notified_on": notified_on},
            )
        )
    if assembly_on is not None:
        for day in (notified_on, heard_on):
            if day is not None and day > assembly_on:
                violations.append(
                    Violation(
                        "exclusion_procedure_after_assembly",
                        rule="R-EXCL-1",
                        params={"day": day, "assembly_on": assembly_on},
                    )
                )
                break
    return violations


def automatic_exclusion_on(notice_sent_on: date) -> date:
    """Return the day a member is excluded by law after an unanswered unpaid-call notice.

    Rule: R-CAP-4, R-EXCL-3 — three months after the registered-letter notice.
    """
    return add_months(notice_sent_on, UNPAID_CALL_NOTICE_MONTHS)


def check_automatic_exclusion(
    today: date,
    *,
    notice_sent_on: date | None,
    registered_letter: bool,
    outstanding_cents: int,
) -> list[Violation]:
    """Return every reason an automatic exclusion for an unpaid call may not be recorded today.

    Rule: R-CAP-4, R-EXCL-3 — a registered-letter notice was sent, three months have passed
    since, and the called amount is still unpaid.
    """
    violations: list[Violation] = []
    if notice_sent_on is None or not registered_letter:
        violations.append(Violation("unpaid_call_no_registered_notice", rule="R-EXCL-3"))
    elif today < automatic_exclusion_on(notice_sent_on):
        violations.append(
            Violation(
                "unpaid_call_notice_running",
                rule="R-EXCL-3",
                params={"excluded_on": automatic_exclusion_on(notice_sent_on)},
            )
        )
    if outstanding_cents <= 0:
        violations.append(Violation("unpaid_call_paid", rule="R-EXCL-3"))
    return violations
