"""Pure rules of the share-capital ledger: holdings, floor, local-authority cap, exits, results.

Money is integer cents everywhere; ratios are exact ``Fraction`` values; interest rates are
``Decimal`` percentage points (``Decimal("5.5")`` means 5.5 %). Time is always an argument.
Rule IDs refer to DOMAIN.md §4.3–§4.7 and workflows §6.2, §6.4, §6.5, §6.10, §6.12.
"""

from scic.capital.rules.advances import (
    ADVANCE_MAX_MONTHS,
    ADVANCE_MAX_RENEWALS,
    advance_alert_due,
    advance_term,
    check_advance,
    check_advance_revenue_share,
)
from scic.capital.rules.allocation import (
    LEGAL_RESERVE_RATE,
    STATUTORY_RESERVE_RATE,
    TMO_MARGIN_POINTS,
    Allocation,
    allocate_results,
    check_allocation,
    share_interest_per_member,
)
from scic.capital.rules.floor import (
    LEGAL_MIN_CAPITAL_CENTS,
    check_floor_timeline,
    check_partial_withdrawal,
    check_reduction_floor,
    effective_floor,
    withdrawal_floor_outcome,
)
from scic.capital.rules.ledger import (
    NON_HOLDING_TYPES,
    Holding,
    Movement,
    MovementType,
    _holding_entries,
    capital_at,
    historical_max_capital,
    holding,
    holdings_at,
    paid_periods,
    reversal_of,
)
from scic.capital.rules.local_authorities import (
    LA_CAP_CHANGE_DAY,
    check_la_cap,
    check_la_cap_timeline,
    check_la_may_subscribe,
    la_cap_on,
    max_public_holding_cents,
    max_public_subscription_cents,
    max_public_subscription_shares,
    passive_breach,
)
from scic.capital.rules.subscriptions import (
    MIN_PAID_AT_SUBSCRIPTION,
    check_payment,
    check_payment_call,
    check_subscription,
    check_transfer,
)
from scic.capital.rules.withdrawals import (
    ReimbursementRequest,
    deferred_queue,
    reimbursement_cap_cents,
    reimbursement_due_date,
)

__all__ = [
    "ADVANCE_MAX_MONTHS",
    "ADVANCE_MAX_RENEWALS",
    "LA_CAP_CHANGE_DAY",
    "LEGAL_MIN_CAPITAL_CENTS",
    "LEGAL_RESERVE_RATE",
    "MIN_PAID_AT_SUBSCRIPTION",
    "NON_HOLDING_TYPES",
    "STATUTORY_RESERVE_RATE",
    "TMO_MARGIN_POINTS",
    "Allocation",
    "Holding",
    "Movement",
    "MovementType",
    "ReimbursementRequest",
    "_holding_entries",
    "advance_alert_due",
    "advance_term",
    "allocate_results",
    "capital_at",
    "check_advance",
    "check_advance_revenue_share",
    "check_allocation",
    "check_floor_timeline",
    "check_la_cap",
    "check_la_cap_timeline",
    "check_la_may_subscribe",
    "check_partial_withdrawal",
    "check_payment",
    "check_payment_call",
    "check_reduction_floor",
    "check_subscription",
    "check_transfer",
    "deferred_queue",
    "effective_floor",
    "historical_max_capital",
    "holding",
    "holdings_at",
    "la_cap_on",
    "max_public_holding_cents",
    "max_public_subscription_cents",
    "max_public_subscription_shares",
    "paid_periods",
    "passive_breach",
    "reimbursement_cap_cents",
    "reimbursement_due_date",
    "reversal_of",
    "share_interest_per_member",
    "withdrawal_floor_outcome",
]
