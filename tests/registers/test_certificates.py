"""Share certificate and subscription form: mandatory mentions, figures, checked as text."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader

from scic.capital import services
from scic.capital.rules import Holding
from scic.registers.certificates import (
    Holder,
    build_certificate,
    build_subscription_form,
    certificate_for,
    subscription_form_for,
)
from scic.registers.pdf_base import CooperativeHeader

NOW = datetime(2025, 6, 1, 10, 0, tzinfo=UTC)
HEADER = CooperativeHeader(
    name="Vélo Vallée",
    legal_form="SAS",
    registered_office="1 place de la Mairie, 24290 Montignac",
    rcs="RCS Périgueux 912 345 675",
)
MENTIONS = (
    "Vélo Vallée",
    "société coopérative d'intérêt collectif",
    "SCIC SAS",
    "à capital variable",
    "1 place de la Mairie, 24290 Montignac",
    "RCS Périgueux 912 345 675",
)


def text_of(pdf: bytes) -> str:
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    return " ".join(reader.pages[0].extract_text().split())


@pytest.mark.parametrize("mention", MENTIONS)
def test_certificate_carries_every_mandatory_mention(app, mention):
    with app.test_request_context():
        pdf = build_certificate(
            HEADER,
            Holder(7, "Durand Marie"),
            Holding(12, 60000, 45000),
            share_value_cents=5000,
            at=date(2025, 5, 31),
            generated_at=NOW,
        )
    assert mention in text_of(pdf)


def test_certificate_states_the_holding_at_the_date(app):
    with app.test_request_context():
        pdf = build_certificate(
            HEADER,
            Holder(7, "Durand Marie"),
            Holding(12, 60000, 45000),
            share_value_cents=5000,
            at=date(2025, 5, 31),
            generated_at=NOW,
        )
    text = text_of(pdf)
    assert "Attestation de détention de parts sociales" in text
    assert "31/05/2025" in text
    assert "Durand Marie" in text
    assert "600,00 €" in text
    assert "450,00 €" in text
    assert "150,00 €" in text


@pytest.mark.parametrize("mention", MENTIONS)
def test_subscription_form_carries_every_mandatory_mention(app, mention):
    with app.test_request_context():
        pdf = build_subscription_form(
            HEADER,
            Holder(None, "Commune de Sarlat", representative="Jeanne Maire"),
            shares=10,
            share_value_cents=5000,
            generated_at=NOW,
        )
    assert mention in text_of(pdf)


def test_subscription_form_shows_the_quarter_due_on_signature(app):
    with app.test_request_context():
        pdf = build_subscription_form(
            HEADER,
            Holder(None, "Commune de Sarlat"),
            shares=10,
            share_value_cents=5000,
            paid_cents=12500,
            generated_at=NOW,
        )
    text = text_of(pdf)
    assert "Bulletin de souscription" in text
    assert "500,00 €" in text
    assert "125,00 €" in text
    assert "deux exemplaires originaux" in text


def test_certificate_for_a_member_reads_the_ledger(app, make_cooperative, make_holder):
    coop = make_cooperative()
    member = make_holder(coop, "USA", 3, on=date(2025, 1, 15))
    services.subscribe(member, 4, paid_cents=100 * 100, on=date(2025, 3, 1))
    with app.test_request_context():
        before = text_of(certificate_for(member, date(2025, 2, 1), generated_at=NOW))
        after = text_of(certificate_for(member, date(2025, 3, 1), generated_at=NOW))
        form = text_of(subscription_form_for(member, 2, generated_at=NOW))
    assert "150,00 €" in before
    assert "350,00 €" in after
    assert "250,00 €" in after
    assert "Coop test" in form
    assert "société coopérative d'intérêt collectif" in form


def test_certificate_lays_out_long_and_marked_up_values(app):
    """Values are laid out by platypus: a long address wraps in its column (every word kept,
    one page) and characters that look like markup print as they are."""
    address = " ".join(f"lieu-dit{n}" for n in range(40))
    with app.test_request_context():
        pdf = build_certificate(
            HEADER,
            Holder(7, "Dupont & <Fils>", address=address),
            Holding(12, 60000, 45000),
            share_value_cents=5000,
            at=date(2025, 5, 31),
            generated_at=NOW,
        )
    text = text_of(pdf)
    assert "Dupont & <Fils>" in text
    assert all(f"lieu-dit{n}" in text for n in range(40))
