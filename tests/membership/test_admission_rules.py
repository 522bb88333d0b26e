"""Admission with at least the category's minimum of shares (DOMAIN §6.1 step 2, §8 #12)."""

import pytest

from scic.membership.admission_rules import check_admission_shares


@pytest.mark.parametrize(
    ("shares", "min_shares", "refused"),
    [
        pytest.param(0, 1, True, id="§8 #12 zero shares refused"),
        pytest.param(1, 1, False, id="§8 #12 exactly the default minimum"),
        pytest.param(1, 2, True, id="§8 #12 one below the category's minimum"),
        pytest.param(2, 2, False, id="§8 #12 exactly the category's minimum"),
        pytest.param(0, 0, True, id="§8 #12 a minimum of 0 in the statutes still means one"),
        pytest.param(-3, 1, True, id="§8 #12 negative shares refused"),
    ],
)
def test_check_admission_shares(shares, min_shares, refused):
    violations = check_admission_shares(shares, min_shares, "Salariés")
    assert bool(violations) is refused
    if refused:
        (violation,) = violations
        assert violation.code == "admission_below_min_shares"
        assert violation.subject == "shares"
        assert violation.params == {
            "shares": shares,
            "min_shares": max(1, min_shares),
            "category": "Salariés",
        }
