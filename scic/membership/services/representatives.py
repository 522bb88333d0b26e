"""Representatives of legal-person members (R-LA-5, DOMAIN.md §6.3): designation of a
mandate, and the letters asking councils to designate theirs again.

Services flush and never commit (ARCHITECTURE §2.5).
"""

from __future__ import annotations

from datetime import date, timedelta

from scic.auth.models import User
from scic.cooperatives.models import Cooperative, Role
from scic.cooperatives.services import grant_role
from scic.core import audit
from scic.core.db import db, lock_row
from scic.core.violations import RuleViolation, Violation
from scic.membership import rules
from scic.membership.elections import election_calendar
from scic.membership.mandate_rules import council_term_end
from scic.membership.models import Deliberation, DesignationRequest, Mandate, Member
from scic.membership.rules import MemberKind, RepresentativeRole


def designate_representative(
    member: Member,
    full_name: str,
    role: RepresentativeRole | str,
    valid_from: date,
    valid_to: date | None = None,
    deliberation: Deliberation | None = None,
    email: str = "",
    user: User | None = None,
    *,
    function: str = "",
    designation_ref: str = "",
    econvocation_consent_on: date | None = None,
    by: User | None = None,
) -> Mandate:
    """Designate a representative; the current one of the same role ends the day before.

    A council may replace its representative at any time, without any share movement (R-LA-5,
    DOMAIN.md §6.3). For a local authority the mandate ends by default with the term of the
    council that designated it (§8 #24: the next municipal, departmental or regional elections,
    from the shipped election calendar) and cannot start before its deliberation is
    enforceable. A linked user account receives the ``representative`` role to vote.
    ``econvocation_consent_on`` is the date of the representative's written consent to receive
    the convocations and the voting link by e-mail (§8 #30): it needs an address.
    """
    role = RepresentativeRole(role)
    problems: list[Violation] = []
    if econvocation_consent_on is not None and not email.strip():
        problems.append(Violation("econvocation_consent_needs_email", subject="email"))
    if member.kind == MemberKind.PERSON.value:
        problems.append(Violation("representative_for_legal_persons_only"))
    if deliberation is not None and deliberation.member_id != member.id:
        problems.append(Violation("deliberation_of_other_member"))
    is_authority = member.kind == MemberKind.LOCAL_AUTHORITY.value
    if valid_to is None and is_authority:
        # §8 #24: the term of the council that designates: municipal, departmental or regional.
        valid_to = council_term_end(member.authority_type, valid_from, election_calendar())
    if valid_to is not None and valid_to < valid_from:
        problems.append(
            Violation(
                "mandate_ends_before_start", params={"valid_from": valid_from, "valid_to": valid_to}
            )
        )
    if deliberation is not None and not rules.is_deliberation_enforceable(
        deliberation.executory_on, valid_from
    ):
        if deliberation.executory_on is None:
            problems.append(Violation("executory_date_required", rule="R-LA-5"))
        else:
            problems.append(
                Violation(
                    "mandate_before_executory_date",
                    rule="R-LA-5",
                    params={"valid_from": valid_from, "executory_date": deliberation.executory_on},
                )
            )
    same_role = [m for m in member.mandates if m.role == role.value]
    later = [m for m in same_role if m.valid_from >= valid_from]
    if later:
        problems.append(
            Violation(
                "mandate_starts_before_current",
                params={"role": role.value, "current_from": max(m.valid_from for m in later)},
            )
        )
    if problems:
        raise RuleViolation(problems)
    lock_row(Cooperative, member.cooperative_id)
    closed = []
    for mandate in same_role:
        if mandate.valid_to is None or mandate.valid_to >= valid_from:
            mandate.valid_to = valid_from - timedelta(days=1)
            closed.append(mandate.id)
    if user is not None:
        grant_role(user, member.cooperative, Role.REPRESENTATIVE, by=by)
    mandate = Mandate(
        cooperative_id=member.cooperative_id,
        member=member,
        user_id=getattr(user, "id", None),
        full_name=full_name.strip(),
        function=function.strip(),
        email=email.strip().lower(),
        econvocation_consent_on=econvocation_consent_on,
        role=role.value,
        designation_ref=designation_ref.strip()
        or (deliberation.reference if deliberation is not None else ""),
        deliberation=deliberation,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    db.session.add(mandate)
    db.session.flush()
    audit.record(
        "mandate.designate",
        mandate,
        by=by,
        data={
            "member_id": member.id,
            "role": role.value,
            "valid_from": valid_from,
            "valid_to": valid_to,
            "deliberation_id": getattr(deliberation, "id", None),
            "user_id": mandate.user_id,
            "closed": closed,
            "full_name": mandate.full_name,
            "econvocation_consent_on": econvocation_consent_on,
        },
    )
    return mandate


def record_representative_contact(
    mandate: Mandate, email: str, consent_on: date | None, by: User | None = None
) -> Mandate:
    """Record a representative's address and written consent to e-mail convocation (§8 #30).

    ``consent_on`` None withdraws the consent: the convocation then goes by the other ways.
    """
    email = email.strip().lower()
    if consent_on is not None and not email:
        raise RuleViolation(Violation("econvocation_consent_needs_email", subject="email"))
    before = mandate.econvocation_consent_on
    address_changed = email != mandate.email
    mandate.email = email
    mandate.econvocation_consent_on = consent_on
    db.session.flush()
    audit.record(
        "mandate.econvocation_consent",
        mandate,
        by=by,
        data={
            "member_id": mandate.member_id,
            "before": before,
            "after": consent_on,
            "address_changed": address_changed,
        },
    )
    return mandate


#: How a designation request was sent.
DESIGNATION_CHANNELS = ("letter", "registered_letter", "email")


def record_designation_requests(
    cooperative: Cooperative,
    members: list[Member],
    *,
    sent_on: date,
    channel: str,
    reference: str = "",
    today: date,
    by: User | None = None,
) -> list[DesignationRequest]:
    """Record the letters asking councils to designate their representatives again (§6.3).

    Only local authorities of this cooperative without a current main representative qualify;
    the whole batch is refused when one does not (nothing half written).
    """
    from scic.membership.queries import lapsed_authorities

    problems: list[Violation] = []
    if not members:
        problems.append(Violation("no_authority_selected", subject="members"))
    if sent_on > today:
        problems.append(
            Violation("letter_date_in_future", params={"date": sent_on}, subject="sent_on")
        )
    if channel not in DESIGNATION_CHANNELS:
        problems.append(
            Violation(
                "invalid_choice",
                params={"value": channel, "allowed": ", ".join(DESIGNATION_CHANNELS)},
                subject="channel",
            )
        )
    lapsed = {item.member.id for item in lapsed_authorities(cooperative, today)}
    for member in members:
        if member.id not in lapsed:
            problems.append(
                Violation("authority_has_a_representative", params={"name": member.display_name})
            )
    if problems:
        raise RuleViolation(problems)
    requests = []
    for member in members:
        request = DesignationRequest(
            cooperative_id=cooperative.id,
            member_id=member.id,
            sent_on=sent_on,
            channel=channel,
            reference=reference.strip(),
        )
        db.session.add(request)
        requests.append(request)
    db.session.flush()
    for request in requests:
        audit.record(
            "designation.request",
            request,
            by=by,
            data={"member_id": request.member_id, "sent_on": sent_on, "channel": channel},
        )
    return requests
