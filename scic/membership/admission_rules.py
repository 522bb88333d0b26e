"""Pure rule on admission: a member joins with at least its category's minimum of shares.

DOMAIN.md §6.1 step 2 ("shares ≥ min_shares") and §8 #12: the minimum is a statutes setting per
category (``Category.min_shares``, one share by default). Admission and the first subscription
are one act (capital's ``admit_with_subscription``): nobody is admitted holding no share.
"""

from __future__ import annotations

from scic.core.violations import Violation


def check_admission_shares(shares: int, min_shares: int, category: str = "") -> list[Violation]:
    """Refuse an admission with fewer shares than the category's statutory minimum.

    Rule: DOMAIN §6.1 step 2, §8 #12 (statutes: minimum shares per category). ``subject`` is
    the form's ``shares`` field, so the page shows the reason next to it.
    """
    minimum = max(1, min_shares)
    if isinstance(shares, int) and not isinstance(shares, bool) and shares >= minimum:
        return []
    return [
        Violation(
            "admission_below_min_shares",
            rule="§8 #12",
            params={"shares": shares, "min_shares": minimum, "category": category},
            subject="shares",
        )
    ]
