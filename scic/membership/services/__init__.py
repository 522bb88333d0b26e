"""Use cases of the membership: members, council deliberations, representatives.

Services build the rule inputs from the database, call ``membership.rules``, raise
``RuleViolation``, write the audit entry and flush. They never commit (ARCHITECTURE §2.5).
Callers write ``from scic.membership import services`` and ``services.admit_member(...)``.
"""

from scic.membership.services.deliberations import (
    attach_deliberation_document,
    confirm_executory_date,
    is_enforceable,
    member_deliberation_enforceable,
    record_deliberation,
    record_deliberation_cancellation,
)
from scic.membership.services.members import (
    EDITABLE_FIELDS,
    MemberData,
    admission_problems,
    admit_member,
    change_category,
    change_status,
    create_candidate,
    next_member_number,
    record_econvocation_consent,
    refuse_candidate,
    sort_name,
    update_member,
)
from scic.membership.services.representatives import (
    DESIGNATION_CHANNELS,
    designate_representative,
    record_designation_requests,
    record_representative_contact,
)

__all__ = [
    "DESIGNATION_CHANNELS",
    "EDITABLE_FIELDS",
    "MemberData",
    "admission_problems",
    "admit_member",
    "attach_deliberation_document",
    "change_category",
    "change_status",
    "confirm_executory_date",
    "create_candidate",
    "designate_representative",
    "is_enforceable",
    "member_deliberation_enforceable",
    "next_member_number",
    "record_deliberation",
    "record_deliberation_cancellation",
    "record_designation_requests",
    "record_econvocation_consent",
    "record_representative_contact",
    "refuse_candidate",
    "sort_name",
    "update_member",
]
