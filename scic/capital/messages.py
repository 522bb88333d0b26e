"""Messages for the capital rules' violation codes.

Amounts are passed as integer cents in parameters named ``*_cents``; the display layer
(``scic.core.messages``) is expected to format them as money. Ratios are ``Fraction`` values.
"""

from __future__ import annotations

from scic.core.i18n import _l
from scic.core.messages import register

# below_min_shares is registered once, by scic.membership.messages.
MESSAGES = {
    "shares_not_positive": _l("The number of shares must be a whole number above zero."),
    "paid_below_quarter": _l(
        "At least a quarter of the subscription must be paid on signature: "
        "%(paid_cents)s paid, %(min_paid_cents)s required out of %(amount_cents)s."
    ),
    "paid_above_amount": _l(
        "The amount paid (%(paid_cents)s) exceeds the subscription (%(amount_cents)s)."
    ),
    "la_capital_cap_exceeded": _l(
        "Local authorities would hold %(share)s of the capital, above the cap of %(cap)s; "
        "they may hold at most %(max_public_cents)s with the current capital."
    ),
    "partial_withdrawal_not_allowed": _l("The statutes do not allow partial withdrawals."),
    "withdrawal_exceeds_holding": _l(
        "Cannot withdraw %(shares)s shares: the member holds %(held_shares)s."
    ),
    "withdrawal_below_min_shares": _l(
        "This withdrawal would leave %(remaining_shares)s shares, below the minimum of "
        "%(min_shares)s. Record a full withdrawal instead."
    ),
    "capital_below_floor": _l(
        "This reduction would take the capital below its floor "
        "(capital after: %(capital_after_cents)s, floor: %(floor_cents)s)."
    ),
    "transferee_not_member": _l(
        "Shares can only be transferred to a member or to an admitted candidate."
    ),
    "transfer_category_mismatch": _l(
        "The statutes only allow transfers within a category "
        "(%(transferor_category)s to %(transferee_category)s)."
    ),
    "transfer_exceeds_holding": _l(
        "Cannot transfer %(shares)s shares: the transferor holds %(held_shares)s."
    ),
    "transferor_below_min_shares": _l(
        "The transferor would keep %(remaining_shares)s shares, below the minimum of "
        "%(min_shares)s: transfer all shares or fewer."
    ),
    "transferee_below_min_shares": _l(
        "The transferee would hold %(shares)s shares, below the minimum of %(min_shares)s."
    ),
    "advance_too_long": _l(
        "A current-account advance lasts at most %(max_months)s months "
        "(%(duration_months)s requested)."
    ),
    "advance_renewal_limit": _l("A current-account advance may be renewed only once."),
    "advance_above_revenue_share": _l(
        "The authority's advances would reach %(amount_cents)s, above 5 %% of its operating "
        "revenue as its deliberation states it (%(limit_cents)s)."
    ),
    "advance_outstanding": _l(
        "Another current-account advance is still outstanding: it must be repaid or converted "
        "first."
    ),
    "advance_equity_below_half": _l(
        "No current-account advance while equity (%(equity_cents)s) is below half of the "
        "share capital (%(share_capital_cents)s)."
    ),
    "reserves_below_minimum": _l(
        "Reserves of %(reserves_cents)s are below the legal minimum of %(reserves_min_cents)s."
    ),
    "interest_above_maximum": _l(
        "Interest on shares of %(interest_cents)s exceeds the maximum of "
        "%(interest_max_cents)s (rate cap %(rate_cap)s %%)."
    ),
}

register(MESSAGES)

