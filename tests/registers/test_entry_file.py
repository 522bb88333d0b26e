"""A local authority's entry file (draft deliberation) and the capital certificate (R-LA-1)."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from pypdf import PdfReader

from scic.core.db import db
from scic.registers.rules import designation_articles

DAY = date(2025, 1, 15)


def _text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        pytest.param("commune", ("L2121-21", "L2121-33"), id="R-LA-5 commune"),
        pytest.param("departement", ("L3121-23",), id="R-LA-5 departement"),
        pytest.param("region", ("L4132-22",), id="R-LA-5 region"),
        pytest.param("epci", ("L5211-1", "L2121-21", "L2121-33"), id="R-LA-5 EPCI"),
        pytest.param("unknown", ("L2121-21", "L2121-33"), id="R-LA-5 unknown kind as commune"),
    ],
)
def test_designation_articles_by_kind_of_council(kind, expected):
    assert designation_articles(kind) == expected


@pytest.fixture
def entry_setting(secretary, make_holder, make_la_candidate):
    """Capital 4 500 €: 3 000 € private, 1 500 € public; a candidate commune; PUB 30 %."""
    user, coop = secretary
    make_holder(coop, "USA", 40)
    make_holder(coop, "SAL", 20)
    make_holder(coop, "COLL", 30)  # an authority already in PUB (1 500 €)
    candidate = make_la_candidate(coop)
    db.session.commit()
    return user, coop, candidate


def test_draft_states_the_cap_the_weights_and_the_designation(client, auth, entry_setting):
    user, coop, candidate = entry_setting
    auth.login_as(user)
    url = f"/c/{coop.slug}/local-authorities/{candidate.id}/draft-deliberation.pdf"
    response = client.get(url, query_string={"shares": 20, "on": "2025-06-30"})
    assert response.status_code == 200
    text = _text(response.data)
    assert "19 septies" in text
    assert "L2121-33" in text
    # T = 4 500 €, P = 1 500 €: x ≤ T − 2P = 1 500 €, i.e. 30 shares of 50 €.
    assert "4 500,00 €" in text
    assert "1 500,00 €" in text
    assert "33,33 %" in text
    assert "30 parts" in text
    # 20 shares: 2 500 / 5 500 = 45.45 %, within the cap.
    assert "45,45 %" in text
    # PUB weighs 30 %: one member carries 30 % now, each of two 15 % after the entry.
    assert "30,00 %" in text
    assert "15,00 %" in text
    assert "suppléant" in text


def test_a_subscription_over_the_cap_says_how_far_to_reduce_it(client, auth, entry_setting):
    user, coop, candidate = entry_setting
    auth.login_as(user)
    url = f"/c/{coop.slug}/local-authorities/{candidate.id}/draft-deliberation.pdf"
    text = _text(client.get(url, query_string={"shares": 31, "on": "2025-06-30"}).data)
    assert "dépasserait le plafond" in text
    assert "30 parts" in text


def test_editable_draft_is_a_word_document(client, auth, entry_setting):
    from docx import Document

    user, coop, candidate = entry_setting
    auth.login_as(user)
    url = f"/c/{coop.slug}/local-authorities/{candidate.id}/draft-deliberation.docx"
    response = client.get(url, query_string={"shares": 10})
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.data)).paragraphs)
    assert "Article 3" in text
    assert candidate.display_name in text


@pytest.mark.parametrize(
    "query",
    [
        pytest.param({}, id="no shares"),
        pytest.param({"shares": 0}, id="zero shares"),
        pytest.param({"shares": 10, "on": "31/02/2025"}, id="bad date"),
    ],
)
def test_bad_draft_requests_are_refused(client, auth, entry_setting, query):
    user, coop, candidate = entry_setting
    auth.login_as(user)
    url = f"/c/{coop.slug}/local-authorities/{candidate.id}/draft-deliberation.pdf"
    assert client.get(url, query_string=query).status_code == 400


def test_certificate_lists_public_bodies_and_their_share(client, auth, entry_setting):
    user, coop, _candidate = entry_setting
    auth.login_as(user)
    response = client.get(
        f"/c/{coop.slug}/local-authorities/capital-certificate.pdf",
        query_string={"at": "2025-06-30"},
    )
    assert response.status_code == 200
    text = " ".join(_text(response.data).split())  # one line, spaces folded
    assert (
        "À la fin du 30/06/2025, d’après le registre des mouvements de parts : capital "
        "4 500,00 € ; détenu par les collectivités territoriales, leurs groupements et les "
        "établissements publics territoriaux : 1 500,00 €, soit 33,33 %, pour un plafond de "
        "50,00 % (loi 1947 art. 19 septies)."
    ) in text
    # The table's one line: the authority, its 30 shares, their amount and share of capital.
    assert re.search(r" Part du capital Commune \d+ 30 1 500,00 € 33,33 %$", text)
    future = client.get(
        f"/c/{coop.slug}/local-authorities/capital-certificate.pdf",
        query_string={"at": "2999-01-01"},
    )
    assert future.status_code == 400
