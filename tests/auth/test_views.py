"""Sign in, sign out, passwords, invitations and resets."""

import email
import email.policy
import re

import pytest

from scic.auth import services
from scic.core.db import db
from tests.conftest import csrf_token_from
from tests.fixtures.factories import PASSWORD


@pytest.fixture
def user(make_user):
    user = make_user("ana@example.org")
    db.session.commit()
    return user


def test_login_page_is_french_by_default(client):
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="fr">' in page
    assert "Se connecter" in page


def test_login_then_logout(client, auth, user):
    response = auth.login("ANA@example.org", PASSWORD)
    assert response.status_code == 303
    assert client.get("/").status_code in (200, 302)
    assert auth.logout().status_code == 303
    assert client.get("/").status_code == 302  # back to the login page


@pytest.mark.parametrize("email", ["ana@example.org", "nobody@example.org"])
def test_wrong_credentials_give_one_generic_error(client, auth, user, email):
    response = auth.login(email, "wrong password!")
    assert response.status_code == 401
    text = response.get_data(as_text=True)
    assert "Adresse e-mail ou mot de passe incorrect." in text


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"]
)
def test_no_open_redirect_after_login(client, user, target):
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    response = client.post(
        f"/login?next={target}",
        data={"email": user.email, "password": PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/"


def test_local_next_is_followed(client, user):
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login?next=/account/password",
        data={"email": user.email, "password": PASSWORD, "csrf_token": token},
    )
    assert response.headers["Location"] == "/account/password"


def test_password_is_hashed(user):
    assert PASSWORD not in user.password_hash
    assert user.password_hash.startswith("pbkdf2:")


def test_change_password(client, auth, user):
    auth.login(user.email)
    page = client.get("/account/password").get_data(as_text=True)
    response = client.post(
        "/account/password",
        data={
            "csrf_token": csrf_token_from(page),
            "current": PASSWORD,
            "password": "a brand new secret",
            "confirm": "a brand new secret",
        },
    )
    assert response.status_code == 303
    assert services.authenticate(user.email, "a brand new secret") is not None
    assert services.authenticate(user.email, PASSWORD) is None


def test_invitation_sets_password_once(app, client, make_user):
    invited = services.create_user("new@example.org")
    db.session.commit()
    token = services.make_token(invited, "invite")
    page = client.get(f"/invitation/{token}")
    assert page.status_code == 200
    response = client.post(
        f"/invitation/{token}",
        data={
            "csrf_token": csrf_token_from(page.get_data(as_text=True)),
            "password": "my own password",
            "confirm": "my own password",
        },
    )
    assert response.status_code == 303
    assert services.authenticate("new@example.org", "my own password") is not None
    # Single use: the same link no longer works.
    assert client.get(f"/invitation/{token}").status_code == 400


def test_forged_or_expired_invitation_changes_nothing(app, client):
    invited = services.create_user("new@example.org")
    db.session.commit()
    forged = services.make_token(invited, "invite")[:-3] + "abc"
    response = client.get(f"/invitation/{forged}")
    assert response.status_code == 400
    assert "Lien" in response.get_data(as_text=True)
    app.config["INVITATION_MAX_AGE"] = -1
    assert client.get(f"/invitation/{services.make_token(invited, 'invite')}").status_code == 400
    assert db.session.get(type(invited), invited.id).password_hash == ""


def test_reset_link_is_mailed_only_to_existing_accounts(app, client, user, tmp_path):
    outbox = tmp_path / "instance" / "outbox"
    for address in (user.email, "ghost@example.org"):
        page = client.get("/password-reset").get_data(as_text=True)
        response = client.post(
            "/password-reset", data={"email": address, "csrf_token": csrf_token_from(page)}
        )
        assert response.status_code == 303
    mails = list(outbox.glob("*.eml"))
    assert len(mails) == 1
    message = email.message_from_bytes(mails[0].read_bytes(), policy=email.policy.default)
    assert message["To"] == "ana@example.org"
    body = message.get_content()
    link = re.search(r"http://[^\s]+/reset/\S+", body).group(0)
    assert client.get(link.split("localhost", 1)[-1]).status_code == 200


def test_language_choice_is_remembered_on_the_account(client, auth, user):
    auth.login(user.email)
    page = client.get("/account/password").get_data(as_text=True)
    client.post(
        "/language",
        data={"locale": "en", "csrf_token": csrf_token_from(page), "next": "/account/password"},
    )
    assert db.session.get(type(user), user.id).locale == "en"
    assert "Change my password" in client.get("/account/password").get_data(as_text=True)


def test_login_is_throttled(tmp_path):
    from scic import create_app
    from tests.conftest import app_config, empty_database, reset_database

    app = create_app(
        app_config(tmp_path / "limited", RATELIMIT_ENABLED=True, RATELIMIT_LOGIN="10 per minute")
    )
    with app.app_context():
        reset_database()
        client = app.test_client()
        # Another account each time: the per-account limit (tests/auth/test_throttling.py)
        # stays out of the way of the per-address one.
        statuses = [auth_status(client, f"someone{i}@example.org") for i in range(12)]
        empty_database()
    assert statuses[:10] == [401] * 10
    assert statuses[10:] == [429, 429]


def auth_status(client, email):
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    return client.post(
        "/login", data={"email": email, "password": "bad password!", "csrf_token": token}
    ).status_code
