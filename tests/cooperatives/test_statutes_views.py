"""Statutes pages: reading (readers), editing (admin, R-COL-7), creating (superuser only)."""

from __future__ import annotations

import json
from copy import deepcopy
from datetime import date
from fractions import Fraction

import pytest
from sqlalchemy import select

from scic.cooperatives.models import Cooperative
from scic.core import clock
from scic.core.db import db
from tests.fixtures.factories import STATUTES
from tests.fixtures.statutes import form_data
from tests.html import row

EN = {"Accept-Language": "en"}


@pytest.fixture
def admin(make_user, make_cooperative, grant):
    cooperative = make_cooperative()
    user = make_user()
    grant(user, cooperative, "admin")
    db.session.commit()
    return user, cooperative


def weights(cooperative_id: int, on: date) -> dict[str, Fraction]:
    db.session.expire_all()
    cooperative = db.session.get(Cooperative, cooperative_id)
    return {c.code: c.weight_on(on) for c in cooperative.colleges}


def test_readers_see_categories_colleges_and_rules(client, auth, secretary):
    user, coop = secretary
    auth.login_as(user)
    html = client.get(f"/c/{coop.slug}/statutes", headers=EN).get_data(as_text=True)
    assert row(html, "COLL") == ["Collectivités", "Local authorities", "10", "PUB"]
    assert row(html, "TRAV") == ["Travailleurs", "50.00% · since the creation"]
    assert row(html, "Extraordinary") == ["1/4", "1/5", "Two thirds"]
    assert "<dt>Tally method</dt><dd>Proportional</dd>" in html
    assert "/statutes/edit" not in html  # only the admin edits


def test_a_secretary_cannot_open_the_edit_form(client, auth, secretary):
    user, coop = secretary
    auth.login_as(user)
    assert client.get(f"/c/{coop.slug}/statutes/edit").status_code == 404


def test_the_admin_opens_the_edit_form(client, auth, admin):
    admin_user, admin_coop = admin
    auth.login_as(admin_user)
    html = client.get(f"/c/{admin_coop.slug}/statutes/edit").get_data(as_text=True)
    assert 'name="colleges-0-weight"' in html
    assert 'value="50"' in html


def test_admin_saves_identity_and_rules(client, auth, admin, no_csrf):
    user, coop = admin
    auth.login_as(user)
    response = client.post(
        f"/c/{coop.slug}/statutes/edit",
        data=form_data(
            coop, name="Coop renommée", share_value="20.00", ordinary_quorum_first="1/4"
        ),
    )
    assert response.status_code == 303
    db.session.expire_all()
    coop = db.session.get(Cooperative, coop.id)
    assert (coop.name, coop.share_value_cents) == ("Coop renommée", 2000)
    assert coop.assemblies["ordinary"]["quorum_first"] == "1/4"


def test_admin_sets_the_sem_option_and_written_consultations(client, auth, admin, no_csrf):
    # §8 #24 and R-AG-10 are statutory settings, shown on the statutes page.
    user, coop = admin
    auth.login_as(user)
    data = form_data(coop, representatives_act_until_replaced="y", written_consultation_allowed="y")
    assert client.post(f"/c/{coop.slug}/statutes/edit", data=data).status_code == 303
    db.session.expire_all()
    coop = db.session.get(Cooperative, coop.id)
    assert coop.assemblies["representatives_act_until_replaced"] is True
    assert coop.assemblies["written_consultation_allowed"] is True
    html = client.get(f"/c/{coop.slug}/statutes", headers=EN).get_data(as_text=True)
    assert "acts until replaced (SEM rule)" in html


def test_weight_change_without_decision_is_refused(client, auth, admin, no_csrf):
    user, coop = admin
    auth.login_as(user)
    data = form_data(coop, **{"colleges-0-weight": "40", "colleges-1-weight": "30"})
    response = client.post(f"/c/{coop.slug}/statutes/edit", data=data, headers=EN)
    assert response.status_code == 400
    assert "R-COL-7" in response.get_data(as_text=True)
    assert weights(coop.id, clock.today())["TRAV"] == Fraction(1, 2)


def test_weight_change_with_decision_keeps_the_history(client, auth, admin, no_csrf):
    user, coop = admin
    auth.login_as(user)
    data = form_data(
        coop,
        **{
            "colleges-0-weight": "100/3",
            "colleges-1-weight": "100/3",
            "colleges-2-weight": "100/3",
            "decision_ref": "AGE 2025, 3e rés.",
            "effective_on": "2025-07-01",
        },
    )
    assert client.post(f"/c/{coop.slug}/statutes/edit", data=data).status_code == 303
    assert weights(coop.id, date(2025, 6, 30))["TRAV"] == Fraction(1, 2)
    assert weights(coop.id, date(2025, 7, 1))["TRAV"] == Fraction(1, 3)
    html = client.get(f"/c/{coop.slug}/statutes").get_data(as_text=True)
    assert "AGE 2025, 3e rés." in html


def test_every_violation_is_listed(client, auth, admin, no_csrf):
    user, coop = admin
    auth.login_as(user)
    data = form_data(
        coop,
        **{
            "categories-2-remove": "y",
            "categories-3-remove": "y",
            "colleges-0-weight": "60",
            "colleges-1-weight": "5",
            "decision_ref": "AGE",
            "effective_on": "2025-01-01",
        },
    )
    html = client.post(f"/c/{coop.slug}/statutes/edit", data=data, headers=EN).get_data(
        as_text=True
    )
    for rule in ("R-CAT-1", "R-COL-2", "R-COL-3"):
        assert rule in html, rule
    assert "PUB" in html  # the college left without category is named
    assert weights(coop.id, date(2025, 1, 1))["TRAV"] == Fraction(1, 2)


