"""Use cases of the share-capital ledger (DOMAIN §6.1, §6.2, §6.4, §6.5, §6.10–§6.12).

Every use case that writes the ledger locks the cooperative row, loads the ledger, builds the
rule inputs, calls the pure rules, raises ``RuleViolation`` on refusal, numbers and seals the new
entries, writes the audit entry and flushes. Nothing here commits.
"""

from scic.capital.services.advances import (
    convert_advance,
    grant_advance,
    renew_advance,
    repay_advance,
)
from scic.capital.services.alerts import (
    CapitalAlerts,
    advance_needs_attention,
    capital_alerts,
)
from scic.capital.services.allocation import (
    AllocationProposal,
    parse_rate,
    propose_allocation,
    record_allocation,
    set_tmo_rate,
    tmo_series,
)
from scic.capital.services.exits import (
    FULL_EXIT_KINDS,
    acknowledge_withdrawal,
    record_exit,
    reimburse,
    release_deferred,
    request_withdrawal,
)
from scic.capital.services.fiscal_year import fiscal_year_bounds, fiscal_year_end
from scic.capital.services.ledger import (
    ADMITTED_STATUSES,
    CapitalPosition,
    Decision,
    _load,
    capital_position,
    effective_floor,
)
from scic.capital.services.local_authorities import (
    PublicShare,
    Simulation,
    create_local_authority,
    designate_representative,
    next_member_number,
    passive_breach,
    public_share,
    record_deliberation,
    simulate_local_authority,
)
from scic.capital.services.members_csv import (
    ImportPreview,
    export_members,
    import_members,
    preview_members_import,
)
from scic.capital.services.reversals import reverse
from scic.capital.services.subscriptions import (
    admit_with_subscription,
    call_payment,
    death_transmission,
    record_payment,
    subscribe,
    transfer,
)

__all__ = [
    "ADMITTED_STATUSES",
    "FULL_EXIT_KINDS",
    "AllocationProposal",
    "CapitalAlerts",
    "CapitalPosition",
    "Decision",
    "ImportPreview",
    "PublicShare",
    "Simulation",
    "_load",
    "acknowledge_withdrawal",
    "admit_with_subscription",
    "advance_needs_attention",
    "call_payment",
    "capital_alerts",
    "capital_position",
    "convert_advance",
    "create_local_authority",
    "death_transmission",
    "designate_representative",
    "effective_floor",
    "export_members",
    "fiscal_year_bounds",
    "fiscal_year_end",
    "grant_advance",
    "import_members",
    "next_member_number",
    "parse_rate",
    "passive_breach",
    "preview_members_import",
    "propose_allocation",
    "public_share",
    "record_allocation",
    "record_deliberation",
    "record_exit",
    "record_payment",
    "reimburse",
    "release_deferred",
    "renew_advance",
    "repay_advance",
    "request_withdrawal",
    "reverse",
    "set_tmo_rate",
    "simulate_local_authority",
    "subscribe",
    "tmo_series",
    "transfer",
]
