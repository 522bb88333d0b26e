"""Issue 18 item 2 through the pages: the local-authority journey asks each representative's
e-mail and consent, and the authority's page says who receives the convocation and the link."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from scic.core.db import db
from scic.membership.models import Mandate
from tests.conftest import csrf_token_from


@pytest.fixture
def journey(client, auth, secretary, make_la_candidate, frozen_clock):
    frozen_clock(datetime(2026, 4, 2, 9, 0, tzinfo=UTC))
    user, coop = secretary
    commune = make_la_candidate(coop, adopted_on=date(2026, 3, 20), executory_on=date(2026, 3, 25))
    commune.email = "mairie@example.org"
    db.session.commit()
    with client.session_transaction() as session:
        session["locale"] = "en"
    auth.login_as(user)
    return coop, commune


def _error_of(html: str, field_id: str) -> str:
    found = re.search(rf'<p class="field-error" id="{field_id}-error">(.*?)</p>', html, re.S)
    assert found, f"no error shown next to {field_id}"
    return found.group(1).strip()


def _items(html: str) -> list[str]:
    section = html[html.index('id="convocations"') :]
    section = section[: section.index("</section>")]
    return [re.sub(r"\s+", " ", li).strip() for li in re.findall(r"<li>(.*?)</li>", section, re.S)]


def test_the_journey_asks_each_representatives_email_and_consent(client, journey):
    coop, commune = journey
    url = f"/c/{coop.slug}/capital/local-authorities/{commune.id}/representatives"
    data = {
        "csrf_token": csrf_token_from(client.get(url).get_data(as_text=True)),
        "main_name": "Jeanne Maire",
        "main_consent": "y",
        "alternate_name": "Paul Adjoint",
        "alternate_email": "paul@example.org",
        "alternate_consent": "y",
        "valid_from": "2026-03-25",
    }
    response = client.post(url, data=data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert _error_of(html, "main_email") == (
        "An e-mail address is needed for the consent to e-mail."
    )
    assert 'value="paul@example.org"' in html  # every other input kept
    assert db.session.scalars(select(Mandate).where(Mandate.member_id == commune.id)).all() == []

    response = client.post(url, data={**data, "main_email": "Jeanne@Example.org"})
    assert response.status_code == 303
    consents = dict(
        db.session.execute(
            select(Mandate.email, Mandate.econvocation_consent_on).where(
                Mandate.member_id == commune.id
            )
        ).all()
    )
    assert consents == {
        "jeanne@example.org": date(2026, 4, 2),  # empty date: the day it was recorded
        "paul@example.org": date(2026, 4, 2),
    }
    page = client.get(f"/c/{coop.slug}/members/{commune.id}").get_data(as_text=True)
    assert _items(page) == [
        "Jeanne Maire (Main (titulaire)), jeanne@example.org: the convocation and the personal "
        "voting link",
        "Paul Adjoint (Alternate (suppléant)), paul@example.org: the convocation and the "
        "personal voting link",
        f"{commune.name}, mairie@example.org: a copy, without the voting link",
    ]


def test_a_consent_is_recorded_for_a_representative_already_designated(client, journey):
    coop, commune = journey
    mandate = Mandate(
        cooperative_id=coop.id,
        member_id=commune.id,
        full_name="Jeanne Maire",
        role="main",
        valid_from=date(2026, 3, 25),
    )
    db.session.add(mandate)
    db.session.commit()
    page_url = f"/c/{coop.slug}/members/{commune.id}"
    page = client.get(page_url).get_data(as_text=True)
    assert "neither an acting representative nor the member consented" in page
    url = f"{page_url}/mandates/{mandate.id}/contact"
    prefix = f"contact{mandate.id}-"
    token = csrf_token_from(page)
    response = client.post(
        url, data={f"{prefix}csrf_token": token, f"{prefix}econvocation_consent": "y"}
    )
    assert response.status_code == 422
    assert _error_of(response.get_data(as_text=True), f"{prefix}email") == (
        "An e-mail address is needed for the consent to e-mail convocation."
    )
    response = client.post(
        url,
        data={
            f"{prefix}csrf_token": token,
            f"{prefix}email": "jeanne@example.org",
            f"{prefix}econvocation_consent": "y",
            f"{prefix}consent_on": "2026-03-30",
        },
    )
    assert response.status_code == 303
    db.session.refresh(mandate)
    assert mandate.econvocation_consent_on == date(2026, 3, 30)
    assert _items(client.get(page_url).get_data(as_text=True))[0] == (
        "Jeanne Maire (Main (titulaire)), jeanne@example.org: the convocation and the personal "
        "voting link"
    )
