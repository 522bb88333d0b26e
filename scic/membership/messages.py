"""Messages for the violation codes of the membership rules and the members CSV reader."""

from __future__ import annotations

from scic.core.i18n import _l
from scic.core.messages import register

# invalid_choice and invalid_siren are registered once, by scic.cooperatives.messages.
MESSAGES = {
    # Members, categories, headcount (R-CAT-3, R-CAT-5)
    "member_kind_not_allowed_in_category": _l(
        "A member of kind %(member_kind)s cannot join a category of kind %(category_kind)s."
    ),
    "sarl_too_many_members": _l(
        "A SARL may have at most %(max)s members; this would make %(count)s."
    ),
    "status_transition_not_allowed": _l(
        "A member cannot go from status %(old)s to status %(new)s."
    ),
    # Representatives (R-LA-5, DOMAIN.md §8 #24)
    "board_candidate_cannot_act": _l("A board candidate cannot act for the member."),
    "mandate_not_started": _l("This designation only takes effect on %(valid_from)s."),
    "mandate_ended": _l("This designation ended on %(valid_to)s."),
    "representative_replaced": _l("This representative has been replaced."),
    "econvocation_consent_needs_email": _l(
        "An e-mail address is needed for the consent to e-mail convocation."
    ),
    "main_representative_has_voted": _l(
        "The main representative has already voted; the alternate cannot vote."
    ),
    # Local authorities (R-LA-5)
    "deliberation_not_enforceable": _l(
        "Admitted on %(admitted_on)s, before the council deliberation became enforceable "
        "on %(executory_date)s."
    ),
    "executory_before_deliberation": _l(
        "The deliberation cannot become enforceable (%(executory_date)s) before it was "
        "adopted (%(deliberation_date)s)."
    ),
    "formality_before_adoption": _l(
        "This date (%(date)s) comes before the adoption of the deliberation "
        "(%(deliberation_date)s)."
    ),
    "executory_before_transmission": _l(
        "The deliberation cannot be enforceable (%(executory_date)s) before it was transmitted "
        "to the prefect (%(date)s): leave the date empty to derive it."
    ),
    "executory_before_publication": _l(
        "The deliberation cannot be enforceable (%(executory_date)s) before it was published "
        "(%(date)s): leave the date empty to derive it."
    ),
    "deliberation_already_cancelled": _l(
        "This deliberation already ceased to have effect on %(on)s."
    ),
    "cancellation_before_deliberation": _l(
        "A deliberation cannot be withdrawn or annulled (%(on)s) before it was adopted "
        "(%(deliberation_date)s)."
    ),
    "no_authority_selected": _l("Tick at least one local authority."),
    "letter_date_in_future": _l("A letter cannot be recorded as sent on %(date)s, a day to come."),
    "authority_has_a_representative": _l(
        "%(name)s has a current representative: no new designation is needed."
    ),
    "unknown_cancellation_kind": _l(
        "Say whether the council withdrew it or the court annulled it."
    ),
    # Identity, admission, documents (R-CAT-3, R-LA-5)
    "first_name_required": _l("A natural person needs a usual first name."),
    "authority_type_required": _l("A local authority needs its type (commune, EPCI…)."),
    "no_enforceable_deliberation": _l(
        "The local authority has no enforceable council deliberation: record it with its "
        "executory date first."
    ),
    "deliberation_not_pdf": _l("The document is not a PDF file."),
    "deliberation_too_large": _l(
        "The document is %(size)s bytes long; the maximum is %(max)s bytes."
    ),
    "decision_ref_required": _l("The reference of the decision is required."),
    "not_a_candidate": _l("Only a candidate can be admitted or refused."),
    "use_admission": _l("A candidate becomes a member through the admission decision."),
    "stale_member": _l(
        "Someone else changed this member in the meantime; your changes were not saved. "
        "Reload the page and try again."
    ),
    "category_of_other_cooperative": _l("This category belongs to another cooperative."),
    "same_category": _l("The member is already in this category."),
    "placement_before_previous": _l(
        "The change cannot take effect on %(on)s, before the current placement (%(since)s)."
    ),
    "deliberation_for_local_authorities_only": _l(
        "Council deliberations are recorded for local authorities only."
    ),
    "deliberation_of_other_member": _l("This deliberation belongs to another member."),
    "executory_date_required": _l("Give the date the deliberation became enforceable."),
    "representative_for_legal_persons_only": _l(
        "Only an organisation, a local authority or another public body has representatives."
    ),
    "mandate_ends_before_start": _l(
        "The mandate cannot end (%(valid_to)s) before it starts (%(valid_from)s)."
    ),
    "mandate_before_executory_date": _l(
        "The mandate cannot start on %(valid_from)s, before the deliberation became "
        "enforceable on %(executory_date)s."
    ),
    "mandate_starts_before_current": _l(
        "A %(role)s representative is designated from %(current_from)s; a replacement must "
        "start after that date."
    ),
    # Compliance panel: findings
    "active_categories": _l("%(count)s categories have active members (at least %(min)s)."),
    "active_categories_too_few": _l(
        "Only %(count)s categories have active members; at least %(min)s are required."
    ),
    "active_beneficiary": _l("A beneficiary category has active members."),
    "no_active_beneficiary": _l("No active member in a beneficiary category."),
    "active_employee_or_producer": _l("An employee or producer category has active members."),
    "no_active_employee_or_producer": _l("No active member in an employee or producer category."),
    "sarl_headcount": _l("%(count)s members, within the SARL limit of %(max)s."),
    "sarl_headcount_close": _l("%(count)s members: close to the SARL limit of %(max)s."),
    "sarl_headcount_exceeded": _l("%(count)s members: above the SARL limit of %(max)s."),
    "college_without_members": _l(
        "This college (%(weight_share)s) has no active member: its weight is redistributed at "
        "every vote."
    ),
    "college_weights_ok": _l("The weights of the %(count)s colleges are lawful."),
    "no_current_representative": _l("No current main representative: it cannot vote."),
    "representatives_ok": _l("Every organisation and local authority has a representative."),
    "headcount_not_limited": _l("%(count)s members; the 100-member limit applies only to a SARL."),
    # Compliance: what each rule requires
    "rule:R-CAT-1": _l("At least three categories have members"),
    "rule:R-CAT-2": _l("Beneficiaries, and employees or producers, are among the members"),
    "rule:R-CAT-5": _l("A SARL has at most 100 members"),
    "rule:R-COL-1": _l("At least three voting colleges"),
    "rule:R-COL-2": _l("Each college weighs between 10 and 50 percent of the votes"),
    "rule:R-COL-3": _l("The college weights add up to 100 percent"),
    "rule:R-LA-5": _l("Each organisation and local authority has a representative"),
    # Compliance panel: what to do
    "action_admit_in_empty_categories": _l(
        "Admit members in the empty categories, or amend the statutes."
    ),
    "action_admit_beneficiary": _l("Admit at least one beneficiary member."),
    "action_admit_employee_or_producer": _l(
        "Admit at least one employee (or producer if there are no employees)."
    ),
    "action_sarl_regularise": _l(
        "Regularise within one year (transform into an SA or SAS) or the company may be dissolved."
    ),
    "action_sarl_plan": _l("Plan a transformation into an SA or SAS before the 100th member."),
    "action_amend_weights": _l("Amend the weights by an extraordinary assembly decision."),
    "action_fill_college": _l(
        "Admit members in this college or merge it by amending the statutes."
    ),
    "action_designate_representative": _l(
        "Ask the council or the organisation to designate a representative, and record it."
    ),
    # Members CSV
    "empty_file": _l("The file is empty."),
    "unknown_column": _l("Unknown column %(column)s."),
    "duplicate_column": _l("The column %(column)s appears more than once."),
    "missing_column": _l("The required column %(column)s is missing."),
    "wrong_cell_count": _l("This line has %(found)s cells; the header has %(expected)s."),
    "missing_value": _l("The column %(column)s is required here."),
    "invalid_date": _l("%(value)s in column %(column)s is not a date (YYYY-MM-DD or DD/MM/YYYY)."),
    "unknown_category": _l("%(value)s is not a category of the statutes."),
    "invalid_number": _l("%(value)s is not a member number (a positive whole number)."),
    "duplicate_number": _l("Member number %(number)s is already used on line %(first_line)s."),
    "invalid_email": _l("%(value)s in column %(column)s is not an e-mail address."),
    "invalid_shares": _l("%(value)s is not a number of shares (a positive whole number)."),
    "admission_below_min_shares": _l(
        "Minimum number of shares on admission for the category %(category)s: "
        "%(min_shares)s (statutes). Subscribe at least that many."
    ),
    "below_min_shares": _l(
        "%(shares)s shares is below the minimum of %(min_shares)s for category %(category)s."
    ),
    "value_not_allowed": _l("The column %(column)s is for local authorities only."),
    # Representatives' terms (mandate_rules; §8 #24).
    "mandate_term_ended": _l(
        "The council that made this designation ended its term on %(term_end)s: record the "
        "new council's designation."
    ),
    # Exclusion (exclusion_rules; R-EXCL-1, R-EXCL-3, R-CAP-4).
    "exclusion_without_resolution": _l(
        "An exclusion needs the adopted resolution of an assembly: choose the resolution."
    ),
    "exclusion_resolution_not_adopted": _l("This resolution was not adopted."),
    "exclusion_resolution_other_member": _l(
        "This resolution does not decide the exclusion of this member."
    ),
    "exclusion_majority_too_low": _l(
        "An exclusion must be voted at the majority required to amend the statutes: this "
        "resolution was voted at another majority."
    ),
    "exclusion_not_notified": _l("Record the date the member was notified of the exclusion."),
    "exclusion_not_heard": _l("Record the date the member could present its observations."),
    "exclusion_heard_before_notice": _l(
        "The member cannot have been heard (%(heard_on)s) before being notified (%(notified_on)s)."
    ),
    "exclusion_procedure_after_assembly": _l(
        "The notice and the hearing must come before the assembly of %(assembly_on)s, "
        "not on %(day)s."
    ),
    "exclusion_before_assembly": _l(
        "The exclusion cannot take effect (%(effective_on)s) before the assembly that decided "
        "it (%(assembly_on)s)."
    ),
    "unpaid_call_no_registered_notice": _l(
        "Automatic exclusion needs a registered-letter notice of the unpaid call: record it first."
    ),
    "unpaid_call_notice_running": _l(
        "The notice has not run for three months: the member can be excluded on %(excluded_on)s."
    ),
    "unpaid_call_paid": _l("Nothing called remains unpaid: the member is not excluded."),
}

register(MESSAGES)
