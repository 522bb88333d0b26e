"""Fifty simultaneous submissions of the same member's ballot record exactly one.

SQLite: a file database shared by the threads (BEGIN IMMEDIATE serialises writers).
PostgreSQL (SCIC_TEST_DATABASE_URL): the cooperative row lock and the unique constraint.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from scic import create_app
from scic.core.db import db
from scic.voting import services
from scic.voting.models import Ballot, SecretParticipation, SecretUrnBox
from tests.conftest import ON_POSTGRES, app_config, empty_database, reset_database

THREADS = 50


@pytest.fixture
def app(tmp_path):
    """The app on a database the threads share: a file for SQLite, the test server otherwise."""
    overrides = {
        "WTF_CSRF_ENABLED": False,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": 10, "max_overflow": 45, "pool_timeout": 120},
    }
    if not ON_POSTGRES:
        overrides["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path}/race.db"
    app = create_app(app_config(tmp_path, **overrides))
    with app.app_context():
        reset_database()
        yield app
        empty_database()


def storm(app, url: str, data: dict, token: str) -> list[int]:
    """Each thread opens the voting link in its own client, then all post at once."""
    barrier = threading.Barrier(THREADS)
    statuses: list[int] = []
    errors: list[BaseException] = []

    def worker():
        try:
            client = app.test_client()
            assert client.get(f"/vote/{token}").status_code == 302
            barrier.wait(timeout=60)
            statuses.append(client.post(url, data=data).status_code)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors[:3]
    return statuses


@pytest.mark.parametrize("secret", [False, True], ids=["open ballot", "secret ballot"])
def test_fifty_concurrent_ballots_record_exactly_one(
    app, scenario, voting_resolution, secret, frozen_clock
):
    from tests.fixtures.voting import NOW

    frozen_clock(NOW)
    resolution = voting_resolution(scenario.assembly, secret=secret)
    member = scenario.trav[0]
    token = services.make_voting_token(scenario.assembly, member)
    data = {"resolution": resolution.id, "member": member.id, "choice": "for", "confirmed": "1"}
    db.session.commit()
    db.session.close()  # the test thread must not hold SQLite's write lock during the storm
    statuses = storm(app, "/vote/", data, token)
    assert len(statuses) == THREADS
    assert set(statuses) == {303}  # a receipt, or the clear "already voted" message; no 500
    db.session.expire_all()
    if secret:
        assert db.session.scalar(select(func.count()).select_from(SecretParticipation)) == 1
        assert db.session.scalar(select(func.count()).select_from(SecretUrnBox)) == 1
    else:
        assert db.session.scalar(select(func.count()).select_from(Ballot)) == 1


def test_the_loser_of_a_race_is_told_it_already_voted(
    app, scenario, voting_resolution, frozen_clock
):
    from tests.fixtures.voting import NOW

    frozen_clock(NOW)
    resolution = voting_resolution(scenario.assembly)
    member = scenario.trav[0]
    token = services.make_voting_token(scenario.assembly, member)
    data = {"resolution": resolution.id, "member": member.id, "choice": "for", "confirmed": "1"}
    db.session.commit()
    db.session.close()
    client = app.test_client()
    client.get(f"/vote/{token}")
    with client.session_transaction() as session:
        session["locale"] = "en"
    assert client.post("/vote/", data=data).status_code == 303
    again = client.post("/vote/", data=data, follow_redirects=True)
    assert again.status_code == 200
    assert "already been recorded" in again.get_data(as_text=True)
