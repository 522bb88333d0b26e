"""One way to add months and years, and one fiscal year (scic.core.periods)."""

from datetime import date

import pytest

from scic.core import periods


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        pytest.param(date(2025, 1, 15), 1, date(2025, 2, 15), id="same day number"),
        pytest.param(date(2025, 1, 31), 1, date(2025, 2, 28), id="31 Jan to 28 Feb"),
        pytest.param(date(2024, 1, 31), 1, date(2024, 2, 29), id="31 Jan to 29 Feb (leap)"),
        pytest.param(date(2025, 2, 28), 1, date(2025, 3, 28), id="28 Feb is not a month-end term"),
        pytest.param(date(2025, 4, 30), 1, date(2025, 5, 30), id="30 Apr to 30 May"),
        pytest.param(date(2024, 12, 31), 6, date(2025, 6, 30), id="31 Dec + 6 to 30 Jun"),
        pytest.param(date(2024, 8, 31), 6, date(2025, 2, 28), id="31 Aug + 6 to 28 Feb"),
        pytest.param(date(2024, 11, 30), 3, date(2025, 2, 28), id="across the year"),
        pytest.param(date(2025, 3, 31), -1, date(2025, 2, 28), id="backwards"),
        pytest.param(date(2024, 2, 29), 12, date(2025, 2, 28), id="29 Feb + 12 to 28 Feb"),
        pytest.param(date(2024, 2, 29), 48, date(2028, 2, 29), id="29 Feb + 48 to 29 Feb"),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_last_one(day, months, expected):
    assert periods.add_months(day, months) == expected


@pytest.mark.parametrize(
    ("day", "years", "expected"),
    [
        pytest.param(date(2024, 2, 29), 5, date(2029, 2, 28), id="29 Feb to 28 Feb"),
        pytest.param(date(2023, 2, 28), 1, date(2024, 2, 28), id="28 Feb stays 28 Feb"),
        pytest.param(date(2023, 12, 31), 5, date(2028, 12, 31), id="31 Dec"),
    ],
)
def test_add_years(day, years, expected):
    assert periods.add_years(day, years) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param(date(2024, 12, 31), date(2025, 6, 30), id="31 Dec to 30 Jun"),
        pytest.param(date(2024, 6, 30), date(2024, 12, 31), id="30 Jun to 31 Dec"),
        pytest.param(date(2024, 8, 31), date(2025, 2, 28), id="31 Aug to 28 Feb"),
        pytest.param(date(2023, 8, 31), date(2024, 2, 29), id="31 Aug to 29 Feb (leap)"),
        pytest.param(date(2024, 3, 15), date(2024, 9, 15), id="mid-month"),
    ],
)
def test_end_of_six_months_after(day, expected):
    assert periods.end_of_months_after(day, 6) == expected


@pytest.mark.parametrize(
    ("on", "month", "day", "after", "before"),
    [
        pytest.param(
            date(2025, 3, 1), 12, 31, date(2025, 12, 31), date(2024, 12, 31), id="calendar year"
        ),
        pytest.param(
            date(2025, 12, 31), 12, 31, date(2025, 12, 31), date(2025, 12, 31), id="closing day"
        ),
        pytest.param(
            date(2025, 9, 1), 6, 30, date(2026, 6, 30), date(2025, 6, 30), id="June year-end"
        ),
        pytest.param(
            date(2025, 3, 1), 2, 29, date(2026, 2, 28), date(2025, 2, 28), id="29 Feb closing"
        ),
        pytest.param(
            date(2024, 3, 1), 2, 29, date(2025, 2, 28), date(2024, 2, 29), id="29 Feb, leap"
        ),
    ],
)
def test_fiscal_year_ends(on, month, day, after, before):
    assert periods.fiscal_year_end_on_or_after(on, month, day) == after
    assert periods.fiscal_year_end_on_or_before(on, month, day) == before


def test_fiscal_year_bounds_follow_each_other():
    assert periods.fiscal_year_bounds(2025, 2, 29) == (date(2024, 3, 1), date(2025, 2, 28))
    assert periods.fiscal_year_bounds(2024, 6, 30) == (date(2023, 7, 1), date(2024, 6, 30))


@pytest.mark.parametrize(
    ("series", "kept"),
    [
        pytest.param([], [], id="empty"),
        pytest.param(
            [(date(2025, 1, 3), 1), (date(2025, 1, 31), 2), (date(2025, 2, 1), 3)],
            [(date(2025, 1, 31), 2), (date(2025, 2, 1), 3)],
            id="last day of each month",
        ),
        pytest.param(
            [(date(2024, 3, 5), 1), (date(2025, 3, 6), 2)],
            [(date(2024, 3, 5), 1), (date(2025, 3, 6), 2)],
            id="same month, another year",
        ),
    ],
)
def test_last_of_each_month(series, kept):
    assert periods.last_of_each_month(series) == kept
