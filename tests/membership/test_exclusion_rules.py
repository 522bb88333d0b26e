"""R-EXCL-1, R-EXCL-3, R-CAP-4 table tests (scic.membership.exclusion_rules)."""

from datetime import date

import pytest

from scic.membership.exclusion_rules import (
    ExclusionDecision,
    automatic_exclusion_on,
    check_automatic_exclusion,
    check_exclusion,
    check_exclusion_procedure,
)
from tests.violations import codes

AG = date(2026, 6, 20)


def decision(**kw):
    values = {
        "resolution_adopted": True,
        "at_amending_majority": True,
        "notified_on": date(2026, 5, 1),
        "heard_on": date(2026, 5, 15),
        "assembly_on": AG,
        "effective_on": AG,
    }
    return ExclusionDecision(**{**values, **kw})


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        pytest.param(decision(), [], id="R-EXCL-1 adopted, notified, heard"),
        pytest.param(
            decision(resolution_adopted=None, assembly_on=None),
            ["exclusion_without_resolution"],
            id="R-EXCL-1 no resolution",
        ),
        pytest.param(
            decision(resolution_adopted=False),
            ["exclusion_resolution_not_adopted"],
            id="R-EXCL-1 resolution rejected",
        ),
        pytest.param(
            decision(at_amending_majority=False),
            ["exclusion_majority_too_low"],
            id="R-EXCL-1 ordinary majority",
        ),
        pytest.param(
            decision(notified_on=None), ["exclusion_not_notified"], id="R-EXCL-1 never notified"
        ),
        pytest.param(decision(heard_on=None), ["exclusion_not_heard"], id="R-EXCL-1 never heard"),
        pytest.param(
            decision(heard_on=date(2026, 4, 30)),
            ["exclusion_heard_before_notice"],
            id="R-EXCL-1 heard the day before the notice",
        ),
        pytest.param(
            decision(heard_on=date(2026, 5, 1)), [], id="R-EXCL-1 heard on the notice's day"
        ),
        pytest.param(decision(heard_on=AG), [], id="R-EXCL-1 heard at the assembly"),
        pytest.param(
            decision(heard_on=date(2026, 6, 21)),
            ["exclusion_procedure_after_assembly"],
            id="R-EXCL-1 heard the day after the assembly",
        ),
        pytest.param(
            decision(effective_on=date(2026, 6, 19)),
            ["exclusion_before_assembly"],
            id="R-EXCL-1 exit the day before the assembly",
        ),
    ],
)
def test_exclusion_by_the_assembly(facts, expected):
    violations = check_exclusion(facts)
    assert codes(violations) == expected
    assert all(v.rule == "R-EXCL-1" for v in violations)


@pytest.mark.parametrize(
    ("sent", "expected"),
    [
        pytest.param(date(2026, 1, 15), date(2026, 4, 15), id="R-EXCL-3 three months"),
        pytest.param(date(2025, 11, 30), date(2026, 2, 28), id="R-EXCL-3 month end"),
        pytest.param(date(2027, 11, 30), date(2028, 2, 29), id="R-EXCL-3 leap year"),
    ],
)
def test_automatic_exclusion_day(sent, expected):
    assert automatic_exclusion_on(sent) == expected


@pytest.mark.parametrize(
    ("today", "sent", "registered", "outstanding", "expected"),
    [
        pytest.param(date(2026, 4, 15), date(2026, 1, 15), True, 5000, [], id="R-EXCL-3 day due"),
        pytest.param(
            date(2026, 4, 14),
            date(2026, 1, 15),
            True,
            5000,
            ["unpaid_call_notice_running"],
            id="R-EXCL-3 the day before",
        ),
        pytest.param(
            date(2026, 5, 1),
            date(2026, 1, 15),
            False,
            5000,
            ["unpaid_call_no_registered_notice"],
            id="R-CAP-4 ordinary letter",
        ),
        pytest.param(
            date(2026, 5, 1),
            None,
            True,
            5000,
            ["unpaid_call_no_registered_notice"],
            id="R-CAP-4 no notice",
        ),
        pytest.param(
            date(2026, 5, 1), date(2026, 1, 15), True, 0, ["unpaid_call_paid"], id="R-EXCL-3 paid"
        ),
    ],
)
def test_automatic_exclusion_for_an_unpaid_call(today, sent, registered, outstanding, expected):
    violations = check_automatic_exclusion(
        today, notice_sent_on=sent, registered_letter=registered, outstanding_cents=outstanding
    )
    assert codes(violations) == expected


@pytest.mark.parametrize(
    ("notified_on", "heard_on", "complete", "expected"),
    [
        pytest.param(None, None, False, [], id="R-EXCL-1 draft: procedure not started"),
        pytest.param(
            None,
            None,
            True,
            ["exclusion_not_notified", "exclusion_not_heard"],
            id="R-EXCL-1 vote: neither notice nor hearing",
        ),
        pytest.param(date(2026, 5, 1), None, False, [], id="R-EXCL-1 draft: notified only"),
        pytest.param(
            date(2026, 5, 1),
            None,
            True,
            ["exclusion_not_heard"],
            id="R-EXCL-1 vote: notified, not heard",
        ),
        pytest.param(
            date(2026, 5, 2),
            date(2026, 5, 1),
            False,
            ["exclusion_heard_before_notice"],
            id="R-EXCL-1 heard the day before the notice",
        ),
        pytest.param(AG, AG, True, [], id="R-EXCL-1 notified and heard on the assembly's day"),
        pytest.param(
            date(2026, 6, 21),
            None,
            False,
            ["exclusion_procedure_after_assembly"],
            id="R-EXCL-1 notified the day after the assembly",
        ),
    ],
)
def test_exclusion_procedure(notified_on, heard_on, complete, expected):
    found = check_exclusion_procedure(notified_on, heard_on, AG, complete=complete)
    assert codes(found) == expected
    assert all(v.rule == "R-EXCL-1" for v in found)
