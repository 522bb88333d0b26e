"""Bad input about a local authority is explained next to the field to correct, input kept."""

from __future__ import annotations

import re

from scic.core.db import db
from tests.conftest import csrf_token_from


def _error_of(html: str, field_id: str) -> str:
    """The text of the error paragraph tied to a field (``aria-describedby`` target)."""
    found = re.search(rf'<p class="field-error" id="{field_id}-error">(.*?)</p>', html, re.S)
    assert found, f"no error shown next to {field_id}"
    return found.group(1).strip()


def test_a_siren_with_a_wrong_key_is_explained_next_to_it(client, auth, secretary):
    user, coop = secretary
    auth.login_as(user)
    url = f"/c/{coop.slug}/capital/local-authorities/new"
    category = next(c for c in coop.categories if c.kind == "local_authority")
    response = client.post(
        url,
        data={
            "csrf_token": csrf_token_from(client.get(url).get_data(as_text=True)),
            "name": "Commune de Lanouaille",
            "authority_type": "commune",
            "category": category.id,
            "siren": "213301238",
            "reference": "DEL-2026-3",
            "adopted_on": "2026-05-02",
            "executory_on": "2026-05-06",
            "authorised_shares": "30",
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert _error_of(html, "siren") == (
        "213301238 n’est pas un numéro SIREN valide (9 chiffres avec une clé valide)."
    )
    assert 'value="Commune de Lanouaille"' in html  # what was typed stays


def test_deliberation_dates_and_mandates_are_explained_next_to_their_fields(
    client, auth, secretary, make_la_candidate
):
    user, coop = secretary
    commune = make_la_candidate(coop)
    db.session.commit()
    auth.login_as(user)
    page_url = f"/c/{coop.slug}/members/{commune.id}"
    token = csrf_token_from(client.get(page_url).get_data(as_text=True))
    response = client.post(
        f"{page_url}/deliberations",
        data={
            "deliberation-csrf_token": token,
            "deliberation-purpose": "membership",
            "deliberation-reference": "DEL-2026-7",
            "deliberation-adopted_on": "2026-05-02",
            "deliberation-transmitted_to_prefect_on": "2026-05-06",
            "deliberation-executory_on": "2026-05-04",
        },
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "avant sa transmission au préfet" in _error_of(html, "deliberation-executory_on")
    assert 'value="DEL-2026-7"' in html

    response = client.post(
        f"{page_url}/mandates",
        data={
            "mandate-csrf_token": token,
            "mandate-full_name": "Jeanne Maire",
            "mandate-role": "main",
        },
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert _error_of(html, "mandate-valid_from")
    assert 'value="Jeanne Maire"' in html
