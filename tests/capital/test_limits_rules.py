"""Limits moved out of the views and services into rules: R-LA-5 authorised shares, R-EXIT-3."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from scic.capital.rules import (
    Movement,
    MovementType,
    authorised_shares_left,
    reimbursement_alert_due,
)

T = MovementType
DAY = date(2025, 3, 1)


def mv(number: int, type_: MovementType, shares: int) -> Movement:
    return Movement(number=number, type=type_, member_id=7, effective_on=DAY, shares_delta=shares)


@pytest.mark.parametrize(
    ("authorised", "movements", "left"),
    [
        pytest.param([], [], None, id="R-LA-5 no deliberation sets a number"),
        pytest.param([None], [mv(1, T.SUBSCRIPTION, 5)], None, id="R-LA-5 no number recorded"),
        pytest.param([20], [], 20, id="R-LA-5 nothing subscribed yet"),
        pytest.param([20], [mv(1, T.SUBSCRIPTION, 20)], 0, id="R-LA-5 exactly used up"),
        pytest.param([20], [mv(1, T.SUBSCRIPTION, 25)], 0, id="R-LA-5 never negative"),
        pytest.param(
            [20, None, 10],
            [mv(1, T.SUBSCRIPTION, 5), mv(2, T.ADVANCE_CONVERSION, 4)],
            21,
            id="R-LA-5 deliberations add up, conversions count",
        ),
        pytest.param(
            [20],
            [mv(1, T.SUBSCRIPTION, 5), mv(2, T.PARTIAL_WITHDRAWAL, -5), mv(3, T.PAYMENT, 0)],
            15,
            id="R-LA-5 a withdrawal gives no authorisation back",
        ),
    ],
)
def test_authorised_shares_left(authorised, movements, left):
    assert authorised_shares_left(authorised, movements) == left


@pytest.mark.parametrize(
    ("due_in_days", "alert"),
    [
        pytest.param(91, False, id="R-EXIT-3 due in 91 days: not yet"),
        pytest.param(90, True, id="R-EXIT-3 due in 90 days: listed"),
        pytest.param(-3, True, id="R-EXIT-3 late: listed"),
    ],
)
def test_reimbursement_alert(due_in_days, alert):
    assert reimbursement_alert_due(DAY + timedelta(days=due_in_days), DAY) is alert


def test_reimbursement_without_a_due_date_is_not_listed():
    assert reimbursement_alert_due(None, DAY) is False
