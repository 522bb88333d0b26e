"""R-AG-10 table tests: written consultation (scic.assemblies.consultation_rules)."""

from datetime import date

import pytest

from scic.assemblies.consultation_rules import (
    answer_deadline,
    check_answer,
    check_close,
    check_consultation_allowed,
    turnout,
)
from tests.violations import codes

SENT = date(2026, 3, 1)
DEADLINE = date(2026, 3, 16)


@pytest.mark.parametrize(
    ("form", "allowed", "expected"),
    [
        pytest.param("SARL", True, [], id="R-AG-10 SARL with a clause"),
        pytest.param("SAS", True, [], id="R-AG-10 SAS with a clause"),
        pytest.param("SARL", False, ["consultation_not_in_statutes"], id="R-AG-10 no clause"),
        pytest.param("SA", True, ["consultation_not_for_sa"], id="R-AG-10 never in an SA"),
    ],
)
def test_who_may_consult_in_writing(form, allowed, expected):
    assert codes(check_consultation_allowed(form, allowed)) == expected


@pytest.mark.parametrize(
    ("statutes_days", "expected"),
    [
        pytest.param(None, DEADLINE, id="R-AG-10 15 days"),
        pytest.param(10, DEADLINE, id="R-AG-10 statutes cannot shorten"),
        pytest.param(20, date(2026, 3, 21), id="R-AG-10 statutes may lengthen"),
    ],
)
def test_answer_deadline(statutes_days, expected):
    assert answer_deadline(SENT, statutes_days) == expected


@pytest.mark.parametrize(
    ("received", "sent", "expected"),
    [
        pytest.param(DEADLINE, SENT, [], id="R-AG-10 on the last day"),
        pytest.param(date(2026, 3, 17), SENT, ["consultation_answer_late"], id="R-AG-10 day after"),
        pytest.param(SENT, SENT, [], id="R-AG-10 on the sending day"),
        pytest.param(
            date(2026, 2, 28), SENT, ["consultation_not_sent"], id="R-AG-10 before sending"
        ),
        pytest.param(SENT, None, ["consultation_not_sent"], id="R-AG-10 never sent"),
    ],
)
def test_answers_within_the_delay(received, sent, expected):
    assert codes(check_answer(received, sent_on=sent, deadline=DEADLINE)) == expected


@pytest.mark.parametrize(
    ("today", "answered", "members", "expected"),
    [
        pytest.param(DEADLINE, 3, 10, ["consultation_still_running"], id="R-AG-10 last day"),
        pytest.param(date(2026, 3, 17), 3, 10, [], id="R-AG-10 the day after the deadline"),
        pytest.param(date(2026, 3, 5), 10, 10, [], id="R-AG-10 everybody answered"),
    ],
)
def test_when_the_result_may_be_produced(today, answered, members, expected):
    assert codes(check_close(today, deadline=DEADLINE, answered=answered, members=members)) == (
        expected
    )


def test_a_non_answer_counts_as_not_voting():
    assert turnout(10, 3).not_voting == 7
    with pytest.raises(ValueError, match="between 0 and the number of members"):
        turnout(10, 11)
