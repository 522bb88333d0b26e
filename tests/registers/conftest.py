"""Fixtures of the registers tests: a cooperative with seven members, and an assembly held."""

from __future__ import annotations

from datetime import date

import pytest

from scic.core.db import db
from tests.registers.assembly_papers import hold


@pytest.fixture
def people(make_user, make_cooperative, grant, voting_member, voting_authority, ledger_builder):
    """A cooperative (TRAV 50 %, USA 20 %, PUB 30 %) with seven members holding shares."""
    cooperative = make_cooperative()
    secretary = make_user()
    grant(secretary, cooperative, "secretary")
    alice_user = make_user()
    grant(alice_user, cooperative, "member")
    members = {
        "alice": voting_member(cooperative, "SAL", name="Martin Alice", user=alice_user),
        "bruno": voting_member(cooperative, "SAL", name="Bruno"),
        "carla": voting_member(cooperative, "SAL", name="Carla"),
        "dan": voting_member(cooperative, "USA", name="Dan"),
        "eve": voting_member(cooperative, "USA", name="Eve"),
        "fred": voting_member(cooperative, "USA", name="Fred"),
        "commune": voting_authority(cooperative),
    }
    members["alice"].address = "3 rue des Lilas, 24290 Montignac"
    build = ledger_builder(cooperative)
    for key, shares in (
        ("alice", 4),
        ("bruno", 2),
        ("carla", 3),
        ("dan", 1),
        ("eve", 5),
        ("fred", 1),
        ("commune", 20),
    ):
        build.movement(members[key], "subscription", date(2024, 1, 10), shares, paid_shares=shares)
    db.session.flush()
    return cooperative, secretary, alice_user, members


@pytest.fixture
def held(people, make_assembly):
    return hold(people, make_assembly)
