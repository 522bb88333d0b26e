"""Point-in-time queries of the register (FORMATS.md §4)."""

from datetime import date
from fractions import Fraction

import pytest

from scic.capital import rules as capital_rules
from scic.capital.queries import ledger
from scic.core.db import db
from scic.registers import movement_queries, queries

AT = date(2025, 6, 30)


def numbers(cooperative, at):
    return [row.number for row in queries.iter_member_rows(cooperative, at)]


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        pytest.param(date(2025, 6, 30), [1, 2, 3, 7], id="exit on the date is absent"),
        pytest.param(date(2025, 6, 29), [1, 2, 3, 6, 7], id="exit the day before the date of exit"),
        pytest.param(date(2025, 6, 28), [1, 2, 3, 5, 6, 7], id="before both exits"),
        pytest.param(date(2025, 7, 1), [1, 2, 3, 4, 7], id="admitted on the date is present"),
        pytest.param(date(2024, 1, 10), [1, 5, 6], id="first admissions"),
        pytest.param(date(2024, 1, 9), [], id="before anyone"),
    ],
)
def test_members_at_a_date_follow_admission_and_exit(register_coop, at, expected):
    cooperative, _ = register_coop
    assert numbers(cooperative, at) == expected


def test_rows_carry_holdings_placement_deliberation_and_representative(register_coop):
    cooperative, _ = register_coop
    rows = {r.number: r for r in queries.iter_member_rows(cooperative, AT)}
    bob = rows[2]
    assert (bob.shares, bob.subscribed_cents, bob.paid_cents) == (3, 15_000, 10_000)
    assert bob.unpaid_cents == 5_000
    commune = rows[3]
    assert commune.deliberation_ref == "DEL-2024-12"
    assert commune.deliberation_executory_on == date(2024, 2, 20)
    assert commune.representative == "Paul Maire"
    categories = {c.id: c.code for c in cooperative.categories}
    assert categories[commune.category_id] == "COLL"
    assert rows[7].representative == "Jeanne Roux"
    # Before the additional subscription of 2025-03-01, Bob held 2 shares.
    earlier = {r.number: r for r in queries.iter_member_rows(cooperative, date(2025, 2, 28))}
    assert earlier[2].shares == 2


def test_category_and_college_come_from_the_placement_valid_at_the_date(register_coop):
    from scic.membership.models import MemberPlacement

    cooperative, people = register_coop
    bob = people["bob"]
    soutiens = next(c for c in cooperative.categories if c.code == "SOUT")
    db.session.add(
        MemberPlacement(
            member_id=bob.id,
            category_id=soutiens.id,
            college_id=soutiens.college_id,
            valid_from=date(2025, 5, 1),
        )
    )
    db.session.flush()
    codes = {c.id: c.code for c in cooperative.categories}
    before = {r.number: r for r in queries.iter_member_rows(cooperative, date(2025, 4, 30))}
    after = {r.number: r for r in queries.iter_member_rows(cooperative, AT)}
    assert codes[before[2].category_id] == "USA"
    assert codes[after[2].category_id] == "SOUT"


def test_summary_totals(register_coop):
    cooperative, _ = register_coop
    summary = queries.register_summary(cooperative, AT)
    assert summary.member_count == 4
    assert summary.capital_cents == 150_000
    assert summary.historical_max_cents == 165_000
    assert summary.floor_cents == 41_250  # a quarter of the highest capital (R-CAP-3)
    assert summary.local_authority_cents == 100_000
    assert summary.local_authority_share == Fraction(2, 3)
    assert summary.la_cap == Fraction(1, 2)
    per_category = {g.code: (g.members, g.shares, g.subscribed_cents) for g in summary.categories}
    assert per_category == {
        "SAL": (1, 4, 20_000),
        "USA": (1, 3, 15_000),
        "COLL": (1, 20, 100_000),
        "SOUT": (1, 3, 15_000),
    }
    per_college = {g.code: (g.members, g.shares) for g in summary.colleges}
    assert per_college == {"TRAV": (1, 4), "USA": (2, 6), "PUB": (1, 20)}
    assert summary.head_hash == queries.ledger_head_hash(cooperative) != "0" * 64


def test_sql_holdings_agree_with_the_capital_rule(register_coop, ledger_builder):
    """Calls, reimbursements and their reversals never change holdings (capital.rules)."""
    cooperative, people = register_coop
    build = ledger_builder(cooperative)
    call = build.movement(people["bob"], "payment_call", date(2025, 4, 1), 0)
    build.movement(people["bob"], "reversal", date(2025, 4, 2), 0, reverses=call)
    wrong = build.movement(people["alice"], "subscription", date(2025, 4, 3), 5, paid_shares=5)
    build.movement(
        people["alice"], "reversal", date(2025, 4, 4), -5, paid_shares=-5, reverses=wrong
    )
    build.movement(people["alice"], "payment", date(2025, 4, 5), 0, paid_shares=0)
    for at in (date(2024, 6, 1), date(2025, 4, 3), AT, date(2025, 12, 31)):
        expected = capital_rules.holdings_at(ledger(cooperative.id), at)
        got = {
            r.member_id: capital_rules.Holding(r.shares, r.subscribed_cents, r.paid_cents)
            for r in queries.iter_member_rows(cooperative, at)
        }
        assert {k: v for k, v in expected.items() if k in got} == got
        assert queries.capital_figures(cooperative, at)[0] == capital_rules.capital_at(
            ledger(cooperative.id), at
        )


def test_first_day_is_the_earliest_of_creation_admission_and_ledger(register_coop):
    cooperative, _ = register_coop
    assert queries.first_day(cooperative) == date(2024, 1, 1)


def test_movements_are_chronological_and_filtered(register_coop):
    cooperative, people = register_coop
    rows = list(movement_queries.iter_movements(cooperative, date(2025, 1, 1), AT))
    assert [(r.effective_on, r.type) for r in rows] == [
        (date(2025, 3, 1), "subscription"),
        (date(2025, 6, 29), "full_withdrawal"),
        (date(2025, 6, 30), "full_withdrawal"),
    ]
    assert movement_queries.count_movements(cooperative, date(2025, 1, 1), AT) == 3
    bob = list(movement_queries.iter_movements(cooperative, member_id=people["bob"].id))
    assert [r.shares_delta for r in bob] == [2, 1]


def test_queries_ignore_other_cooperatives(register_coop, make_cooperative, ledger_builder):
    cooperative, _ = register_coop
    other = make_cooperative()
    ledger_builder(other).member("Intrus", shares=9)
    assert numbers(other, AT) == [1]
    assert numbers(cooperative, AT) == [1, 2, 3, 7]
    assert queries.register_summary(cooperative, AT).capital_cents == 150_000
