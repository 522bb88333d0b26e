"""Integers that no column can hold, in any query parameter, are a 400 (never a 500)."""

from __future__ import annotations

import pytest

from scic.core.db import db
from scic.core.security import out_of_range


@pytest.mark.parametrize(
    ("value", "refused"),
    [
        pytest.param("2147483647", False, id="largest INTEGER"),
        pytest.param("2147483648", True, id="one more"),
        pytest.param("-2147483648", False, id="negative within range"),
        pytest.param("99999999999999999999999", True, id="huge"),
        pytest.param("0000000000012", False, id="leading zeros"),
        pytest.param("9" * 5000, True, id="thousands of digits"),
        pytest.param("Dupont 2147483648", False, id="text with a number"),
        pytest.param("+33612345678", True, id="digits only, too large"),
        pytest.param("", False, id="empty"),
    ],
)
def test_out_of_range(value, refused):
    assert out_of_range(value) is refused


@pytest.fixture
def signed_in(secretary, auth):
    user, cooperative = secretary
    db.session.commit()
    auth.login_as(user)
    return cooperative


HUGE = "99999999999999999999"


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("/c/{slug}/members", "q"),
        ("/c/{slug}/members", "page"),
        ("/c/{slug}/registers/audit", "actor"),
        ("/c/{slug}/registers/audit", "page"),
        ("/c/{slug}/registers/audit", "target_id"),
        ("/c/{slug}/capital/journal", "page"),
        ("/c/{slug}/capital/journal", "member"),
        ("/c/{slug}/members", "anything"),
        ("/account/password", "x"),
    ],
)
def test_a_huge_integer_in_a_query_parameter_is_a_bad_request(client, signed_in, path, parameter):
    url = path.format(slug=signed_in.slug)
    assert client.get(url).status_code == 200
    assert client.get(f"{url}?{parameter}={HUGE}").status_code == 400
    assert client.get(f"{url}?{parameter}=-{HUGE}").status_code == 400
