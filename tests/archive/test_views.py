"""Pages of the electronic registers: signing minutes from the minutes page, appending a register
sheet, listing and downloading signed PDFs (another cooperative's: 404)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import g
from sqlalchemy import select

from scic.archive import queries
from scic.archive.rules import Series
from scic.assemblies import services as assembly_services
from scic.auth.models import User
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
def closed(secretary, make_voter, make_assembly, make_user, grant):
    """A closed assembly whose chair Ana is the signed-in secretary; Di, the assembly's
    secretary, has an account of their own (each officer signs for themselves, §6.9)."""
    user, coop = secretary
    user.full_name = "Ana"
    grant(make_user(email="di@example.org", full_name="Di"), coop, "secretary")
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
    di = db.session.scalar(select(User).where(User.email == "di@example.org"))
    for signer, signatory in ((user, "chair|Ana"), (di, "secretary|Di")):
        g.pop("_login_user", None)
        auth.login_as(signer)
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


def test_a_secretary_signs_a_certificate_and_only_its_member_downloads_it(
    configured, no_csrf, client, auth, secretary, make_holder, make_user, grant
):
    user, coop = secretary
    holder, other = make_holder(coop, "USA", 3), make_holder(coop, "USA", 2)
    owner, stranger = make_user(), make_user()
    holder.user_id, other.user_id = owner.id, stranger.id
    grant(owner, coop, "member")
    grant(stranger, coop, "member")
    db.session.commit()
    auth.login_as(user)
    page = client.get(f"/c/{coop.slug}/members/{holder.id}").get_data(as_text=True)
    assert f'href="/c/{coop.slug}/signed/certificates/{holder.id}"' in page
    page = client.get(f"/c/{coop.slug}/signed/certificates/{holder.id}").get_data(as_text=True)
    assert f'action="/c/{coop.slug}/signed/certificates/{holder.id}"' in page
    response = client.post(
        f"/c/{coop.slug}/signed/certificates/{holder.id}",
        data={"at": TODAY.isoformat(), "capacity": "présidente"},
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/signed/certificates/{holder.id}")
    (signed,) = queries.latest_sheets(coop, Series.CERTIFICATES)
    assert signed.subject_id == holder.id
    assert signed.timestamped
    page = client.get(f"/c/{coop.slug}/signed/certificates/{holder.id}").get_data(as_text=True)
    assert f"/c/{coop.slug}/signed/{signed.id}.pdf" in page
    auth.login_as(owner)
    own = client.get(f"/c/{coop.slug}/signed/certificates/{holder.id}").get_data(as_text=True)
    assert f"/c/{coop.slug}/signed/{signed.id}.pdf" in own
    assert "Signer l’attestation" not in own
    assert "Sign the certificate" not in own
    download = client.get(f"/c/{coop.slug}/signed/{signed.id}.pdf")
    assert download.status_code == 200
    assert download.data.startswith(b"%PDF")
    auth.login_as(stranger)
    assert client.get(f"/c/{coop.slug}/signed/{signed.id}.pdf").status_code == 404
    assert client.get(f"/c/{coop.slug}/signed/certificates/{holder.id}").status_code == 404


def test_a_certificate_at_a_future_date_is_refused_and_nothing_signed(
    configured, no_csrf, client, auth, secretary, make_holder, frozen_clock
):
    frozen_clock(NOW)
    user, coop = secretary
    holder = make_holder(coop, "USA", 3)
    db.session.commit()
    auth.login_as(user)
    response = client.post(
        f"/c/{coop.slug}/signed/certificates/{holder.id}",
        data={"at": "2999-01-01", "capacity": "présidente"},
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert queries.latest_sheets(coop, Series.CERTIFICATES) == []
    assert (
        "La date 1 janv. 2999 est dans le futur\xa0: un registre peut être imprimé jusqu’à "
        "aujourd’hui (1 mars 2026)."
    ) in response.get_data(as_text=True)


def test_only_managers_sign_certificates(
    configured, no_csrf, client, auth, secretary, make_holder, make_user, grant
):
    _user, coop = secretary
    holder = make_holder(coop, "USA", 3)
    auditor = make_user()
    grant(auditor, coop, "auditor")
    db.session.commit()
    auth.login_as(auditor)
    response = client.post(
        f"/c/{coop.slug}/signed/certificates/{holder.id}",
        data={"at": TODAY.isoformat(), "capacity": "x"},
    )
    assert response.status_code == 404  # a role that may not act sees no such page
    assert queries.latest_sheets(coop, Series.CERTIFICATES) == []