MESSAGES.update(
    {
        "amount_not_positive": _l("The amount must be above zero."),
        "payment_above_unpaid": _l(
            "The payment of %(amount_cents)s exceeds what is still unpaid (%(unpaid_cents)s)."
        ),
        "call_above_uncalled": _l(
            "The call of %(amount_cents)s exceeds the unpaid amount not yet called "
            "(%(uncalled_cents)s)."
        ),
        "la_deliberation_not_enforceable": _l(
            "The local authority cannot subscribe on %(on)s: its council deliberation is not "
            "enforceable on that date (enforceable on: %(executory_date)s)."
        ),
        "shares_above_authorised": _l(
            "%(shares)s shares exceed the %(authorised_shares)s shares the council deliberation "
            "still authorises."
        ),
        "member_not_admitted": _l("Only an admitted member can subscribe or receive shares."),
        "movement_already_reversed": _l("This entry has already been reversed."),
        "cannot_reverse": _l(
            "This entry cannot be reversed; record the opposite movement instead."
        ),
        "holding_would_be_negative": _l(
            "Reversing this entry would leave a member with a negative holding."
        ),
        "withdrawal_not_pending": _l("This withdrawal is not waiting for this step."),
        "nothing_held": _l("The member holds no shares."),
        "reimbursement_above_cap": _l(
            "A reimbursement of %(amount_cents)s exceeds the most that can be repaid "
            "(%(cap_cents)s: nominal value less the member's share of losses)."
        ),
        "advance_not_outstanding": _l("This advance has already been repaid or converted."),
        "conversion_above_advance": _l(
            "Converting %(amount_cents)s exceeds the advance of %(advance_cents)s."
        ),
        "not_a_local_authority": _l("Only a local authority can do this."),
        "allocation_already_recorded": _l(
            "An allocation is already recorded for the financial year %(year)s."
        ),
        "transmission_to_self": _l("A member cannot transfer shares to itself."),
        "deceased_member_required": _l(
            "Shares are transmitted on death only from a deceased member."
        ),
        "csv_number_in_use": _l("Member number %(number)s is already in use."),
        "la_capital_cap_exceeded_on": _l(
            "On %(on)s local authorities would hold %(share)s of the capital, above the cap of "
            "%(cap)s."
        ),
        "la_max_subscription": _l(
            "The largest local-authority subscription still allowed is %(max_shares)s shares "
            "(%(max_cents)s)."
        ),
        "missing_decision": _l("The approving decision (organ, date, reference) is required."),
        "invalid_rate": _l("%(value)s is not a rate in percent."),
        "legal_reserve_below_minimum": _l(
            "The legal reserve of %(legal_reserve_cents)s is below the minimum of "
            "%(legal_reserve_min_cents)s."
        ),
        "rate_above_cap": _l("An interest rate of %(rate)s %% exceeds the cap of %(rate_cap)s %%."),
        "allocation_above_result": _l(
            "Reserves and interest together exceed the result of %(result_cents)s."
        ),
        # Compliance (R-LA-1, R-LA-2, R-CAP-3)
        "rule:R-LA-1": _l("Local authorities hold at most the cap of the capital"),
        "rule:R-LA-2": _l("Current-account advances are repaid or converted by their term"),
        "rule:R-CAP-3": _l("Capital is at least the effective floor"),
        "la_cap_ok": _l(
            "Local authorities hold %(public_cents)s of %(capital_cents)s, i.e. %(share)s "
            "(cap %(cap)s)."
        ),
        "la_cap_nearly_reached": _l(
            "Local authorities hold %(public_cents)s of %(capital_cents)s, i.e. %(share)s "
            "(cap %(cap)s): they may subscribe at most %(max_cents)s more."
        ),
        "la_cap_nearly_reached_action": _l(
            "Admit other members before a local authority subscribes again."
        ),
        "la_passive_breach": _l(
            "Local authorities hold %(public_cents)s of %(capital_cents)s, i.e. %(share)s, above "
            "the cap of %(cap)s."
        ),
        "la_passive_breach_action": _l(
            "Refuse new local-authority subscriptions until other members' subscriptions bring "
            "their share back under the cap."
        ),
        "capital_above_floor": _l(
            "Capital %(capital_cents)s, floor %(floor_cents)s (statutory %(statutory_cents)s, "
            "highest capital %(highest_cents)s)."
        ),
        "capital_under_floor": _l(
            "Capital %(capital_cents)s is below the floor of %(floor_cents)s (statutory "
            "%(statutory_cents)s, highest capital %(highest_cents)s)."
        ),
        "capital_floor_action": _l(
            "Defer withdrawals and call for subscriptions until the capital is back at the floor."
        ),
        "withdrawals_deferred": _l(
            "Withdrawals deferred because the capital is at its floor: %(count)s."
        ),
        "withdrawals_deferred_action": _l(
            "Reimburse the deferred withdrawals in order as soon as the capital allows it."
        ),
        "advance_term_near": _l("This current-account advance reaches its term on %(term)s."),
        "advance_term_passed": _l(
            "This current-account advance reached its term on %(term)s and is neither repaid "
            "nor converted."
        ),
        "advance_term_action": _l(
            "Repay the advance, convert it into shares, or renew it once (two years at most)."
        ),
        "advances_ok": _l("No current-account advance is at or near its term."),
        # Unpaid calls (unpaid_calls; R-CAP-4, R-EXCL-3).
        "unpaid_notice_letter_ref_required": _l(
            "Give the registered letter's number: the exclusion by law rests on its proof."
        ),
        "unpaid_notice_in_future": _l(
            "The letter cannot have been sent on %(sent_on)s, a day to come."
        ),
        "unpaid_notice_member_not_active": _l("Only an active member can be sent this notice."),
    }
)
register(MESSAGES)
