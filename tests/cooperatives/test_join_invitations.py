"""Adding an existing account to a cooperative sends an invitation that its owner accepts:
no silent attach, and the page never tells whether the address already has an account."""

from __future__ import annotations

import re

import pytest
from flask import g
from sqlalchemy import select

from scic.cooperatives.models import Grant
from scic.core.db import db
from tests.conftest import csrf_token_from


def _token(client, path: str) -> str:
    g.pop("csrf_token", None)  # one token per client (the fixture's app context is shared)
    return csrf_token_from(client.get(path).get_data(as_text=True))


def _invite(client, slug, email, role="member"):
    token = _token(client, f"/c/{slug}/people")
    return client.post(
        f"/c/{slug}/people",
        data={"email": email, "role": role, "full_name": "", "csrf_token": token},
        follow_redirects=True,
    )


def _signed_in(app, user):
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
    return client


@pytest.fixture
def setting(app, secretary, make_user, make_cooperative, grant):
    secretary_user, cooperative = secretary
    bob = make_user("bob@example.org")  # has an account, in another cooperative
    grant(bob, make_cooperative(), "member")
    db.session.commit()
    return cooperative, _signed_in(app, secretary_user), bob


def _grants(user, cooperative):
    return db.session.scalars(
        select(Grant.role).where(Grant.user_id == user.id, Grant.cooperative_id == cooperative.id)
    ).all()


def test_an_existing_account_is_invited_not_attached(app, setting, outbox):
    cooperative, secretary, bob = setting
    page = _invite(secretary, cooperative.slug, "Bob@example.org").get_data(as_text=True)
    assert "Une invitation a été envoyée à bob@example.org." in page
    assert _grants(bob, cooperative) == []
    (message,) = outbox()
    assert message["To"] == "bob@example.org"
    assert re.search(r"http://127\.0\.0\.1:5000/join/\S+", message.get_content())


def test_the_answer_is_the_same_for_a_new_and_an_existing_address(app, setting):
    cooperative, secretary, _bob = setting
    existing = _invite(secretary, cooperative.slug, "bob@example.org")
    new = _invite(secretary, cooperative.slug, "nobody-yet@example.org")
    assert existing.status_code == new.status_code == 200

    def flashes(response):
        text = response.get_data(as_text=True)
        return re.sub(
            r"\S+@example\.org",
            "ADDRESS",
            " ".join(re.findall(r'class="flash[^>]*>([^<]*)<', text)),
        )

    assert flashes(existing) == flashes(new)


def test_the_owner_accepts_and_gets_the_role(app, setting, outbox):
    cooperative, secretary, bob = setting
    _invite(secretary, cooperative.slug, "bob@example.org", role="auditor")
    link = re.search(r"http://127\.0\.0\.1:5000(/join/\S+)", outbox()[0].get_content()).group(1)
    client = _signed_in(app, bob)
    assert client.get(f"/c/{cooperative.slug}/").status_code == 404  # not a member yet
    page = client.get(link)
    assert page.status_code == 200
    assert cooperative.name in page.get_data(as_text=True)
    response = client.post(link, data={"csrf_token": _token(client, link)})
    assert response.status_code == 303
    assert _grants(bob, cooperative) == ["auditor"]
    assert client.get(f"/c/{cooperative.slug}/").status_code == 200


def test_someone_else_cannot_use_the_invitation(app, setting, outbox, make_user):
    cooperative, secretary, bob = setting
    _invite(secretary, cooperative.slug, "bob@example.org")
    link = re.search(r"http://127\.0\.0\.1:5000(/join/\S+)", outbox()[0].get_content()).group(1)
    eve = make_user("eve@example.org")
    db.session.commit()
    client = _signed_in(app, eve)
    assert client.get(link).status_code == 400
    assert (
        client.post(link, data={"csrf_token": _token(client, "/account/password")}).status_code
        == 400
    )
    assert _grants(eve, cooperative) == []
    assert _grants(bob, cooperative) == []


def test_signing_in_is_required_to_accept(app, setting, outbox):
    cooperative, secretary, _bob = setting
    _invite(secretary, cooperative.slug, "bob@example.org")
    link = re.search(r"http://127\.0\.0\.1:5000(/join/\S+)", outbox()[0].get_content()).group(1)
    response = app.test_client().get(link)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
