"""Pure rules on members, local authorities' deliberations and representatives' mandates.

DOMAIN.md §3.4, §3.5, §4.1, §4.4, §4.6 and §8 #24. Dates are arguments; nothing reads the clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from fractions import Fraction

from scic.cooperatives.rules import (
    CategoryKind,
    LegalForm,
    is_siren_valid,
)
from scic.core.periods import add_months, add_years
from scic.core.violations import Violation

#: R-CAT-5: a SARL has at most 100 members (Code de commerce L223-3).
SARL_MAX_MEMBERS = 100
#: R-EXIT-4: a departing member stays liable for five years.
LIABILITY_YEARS = 5


class MemberKind(StrEnum):
    """Legal nature of a member (DOMAIN.md §3.4)."""

    PERSON = "person"
    ORGANISATION = "organisation"
    LOCAL_AUTHORITY = "local_authority"
    OTHER_PUBLIC = "other_public"


class AuthorityType(StrEnum):
    """Kind of local authority, grouping or territorial public establishment (DOMAIN.md §3.4)."""

    COMMUNE = "commune"
    EPCI = "epci"
    DEPARTEMENT = "departement"
    REGION = "region"
    SYNDICAT = "syndicat"
    EPT = "ept"
    OTHER = "other"


class MemberStatus(StrEnum):
    """Life cycle of a membership (DOMAIN.md §3.4)."""

    CANDIDATE = "candidate"
    ACTIVE = "active"
    WITHDRAWING = "withdrawing"
    EXCLUDED = "excluded"
    STRUCK_OFF = "struck_off"
    DECEASED = "deceased"
    EXITED = "exited"


class RepresentativeRole(StrEnum):
    """Role of a person designated by an organisation or a local authority (DOMAIN.md §3.5)."""

    MAIN = "main"
    ALTERNATE = "alternate"
    BOARD_CANDIDATE = "board_candidate"


# --- Local authorities (R-LA-1, R-LA-5) ---------------------------------------------------------


def counts_toward_la_cap(kind: MemberKind, authority_type: AuthorityType | None = None) -> bool:
    """Return whether a member's capital counts toward the local-authority cap.

    Rule: R-LA-1 — local authorities, their groupings (EPCI, syndicats) and EPTs together hold at
    most 50 % of the capital; other public bodies (State, hospitals…) are outside the cap. Every
    ``local_authority`` member counts, whatever its ``authority_type`` (``other`` included: when
    in doubt the cap applies).
    """
    del authority_type  # every authority type of a local_authority member is inside the cap
    return MemberKind(kind) is MemberKind.LOCAL_AUTHORITY


def is_deliberation_enforceable(
    executory_date: date | None, on: date, cancelled_on: date | None = None
) -> bool:
    """Return whether a council deliberation is enforceable on a day.

    Rule: R-LA-5 — enforceable only once published and transmitted to the prefect; an empty
    executory date or one later than the action date refuses the action; from the day it was
    withdrawn or annulled it no longer is.
    """
    if cancelled_on is not None and cancelled_on <= on:
        return False
    return executory_date is not None and executory_date <= on


def derived_executory_date(transmitted_on: date | None, published_on: date | None) -> date | None:
    """Return the day a deliberation becomes enforceable: the later of transmission and publication.

    Rule: R-LA-5 (CGCT L2131-1: enforceable once published *and* transmitted to the prefect);
    None while either is missing.
    """
    if transmitted_on is None or published_on is None:
        return None
    return max(transmitted_on, published_on)


def check_deliberation_dates(
    adopted_on: date,
    transmitted_on: date | None,
    published_on: date | None,
    executory_on: date | None,
) -> list[Violation]:
    """Check a deliberation's dates against each other and the typed executory date.

    Rule: R-LA-5 — transmission and publication come after the adoption; the deliberation cannot
    be enforceable before either of them (a later executory date stays possible: a deliberation
    may set its own later effect).
    """
    problems: list[Violation] = []
    for subject, day in (
        ("transmitted_to_prefect_on", transmitted_on),
        ("published_on", published_on),
    ):
        if day is not None and day < adopted_on:
            problems.append(
                Violation(
                    "formality_before_adoption",
                    rule="R-LA-5",
                    params={"date": day, "deliberation_date": adopted_on},
                    subject=subject,
                )
            )
    if executory_on is not None:
        if executory_on < adopted_on:
            problems.append(
                Violation(
                    "executory_before_deliberation",
                    rule="R-LA-5",
                    params={"executory_date": executory_on, "deliberation_date": adopted_on},
                    subject="executory_on",
                )
            )
        for code, day in (
            ("executory_before_transmission", transmitted_on),
            ("executory_before_publication", published_on),
        ):
            if day is not None and executory_on < day:
                problems.append(
                    Violation(
                        code,
                        rule="R-LA-5",
                        params={"executory_date": executory_on, "date": day},
                        subject="executory_on",
                    )
                )
    return problems


#: Months the prefect has to refer a deliberation to the administrative court (CGCT L2131-6).
PREFECT_REFERRAL_MONTHS = 2


def prefect_referral_deadline(transmitted_on: date) -> date:
    """Return the last day the prefect may refer the deliberation to the administrative court.

    Rule: CGCT L2131-6 (two months from the transmission; a month runs to the same day number,
    or to the month's last day when it has none).
    """
    return add_months(transmitted_on, PREFECT_REFERRAL_MONTHS)


@dataclass(frozen=True)
class ReferralWindow:
    """The prefect's window to refer a transmitted deliberation to the court (CGCT L2131-6)."""

    until: date | None
    open: bool


def referral_window(transmitted_on: date | None, today: date) -> ReferralWindow:
    """Return until when the prefect may refer the deliberation, and whether he still may today."""
    if transmitted_on is None:
        return ReferralWindow(None, False)
    until = prefect_referral_deadline(transmitted_on)
    return ReferralWindow(until, today <= until)


class CancellationKind(StrEnum):
    """How a council deliberation ceased to have effect."""

    COUNCIL_WITHDRAWAL = (
        "council_withdrawal"  # the council withdrew it (often after the prefect's letter)
    )
    COURT_ANNULMENT = "court_annulment"  # the administrative court annulled it (prefect's referral)


# --- Representatives ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Mandate:
    """One designation of a representative, valid from ``valid_from`` to ``valid_to`` inclusive."""

    name: str
    role: RepresentativeRole
    valid_from: date
    valid_to: date | None = None
    person_id: int | None = None

    def is_current(self, on: date) -> bool:
        """Return whether the designation is in force on a day."""
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


def current_representatives(
    mandates: Iterable[Mandate], on: date
) -> dict[RepresentativeRole, Mandate]:
    """Return, per role, the designation in force on a day (the latest one when several overlap).

    A local authority may replace its representative at any time (R-LA-5): the most recent
    designation wins, and the full history stays in ``mandates``.
    """
    current: dict[RepresentativeRole, Mandate] = {}
    for mandate in mandates:
        if not mandate.is_current(on):
            continue
        held = current.get(mandate.role)
        if held is None or mandate.valid_from >= held.valid_from:
            current[mandate.role] = mandate
    return current


def check_can_act(
    mandate: Mandate,
    mandates: Iterable[Mandate],
    on: date,
    *,
    main_has_voted: bool = False,
) -> list[Violation]:
    """Check that a representative may vote for its member on a day.

    The current main representative may act; the current alternate only when the main has not
    voted. After ``valid_to`` (at the latest the end of the council's term) the representative is
    blocked (DOMAIN.md §8 #24). A board candidate never votes for the member.
    """
    if mandate.role is RepresentativeRole.BOARD_CANDIDATE:
        return [Violation("board_candidate_cannot_act", subject=mandate.name)]
    if on < mandate.valid_from:
        return [
            Violation(
                "mandate_not_started",
                params={"valid_from": mandate.valid_from},
                subject=mandate.name,
            )
        ]
    if mandate.valid_to is not None and on > mandate.valid_to:
        return [
            Violation(
                "mandate_ended",
                rule="R-LA-5",
                params={"valid_to": mandate.valid_to},
                subject=mandate.name,
            )
        ]
    current = current_representatives(mandates, on)
    if current.get(mandate.role) != mandate:
        return [Violation("representative_replaced", subject=mandate.name)]
    if mandate.role is RepresentativeRole.ALTERNATE and main_has_voted:
        return [Violation("main_representative_has_voted", subject=mandate.name)]
    return []


def can_act_for(
    mandate: Mandate,
    mandates: Iterable[Mandate],
    on: date,
    *,
    main_has_voted: bool = False,
) -> bool:
    """Return whether a representative may act for its member on a day (see ``check_can_act``)."""
    return not check_can_act(mandate, mandates, on, main_has_voted=main_has_voted)


# --- Categories and headcount (R-CAT-3, R-CAT-5) ------------------------------------------------

#: Member kinds each category kind accepts (R-CAT-3). Volunteers and employees are natural
#: persons; a local-authority category takes local authorities only, and a local authority sits
#: in a local-authority category only, so that R-LA-1 and the categories tell the same story.
_ALLOWED_MEMBER_KINDS: Mapping[CategoryKind, frozenset[MemberKind]] = {
    CategoryKind.EMPLOYEE: frozenset({MemberKind.PERSON}),
    CategoryKind.VOLUNTEER: frozenset({MemberKind.PERSON}),
    CategoryKind.LOCAL_AUTHORITY: frozenset({MemberKind.LOCAL_AUTHORITY}),
    CategoryKind.OTHER_PUBLIC: frozenset({MemberKind.OTHER_PUBLIC}),
    CategoryKind.BENEFICIARY: frozenset(
        {MemberKind.PERSON, MemberKind.ORGANISATION, MemberKind.OTHER_PUBLIC}
    ),
    CategoryKind.PRODUCER: frozenset(
        {MemberKind.PERSON, MemberKind.ORGANISATION, MemberKind.OTHER_PUBLIC}
    ),
    CategoryKind.SUPPORTER: frozenset(
        {MemberKind.PERSON, MemberKind.ORGANISATION, MemberKind.OTHER_PUBLIC}
    ),
    CategoryKind.OTHER: frozenset(
        {MemberKind.PERSON, MemberKind.ORGANISATION, MemberKind.OTHER_PUBLIC}
    ),
}


def check_member_category(member_kind: MemberKind, category_kind: CategoryKind) -> list[Violation]:
    """Check that a member of this kind may join a category of this kind.

    Rule: R-CAT-3 (volunteers are natural persons only); employees are natural persons, and local
    authorities belong to the local-authority category and only there.
    """
    allowed = _ALLOWED_MEMBER_KINDS[CategoryKind(category_kind)]
    if MemberKind(member_kind) in allowed:
        return []
    return [
        Violation(
            "member_kind_not_allowed_in_category",
            rule="R-CAT-3",
            params={"member_kind": str(member_kind), "category_kind": str(category_kind)},
        )
    ]


def check_sarl_headcount(legal_form: LegalForm, active_members_after: int) -> list[Violation]:
    """Refuse an admission that takes a SARL beyond 100 members.

    Rule: R-CAT-5 (Code de commerce L223-3; no SCIC exception known).
    """
    if LegalForm(legal_form) is LegalForm.SARL and active_members_after > SARL_MAX_MEMBERS:
        return [
            Violation(
                "sarl_too_many_members",
                rule="R-CAT-5",
                params={"count": active_members_after, "max": SARL_MAX_MEMBERS},
            )
        ]
    return []


# --- Status, exit, liability, votes -------------------------------------------------------------

#: Allowed status changes. ``withdrawing`` is the notice period; ``excluded``, ``struck_off`` and
#: ``deceased`` await reimbursement; ``exited`` is final. A candidate whose application is
#: refused or withdrawn goes straight to ``exited``; a withdrawal notice may be taken back.
allowed_status_transitions: Mapping[MemberStatus, frozenset[MemberStatus]] = {
    MemberStatus.CANDIDATE: frozenset({MemberStatus.ACTIVE, MemberStatus.EXITED}),
    MemberStatus.ACTIVE: frozenset(
        {
            MemberStatus.WITHDRAWING,
            MemberStatus.EXCLUDED,
            MemberStatus.STRUCK_OFF,
            MemberStatus.DECEASED,
        }
    ),
    MemberStatus.WITHDRAWING: frozenset(
        {
            MemberStatus.ACTIVE,
            MemberStatus.EXITED,
            MemberStatus.EXCLUDED,
            MemberStatus.STRUCK_OFF,
            MemberStatus.DECEASED,
        }
    ),
    MemberStatus.EXCLUDED: frozenset({MemberStatus.EXITED}),
    MemberStatus.STRUCK_OFF: frozenset({MemberStatus.EXITED}),
    MemberStatus.DECEASED: frozenset({MemberStatus.EXITED}),
    MemberStatus.EXITED: frozenset(),
}


def check_status_transition(old: MemberStatus, new: MemberStatus) -> list[Violation]:
    """Refuse a status change that the membership life cycle does not allow."""
    if MemberStatus(new) in allowed_status_transitions[MemberStatus(old)]:
        return []
    return [
        Violation(
            "status_transition_not_allowed",
            params={"old": str(old), "new": str(new)},
        )
    ]


def liability_end_date(exited_on: date) -> date:
    """Return the day a departing member's liability ends: five years after the exit.

    Rule: R-EXIT-4 (Code de commerce L231-6). An exit on 29 February ends on 28 February.
    """
    return add_years(exited_on, LIABILITY_YEARS)


def voting_weight_per_member(college_weight: Fraction, members_in_college: int) -> Fraction | None:
    """Return the share of the voting rights carried by each member's single vote in a college.

    Rules: R-CAT-7, R-LA-4 — one member, one vote; a member's weight comes only from its
    college's weight shared among that college's members, never from its capital. None for an
    empty college.
    """
    if members_in_college < 0:
        raise ValueError("members_in_college must not be negative")
    if members_in_college == 0:
        return None
    return Fraction(college_weight) / members_in_college


# --- Identity and documents ---------------------------------------------------------------------


def check_member_identity(
    kind: MemberKind, *, first_name: str = "", siren: str = "", authority_type: str | None = None
) -> list[Violation]:
    """Check the identity a member needs for the register (DOMAIN.md §3.4).

    A natural person has a usual first name; a SIREN, when given, has a valid Luhn key; the
    authority type is given for local authorities, and only for them.
    """
    violations: list[Violation] = []
    kind = MemberKind(kind)
    if kind is MemberKind.PERSON and not first_name.strip():
        violations.append(Violation("first_name_required", subject="first_name"))
    if siren and not is_siren_valid(siren):
        violations.append(Violation("invalid_siren", params={"value": siren}, subject="siren"))
    if kind is MemberKind.LOCAL_AUTHORITY:
        if not authority_type:
            violations.append(Violation("authority_type_required", subject="authority_type"))
        elif authority_type not in {t.value for t in AuthorityType}:
            violations.append(
                Violation(
                    "invalid_choice",
                    params={
                        "value": authority_type,
                        "allowed": ", ".join(t.value for t in AuthorityType),
                    },
                    subject="authority_type",
                )
            )
    elif authority_type:
        violations.append(
            Violation(
                "value_not_allowed", params={"column": "authority_type"}, subject="authority_type"
            )
        )
    return violations


def check_admission_deliberation(
    executory_dates: Iterable[date | None], admitted_on: date
) -> list[Violation]:
    """Refuse admitting a local authority before one of its membership deliberations is enforceable.

    Rule: R-LA-5 — a council deliberation is enforceable only once published and transmitted to
    the prefect; an authority cannot join (nor vote or subscribe) before that date.
    """
    dates = list(executory_dates)
    if any(is_deliberation_enforceable(d, admitted_on) for d in dates):
        return []
    known = sorted(d for d in dates if d is not None)
    if known:
        return [
            Violation(
                "deliberation_not_enforceable",
                rule="R-LA-5",
                params={"admitted_on": admitted_on, "executory_date": known[0]},
            )
        ]
    return [Violation("no_enforceable_deliberation", rule="R-LA-5")]


#: Every uploaded deliberation starts with these bytes (a PDF file header).
PDF_MAGIC = b"%PDF-"


def check_pdf_upload(head: bytes, size: int, max_bytes: int) -> list[Violation]:
    """Accept only a non-empty PDF (checked by magic bytes, not by name) within the size cap."""
    violations: list[Violation] = []
    if size == 0 or not head.startswith(PDF_MAGIC):
        violations.append(Violation("deliberation_not_pdf", subject="document"))
    if size > max_bytes:
        violations.append(
            Violation(
                "deliberation_too_large",
                params={"size": size, "max": max_bytes},
                subject="document",
            )
        )
    return violations


# --- Retention of personal data (GDPR art. 5(1)(e)) -----------------------------------------------

#: Years a former member's personal fields are kept after the end of their liability (or their
#: exit), before ``scic privacy pseudonymise`` replaces them (config PRIVACY_RETENTION_YEARS).
DEFAULT_RETENTION_YEARS = 10
#: Member statuses that carry a vote (a withdrawing member is a member until its exit).
VOTING_STATUSES = ("active", "withdrawing")
#: Statuses of a membership that has ended.
FORMER_STATUSES = frozenset(
    {MemberStatus.EXITED, MemberStatus.EXCLUDED, MemberStatus.STRUCK_OFF, MemberStatus.DECEASED}
)


def retention_ends_on(
    status: str, exited_on: date | None, liability_end_date: date | None, years: int
) -> date | None:
    """Return the first day a former member's personal fields may be pseudonymised, or None.

    Rule: GDPR art. 5(1)(e) storage limitation. The registers must be kept while the member is
    liable (R-EXIT-4: five years after the exit), then ``years`` more (the legal archiving
    period); a member who has not left is never due.
    """
    if status not in FORMER_STATUSES or exited_on is None:
        return None
    return add_years(liability_end_date or exited_on, years)
