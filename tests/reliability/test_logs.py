"""Structured request logs: one JSON line per request with its id; no personal data, no secret,
no query string, tokens in paths masked."""

from __future__ import annotations

import json
import logging

import pytest

from scic.core.db import db
from scic.core.logs import safe_path
from tests.conftest import csrf_token_from
from tests.reliability.dataset import PASSWORD, build_cooperative

SECRETS = ("alice.journal@example.org", "s3cr3t-Passw0rd", "tok-ABCDEF123456")


@pytest.fixture
def logs(caplog):
    caplog.set_level(logging.DEBUG)

    def read() -> str:
        return "\n".join(record.getMessage() for record in caplog.records)

    return read


def request_lines(caplog) -> list[dict]:
    return [json.loads(r.getMessage()) for r in caplog.records if r.name == "scic.requests"]


def test_each_request_gives_one_json_line_with_its_id(client, caplog, logs):
    response = client.get("/login", headers={"X-Request-Id": "trace-42"})
    [line] = request_lines(caplog)
    assert line["request_id"] == "trace-42" == response.headers["X-Request-Id"]
    assert (line["method"], line["path"], line["status"]) == ("GET", "/login", 200)
    assert isinstance(line["ms"], float)
    assert line["user_id"] is None


def test_no_email_password_or_query_string_reaches_the_logs(app, client, caplog, logs):
    email, password, token = SECRETS
    token_page = client.get("/login")
    csrf = csrf_token_from(token_page.get_data(as_text=True))
    client.post(
        f"/login?next=/c/x/&email={email}",
        data={"email": email, "password": password, "csrf_token": csrf},
    )
    client.post("/password-reset", data={"email": email, "csrf_token": csrf})
    client.get(f"/members?q={email}&token={token}")
    for path in (f"/vote/{token}", f"/invitation/{token}", f"/reset/{token}"):
        client.get(path)
    client.get(f"/vote/verify/{token}")
    text = logs()
    for secret in SECRETS:
        assert secret not in text, secret
    assert "?" not in "".join(line["path"] for line in request_lines(caplog))
    paths = {line["path"] for line in request_lines(caplog)}
    assert {"/vote/***", "/invitation/***", "/reset/***"} <= paths


def test_signed_in_requests_log_the_user_id_not_the_person(app, client, auth, caplog, logs):
    from scic.auth.models import User

    seeded = build_cooperative(app, "journal")
    user = db.session.get(User, seeded.users["secretary"])
    caplog.clear()
    auth.login(user.email, PASSWORD)
    client.get(f"/c/journal/members/{seeded.ids['member_id']}")
    client.get(f"/c/journal/members/{seeded.ids['member_id']}/personal-data.json")
    text = logs()
    assert user.email not in text
    assert "Martin" not in text  # the member's name
    assert "alice.journal@example.org" not in text
    assert any(line["user_id"] == user.id for line in request_lines(caplog))


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/vote/abc.def", "/vote/***"),
        ("/vote/verify/abc.def", "/vote/verify/***"),
        ("/invitation/abc", "/invitation/***"),
        ("/reset/abc/", "/reset/***/"),
        ("/c/coop/members/12", "/c/coop/members/12"),
    ],
)
def test_tokens_in_paths_are_masked(path, expected):
    assert safe_path(path) == expected
