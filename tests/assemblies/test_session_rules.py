"""R-AG-13, R-AG-1/§5 table tests: when a session may open (scic.assemblies.session_rules)."""

from datetime import UTC, date, datetime, timedelta

import pytest

from scic.assemblies.session_rules import check_session_opening, earliest_opening_day
from tests.violations import codes

STARTS = datetime(2026, 1, 9, 9, 0, tzinfo=UTC)  # 10:00 in Paris on 9 January


@pytest.mark.parametrize(
    ("now", "form", "call", "statutes_days", "last_sent_on", "missing", "expected"),
    [
        pytest.param(
            STARTS,
            "SA",
            1,
            None,
            date(2025, 12, 25),
            0,
            [],
            id="R-AG-13 at the convened minute, R-AG-1 SA 15 days exactly",
        ),
        pytest.param(
            STARTS,
            "SA",
            1,
            None,
            date(2025, 12, 26),
            0,
            ["session_notice_not_run"],
            id="R-AG-1 SA first call 14 days",
        ),
        pytest.param(
            STARTS,
            "SA",
            2,
            None,
            date(2025, 12, 30),
            0,
            [],
            id="R-AG-1 SA second call 10 days exactly",
        ),
        pytest.param(
            STARTS,
            "SA",
            2,
            None,
            date(2025, 12, 31),
            0,
            ["session_notice_not_run"],
            id="R-AG-1 SA second call 9 days",
        ),
        pytest.param(
            STARTS,
            "SARL",
            2,
            None,
            date(2025, 12, 30),
            0,
            ["session_notice_not_run"],
            id="R-AG-1 SARL 15 days on second call too",
        ),
        pytest.param(
            STARTS, "SAS", 1, 8, date(2026, 1, 1), 0, [], id="R-AG-1 SAS statutes 8 days exactly"
        ),
        pytest.param(
            STARTS,
            "SAS",
            1,
            8,
            date(2026, 1, 2),
            0,
            ["session_notice_not_run"],
            id="R-AG-1 SAS statutes 8 days, 7 run",
        ),
        pytest.param(
            STARTS - timedelta(minutes=1),
            "SA",
            1,
            None,
            date(2025, 12, 1),
            0,
            ["session_before_convened_time"],
            id="R-AG-13 a minute before the convened time",
        ),
        pytest.param(
            datetime(2025, 12, 7, 9, 0, tzinfo=UTC),
            "SA",
            1,
            None,
            date(2025, 12, 7),
            0,
            ["session_before_convened_time", "session_notice_not_run"],
            id="R-AG-13 R-AG-1 issue 16: opened on the day the e-mails went out",
        ),
        pytest.param(
            STARTS,
            "SA",
            1,
            None,
            None,
            0,
            ["session_no_convocation"],
            id="R-AG-1 no convocation recorded",
        ),
        pytest.param(
            STARTS,
            "SA",
            1,
            None,
            date(2025, 12, 1),
            3,
            ["session_members_not_convened"],
            id="R-AG-1 three paper letters unrecorded",
        ),
    ],
)
def test_when_a_session_may_open(now, form, call, statutes_days, last_sent_on, missing, expected):
    violations = check_session_opening(
        now,
        STARTS,
        legal_form=form,
        call_number=call,
        statutes_days=statutes_days,
        last_sent_on=last_sent_on,
        members_not_convened=missing,
    )
    assert codes(violations) == expected
    assert all(v.rule in {"R-AG-1", "R-AG-13"} for v in violations)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        pytest.param(
            datetime(2026, 1, 8, 22, 59, tzinfo=UTC),
            ["session_notice_not_run"],
            id="R-AG-1 23:59 in Paris on the notice period's last day",
        ),
        pytest.param(
            datetime(2026, 1, 8, 23, 0, tzinfo=UTC),
            [],
            id="R-AG-1 midnight in Paris, the first day after the notice",
        ),
    ],
)
def test_the_notice_period_ends_at_midnight_in_paris(now, expected):
    # Convened at that very minute (R-AG-13 holds): only the notice period decides.
    found = check_session_opening(now, now, legal_form="SA", last_sent_on=date(2025, 12, 25))
    assert codes(found) == expected


def test_the_notice_period_counts_paris_days():
    # 23:30 UTC on 8 January is already 9 January in Paris: the 15 days have run.
    late_evening = datetime(2026, 1, 8, 23, 30, tzinfo=UTC)
    early = datetime(2026, 1, 8, 22, 30, tzinfo=UTC)
    kwargs = {"legal_form": "SA", "last_sent_on": date(2025, 12, 25)}
    assert check_session_opening(late_evening, late_evening, **kwargs) == []
    assert codes(check_session_opening(early, early, **kwargs)) == ["session_notice_not_run"]


def test_earliest_opening_day_and_its_params():
    assert earliest_opening_day(date(2026, 3, 1), 15) == date(2026, 3, 16)
    (violation,) = check_session_opening(
        STARTS, STARTS, legal_form="SA", last_sent_on=date(2026, 1, 2)
    )
    assert violation.params == {
        "last_sent_on": date(2026, 1, 2),
        "delay_days": 15,
        "earliest": date(2026, 1, 17),
    }


def test_naive_times_are_refused():
    naive = datetime(2026, 1, 9, 9, 0)  # noqa: DTZ001 - the naive value is the point
    with pytest.raises(ValueError, match="timezone-aware"):
        check_session_opening(naive, STARTS, legal_form="SA", last_sent_on=date(2025, 12, 1))
