"""Sessions that end everywhere, links built on BASE_URL, and requests for other hosts refused."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

import pytest
from flask import current_app, g

from scic import create_app
from scic.auth import services
from scic.core.db import db
from tests.conftest import app_config, csrf_token_from
from tests.fixtures.factories import PASSWORD


@pytest.fixture
def user(make_user):
    user = make_user("ana@example.org")
    db.session.commit()
    return user


def _token(client, path: str) -> str:
    # The fixture's app context outlives the requests, and Flask-WTF caches the token in ``g``:
    # drop it so that each client gets the token of its own session.
    g.pop("csrf_token", None)
    return csrf_token_from(client.get(path).get_data(as_text=True))


def _login(client, email_address="ana@example.org", password=PASSWORD, remember=False):
    token = _token(client, "/login")
    data = {"email": email_address, "password": password, "csrf_token": token}
    if remember:
        data["remember"] = "y"
    return client.post("/login", data=data)


def _logout(client):
    token = _token(client, "/account/password")
    return client.post("/logout", data={"csrf_token": token})


def _signed_in(client) -> bool:
    return client.get("/account/password").status_code == 200


def _outbox() -> list:
    folder = Path(current_app.instance_path) / "outbox"
    return [
        email.message_from_bytes(p.read_bytes(), policy=email.policy.default)
        for p in sorted(folder.glob("*.eml"))
    ]


# --- Sessions ---------------------------------------------------------------------------------


def test_signing_out_ends_the_sessions_on_every_other_device(app, user):
    phone, laptop = app.test_client(), app.test_client()
    assert _login(phone).status_code == 303
    assert _login(laptop).status_code == 303
    assert _signed_in(phone)
    assert _signed_in(laptop)
    assert _logout(phone).status_code == 303
    assert not _signed_in(laptop)


def test_a_password_change_ends_other_sessions_but_keeps_this_one(app, user):
    here, elsewhere = app.test_client(), app.test_client()
    _login(here)
    _login(elsewhere)
    token = _token(here, "/account/password")
    response = here.post(
        "/account/password",
        data={
            "current": PASSWORD,
            "password": "a brand new password",
            "confirm": "a brand new password",
            "csrf_token": token,
        },
    )
    assert response.status_code == 303
    assert _signed_in(here)
    assert not _signed_in(elsewhere)


def test_the_remember_cookie_changes_at_each_login_and_dies_at_logout(app, user):
    first = app.test_client()
    _login(first, remember=True)
    cookie_one = first.get_cookie("remember_token")
    second = app.test_client()
    _login(second, remember=True)
    cookie_two = second.get_cookie("remember_token")
    assert cookie_one is not None
    assert cookie_two is not None
    assert cookie_one.value != cookie_two.value
    # A client holding only the remember-me cookie is signed in by it…
    stolen = app.test_client()
    stolen.set_cookie("remember_token", cookie_two.value)
    assert _signed_in(stolen)
    # …until the account signs out anywhere.
    _logout(first)
    replayed = app.test_client()
    replayed.set_cookie("remember_token", cookie_two.value)
    assert not _signed_in(replayed)


def test_a_session_id_of_an_older_version_is_refused(app, user):
    old = user.get_id()
    services.end_sessions(user)
    db.session.commit()
    assert services.user_of_session(old) is None
    assert services.user_of_session(user.get_id()) == user
    assert services.user_of_session(str(user.id)) is None  # sessions from before versions


# --- Hosts and links --------------------------------------------------------------------------


def test_a_reset_requested_for_another_host_is_refused_and_mails_nothing(client, user):
    token = csrf_token_from(client.get("/password-reset").get_data(as_text=True))
    response = client.post(
        "/password-reset",
        data={"email": user.email, "csrf_token": token},
        headers={"Host": "attacker.example"},
    )
    assert response.status_code == 400
    assert _outbox() == []


def test_reset_links_are_built_on_base_url_whatever_the_request_host(tmp_path):
    app = create_app(
        app_config(
            tmp_path,
            BASE_URL="https://coop.example/scic",
            TRUSTED_HOSTS=["coop.example", "alias.example"],
        )
    )
    from tests.conftest import empty_database, reset_database

    with app.app_context():
        reset_database()
        try:
            services.create_user("ana@example.org", password=PASSWORD)
            db.session.commit()
            client = app.test_client()
            page = client.get("/password-reset", headers={"Host": "alias.example"})
            token = csrf_token_from(page.get_data(as_text=True))
            response = client.post(
                "/password-reset",
                data={"email": "ana@example.org", "csrf_token": token},
                headers={"Host": "alias.example"},
            )
            assert response.status_code == 303
            (message,) = _outbox()
            body = message.get_content()
            assert "https://coop.example/scic/reset/" in body
            assert "alias.example" not in body
        finally:
            empty_database()


def test_trusted_hosts_default_to_the_host_of_base_url_in_production(tmp_path):
    app = create_app(
        app_config(
            tmp_path,
            TESTING=False,
            SECRET_KEY="s" * 32,
            CHAIN_KEY="c" * 32,
            BASE_URL="https://coop.example",
        )
    )
    assert app.config["TRUSTED_HOSTS"] == ["coop.example"]


def test_proxy_count_reads_the_client_address_from_the_proxy(tmp_path):
    app = create_app(app_config(tmp_path, PROXY_COUNT=1))

    @app.get("/_test_remote_addr")
    def remote_addr():
        from flask import request

        return request.remote_addr or ""

    response = app.test_client().get(
        "/_test_remote_addr", headers={"X-Forwarded-For": "203.0.113.9"}
    )
    assert response.get_data(as_text=True) == "203.0.113.9"


def test_no_link_is_built_from_the_request_host():
    """``url_for(..., _external=True)`` follows the Host header: only scic.core.links builds
    absolute links, from BASE_URL."""
    root = Path(__file__).resolve().parents[2] / "scic"
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if path.name != "links.py"
        and ("_external=True" in (text := path.read_text(encoding="utf-8")) or "url_root" in text)
    ]
    assert offenders == []
