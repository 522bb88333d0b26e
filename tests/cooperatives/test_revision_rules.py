"""R-REV-1: the révision coopérative at least every five years, counted from the right date."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from scic.cooperatives.rules import (
    check_revision,
    revision_alert,
    revision_due_date,
    revision_start,
)
from scic.core.violations import CheckStatus


@pytest.mark.parametrize(
    ("last", "cycle", "due"),
    [
        pytest.param(date(2021, 5, 10), 5, date(2026, 5, 10), id="R-REV-1 five years"),
        pytest.param(date(2021, 5, 10), 3, date(2024, 5, 10), id="R-REV-1 shorter cycle"),
        pytest.param(date(2021, 5, 10), 7, date(2026, 5, 10), id="R-REV-1 never beyond five"),
        pytest.param(date(2021, 5, 10), 0, date(2022, 5, 10), id="R-REV-1 never below one"),
        pytest.param(date(2024, 2, 29), 5, date(2029, 2, 28), id="R-REV-1 29 Feb"),
    ],
)
def test_revision_due_date(last, cycle, due):
    assert revision_due_date(last, cycle) == due


@pytest.mark.parametrize(
    ("days_before_due", "alert"),
    [
        pytest.param(181, False, id="R-REV-1 181 days before: quiet"),
        pytest.param(180, True, id="R-REV-1 180 days before: alert"),
        pytest.param(-1, True, id="R-REV-1 overdue: alert"),
    ],
)
def test_revision_alert(days_before_due, alert):
    due = date(2026, 5, 10)
    assert revision_alert(due - timedelta(days=days_before_due), due) is alert


@pytest.mark.parametrize(
    ("last", "founded", "at", "start"),
    [
        pytest.param(date(2022, 3, 1), date(2015, 1, 1), date(2025, 1, 1), date(2022, 3, 1),
                     id="R-REV-1 last révision recorded"),
        pytest.param(None, date(2015, 1, 1), date(2025, 1, 1), date(2015, 1, 1),
                     id="R-REV-1 none recorded: the cooperative's start"),
        pytest.param(date(2022, 3, 1), date(2015, 1, 1), date(2021, 1, 1), date(2015, 1, 1),
                     id="R-REV-1 a révision after the date does not count yet"),
        pytest.param(date(2022, 3, 1), date(2015, 1, 1), date(2022, 3, 1), date(2022, 3, 1),
                     id="R-REV-1 a révision on the date counts"),
    ],
)  # fmt: skip
def test_revision_start(last, founded, at, start):
    assert revision_start(last, founded, at) == start


AT = date(2025, 6, 1)


@pytest.mark.parametrize(
    ("last", "founded", "code", "status"),
    [
        pytest.param(date(2020, 6, 1), None, "revision_due_soon", CheckStatus.WARNING,
                     id="R-REV-1 due today warns"),
        pytest.param(date(2020, 5, 31), None, "revision_overdue", CheckStatus.FAIL,
                     id="R-REV-1 one day late fails"),
        pytest.param(date(2020, 11, 28), None, "revision_due_soon", CheckStatus.WARNING,
                     id="R-REV-1 due in 180 days warns"),
        pytest.param(date(2020, 11, 29), None, "revision_ok", CheckStatus.PASS,
                     id="R-REV-1 due in 181 days passes"),
        pytest.param(None, date(2015, 3, 1), "revision_overdue_none_recorded", CheckStatus.FAIL,
                     id="R-REV-1 imported 2015 cooperative, none recorded: overdue since 2020"),
        pytest.param(None, date(2024, 1, 1), "revision_ok_none_recorded", CheckStatus.PASS,
                     id="R-REV-1 young cooperative, none recorded"),
    ],
)  # fmt: skip
def test_check_revision(last, founded, code, status):
    check = check_revision(last, founded or date(2010, 1, 1), 5, AT)
    assert (check.rule, check.code, check.status) == ("R-REV-1", code, status)
    assert (check.action is None) is (status is CheckStatus.PASS)


def test_check_revision_gives_its_figures_as_dates():
    check = check_revision(None, date(2015, 3, 1), 5, AT)
    assert check.params == {"due_on": date(2020, 3, 1), "last_on": date(2015, 3, 1), "years": 5}
