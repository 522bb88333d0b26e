"""Pages of the electronic registers: signing minutes from the minutes page, appending a register
sheet, listing and downloading signed PDFs (another cooperative's: 404)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from scic.archive import queries
from scic.archive.rules import Series
from scic.assemblies import services as assembly_services
from scic.core.db import db
from scic.registers import signing
from scic.workflows import session as session_workflow
from tests.fixtures.assemblies import NOW, STARTS_AT, TODAY


@pytest.fixture
def configured(app, test_pki):
    app.config.update(
        SIGNING_PKCS12=str(test_pki.pkcs12["org"]),
        SIGNING_PKCS12_PASSPHRASE=test_pki.passphrase,
        SIGNING_TSA_URL=test_pki.tsa_url,
    )
    return app


@pytest.fixture
def closed(secretary, make_voter, make_assembly):
    user, coop = secretary
    voter = make_voter(coop, name="V1")
    assembly = make_assembly(coop, agenda=("Comptes",))
    assembly_services.send_convocation(assembly, TODAY, now=NOW)
    assembly_services.set_bureau(assembly, chair="Ana", secretary="Di", scrutineers="")
    session_workflow.open_session(assembly, now=STARTS_AT)
    assembly_services.record_attendance(assembly, voter, "present", now=STARTS_AT)
    session_workflow.close_session(assembly, now=STARTS_AT + timedelta(hours=2))
    db.session.commit()
    return user, coop, assembly


def test_minutes_page_signs_electronically_when_a_certificate_is_configured(
    configured, no_csrf, client, auth, closed, test_pki
):
    user, coop, assembly = closed
    auth.login_as(user)
    page = client.get(f"/c/{coop.slug}/assemblies/{assembly.id}/minutes")
    assert f"/c/{coop.slug}/signed/minutes/{assembly.id}/sign" in page.get_data(as_text=True)
    url = f"/c/{coop.slug}/signed/minutes/{assembly.id}/sign"
    for signatory in ("chair|Ana", "secretary|Di"):
        response = client.post(url, data={"signatory": signatory})
        assert response.status_code == 303
    row = queries.minutes_document(assembly)
    assert (row.revision, row.expected) == (2, 2)
    check = signing.verify(row.content, [test_pki.root()])
    assert check.ok
    assert check.complete
    assert [s.signer_name for s in check.signatures] == ["Ana", "Di"]
    listing = client.get(f"/c/{coop.slug}/signed/").get_data(as_text=True)
    assert f"/c/{coop.slug}/signed/{row.id}.pdf" in listing
    download = client.get(f"/c/{coop.slug}/signed/{row.id}.pdf")
    assert download.status_code == 200
    assert download.data == row.content


def test_without_certificate_the_minutes_page_keeps_the_plain_signature(
    no_csrf, client, auth, closed
):
    user, coop, assembly = closed
    auth.login_as(user)
    page = client.get(f"/c/{coop.slug}/assemblies/{assembly.id}/minutes").get_data(as_text=True)
    assert f"/c/{coop.slug}/assemblies/{assembly.id}/minutes/sign" in page
    assert "/signed/minutes/" not in page
    listing = client.get(f"/c/{coop.slug}/signed/").get_data(as_text=True)
    assert "flash-warning" in listing


def test_append_sheet_from_the_page(configured, no_csrf, client, auth, secretary, make_holder):
    user, coop = secretary
    make_holder(coop, "USA", 3)
    db.session.commit()
    auth.login_as(user)
    response = client.post(f"/c/{coop.slug}/signed/share-register", data={"capacity": "gérant"})
    assert response.status_code == 303
    (sheet,) = queries.latest_sheets(coop, Series.SHARE_REGISTER)
    assert sheet.entries == 1
    assert sheet.timestamped


def test_a_signed_sheet_of_another_cooperative_is_not_found(
    configured, no_csrf, client, auth, secretary, make_cooperative, make_holder, grant
):
    user, coop = secretary
    other = make_cooperative()
    make_holder(other, "USA", 3)
    grant(user, other, "secretary")
    db.session.commit()
    auth.login_as(user)
    client.post(f"/c/{other.slug}/signed/share-register", data={"capacity": "gérant"})
    (sheet,) = queries.latest_sheets(other, Series.SHARE_REGISTER)
    assert client.get(f"/c/{other.slug}/signed/{sheet.id}.pdf").status_code == 200
    assert client.get(f"/c/{coop.slug}/signed/{sheet.id}.pdf").status_code == 404
