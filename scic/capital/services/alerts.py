"""What the capital pages flag: reimbursements due soon, advances near their term, breaches."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from scic.capital import queries, rules
from scic.capital.models import CurrentAccountAdvance, WithdrawalRequest
from scic.capital.services.local_authorities import passive_breach
from scic.cooperatives.models import Cooperative


@dataclass(frozen=True)
class CapitalAlerts:
    """The home page's capital panel: what needs the secretary's attention on a day."""

    #: Reimbursements falling due within the alert window, or late (R-EXIT-3).
    due: list[WithdrawalRequest]
    #: Withdrawals waiting because the capital is at its floor (R-CAP-3).
    deferred: list[WithdrawalRequest]
    pending: list[WithdrawalRequest]
    #: Outstanding advances near or past their term (R-LA-2).
    advances: list[CurrentAccountAdvance]
    #: Local authorities above the cap without subscribing (R-LA-1 passive breach).
    breach: bool

    def __bool__(self) -> bool:
        return bool(self.due or self.deferred or self.pending or self.advances or self.breach)


def advance_needs_attention(advance: CurrentAccountAdvance, today: date) -> bool:
    """Tell whether an advance is outstanding and near or past its term (R-LA-2)."""
    return advance.outstanding and rules.advance_alert_due(advance.term_on, today)


def capital_alerts(cooperative: Cooperative, today: date) -> CapitalAlerts:
    """Gather the capital panel's alerts on ``today``."""
    return CapitalAlerts(
        due=[
            r
            for r in queries.withdrawals(cooperative.id, ["due"])
            if rules.reimbursement_alert_due(r.due_on, today)
        ],
        deferred=queries.withdrawals(cooperative.id, ["deferred"]),
        pending=queries.withdrawals(cooperative.id, ["requested"]),
        advances=[
            a
            for a in queries.advances(cooperative.id, outstanding_only=True)
            if advance_needs_attention(a, today)
        ],
        breach=passive_breach(cooperative, today),
    )
