"""Admitting a candidate from its member page: the decision and the first subscription at once.

DOMAIN §6.1 steps 3–5: admission and the first subscription are one act, so that nobody is
admitted holding fewer shares than its category's minimum (§8 #12, ``admission_rules``). The
member page belongs to ``membership``, which may not import ``capital``: this workflow joins
them (ARCHITECTURE §2.2).
"""

from __future__ import annotations

from datetime import date, datetime

from scic.auth.models import User
from scic.capital import services as capital_services
from scic.capital.models import ShareMovement
from scic.membership.models import Member


def admit_with_shares(
    member: Member,
    *,
    shares: int,
    paid_cents: int,
    on: date,
    decision_ref: str,
    by: User | None,
    now: datetime,
) -> ShareMovement:
    """Admit ``member`` on ``on`` by the decision ``decision_ref`` with its first subscription.

    Every refusal (category minimum, R-CAP-4, R-LA-1, R-LA-5, R-CAT-3, R-CAT-5) comes before
    anything is written; the caller commits once.
    """
    return capital_services.admit_with_subscription(
        member,
        shares,
        paid_cents=paid_cents,
        on=on,
        decision=capital_services.Decision("", None, decision_ref),
        by=by,
        now=now,
    )
