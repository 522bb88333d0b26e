"""Correcting entries of the attendance sheet: what they may say, and until when (R-AG-13)."""

from __future__ import annotations

import pytest

from scic.assemblies.attendance_rules import CorrectionReason, check_attendance_correction
from scic.assemblies.rules import PresenceMode

P = PresenceMode
R = CorrectionReason


@pytest.mark.parametrize(
    ("current", "new", "reason", "closed", "codes"),
    [
        pytest.param(P.PRESENT, P.ABSENT, R.ERROR, False, [], id="R-AG-13 present by error"),
        pytest.param(P.PRESENT, P.ABSENT, R.DEPARTURE, False, [], id="R-AG-13 departure"),
        pytest.param(P.DEEMED_PRESENT, P.ABSENT, R.DEPARTURE, False, [], id="R-AG-13 remote"),
        pytest.param(P.ABSENT, P.PRESENT, R.RETURN, False, [], id="R-AG-13 return"),
        pytest.param(P.ABSENT, P.REPRESENTED, R.ERROR, False, [], id="R-AG-13 wrong mode"),
        pytest.param(
            P.PRESENT,
            P.ABSENT,
            R.ERROR,
            True,
            ["attendance_correction_after_close"],
            id="R-AG-13 refused once the session is closed",
        ),
        pytest.param(
            None, P.PRESENT, R.ERROR, False, ["attendance_correction_without_line"], id="no line"
        ),
        pytest.param(
            P.PRESENT, P.PRESENT, R.ERROR, False, ["attendance_correction_unchanged"], id="same"
        ),
        pytest.param(
            P.REPRESENTED,
            P.ABSENT,
            R.DEPARTURE,
            False,
            ["attendance_departure_not_present"],
            id="a represented member does not leave the room",
        ),
        pytest.param(
            P.PRESENT,
            P.DEEMED_PRESENT,
            R.DEPARTURE,
            False,
            ["attendance_departure_not_present"],
            id="a departure makes the member absent",
        ),
        pytest.param(
            P.PRESENT,
            P.DEEMED_PRESENT,
            R.RETURN,
            False,
            ["attendance_return_not_absent"],
            id="a return follows an absence",
        ),
        pytest.param(
            P.ABSENT,
            P.CORRESPONDENCE,
            R.RETURN,
            False,
            ["attendance_return_not_absent"],
            id="a returning member is present again",
        ),
    ],
)
def test_attendance_corrections(current, new, reason, closed, codes):
    found = check_attendance_correction(
        current=current, new=new, reason=reason, session_closed=closed
    )
    assert [v.code for v in found] == codes
    assert all(v.rule == "R-AG-13" for v in found if v.code.endswith("after_close"))
