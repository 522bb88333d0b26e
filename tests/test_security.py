"""CSRF on every state-changing route and security headers."""

import pytest


def state_changing_rules(app):
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods & {"POST", "PUT", "PATCH", "DELETE"}):
            yield rule, method


def test_every_post_route_requires_a_csrf_token(app, client, secretary, auth):
    import re

    user, cooperative = secretary
    auth.login_as(user)
    rules = list(state_changing_rules(app))
    assert rules, "no state-changing route found"
    for rule, method in rules:
        url = rule.rule.replace("<slug>", cooperative.slug)
        url = re.sub(r"<int:[a-z_]+>", "1", url)
        url = re.sub(r"<(?:[a-z]+:)?[a-z_]+>", "x", url)
        response = client.open(url, method=method, data={})
        assert response.status_code == 400, f"{method} {url}: {response.status_code}"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "same-origin"),
        ("X-Frame-Options", "DENY"),
    ],
)
def test_security_headers(client, header, expected):
    assert client.get("/login").headers[header] == expected


def test_content_security_policy_forbids_inline_script_and_framing(client):
    policy = client.get("/login").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_templates_have_no_inline_script_or_style():
    from pathlib import Path

    import scic

    for path in (Path(scic.__file__).parent / "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "<script>" not in text, path
        assert "onclick=" not in text, path
        assert " style=" not in text, path


def test_request_id_is_returned(client):
    assert len(client.get("/login").headers["X-Request-Id"]) >= 16


def test_a_nul_character_in_a_field_is_a_bad_request(client):
    response = client.post("/login", data={"email": "a\x00@example.org", "password": "x"})
    assert response.status_code == 400
    assert client.get("/login?next=%00").status_code == 400
