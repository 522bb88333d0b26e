"""Table tests of the registers' pure rules: who the minutes name for a local authority."""

import pytest

from scic.registers.rules import MandateHolder, representative_who_took_part

MAIN = MandateHolder(1, 10, "Jeanne Maire", "main")
ALTERNATE = MandateHolder(2, 20, "Luc Adjoint", "alternate")
NO_ACCOUNT = MandateHolder(3, None, "Marie Sansclé", "main")


@pytest.mark.parametrize(
    ("holders", "voters", "names", "expected"),
    [
        pytest.param(
            (MAIN, ALTERNATE), {20}, [], (ALTERNATE, "voted"), id="R-LA-5 alternate voted"
        ),
        pytest.param(
            (MAIN, ALTERNATE),
            {99},
            ["  luc   ADJOINT "],
            (ALTERNATE, "recorded"),
            id="R-LA-5 a recorded name matches a holder, case and spaces aside",
        ),
        pytest.param(
            (MAIN, ALTERNATE),
            set(),
            ["Le maire"],
            (MAIN, "designated"),
            id="R-LA-5 free text naming nobody in force: the main holder, unconfirmed",
        ),
        pytest.param(
            (ALTERNATE,), set(), [], (ALTERNATE, "designated"), id="R-LA-5 only an alternate"
        ),
        pytest.param(
            (NO_ACCOUNT,), {None}, ["Marie Sansclé"], (NO_ACCOUNT, "recorded"), id="no account"
        ),
        pytest.param((), {10}, ["Jeanne Maire"], (None, ""), id="R-LA-5 no mandate that day"),
    ],
)
def test_the_minutes_name_a_representative_in_force(holders, voters, names, expected):
    found = representative_who_took_part(holders, voter_user_ids=voters, recorded_names=names)
    assert found == expected
