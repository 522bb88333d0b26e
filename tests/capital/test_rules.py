"""Pure tests of the capital rules (DOMAIN §4.3–§4.7, §6.2, §6.4, §6.5, §6.10, §6.12)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scic.capital.rules import (
    Allocation,
    Holding,
    Movement,
    MovementType,
    ReimbursementRequest,
    advance_alert_due,
    advance_term,
    allocate_results,
    capital_at,
    check_advance,
    check_allocation,
    check_la_cap,
    check_partial_withdrawal,
    check_reduction_floor,
    check_subscription,
    check_transfer,
    deferred_queue,
    effective_floor,
    historical_max_capital,
    holding,
    holdings_at,
    la_cap_on,
    max_public_subscription_cents,
    max_public_subscription_shares,
    passive_breach,
    reimbursement_cap_cents,
    reimbursement_due_date,
    reversal_of,
    share_interest_per_member,
    withdrawal_floor_outcome,
)
from tests.violations import codes

EUR = 100  # cents
NOMINAL = 100 * EUR
TODAY = date(2025, 3, 1)
T = MovementType


def mv(number, type_, member, day, shares=0, paid=None, counterparty=None, nominal=NOMINAL):
    return Movement(
        number=number,
        type=type_,
        member_id=member,
        effective_on=day,
        shares_delta=shares,
        amount_cents=shares * nominal,
        paid_cents=shares * nominal if paid is None else paid,
        counterparty_id=counterparty,
    )


LEDGER = [
    mv(1, T.SUBSCRIPTION, 1, date(2024, 1, 10), 10, paid=250 * EUR),
    mv(2, T.SUBSCRIPTION, 2, date(2024, 1, 10), 5),
    Movement(3, T.PAYMENT_CALL, 1, date(2024, 2, 1), amount_cents=750 * EUR),
    Movement(4, T.PAYMENT, 1, date(2024, 3, 1), paid_cents=500 * EUR),
    mv(5, T.TRANSFER_OUT, 2, date(2024, 4, 1), -2, counterparty=1),
    mv(6, T.TRANSFER_IN, 1, date(2024, 4, 1), 2, counterparty=2),
    mv(7, T.FULL_WITHDRAWAL, 2, date(2024, 6, 30), -3),
    Movement(8, T.REIMBURSEMENT, 2, date(2024, 9, 1), paid_cents=-300 * EUR),
    mv(9, T.SUBSCRIPTION, 3, date(2024, 7, 1), 4),
]


# --- holdings and capital ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("member", "at", "expected"),
    [
        pytest.param(1, date(2024, 1, 9), Holding(), id="R-CAP-1 before any entry"),
        pytest.param(
            1, date(2024, 1, 10), Holding(10, 1000 * EUR, 250 * EUR), id="R-CAP-4 25 % paid"
        ),
        pytest.param(
            1, date(2024, 2, 15), Holding(10, 1000 * EUR, 250 * EUR), id="call pays nothing"
        ),
        pytest.param(1, date(2024, 4, 1), Holding(12, 1200 * EUR, 950 * EUR), id="transfer in"),
        pytest.param(2, date(2024, 4, 1), Holding(3, 300 * EUR, 300 * EUR), id="transfer out"),
        pytest.param(2, date(2024, 12, 31), Holding(), id="R-EXIT withdrawn then reimbursed"),
        pytest.param(9, date(2024, 12, 31), Holding(), id="unknown member holds nothing"),
    ],
)
def test_holding_is_derived_from_the_ledger(member, at, expected):
    assert holding(LEDGER, member, at) == expected


def test_unpaid_is_subscribed_minus_paid():
    assert holding(LEDGER, 1, date(2024, 1, 10)).unpaid_cents == 750 * EUR


@pytest.mark.parametrize(
    ("at", "capital"),
    [
        pytest.param(date(2024, 1, 9), 0, id="empty"),
        pytest.param(date(2024, 1, 10), 1500 * EUR, id="two subscriptions"),
        pytest.param(date(2024, 4, 1), 1500 * EUR, id="a transfer leaves capital unchanged"),
        pytest.param(date(2024, 6, 30), 1200 * EUR, id="a withdrawal lowers capital"),
        pytest.param(date(2024, 7, 1), 1600 * EUR, id="new subscription"),
    ],
)
def test_capital_at_is_subscribed_capital(at, capital):
    assert capital_at(LEDGER, at) == capital


def test_historical_max_keeps_the_highest_end_of_day_capital():
    ledger = [
        mv(1, T.SUBSCRIPTION, 1, date(2024, 1, 1), 20),
        mv(2, T.PARTIAL_WITHDRAWAL, 1, date(2024, 2, 1), -15),
        mv(3, T.SUBSCRIPTION, 2, date(2024, 3, 1), 5),
    ]
    assert historical_max_capital(ledger, date(2023, 12, 31)) == 0
    assert historical_max_capital(ledger, date(2024, 12, 31)) == 2000 * EUR
    assert capital_at(ledger, date(2024, 12, 31)) == 1000 * EUR


def test_reversal_cancels_an_entry_and_points_at_it():
    wrong = mv(1, T.SUBSCRIPTION, 1, date(2024, 1, 1), 7)
    fix = reversal_of(wrong, 2, date(2024, 1, 5))
    assert fix.reverses == 1
    assert fix.type is T.REVERSAL
    ledger = [wrong, fix]
    assert holding(ledger, 1, date(2024, 1, 4)).shares == 7
    assert holding(ledger, 1, date(2024, 1, 5)) == Holding()


def test_reversal_of_a_reimbursement_does_not_change_holdings():
    reimbursement = Movement(1, T.REIMBURSEMENT, 1, date(2024, 1, 1), paid_cents=-500)
    ledger = [reimbursement, reversal_of(reimbursement, 2, date(2024, 1, 2))]
    assert holdings_at(ledger, date(2024, 12, 31)) == {}


# --- R-CAP-3 floor -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("statutory", "maximum", "form", "floor"),
    [
        pytest.param(20_000 * EUR, 200_000 * EUR, "SA", 50_000 * EUR, id="R-CAP-3 example SA"),
        pytest.param(20_000 * EUR, 40_000 * EUR, "SA", 20_000 * EUR, id="R-CAP-3 statutory"),
        pytest.param(0, 40_000 * EUR, "SA", 18_500 * EUR, id="R-CAP-3 SA legal minimum"),
        pytest.param(0, 40_000 * EUR, "SAS", 10_000 * EUR, id="R-CAP-3 SAS no minimum"),
        pytest.param(0, 40_000 * EUR, "SARL", 10_000 * EUR, id="R-CAP-3 SARL no minimum"),
        pytest.param(0, 3, "SARL", 1, id="R-CAP-3 quarter rounded up"),
    ],
)
def test_effective_floor(statutory, maximum, form, floor):
    assert effective_floor(statutory, maximum, form) == floor


@pytest.mark.parametrize(
    ("after", "floor", "outcome", "violation_codes"),
    [
        pytest.param(50_000 * EUR, 50_000 * EUR, "accepted", [], id="R-CAP-3 at the floor"),
        pytest.param(
            50_000 * EUR - 1,
            50_000 * EUR,
            "deferred",
            ["capital_below_floor"],
            id="R-CAP-3 one cent below",
        ),
    ],
)
def test_floor_on_withdrawal_and_other_reductions(after, floor, outcome, violation_codes):
    assert withdrawal_floor_outcome(after, floor) == outcome
    violations = check_reduction_floor(after, floor)
    assert codes(violations) == violation_codes
    if violations:
        assert violations[0].rule == "R-CAP-3"
        assert violations[0].params == {"capital_after_cents": after, "floor_cents": floor}


# --- R-LA-1 local authorities' cap (§6.2 worked example) -----------------------------------

T0, P0 = 200_000 * EUR, 80_000 * EUR
AFTER_2020 = date(2020, 1, 1)


def test_worked_example_commune_subscribes_30000():
    assert check_la_cap(T0 + 30_000 * EUR, P0 + 30_000 * EUR, AFTER_2020) == []
    assert round(Fraction(110_000, 230_000) * 100, 2) == Fraction(4783, 100)


def test_worked_example_departement_max_is_10000():
    total, public = 230_000 * EUR, 110_000 * EUR
    assert max_public_subscription_cents(total, public, Fraction(1, 2)) == 10_000 * EUR
    assert max_public_subscription_shares(total, public, NOMINAL, Fraction(1, 2)) == 100
    [refused] = check_la_cap(total + 40_000 * EUR, public + 40_000 * EUR, AFTER_2020)
    assert refused.code == "la_capital_cap_exceeded"
    assert refused.rule == "R-LA-1"
    assert refused.params["share"] == Fraction(150, 270)
    assert refused.params["cap"] == Fraction(1, 2)
    assert refused.params["max_public_cents"] == 120_000 * EUR


@pytest.mark.parametrize(
    ("subscribed", "on", "violation_codes"),
    [
        pytest.param(10_000 * EUR, AFTER_2020, [], id="R-LA-1 exactly 50 % accepted"),
        pytest.param(
            10_000 * EUR + NOMINAL,
            AFTER_2020,
            ["la_capital_cap_exceeded"],
            id="R-LA-1 50 % + one share refused",
        ),
        pytest.param(
            10_000 * EUR,
            date(2014, 7, 31),
            ["la_capital_cap_exceeded"],
            id="R-LA-1 20 % cap on 31-07-2014, the day the law was signed",
        ),
        pytest.param(
            10_000 * EUR,
            date(2014, 8, 1),
            ["la_capital_cap_exceeded"],
            id="R-LA-1 20 % cap still on 01-08-2014, the day it was published",
        ),
        pytest.param(10_000 * EUR, date(2014, 8, 2), [], id="R-LA-1 50 % from 02-08-2014"),
    ],
)
def test_la_cap_boundaries(subscribed, on, violation_codes):
    total, public = 230_000 * EUR + subscribed, 110_000 * EUR + subscribed
    assert codes(check_la_cap(total, public, on)) == violation_codes


@pytest.mark.parametrize(
    ("day", "cap"),
    [
        pytest.param(date(2014, 7, 31), Fraction(1, 5), id="R-LA-1 20 % on 31-07-2014"),
        pytest.param(date(2014, 8, 1), Fraction(1, 5), id="R-LA-1 20 % on 01-08-2014"),
        pytest.param(date(2014, 8, 2), Fraction(1, 2), id="R-LA-1 50 % from 02-08-2014"),
    ],
)
def test_la_cap_dates(day, cap):
    assert la_cap_on(day) == cap


def test_thirty_percent_held_by_local_authorities_on_1_august_2014_is_refused():
    # R-LA-1: 30 % of the capital on 01/08/2014 breaches the 20 % cap still in force that day.
    total, public = 100_000 * EUR, 30_000 * EUR
    assert codes(check_la_cap(total, public, date(2014, 8, 1))) == ["la_capital_cap_exceeded"]
    assert codes(check_la_cap(total, public, date(2014, 8, 2))) == []


@pytest.mark.parametrize(
    ("total", "public", "cap", "expected"),
    [
        pytest.param(200_000, 80_000, Fraction(1, 2), 40_000, id="R-LA-1 T - 2P"),
        pytest.param(200_000, 100_000, Fraction(1, 2), 0, id="R-LA-1 at the cap"),
        pytest.param(200_000, 120_000, Fraction(1, 2), 0, id="R-LA-1 never negative"),
        pytest.param(200_000, 20_000, Fraction(1, 5), 25_000, id="R-LA-1 general formula 20 %"),
        pytest.param(3, 0, Fraction(1, 2), 3, id="R-LA-1 empty public"),
        pytest.param(7, 1, Fraction(1, 5), 0, id="R-LA-1 floor"),
    ],
)
def test_max_public_subscription(total, public, cap, expected):
    assert max_public_subscription_cents(total, public, cap) == expected


def test_passive_breach_after_private_withdrawals():
    assert passive_breach(180_000 * EUR, 110_000 * EUR, AFTER_2020)  # 61.11 %
    assert not passive_breach(220_000 * EUR, 110_000 * EUR, AFTER_2020)
    assert not passive_breach(0, 0, AFTER_2020)


# --- subscriptions, withdrawals, transfers -------------------------------------------------


@pytest.mark.parametrize(
    ("shares", "paid", "min_shares", "first", "expected"),
    [
        pytest.param(4, 100 * EUR, 1, True, [], id="R-CAP-4 exactly 25 % paid"),
        pytest.param(4, 100 * EUR - 1, 1, True, ["paid_below_quarter"], id="R-CAP-4 under 25 %"),
        pytest.param(4, 400 * EUR + 1, 1, True, ["paid_above_amount"], id="R-CAP-4 overpaid"),
        pytest.param(2, 200 * EUR, 3, True, ["below_min_shares"], id="min shares first"),
        pytest.param(2, 200 * EUR, 3, False, [], id="min shares only on first subscription"),
        pytest.param(0, 0, 1, True, ["shares_not_positive"], id="zero shares"),
        pytest.param(-1, 0, 1, True, ["shares_not_positive"], id="negative shares"),
        pytest.param(1.5, 0, 1, True, ["shares_not_positive"], id="fractional shares"),
        pytest.param(True, 100 * EUR, 1, True, ["shares_not_positive"], id="bool is not a count"),
    ],
)
def test_check_subscription(shares, paid, min_shares, first, expected):
    violations = check_subscription(
        shares, NOMINAL, paid, min_shares=min_shares, first_subscription=first
    )
    assert codes(violations) == expected


def test_quarter_params_are_cents():
    [v] = check_subscription(3, 333, 249)
    assert v.params == {"paid_cents": 249, "min_paid_cents": 250, "amount_cents": 999}


@pytest.mark.parametrize(
    ("held", "withdrawn", "min_shares", "expected"),
    [
        pytest.param(10, 7, 3, [], id="R-EXIT-1 leaves the minimum"),
        pytest.param(10, 8, 3, ["withdrawal_below_min_shares"], id="R-EXIT-1 below minimum"),
        pytest.param(10, 10, 1, ["withdrawal_below_min_shares"], id="R-EXIT-1 all: use full"),
        pytest.param(10, 11, 1, ["withdrawal_exceeds_holding"], id="R-EXIT-1 more than held"),
        pytest.param(10, 0, 1, ["shares_not_positive"], id="nothing withdrawn"),
    ],
)
def test_check_partial_withdrawal(held, withdrawn, min_shares, expected):
    assert codes(check_partial_withdrawal(held, withdrawn, min_shares)) == expected


def test_partial_withdrawal_switch_off():
    assert codes(check_partial_withdrawal(10, 1, 1, allowed=False)) == [
        "partial_withdrawal_not_allowed"
    ]


TRANSFER = {
    "shares": 5,
    "transferor_shares": 10,
    "transferor_min_shares": 2,
    "transferee_is_member": True,
    "on": AFTER_2020,
}


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        pytest.param({}, [], id="valid transfer"),
        pytest.param({"shares": 10}, [], id="transfer of all shares"),
        pytest.param({"shares": 9}, ["transferor_below_min_shares"], id="transferor below min"),
        pytest.param({"shares": 11}, ["transfer_exceeds_holding"], id="more than held"),
        pytest.param({"shares": 0}, ["shares_not_positive"], id="zero shares"),
        pytest.param(
            {"transferee_is_member": False}, ["transferee_not_member"], id="stranger refused"
        ),
        pytest.param(
            {"transferee_is_member": False, "transferee_is_admitted_candidate": True},
            [],
            id="admitted candidate accepted",
        ),
        pytest.param(
            {
                "same_category_required": True,
                "transferor_category": "A",
                "transferee_category": "B",
            },
            ["transfer_category_mismatch"],
            id="statutes require same category",
        ),
        pytest.param(
            {
                "same_category_required": False,
                "transferor_category": "A",
                "transferee_category": "B",
            },
            [],
            id="categories may differ by default",
        ),
        pytest.param(
            {"transferee_min_shares": 6},
            ["transferee_below_min_shares"],
            id="transferee below its category minimum",
        ),
        pytest.param(
            {
                "transferee_is_local_authority": True,
                "total_cents": 1000 * EUR,
                "public_cents": 450 * EUR,
                "share_value_cents": 10 * EUR,
            },
            [],
            id="R-LA-1 transfer to a local authority up to 50 %",
        ),
        pytest.param(
            {
                "transferee_is_local_authority": True,
                "total_cents": 1000 * EUR,
                "public_cents": 460 * EUR,
                "share_value_cents": 10 * EUR,
            },
            ["la_capital_cap_exceeded"],
            id="R-LA-1 transfer to a local authority above 50 %",
        ),
        pytest.param(
            {
                "transferee_is_local_authority": True,
                "transferor_is_local_authority": True,
                "total_cents": 1000 * EUR,
                "public_cents": 600 * EUR,
                "share_value_cents": 10 * EUR,
            },
            [],
            id="R-LA-1 between local authorities the share is unchanged",
        ),
    ],
)
def test_check_transfer(overrides, expected):
    assert codes(check_transfer(**(TRANSFER | overrides))) == expected


# --- exits ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("shares", "losses", "expected"),
    [
        pytest.param(10, 0, 1000 * EUR, id="R-EXIT-2 nominal"),
        pytest.param(10, 150 * EUR, 850 * EUR, id="R-EXIT-2 less losses"),
        pytest.param(10, -500 * EUR, 1000 * EUR, id="R-RES-6 never above nominal"),
        pytest.param(10, 5000 * EUR, 0, id="R-EXIT-2 never negative"),
    ],
)
def test_reimbursement_cap(shares, losses, expected):
    assert reimbursement_cap_cents(shares, NOMINAL, losses) == expected


def test_reimbursement_due_date():
    assert reimbursement_due_date(date(2024, 12, 31), 5) == date(2029, 12, 31)
    assert reimbursement_due_date(date(2024, 2, 29), 1) == date(2025, 2, 28)


def test_deferred_queue_is_first_come_first_served():
    late = ReimbursementRequest(3, 30, date(2024, 5, 1), 100)
    first = ReimbursementRequest(7, 10, date(2024, 1, 1), 900)
    same_day_later = ReimbursementRequest(9, 20, date(2024, 5, 1), 50)
    assert deferred_queue([same_day_later, late, first]) == [first, late, same_day_later]


# --- R-LA-2 current-account advances --------------------------------------------------------

ADVANCE = {
    "start": date(2024, 1, 15),
    "duration_months": 24,
    "renewed": False,
    "has_outstanding": False,
    "equity_cents": 50_000 * EUR,
    "share_capital_cents": 100_000 * EUR,
}


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        pytest.param({}, [], id="R-LA-2 24 months, equity at half"),
        pytest.param({"duration_months": 25}, ["advance_too_long"], id="R-LA-2 over 2 years"),
        pytest.param({"duration_months": 0}, ["advance_too_long"], id="R-LA-2 no duration"),
        pytest.param({"renewed": True}, [], id="R-LA-2 renewable once"),
        pytest.param({"renewed": 2}, ["advance_renewal_limit"], id="R-LA-2 not twice"),
        pytest.param({"has_outstanding": True}, ["advance_outstanding"], id="R-LA-2 one at once"),
        pytest.param(
            {"equity_cents": 50_000 * EUR - 1},
            ["advance_equity_below_half"],
            id="R-LA-2 equity below half",
        ),
    ],
)
def test_check_advance(overrides, expected):
    assert codes(check_advance(**(ADVANCE | overrides))) == expected


def test_advance_term_and_alert():
    term = advance_term(date(2024, 1, 15), 24)
    assert term == date(2026, 1, 15)
    assert advance_term(date(2024, 8, 31), 6) == date(2025, 2, 28)
    assert not advance_alert_due(term, term - timedelta(days=61))
    assert advance_alert_due(term, term - timedelta(days=60))
    assert advance_alert_due(term, term + timedelta(days=1))


# --- R-RES-1…4 allocation of results (§6.12) -------------------------------------------------

TMO = [Decimal("3.4"), Decimal("3.5"), Decimal("3.6")]  # average 3.5 + 2 points = 5.5 %


def test_allocation_worked_example():
    allocation = allocate_results(
        surplus_cents=100_000 * EUR,
        subsidies_cents=10_000 * EUR,
        capital_cents=200_000 * EUR,
        reserves_total_cents=50_000 * EUR,
        tmo_rates=TMO,
        legal_reserve_applies=True,
    )
    assert allocation == Allocation(
        legal_reserve_min=15_000 * EUR,
        statutory_reserve_min=42_500 * EUR,
        reserves_min=57_500 * EUR,
        interest_pool_max=32_500 * EUR,
        interest_rate_cap=Decimal("5.5"),
        interest_max=11_000 * EUR,
    )


def test_legal_reserve_stops_once_reserves_reach_capital():
    allocation = allocate_results(100_000 * EUR, 0, 200_000 * EUR, 200_000 * EUR, TMO)
    assert allocation.legal_reserve_min == 0
    assert allocation.reserves_min == 50_000 * EUR


def test_no_interest_without_tmo_data():
    allocation = allocate_results(100_000 * EUR, 0, 200_000 * EUR, 0, [])
    assert allocation.interest_max == 0


def test_pool_limits_interest_when_subsidies_are_large():
    allocation = allocate_results(100_000 * EUR, 40_000 * EUR, 200_000 * EUR, 0, TMO)
    assert allocation.interest_pool_max == 2_500 * EUR
    assert allocation.interest_max == 2_500 * EUR


ALLOCATION = allocate_results(100_000 * EUR, 10_000 * EUR, 200_000 * EUR, 0, TMO)


@pytest.mark.parametrize(
    ("reserves", "interest", "expected"),
    [
        pytest.param(57_500 * EUR, 11_000 * EUR, [], id="R-RES-2 minimum reserves, max interest"),
        pytest.param(57_500 * EUR - 1, 0, ["reserves_below_minimum"], id="R-RES-2 below 57.5 %"),
        pytest.param(
            89_000 * EUR - 1,
            11_000 * EUR + 1,
            ["interest_above_maximum"],
            id="R-RES-4 above the rate cap",
        ),
    ],
)
def test_check_allocation(reserves, interest, expected):
    assert codes(check_allocation(ALLOCATION, reserves, interest)) == expected


def test_share_interest_is_pro_rata_of_paid_shares_and_time():
    interest = share_interest_per_member(
        Decimal("5.5"),
        [
            (1, 1000 * EUR, 365),  # 55.00 €
            (2, 1000 * EUR, 73),  # 1/5 of a year: 11.00 €
            (3, 333, 365),  # 18.315 cents -> 18
            (2, 500 * EUR, 146),  # 2/5 of a year on 500 €: 11.00 €, added to member 2
        ],
    )
    assert interest == {1: 5500, 2: 2200, 3: 18}


def test_share_interest_leap_year():
    assert share_interest_per_member(Decimal(10), [(1, 36_600, 183)], year_days=366) == {1: 1830}


# --- properties -------------------------------------------------------------------------------

DAY0 = date(2024, 1, 1)


@st.composite
def ledgers(draw):
    """Build a valid ledger: subscriptions, payments, transfers, withdrawals, reversals."""
    movements: list[Movement] = []
    shares: dict[int, int] = {}
    day = DAY0
    for number in range(1, draw(st.integers(1, 30)) + 1):
        day += timedelta(days=draw(st.integers(0, 40)))
        holders = sorted(m for m, n in shares.items() if n > 0)
        choice = draw(st.sampled_from(["subscribe", "pay", "transfer", "withdraw", "reverse"]))
        member = draw(st.integers(1, 6))
        if choice == "subscribe" or not holders:
            n = draw(st.integers(1, 20))
            movements.append(mv(number, T.SUBSCRIPTION, member, day, n, paid=n * NOMINAL // 4))
            shares[member] = shares.get(member, 0) + n
        elif choice == "pay":
            movements.append(Movement(number, T.PAYMENT, holders[0], day, paid_cents=NOMINAL))
        elif choice == "transfer":
            giver = draw(st.sampled_from(holders))
            n = draw(st.integers(1, shares[giver]))
            movements.append(mv(number, T.TRANSFER_OUT, giver, day, -n, 0, counterparty=member))
            movements.append(mv(-number, T.TRANSFER_IN, member, day, n, 0, counterparty=giver))
            shares[giver] -= n
            shares[member] = shares.get(member, 0) + n
        elif choice == "withdraw":
            who = draw(st.sampled_from(holders))
            n = draw(st.integers(1, shares[who]))
            movements.append(mv(number, T.PARTIAL_WITHDRAWAL, who, day, -n, paid=0))
            shares[who] -= n
        else:
            last = movements[-1]
            if last.type is T.SUBSCRIPTION and shares[last.member_id] >= last.shares_delta:
                movements.append(reversal_of(last, number, day))
                shares[last.member_id] -= last.shares_delta
    return movements


@given(ledgers(), st.integers(0, 800))
def test_capital_equals_sum_of_holdings_at_every_date(ledger, offset):
    at = DAY0 + timedelta(days=offset)
    held = holdings_at(ledger, at)
    assert capital_at(ledger, at) == sum(h.subscribed_cents for h in held.values())
    assert capital_at(ledger, at) == NOMINAL * sum(h.shares for h in held.values())
    assert all(h.shares >= 0 for h in held.values())
    for member, h in held.items():
        assert holding(ledger, member, at) == h
    assert historical_max_capital(ledger, at) >= capital_at(ledger, at)


@given(
    capital=st.integers(0, 10**9),
    withdrawn=st.integers(0, 10**9),
    statutory=st.integers(0, 10**9),
    maximum=st.integers(0, 10**9),
    form=st.sampled_from(["SA", "SARL", "SAS"]),
)
def test_withdrawal_never_breaches_the_floor_without_deferral(
    capital, withdrawn, statutory, maximum, form
):
    floor = effective_floor(statutory, max(maximum, capital), form)
    after = capital - min(withdrawn, capital)
    if withdrawal_floor_outcome(after, floor) == "accepted":
        assert after >= floor
        assert check_reduction_floor(after, floor) == []
    else:
        assert after < floor


@given(
    private=st.integers(0, 10**8),
    public=st.integers(0, 10**8),
    share_value=st.integers(1, 10**5),
    shares=st.integers(1, 10**4),
    on=st.dates(date(2010, 1, 1), date(2030, 12, 31)),
)
def test_accepted_subscription_never_puts_local_authorities_above_the_cap(
    private, public, share_value, shares, on
):
    total = private + public
    cap = la_cap_on(on)
    x = shares * share_value
    accepted = check_la_cap(total + x, public + x, on) == []
    if accepted:
        assert Fraction(public + x, total + x) <= cap
    # the computed maximum is itself accepted, and one share more is refused
    best = max_public_subscription_shares(total, public, share_value, cap)
    if best:
        assert check_la_cap(total + best * share_value, public + best * share_value, on) == []
    if Fraction(public, total or 1) <= cap:
        over = (best + 1) * share_value
        assert check_la_cap(total + over, public + over, on) != []


# --- additions for the services: payments, R-LA-5 subscription, timelines, interest periods --

from scic.capital.rules import (  # noqa: E402 - grouped with the tests that use them
    check_floor_timeline,
    check_la_cap_timeline,
    check_la_may_subscribe,
    check_payment,
    check_payment_call,
    paid_periods,
)


@pytest.mark.parametrize(
    ("amount", "unpaid", "expected"),
    [
        pytest.param(500, 500, [], id="R-CAP-4 pays the whole balance"),
        pytest.param(501, 500, ["payment_above_unpaid"], id="R-CAP-4 more than unpaid"),
        pytest.param(0, 500, ["amount_not_positive"], id="zero payment"),
    ],
)
def test_check_payment(amount, unpaid, expected):
    assert codes(check_payment(amount, unpaid)) == expected


@pytest.mark.parametrize(
    ("amount", "uncalled", "expected"),
    [
        pytest.param(300, 300, [], id="R-CAP-4 calls the rest"),
        pytest.param(301, 300, ["call_above_uncalled"], id="R-CAP-4 call above uncalled"),
        pytest.param(-1, 300, ["amount_not_positive"], id="negative call"),
    ],
)
def test_check_payment_call(amount, uncalled, expected):
    assert codes(check_payment_call(amount, uncalled)) == expected


@pytest.mark.parametrize(
    ("executory", "on", "shares", "left", "expected"),
    [
        pytest.param(
            date(2025, 1, 20), date(2025, 1, 20), 5, None, [], id="R-LA-5 enforceable that very day"
        ),
        pytest.param(
            date(2025, 1, 20),
            date(2025, 1, 19),
            5,
            None,
            ["la_deliberation_not_enforceable"],
            id="R-LA-5 the day before",
        ),
        pytest.param(
            None,
            date(2025, 1, 19),
            5,
            None,
            ["la_deliberation_not_enforceable"],
            id="R-LA-5 no executory date",
        ),
        pytest.param(
            date(2025, 1, 1),
            date(2025, 2, 1),
            11,
            10,
            ["shares_above_authorised"],
            id="R-LA-5 above the authorised shares",
        ),
        pytest.param(
            date(2025, 1, 1),
            date(2025, 2, 1),
            10,
            10,
            [],
            id="R-LA-5 exactly the authorised shares",
        ),
    ],
)
def test_check_la_may_subscribe(executory, on, shares, left, expected):
    assert (
        codes(check_la_may_subscribe(executory, on, shares=shares, authorised_left=left))
        == expected
    )


def test_la_cap_timeline_uses_the_cap_of_each_day():
    # 20 % up to and including 01/08/2014, 50 % from 02/08/2014 (R-LA-1).
    public = {9}
    before = [
        mv(1, T.SUBSCRIPTION, 1, date(2014, 8, 1), 4),
        mv(2, T.SUBSCRIPTION, 9, date(2014, 8, 1), 1),
    ]
    assert codes(check_la_cap_timeline(before, public)) == []  # exactly 20 %
    over = [*before, mv(3, T.SUBSCRIPTION, 9, date(2014, 8, 1), 1)]
    violations = check_la_cap_timeline(over, public)
    assert codes(violations) == ["la_capital_cap_exceeded"]
    assert violations[0].params["on"] == date(2014, 8, 1)
    after = [
        mv(1, T.SUBSCRIPTION, 1, date(2014, 8, 2), 4),
        mv(2, T.SUBSCRIPTION, 9, date(2014, 8, 2), 4),
    ]
    assert check_la_cap_timeline(after, public) == []  # exactly 50 % the next day


def test_la_cap_timeline_sees_a_later_breach_from_a_back_dated_entry():
    public = {9}
    ledger = [
        mv(1, T.SUBSCRIPTION, 1, date(2024, 1, 1), 10),
        mv(2, T.SUBSCRIPTION, 9, date(2024, 1, 1), 10),
        mv(3, T.FULL_WITHDRAWAL, 1, date(2024, 6, 1), -10),
    ]
    violations = check_la_cap_timeline(ledger, public, from_day=date(2024, 1, 1))
    assert [v.params["on"] for v in violations] == [date(2024, 6, 1)]


def test_floor_timeline_refuses_the_first_day_below_the_floor():
    ledger = [
        mv(1, T.SUBSCRIPTION, 1, date(2024, 1, 1), 8),
        mv(2, T.PARTIAL_WITHDRAWAL, 1, date(2024, 2, 1), -7),
    ]
    # Highest capital 800 €: quarter 200 €; 100 € left is below it (R-CAP-3).
    violations = check_floor_timeline(ledger, 0, "SAS", date(2024, 2, 1))
    assert codes(violations) == ["capital_below_floor"]
    assert violations[0].params == {
        "capital_after_cents": 100 * EUR,
        "floor_cents": 200 * EUR,
        "on": date(2024, 2, 1),
    }
    assert check_floor_timeline(ledger[:1], 0, "SAS", date(2024, 2, 1)) == []


def test_paid_periods_split_the_year_at_each_change():
    ledger = [
        mv(1, T.SUBSCRIPTION, 1, date(2023, 6, 1), 1),
        Movement(2, T.PAYMENT, 1, date(2024, 7, 1), paid_cents=0),
        mv(3, T.SUBSCRIPTION, 1, date(2024, 7, 1), 1),
        mv(4, T.SUBSCRIPTION, 2, date(2024, 12, 31), 2),
    ]
    periods = paid_periods(ledger, date(2024, 1, 1), date(2024, 12, 31))
    assert periods == [(1, NOMINAL, 182), (1, 2 * NOMINAL, 184), (2, 2 * NOMINAL, 1)]
    assert sum(days for m, _, days in periods if m == 1) == 366
