"""Messages for the violation codes of the statutes rules and the ``scic-statutes/1`` reader."""

from __future__ import annotations

from scic.core.i18n import _l
from scic.core.messages import register

MESSAGES = {
    # Categories and colleges (R-CAT-1, R-CAT-2, R-COL-1 to R-COL-3, R-COL-7)
    "too_few_categories": _l(
        "The statutes declare %(count)s categories of members; at least %(min)s are required."
    ),
    "no_beneficiary_category": _l("The statutes declare no beneficiary category."),
    "no_employee_or_producer_category": _l(
        "The statutes declare neither an employee nor a producer category."
    ),
    "too_few_colleges": _l(
        "The statutes declare %(count)s voting colleges; at least %(min)s are required."
    ),
    "college_weight_below_min": _l(
        "This college weighs %(weight_share)s, below the minimum of %(min_share)s."
    ),
    "college_weight_above_max": _l(
        "This college weighs %(weight_share)s, above the maximum of %(max_share)s."
    ),
    "college_weights_sum": _l(
        "The college weights add up to %(total_share)s instead of %(expected_share)s."
    ),
    "weight_change_needs_decision": _l(
        "Changing the colleges or their weights requires the reference of the extraordinary "
        "assembly resolution that adopted it."
    ),
    "weight_change_needs_effective_date": _l(
        "Changing the colleges or their weights requires the date it takes effect."
    ),
    # Consistency of the statutes
    "duplicate_category_code": _l("This category code is used more than once."),
    "duplicate_college_code": _l("This college code is used more than once."),
    "min_shares_below_one": _l(
        "The minimum number of shares is %(min_shares)s; it must be at least 1."
    ),
    "category_without_college": _l(
        "This category names no college, but the statutes use colleges."
    ),
    "college_without_category": _l("No category joins this college."),
    "unknown_college": _l("This category names the college %(college)s, which does not exist."),
    "share_value_not_positive": _l(
        "The nominal value of a share is %(share_value)s; it must be positive."
    ),
    "capital_floor_negative": _l("The statutory capital floor %(capital_floor)s is negative."),
    "governance_not_allowed": _l(
        "Governance %(governance)s is not possible for a %(legal_form)s; expected: %(allowed)s."
    ),
    "revision_cycle_out_of_range": _l(
        "The révision cycle is %(years)s years; it must be between 1 and %(max)s years."
    ),
    "reimbursement_delay_negative": _l("The reimbursement delay of %(years)s years is negative."),
    "invalid_siren": _l("%(value)s is not a valid SIREN number (9 digits with a valid key)."),
    "sa_abstentions_locked": _l(
        "In an SA, abstentions, blank and void votes are excluded from the votes cast; "
        "%(abstentions)s is not allowed."
    ),
    "quorum_out_of_range": _l("The quorum %(quorum)s must be between 0 and 1."),
    "quorum_below_legal_minimum": _l(
        "A quorum of %(quorum_ratio)s is below the legal minimum of %(min_ratio)s for a "
        "%(legal_form)s: the statutes may raise it, never lower it."
    ),
    "extraordinary_majority_below_legal_minimum": _l(
        "Extraordinary decisions of a %(legal_form)s need at least two thirds of the votes: "
        "the statutes may raise this majority, never lower it."
    ),
    "negative_days": _l("A delay of %(days)s days is negative."),
    "proxies_max_below_one": _l("The maximum number of proxies per holder must be at least 1."),
    "convocation_days_below_legal_minimum": _l(
        "A convocation delay of %(days)s days is below the legal minimum of %(min)s days "
        "for a %(legal_form)s."
    ),
    # scic-statutes/1 format
    "unknown_key": _l("Unknown key %(key)s."),
    "missing_key": _l("The key %(key)s is missing."),
    "unsupported_format": _l("Format %(value)s is not supported; expected %(expected)s."),
    "invalid_choice": _l("%(value)s is not one of: %(allowed)s."),
    "invalid_type": _l("Wrong type of value; expected %(expected)s."),
    "invalid_amount": _l(
        "%(value)s is not an amount in euros (digits, at most two decimals, e.g. 50.00)."
    ),
    "invalid_fraction": _l("%(value)s is not an exact number (e.g. 1/5, 0, 33.5)."),
    "invalid_code": _l("%(value)s is not a valid code (letters, digits, - and _)."),
    "invalid_slug": _l("%(value)s is not a valid slug (lower-case letters, digits and dashes)."),
    "value_out_of_range": _l("The value %(value)s is out of range (limit %(limit)s)."),
    "empty_value": _l("This value must not be empty."),
    "value_too_long": _l("This value is longer than %(max)s characters."),
    "invalid_value": _l("Invalid value %(value)s."),
    # Compliance: statuses, and the révision coopérative (R-REV-1)
    "status:pass": _l("Pass"),
    "status:warning": _l("Warning"),
    "status:fail": _l("Fail"),
    "rule:R-REV-1": _l("Révision coopérative within its cycle"),
    "revision_ok": _l(
        "Last révision on %(last_on)s; the next falls due on %(due_on)s (cycle of %(years)s years)."
    ),
    "revision_ok_none_recorded": _l(
        "No révision recorded; the first falls due on %(due_on)s, %(years)s years after the "
        "cooperative's start on %(last_on)s."
    ),
    "revision_due_soon": _l(
        "Last révision on %(last_on)s; the next falls due on %(due_on)s (cycle of %(years)s years)."
    ),
    "revision_due_soon_none_recorded": _l(
        "No révision recorded; the first falls due on %(due_on)s, %(years)s years after the "
        "cooperative's start on %(last_on)s."
    ),
    "revision_overdue": _l(
        "Last révision on %(last_on)s; the next was due on %(due_on)s (cycle of %(years)s years)."
    ),
    "revision_overdue_none_recorded": _l(
        "No révision recorded; the first was due on %(due_on)s, %(years)s years after the "
        "cooperative's start on %(last_on)s."
    ),
    "action_order_revision": _l("Commission an approved reviewer (réviseur agréé)."),
    "rule:R-REV-2": _l("Extra révision after losses"),
    "revision_extra_none": _l(
        "No three loss-making years in a row, and no year's loss reaching half of the highest "
        "capital: no extra révision is due."
    ),
    "revision_extra_three_losses": _l(
        "Three loss-making years in a row (%(first)s to %(last)s): an extra révision is due."
    ),
    "revision_extra_three_losses_reviewed": _l(
        "Three loss-making years in a row (%(first)s to %(last)s), reviewed since."
    ),
    "revision_extra_half_capital": _l(
        "The loss of %(year)s (%(loss_cents)s) reaches half of the highest capital "
        "(%(highest_cents)s): an extra révision is due."
    ),
    "revision_extra_half_capital_reviewed": _l(
        "The loss of %(year)s (%(loss_cents)s) reached half of the highest capital "
        "(%(highest_cents)s), reviewed since."
    ),
    # Recording a révision, its report and the requests for one (R-REV-3, R-REV-4).
    "revision_request_unknown": _l(
        "Choose who asks for the révision: members, directors, the approving authority or the "
        "minister."
    ),
    "revision_request_count": _l(
        "%(signatories)s signatories out of %(out_of)s: the number who signed cannot exceed the "
        "number of members (or directors), which must be at least one."
    ),
    "revision_request_too_few": _l(
        "%(signatories)s signatories out of %(out_of)s: a request needs at least %(needed)s "
        "(a tenth of the members, or a third of the directors) to bind the cooperative."
    ),
    "reviser_approval_missing": _l(
        "Give the reviser's approval reference (agrément): only an approved reviser may "
        "perform a révision coopérative."
    ),
    "reviser_independence_missing": _l(
        "The reviser must have declared being independent of the cooperative: not a director, "
        "member, employee or paid contractor in the five years before or after."
    ),
    "revision_kind_unknown": _l("Choose why the révision takes place."),
    "revision_date_in_future": _l("%(day)s is in the future."),
    "revision_report_exists": _l("The report of this révision is already recorded."),
    "revision_report_date": _l(
        "The report's date, %(day)s, must be between the start of the révision "
        "(%(started_on)s) and today."
    ),
    "revision_report_not_pdf": _l("The report must be a PDF file of at most 20 MB."),
    # Statutes amended by an assembly (workflows.statutes).
    "statutes_other_cooperative": _l(
        "These statutes are those of another cooperative (identifier %(slug)s)."
    ),
    "statutes_need_extraordinary": _l(
        "Only an extraordinary (or combined) assembly may amend the statutes: choose one, or "
        "prepare it first."
    ),
    "statutes_unchanged": _l("Nothing changes in the statutes: there is nothing to propose."),
}

register(MESSAGES)
