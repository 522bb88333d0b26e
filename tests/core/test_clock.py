"""The one clock: the legal date is the day in Paris, the instant is aware UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from scic.core import clock


@pytest.mark.parametrize(
    ("instant", "legal_day"),
    [
        pytest.param(datetime(2026, 1, 1, 22, 59, tzinfo=UTC), date(2026, 1, 1), id="winter 23:59"),
        pytest.param(datetime(2026, 1, 1, 23, 0, tzinfo=UTC), date(2026, 1, 2), id="winter 00:00"),
        pytest.param(datetime(2026, 7, 1, 21, 59, tzinfo=UTC), date(2026, 7, 1), id="summer 23:59"),
        pytest.param(datetime(2026, 7, 1, 22, 0, tzinfo=UTC), date(2026, 7, 2), id="summer 00:00"),
        pytest.param(
            datetime(2025, 12, 31, 23, 30, tzinfo=UTC), date(2026, 1, 1), id="new year in Paris"
        ),
        pytest.param(
            datetime(2026, 3, 29, 0, 30, tzinfo=timezone(timedelta(hours=-5))),
            date(2026, 3, 29),
            id="any aware zone",
        ),
    ],
)
def test_today_is_the_day_in_paris(frozen_clock, instant, legal_day):
    frozen_clock(instant)
    assert clock.today() == legal_day
    assert clock.legal_date(instant) == legal_day


def test_now_is_aware_utc(frozen_clock):
    frozen_clock(datetime(2026, 7, 2, 0, 30, tzinfo=clock.PARIS))
    assert clock.now() == datetime(2026, 7, 1, 22, 30, tzinfo=UTC)
    assert clock.now().utcoffset() == timedelta(0)


def test_unfrozen_clock_follows_the_system():
    before = datetime.now(UTC)
    instant = clock.now()
    assert before <= instant <= datetime.now(UTC)
    assert instant.tzinfo is not None
    assert clock.today() == instant.astimezone(clock.PARIS).date()


def test_frozen_restores_the_previous_source():
    with clock.frozen(datetime(2020, 2, 29, 12, tzinfo=UTC)):
        assert clock.today() == date(2020, 2, 29)
        with clock.frozen(datetime(2021, 3, 1, 12, tzinfo=UTC)):
            assert clock.today() == date(2021, 3, 1)
        assert clock.today() == date(2020, 2, 29)
    assert clock.today() != date(2020, 2, 29)


NAIVE = datetime(2026, 1, 1, 12)  # noqa: DTZ001 - a naive value is what these tests refuse


def test_legal_date_refuses_a_naive_datetime():
    with pytest.raises(ValueError, match="aware"):
        clock.legal_date(NAIVE)


def test_freezing_refuses_a_naive_datetime():
    with pytest.raises(ValueError, match="aware"), clock.frozen(NAIVE):
        pass
