"""R-LA-2: an authority's advances stay within 5 % of its operating revenue (CGCT L1522-5)."""

from __future__ import annotations

from datetime import date

import pytest

from scic.capital import services
from scic.capital.rules import check_advance_revenue_share
from scic.core.violations import RuleViolation
from scic.membership import services as membership_services


@pytest.mark.parametrize(
    ("amount", "outstanding", "revenue", "codes"),
    [
        pytest.param(50_000_00, 0, 1_000_000_00, [], id="R-LA-2 exactly 5 %"),
        pytest.param(50_000_01, 0, 1_000_000_00, ["advance_above_revenue_share"], id="R-LA-2 +1c"),
        pytest.param(
            30_000_00,
            25_000_00,
            1_000_000_00,
            ["advance_above_revenue_share"],
            id="R-LA-2 with the other advances",
        ),
        pytest.param(90_000_00, 0, None, [], id="R-LA-2 revenue not stated"),
    ],
)
def test_advances_within_five_percent_of_operating_revenue(amount, outstanding, revenue, codes):
    problems = check_advance_revenue_share(amount, outstanding, revenue)
    assert [v.code for v in problems] == codes


def test_the_revenue_stated_by_the_deliberation_bounds_the_advance(make_cooperative, make_holder):
    coop = make_cooperative()
    make_holder(coop, "USA", 100)
    commune = make_holder(coop, "COLL", 20)
    membership_services.record_deliberation(
        commune,
        reference="DEL-AV-1",
        adopted_on=date(2025, 2, 1),
        purpose="advance",
        executory_on=date(2025, 2, 10),
        operating_revenue_cents=400_000_00,  # 5 %: 20 000 €
    )
    terms = {
        "convention_ref": "CONV-1",
        "deliberation_ref": "DEL-AV-1",
        "start_on": date(2025, 3, 1),
        "duration_months": 24,
        "equity_cents": 10_000_00,
    }
    with pytest.raises(RuleViolation) as refused:
        services.grant_advance(commune, amount_cents=20_000_01, **terms)
    assert [v.code for v in refused.value.violations] == ["advance_above_revenue_share"]
    advance = services.grant_advance(commune, amount_cents=20_000_00, **terms)
    assert advance.amount_cents == 20_000_00
