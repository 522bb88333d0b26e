"""The weight simulator: an entry or a change of colleges, before it happens (R-LA-1, R-LA-4)."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from scic.capital import services
from scic.core.db import db
from tests.html import table_rows

DAY = date(2025, 6, 30)


@pytest.fixture
def coop_with_members(make_cooperative, make_holder):
    """Colleges TRAV 50 %, USA 20 %, PUB 30 %: one employee, two users, one commune."""
    coop = make_cooperative()
    make_holder(coop, "SAL", 20)  # 1 000 €
    make_holder(coop, "USA", 10)  # 500 €
    make_holder(coop, "USA", 10)  # 500 €
    make_holder(coop, "COLL", 10)  # 500 € public
    return coop


def _prose(html: str) -> str:
    """The page's text with French number spacing (no-break spaces) as plain spaces."""
    return html.replace("\u202f", " ").replace("\xa0", " ")


def _college(coop, code):
    return next(c for c in coop.colleges if c.code == code)


def _category(coop, code):
    return next(c for c in coop.categories if c.code == code)


def test_an_entry_and_new_weights_change_every_vote_as_expected(coop_with_members):
    coop = coop_with_members
    weights = {_college(coop, "TRAV").id: Fraction(2, 5), _college(coop, "USA").id: Fraction(3, 10)}
    simulation = services.simulate_local_authority(coop, 10, DAY, _category(coop, "COLL"), weights)
    rows = {row.name: row for row in simulation.colleges}
    trav, usa, pub = rows["Travailleurs"], rows["Usagers et soutiens"], rows["Partenaires publics"]
    assert (trav.per_member_now, trav.per_member_after) == (Fraction(1, 2), Fraction(2, 5))
    assert (usa.per_member_now, usa.per_member_after) == (Fraction(1, 10), Fraction(3, 20))
    assert (pub.members_now, pub.members_after) == (1, 2)
    assert (pub.per_member_now, pub.per_member_after) == (Fraction(3, 10), Fraction(3, 20))
    assert simulation.college_violations == []
    assert simulation.weights_changed
    # 1 000 € public of 3 000 € after the entry (R-LA-1 holds).
    assert simulation.share_after == Fraction(1, 3)
    assert simulation.violations == []


def test_new_weights_are_checked_against_the_law(coop_with_members):
    coop = coop_with_members
    weights = {_college(coop, "TRAV").id: Fraction(3, 5), _college(coop, "USA").id: Fraction(1, 10)}
    simulation = services.simulate_local_authority(coop, 0, DAY, _category(coop, "USA"), weights)
    assert [v.rule for v in simulation.college_violations] == ["R-COL-2"]
    assert simulation.joining is None  # nobody joins with 0 shares
    assert [r.members_after for r in simulation.colleges] == [1, 2, 1]


def test_a_private_newcomer_lowers_the_public_share_without_the_cap(coop_with_members):
    coop = coop_with_members
    simulation = services.simulate_local_authority(coop, 30, DAY, _category(coop, "USA"))
    assert simulation.share_after == Fraction(500, 4000)
    assert simulation.violations == []


def test_any_member_may_simulate_and_reads_prose(client, auth, make_user, grant, coop_with_members):
    coop = coop_with_members
    member = make_user()
    grant(member, coop, "member")
    db.session.commit()
    auth.login_as(member)
    url = f"/c/{coop.slug}/capital/simulator"
    query = {
        "category": _category(coop, "COLL").id,
        "shares": 10,
        "weights-0": "40",
        "weights-1": "30",
        "weights-2": "30",
    }
    html = _prose(client.get(url, query_string=query).get_data(as_text=True))
    assert "Poids d’une voix dans chaque collège" in html
    # Per college: members, weight now → after, one vote now, one vote after.
    assert table_rows(html)[1:] == [
        ["Travailleurs", "1", "50,00 % → 40,00 %", "50,0000 %", "40,0000 %"],
        ["Usagers et soutiens", "2", "20,00 % → 30,00 %", "10,0000 %", "15,0000 %"],
        # The commune joins PUB: 30 % shared by two members after.
        [
            "Partenaires publics collège du nouvel associé",
            "1 → 2",
            "30,00 %",
            "30,0000 %",
            "15,0000 %",
        ],
    ]
    assert "assemblée extraordinaire" in html  # R-COL-7 reminder
    too_high = {**query, "weights-0": "60", "weights-1": "10"}
    html = client.get(url, query_string=too_high).get_data(as_text=True)
    assert "R-COL-2" in html
