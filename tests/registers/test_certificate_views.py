"""Certificates and subscription forms served to the right people only."""

import re
from datetime import date
from io import BytesIO

from pypdf import PdfReader

from scic.core.db import db


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)


def test_secretary_downloads_a_certificate(client, auth, secretary, make_holder):
    user, cooperative = secretary
    member = make_holder(cooperative, "USA", 7, on=date(2022, 3, 1))
    db.session.commit()
    auth.login_as(user)
    response = client.get(
        f"/c/{cooperative.slug}/registers/members/{member.id}/certificate.pdf?at=2024-01-01"
    )
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    text = pdf_text(response.data)
    assert "société coopérative d'intérêt collectif" in text
    assert member.name in text
    assert re.search(r"350,00\s€", text)  # 7 shares of 50 €, all paid


def test_a_member_gets_only_their_own_certificate(
    client, auth, secretary, make_holder, make_user, grant
):
    _, cooperative = secretary
    own = make_holder(cooperative, "USA", 3, on=date(2022, 3, 1))
    other = make_holder(cooperative, "USA", 4, on=date(2022, 3, 1))
    user = make_user()
    grant(user, cooperative, "member")
    own.user_id = user.id
    db.session.commit()
    auth.login_as(user)
    base = f"/c/{cooperative.slug}/registers/members"
    assert client.get(f"{base}/{own.id}/certificate.pdf").status_code == 200
    assert client.get(f"{base}/{other.id}/certificate.pdf").status_code == 404
    assert client.get(f"{base}/{own.id}/subscription-form.pdf").status_code == 404


def test_subscription_form_names_the_shares(client, auth, secretary, make_holder):
    user, cooperative = secretary
    member = make_holder(cooperative, "USA", 2, on=date(2022, 3, 1))
    db.session.commit()
    auth.login_as(user)
    response = client.get(
        f"/c/{cooperative.slug}/registers/members/{member.id}/subscription-form.pdf?shares=12"
    )
    assert response.status_code == 200
    text = pdf_text(response.data)
    words = " ".join(text.split())  # the paragraphs as one line, spaces folded
    assert (
        "Je soussigné(e) déclare souscrire 12 parts sociales de 50,00 € chacune de la société "
        f"{cooperative.name}, société coopérative d’intérêt collectif à capital variable, soit un "
        "montant de 600,00 €."
    ) in words
    assert "« Bon pour souscription de 12 parts »" in words
