"""Access control across cooperatives: nothing of cooperative B is reachable from A."""

import re

import pytest

from scic.core.db import db

#: Cooperative URLs anyone may open (the public application form): not behind a role.
PUBLIC_ENDPOINTS = {"members.apply"}


def cooperative_rules(app):
    """Every cooperative URL rule with the methods it answers (HEAD/OPTIONS aside)."""
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/c/<slug>") and rule.endpoint not in PUBLIC_ENDPOINTS:
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield rule, method


def build(rule, slug: str) -> str:
    """Fill the URL's variables: the slug, and 1 for every object id."""
    url = rule.rule.replace("<slug>", slug)
    url = re.sub(r"<int:[a-z_]+>", "1", url)
    return re.sub(r"<(?:[a-z]+:)?[a-z_]+>", "x", url)


@pytest.fixture
def two_cooperatives(make_user, make_cooperative, grant):
    coop_a, coop_b = make_cooperative(), make_cooperative()
    secretary_a = make_user()
    grant(secretary_a, coop_a, "secretary")
    for role in ("admin", "secretary", "auditor", "member"):
        grant(make_user(), coop_b, role)
    db.session.commit()
    return secretary_a, coop_a, coop_b


def test_secretary_of_a_gets_404_on_every_page_of_b(app, client, auth, no_csrf, two_cooperatives):
    secretary_a, coop_a, coop_b = two_cooperatives
    auth.login_as(secretary_a)
    rules = list(cooperative_rules(app))
    assert len(rules) >= 2
    for rule, method in rules:
        url = build(rule, coop_b.slug)
        response = client.open(url, method=method)
        assert response.status_code == 404, f"{method} {url} answered {response.status_code}"
    # The same pages of their own cooperative open (the check above is not vacuous).
    assert client.get(f"/c/{coop_a.slug}/").status_code == 200


def test_anonymous_users_are_sent_to_login(app, client, two_cooperatives):
    _, _, coop_b = two_cooperatives
    for rule, method in cooperative_rules(app):
        if method != "GET":
            continue
        response = client.get(build(rule, coop_b.slug))
        assert response.status_code == 302, rule.rule
        assert response.headers["Location"].startswith("/login")


def test_unknown_cooperative_is_404(client, auth, two_cooperatives):
    secretary_a, _, _ = two_cooperatives
    auth.login_as(secretary_a)
    assert client.get("/c/does-not-exist/").status_code == 404
