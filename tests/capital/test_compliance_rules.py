"""Capital compliance checks: R-LA-1 (cap, passive breach, nearly reached), R-CAP-3, R-LA-2."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

import pytest

from scic.capital.rules.compliance import (
    check_advance_terms,
    check_deferred_withdrawals,
    check_floor,
    check_la_cap,
    is_la_cap_nearly_reached,
)
from scic.core.violations import CheckStatus

ON = date(2025, 6, 30)


@pytest.mark.parametrize(
    ("total", "public", "on", "code", "status"),
    [
        pytest.param(0, 0, ON, "la_cap_ok", CheckStatus.PASS, id="R-LA-1 empty ledger"),
        pytest.param(100_000, 0, ON, "la_cap_ok", CheckStatus.PASS, id="R-LA-1 no authority"),
        pytest.param(100_000, 50_000, ON, "la_cap_nearly_reached", CheckStatus.WARNING,
                     id="R-LA-1 exactly 1/2 is allowed, nothing left"),
        pytest.param(100_000, 50_001, ON, "la_passive_breach", CheckStatus.FAIL,
                     id="R-LA-1 one cent over 1/2"),
        pytest.param(40_000, 19_000, ON, "la_cap_ok", CheckStatus.PASS,
                     id="R-LA-1 room exactly 1/20 of the capital"),
        pytest.param(40_000, 19_001, ON, "la_cap_nearly_reached", CheckStatus.WARNING,
                     id="R-LA-1 room just under 1/20 of the capital"),
        pytest.param(100, 21, date(2014, 8, 1), "la_passive_breach", CheckStatus.FAIL,
                     id="R-LA-1 20 % cap on 1 August 2014"),
        pytest.param(100, 21, date(2014, 8, 2), "la_cap_ok", CheckStatus.PASS,
                     id="R-LA-1 50 % cap from 2 August 2014"),
    ],
)  # fmt: skip
def test_la_cap(total, public, on, code, status):
    check = check_la_cap(total, public, on)
    assert (check.rule, check.code, check.status) == ("R-LA-1", code, status)


def test_la_cap_figures_are_data():
    check = check_la_cap(40_000, 19_001, ON)
    assert check.params == {
        "public_cents": 19_001,
        "capital_cents": 40_000,
        "share": Fraction(19_001, 40_000),
        "cap": Fraction(1, 2),
        "max_cents": 1_998,
    }
    assert check.action == "la_cap_nearly_reached_action"


@pytest.mark.parametrize(
    ("total", "public", "nearly"),
    [
        pytest.param(40_000, 19_000, False, id="R-LA-1 room = 1/20"),
        pytest.param(40_000, 19_001, True, id="R-LA-1 room < 1/20"),
        pytest.param(40_000, 0, False, id="R-LA-1 no authority holds capital"),
    ],
)
def test_nearly_reached_threshold(total, public, nearly):
    assert is_la_cap_nearly_reached(total, public, Fraction(1, 2)) is nearly


@pytest.mark.parametrize(
    ("capital", "floor", "code", "status"),
    [
        pytest.param(50_000, 50_000, "capital_above_floor", CheckStatus.PASS, id="R-CAP-3 at"),
        pytest.param(49_999, 50_000, "capital_under_floor", CheckStatus.FAIL, id="R-CAP-3 under"),
    ],
)
def test_floor(capital, floor, code, status):
    check = check_floor(capital, floor, 20_000, 200_000)
    assert (check.rule, check.code, check.status) == ("R-CAP-3", code, status)
    assert check.params["highest_cents"] == 200_000


def test_deferred_withdrawals_warn_only_when_some_wait():
    assert check_deferred_withdrawals(0) == []
    [check] = check_deferred_withdrawals(2)
    assert (check.rule, check.status, check.params) == (
        "R-CAP-3",
        CheckStatus.WARNING,
        {"count": 2},
    )


@pytest.mark.parametrize(
    ("days_to_term", "expected"),
    [
        pytest.param(61, [("advances_ok", CheckStatus.PASS, None)], id="R-LA-2 61 days: quiet"),
        pytest.param(60, [("advance_term_near", CheckStatus.WARNING, "Commune")],
                     id="R-LA-2 60 days: alert"),
        pytest.param(0, [("advance_term_near", CheckStatus.WARNING, "Commune")],
                     id="R-LA-2 term today: still in time"),
        pytest.param(-1, [("advance_term_passed", CheckStatus.FAIL, "Commune")],
                     id="R-LA-2 term passed"),
    ],
)  # fmt: skip
def test_advance_terms(days_to_term, expected):
    checks = check_advance_terms([("Commune", ON + timedelta(days=days_to_term))], ON)
    assert [(c.code, c.status, c.subject) for c in checks] == expected
    assert {c.rule for c in checks} == {"R-LA-2"}


def test_no_advance_passes():
    assert [c.code for c in check_advance_terms([], ON)] == ["advances_ok"]
