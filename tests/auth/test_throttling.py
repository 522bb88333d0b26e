"""Login throttling: failed attempts per address and per account, in the shared store."""

from __future__ import annotations

import pytest
from flask import g

from scic import create_app
from scic.auth import services
from scic.core.db import db
from scic.core.extensions import limiter
from tests.conftest import app_config, csrf_token_from, empty_database, reset_database
from tests.fixtures.factories import PASSWORD

OFFICE = {"REMOTE_ADDR": "203.0.113.7"}  # one address for a whole office (NAT)


@pytest.fixture
def throttled(tmp_path):
    app = create_app(
        app_config(
            tmp_path,
            RATELIMIT_ENABLED=True,
            RATELIMIT_LOGIN="8 per minute",
            RATELIMIT_LOGIN_ACCOUNT="3 per minute",
        )
    )
    with app.app_context():
        reset_database()
        limiter.reset()
        services.create_user("ana@example.org", password=PASSWORD)
        services.create_user("bob@example.org", password=PASSWORD)
        db.session.commit()
        yield app
        limiter.reset()
        empty_database()


def attempt(app, email, password, environ=OFFICE) -> int:
    client = app.test_client()
    g.pop("csrf_token", None)
    token = csrf_token_from(client.get("/login", environ_base=environ).get_data(as_text=True))
    return client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": token},
        environ_base=environ,
    ).status_code


def test_a_guesser_is_stopped_per_account_and_a_colleague_still_signs_in(throttled):
    assert [attempt(throttled, "ana@example.org", "guess") for _ in range(3)] == [401] * 3
    # The account is throttled, from this address and from any other.
    assert attempt(throttled, "ANA@example.org", "guess") == 429
    assert attempt(throttled, "ana@example.org", "guess", {"REMOTE_ADDR": "198.51.100.4"}) == 429
    # Refused attempts are not counted against the address: Bob, behind the same NAT, signs in.
    for _ in range(10):
        attempt(throttled, "ana@example.org", "guess")
    assert attempt(throttled, "bob@example.org", PASSWORD) == 303


def test_successful_sign_ins_never_use_up_the_allowance(throttled):
    assert [attempt(throttled, "bob@example.org", PASSWORD) for _ in range(10)] == [303] * 10


def test_guessing_many_accounts_from_one_address_reaches_the_address_limit(throttled):
    statuses = [attempt(throttled, f"user{i}@example.org", "guess") for i in range(9)]
    assert statuses == [401] * 8 + [429]
