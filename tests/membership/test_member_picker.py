"""The searchable member picker (issue 18 item 3): a text search without JavaScript, a JSON
search for the suggestions, and a subscription opened from the member's page."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from scic.capital.models import ShareMovement
from scic.core.db import db
from scic.membership.member_search import search_members, typed_number
from tests.conftest import csrf_token_from


@pytest.fixture
def office(client, auth, secretary, make_holder):
    user, coop = secretary
    members = [make_holder(coop, "USA", 1) for _ in range(3)]
    members[0].name, members[0].sort_name = "Dupont", "dupont alex"
    members[1].name, members[1].sort_name = "Dupond", "dupond alex"
    members[2].name, members[2].sort_name = "Martin", "martin alex"
    db.session.commit()
    auth.login_as(user)
    with client.session_transaction() as session:
        session["locale"] = "en"
    return coop, members


def _movements(coop) -> int:
    return db.session.scalar(
        select(func.count(ShareMovement.id)).where(ShareMovement.cooperative_id == coop.id)
    )


def _error(html: str) -> str:
    found = re.search(r'<p class="field-error" id="member-error">(.*?)</p>', html, re.S)
    assert found, "no error next to the member"
    return found.group(1).strip()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", 12),
        ("12 · Dupont Alex", 12),
        ("n° 7", 7),
        ("Dupont", None),
        ("12b", None),
        ("", None),
    ],
)
def test_typed_number(text, expected):
    assert typed_number(text) == expected


def test_search_by_number_name_and_status(office, make_cooperative):
    coop, (dupont, dupond, martin) = office
    assert [m.id for m in search_members(coop, "dup")] == [dupond.id, dupont.id]
    assert [m.id for m in search_members(coop, "ALEX mart")] == [martin.id]
    assert [m.label for m in search_members(coop, str(martin.number))] == [
        f"{martin.number} · Martin Alex"
    ]
    assert search_members(coop, "dup", statuses=["exited"]) == []
    assert search_members(make_cooperative(), "dup") == []  # another cooperative's register


def test_the_suggestions_endpoint(client, office):
    coop, (dupont, dupond, _martin) = office
    response = client.get(f"/c/{coop.slug}/members/search.json?q=dup&status=active")
    assert response.status_code == 200
    assert response.json == [
        {"id": dupond.id, "label": f"{dupond.number} · Dupond Alex"},
        {"id": dupont.id, "label": f"{dupont.number} · Dupont Alex"},
    ]
    assert client.get(f"/c/{coop.slug}/members/search.json?q=dup&status=exited").json == []


def test_a_subscription_picks_the_member_by_typing(client, office):
    coop, (dupont, dupond, _martin) = office
    url = f"/c/{coop.slug}/capital/subscribe"
    data = {
        "csrf_token": csrf_token_from(client.get(url).get_data(as_text=True)),
        "member_text": "dup",
        "shares": "2",
        "paid": "100.00",
        "on": "2025-02-01",
        "confirm": "y",
    }
    before = _movements(coop)
    response = client.post(url, data=data)
    assert response.status_code == 400
    assert _error(response.get_data(as_text=True)) == (
        f"Several members match “dup”: {dupond.number} · Dupond Alex, "
        f"{dupont.number} · Dupont Alex. Type the number."
    )
    response = client.post(url, data={**data, "member_text": "zorro"})
    assert _error(response.get_data(as_text=True)) == (
        "No member matches “zorro”: type the number or part of the name."
    )
    assert _movements(coop) == before
    response = client.post(url, data={**data, "member_text": "dupont"})
    assert response.status_code == 303
    latest = db.session.scalar(select(ShareMovement).order_by(ShareMovement.id.desc()).limit(1))
    assert (latest.member_id, latest.shares_delta) == (dupont.id, 2)


def test_a_subscription_from_the_member_page(client, office):
    coop, (_dupont, dupond, _martin) = office
    page = client.get(f"/c/{coop.slug}/members/{dupond.id}").get_data(as_text=True)
    link = f"/c/{coop.slug}/capital/subscribe?member={dupond.id}"
    assert f'href="{link}"' in page
    form = client.get(link).get_data(as_text=True)
    assert f'value="{dupond.number} · Dupond Alex"' in form  # the member is already chosen
    assert f'name="member" type="hidden" value="{dupond.id}"' in form
    response = client.post(
        link,
        data={
            "csrf_token": csrf_token_from(form),
            "member": dupond.id,
            "member_text": f"{dupond.number} · Dupond Alex",
            "shares": "3",
            "paid": "150.00",
            "on": "2025-02-01",
            "confirm": "y",
        },
    )
    assert response.status_code == 303
    latest = db.session.scalar(select(ShareMovement).order_by(ShareMovement.id.desc()).limit(1))
    assert (latest.member_id, latest.shares_delta) == (dupond.id, 3)


def test_an_id_of_another_cooperative_is_never_taken(client, office, make_cooperative):
    coop, (dupont, _dupond, _martin) = office
    url = f"/c/{coop.slug}/capital/subscribe"
    response = client.post(
        url,
        data={
            "csrf_token": csrf_token_from(client.get(url).get_data(as_text=True)),
            "member": dupont.id + 10_000,
            "member_text": "",
            "shares": "2",
            "paid": "100.00",
            "on": "2025-02-01",
            "confirm": "y",
        },
    )
    assert response.status_code == 400
    assert _error(response.get_data(as_text=True)) == "Type the member's number or name."