@pytest.mark.parametrize(
    ("changes", "rule", "sentence"),
    [
        pytest.param(
            {"ordinary_quorum_first": "1/10"},
            "R-AG-11",
            "Un quorum de 10,00",
            id="R-AG-11 SA ordinary quorum 1/10",
        ),
        pytest.param(
            {"extraordinary_majority": "simple"},
            "R-AG-12",
            "Les décisions extraordinaires d'une SA exigent au moins les deux tiers",
            id="R-AG-12 SA extraordinary simple majority",
        ),
    ],
)
def test_sa_statutes_below_the_law_are_refused_in_french(
    client, auth, make_user, make_cooperative, grant, no_csrf, changes, rule, sentence
):
    coop = make_cooperative(legal_form="SA", governance="board")
    user = make_user()
    grant(user, coop, "admin")
    db.session.commit()
    auth.login_as(user)

    response = client.post(
        f"/c/{coop.slug}/statutes/edit",
        data=form_data(coop, **changes),
        headers={"Accept-Language": "fr"},
    )

    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert sentence in html.replace("&#39;", "'")
    assert f"({rule})" in html
    db.session.expire_all()
    assert db.session.get(Cooperative, coop.id).assemblies["ordinary"]["quorum_first"] == "1/5"


def test_sas_statutes_may_lower_the_quorum(client, auth, admin, no_csrf):
    user, coop = admin
    auth.login_as(user)
    response = client.post(
        f"/c/{coop.slug}/statutes/edit", data=form_data(coop, ordinary_quorum_first="1/10")
    )
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Cooperative, coop.id).assemblies["ordinary"]["quorum_first"] == "1/10"


def test_stale_statutes_form_is_refused(client, auth, admin, no_csrf):
    user, coop = admin
    auth.login_as(user)
    data = form_data(coop, name="Second edit", version="0")
    response = client.post(f"/c/{coop.slug}/statutes/edit", data=data, headers=EN)
    assert response.status_code == 409
    assert "Someone else changed the statutes" in response.get_data(as_text=True)


def test_statutes_download_is_the_exchange_format(client, auth, secretary):
    user, coop = secretary
    auth.login_as(user)
    response = client.get(f"/c/{coop.slug}/statutes/export.json")
    document = json.loads(response.data)
    assert document["format"] == "scic-statutes/1"
    assert response.headers["Content-Disposition"].startswith("attachment")


# --- Creating a cooperative (superuser) ---------------------------------------------------------


def statutes(slug: str = "nouvelle", **overrides) -> str:
    document = deepcopy(STATUTES)
    document["slug"] = slug
    document.update(overrides)
    return json.dumps(document)


def test_create_page_sends_anonymous_users_to_login(client):
    response = client.get("/cooperatives/new")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_create_page_is_404_for_everyone_but_a_superuser(client, auth, secretary):
    user, _ = secretary
    auth.login_as(user)
    assert client.get("/cooperatives/new").status_code == 404
    assert client.post("/cooperatives/new", data={"document": statutes()}).status_code in (400, 404)
    assert db.session.scalar(select(Cooperative).where(Cooperative.slug == "nouvelle")) is None


def test_superuser_creates_a_cooperative_from_pasted_statutes(client, auth, make_user, no_csrf):
    root = make_user(is_superuser=True)
    db.session.commit()
    auth.login_as(root)
    response = client.post("/cooperatives/new", data={"document": statutes()})
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/c/nouvelle/statutes")
    assert db.session.scalar(select(Cooperative.name).where(Cooperative.slug == "nouvelle"))


def test_superuser_upload_with_violations_creates_nothing(client, auth, make_user, no_csrf):
    import io

    root = make_user(is_superuser=True)
    db.session.commit()
    auth.login_as(root)
    bad = statutes(colleges=[{"code": "A", "name": "A", "weight": "70"}])
    response = client.post(
        "/cooperatives/new",
        headers=EN,
        content_type="multipart/form-data",
        data={"file": (io.BytesIO(bad.encode()), "statutes.json")},
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "R-COL-1" in html
    assert "R-COL-2" in html
    assert db.session.scalar(select(Cooperative).where(Cooperative.slug == "nouvelle")) is None


def test_superuser_cannot_overwrite_an_existing_cooperative(
    client, auth, make_user, secretary, no_csrf
):
    _, coop = secretary
    root = make_user(is_superuser=True)
    db.session.commit()
    auth.login_as(root)
    response = client.post(
        "/cooperatives/new", data={"document": statutes(slug=coop.slug, name="Hijacked")}
    )
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(Cooperative, coop.id).name == "Coop test"


@pytest.mark.parametrize(
    "assemblies",
    [
        pytest.param(None, id="defaults"),
        pytest.param(
            {
                "extraordinary": {"quorum_first": "1/3"},
                "correspondence_deadline_days": 3,
                "proxies": {"max_per_holder": 2},
                "written_consultation_allowed": True,
            },
            id="statutory choices",
        ),
    ],
)
def test_assembly_settings_are_those_of_the_whole_statutes(make_cooperative, assemblies):
    """A vote reads the assembly settings alone: the same as rebuilding the statutes."""
    from scic.cooperatives.services import assembly_settings_of, statutes_of

    cooperative = make_cooperative(**({"assemblies": assemblies} if assemblies else {}))
    assert assembly_settings_of(cooperative) == statutes_of(cooperative).assemblies
