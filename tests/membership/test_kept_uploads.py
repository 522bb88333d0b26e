"""A refused local-authority form keeps every input, the uploaded deliberation included: the PDF
is kept server-side (scic.core.files) and the page carries its token in a hidden field."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

from sqlalchemy import select

from scic.core import files
from scic.core.db import db
from scic.membership.models import Deliberation, Member
from tests.conftest import csrf_token_from

PDF = b"%PDF-1.4\n% the council's deliberation\n"
KEPT_HINT = "Kept from your last attempt: deliberation.pdf. Choose another file only to replace it."


def _token(html: str, name: str) -> str:
    found = re.search(rf'name="{re.escape(name)}"[^>]*value="([0-9a-f]*)"', html) or re.search(
        rf'value="([0-9a-f]*)"[^>]*name="{re.escape(name)}"', html
    )
    assert found, f"no hidden field {name}"
    return found.group(1)


def _english(client):
    with client.session_transaction() as session:
        session["locale"] = "en"


def test_the_guided_entry_keeps_the_deliberation_after_a_refusal(client, auth, secretary):
    user, coop = secretary
    auth.login_as(user)
    _english(client)
    url = f"/c/{coop.slug}/capital/local-authorities/new"
    category = next(c for c in coop.categories if c.kind == "local_authority")
    data = {
        "csrf_token": csrf_token_from(client.get(url).get_data(as_text=True)),
        "name": "Commune de Lanouaille",
        "authority_type": "commune",
        "category": category.id,
        "siren": "213301238",  # wrong key
        "reference": "DEL-2026-3",
        "adopted_on": "2026-05-02",
        "executory_on": "2026-05-06",
        "authorised_shares": "30",
    }
    response = client.post(
        url,
        data={**data, "document": (io.BytesIO(PDF), "deliberation.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert KEPT_HINT in html
    token = _token(html, "document_token")
    assert db.session.scalar(select(Member).where(Member.name == "Commune de Lanouaille")) is None

    response = client.post(  # corrected, without choosing the file again
        url,
        data={**data, "siren": "213301237", "document_token": token},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303, response.get_data(as_text=True)[-2000:]
    commune = db.session.scalar(select(Member).where(Member.name == "Commune de Lanouaille"))
    (deliberation,) = db.session.scalars(
        select(Deliberation).where(Deliberation.member_id == commune.id)
    )
    assert deliberation.document_name
    download = client.get(
        f"/c/{coop.slug}/members/{commune.id}/deliberations/{deliberation.id}/document"
    )
    assert download.data == PDF


def test_the_member_page_keeps_the_deliberation_after_a_refusal(
    client, auth, secretary, make_la_candidate
):
    user, coop = secretary
    commune = make_la_candidate(coop)
    db.session.commit()
    auth.login_as(user)
    _english(client)
    page_url = f"/c/{coop.slug}/members/{commune.id}"
    data = {
        "deliberation-csrf_token": csrf_token_from(client.get(page_url).get_data(as_text=True)),
        "deliberation-purpose": "representative",
        "deliberation-reference": "DEL-2026-8",
        "deliberation-adopted_on": "2026-05-02",
        "deliberation-transmitted_to_prefect_on": "2026-05-06",
        "deliberation-executory_on": "2026-05-04",  # before the transmission: refused
    }
    response = client.post(
        f"{page_url}/deliberations",
        data={**data, "deliberation-document": (io.BytesIO(PDF), "deliberation.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert KEPT_HINT in html
    assert 'value="DEL-2026-8"' in html
    token = _token(html, "deliberation-document_token")
    # A form that does not validate keeps the file too (the reference is missing here).
    response = client.post(
        f"{page_url}/deliberations",
        data={**data, "deliberation-reference": "", "deliberation-document_token": token},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert _token(response.get_data(as_text=True), "deliberation-document_token") == token
    response = client.post(
        f"{page_url}/deliberations",
        data={
            **data,
            "deliberation-executory_on": "2026-05-06",
            "deliberation-document_token": token,
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    deliberation = db.session.scalar(
        select(Deliberation).where(Deliberation.reference == "DEL-2026-8")
    )
    assert deliberation.document_name


def test_a_kept_upload_is_found_only_by_its_owner_in_its_cooperative(app, secretary, make_user):
    user, coop = secretary
    record = files.keep_upload(
        PDF,
        "deliberation.pdf",
        "application/pdf",
        cooperative_id=coop.id,
        owner_id=user.id,
        now=datetime(2026, 5, 2, tzinfo=UTC),
    )
    db.session.flush()
    assert files.kept_upload(record.token, cooperative_id=coop.id, owner_id=user.id) == record
    other = make_user()
    assert files.kept_upload(record.token, cooperative_id=coop.id, owner_id=other.id) is None
    assert files.kept_upload(record.token, cooperative_id=coop.id + 1, owner_id=user.id) is None
    assert files.kept_upload("0" * 32, cooperative_id=coop.id, owner_id=user.id) is None
