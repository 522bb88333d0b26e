"""Re-designation after elections: authorities to ask, letters, answers (§6.3, §8 #24)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from scic.core.db import db
from scic.core.violations import RuleViolation
from scic.membership import queries, services
from tests.conftest import csrf_token_from

BEFORE_ELECTIONS = date(2025, 1, 15)
TODAY = date(2026, 12, 7)


@pytest.fixture
def campaign(secretary, make_holder):
    """Two communes designated before the March 2026 municipal elections, one re-designated."""
    user, coop = secretary
    make_holder(coop, "USA", 40)
    lapsed = make_holder(coop, "COLL", 10, on=BEFORE_ELECTIONS)
    answered = make_holder(coop, "COLL", 10, on=BEFORE_ELECTIONS)
    for commune in (lapsed, answered):
        services.designate_representative(commune, "Maire sortant", "main", BEFORE_ELECTIONS)
    services.designate_representative(answered, "Nouvelle maire", "main", date(2026, 4, 2))
    db.session.commit()
    return user, coop, lapsed, answered


def test_the_list_holds_authorities_whose_council_term_ended(campaign):
    _user, coop, lapsed, _answered = campaign
    items = queries.lapsed_authorities(coop, TODAY)
    assert [i.member.id for i in items] == [lapsed.id]
    # The designation made before the elections ended with the council's term (§8 #24).
    assert items[0].term_ended_on is not None
    assert date(2026, 3, 1) <= items[0].term_ended_on <= date(2026, 3, 31)


def test_letters_are_recorded_then_answered_by_a_new_designation(client, auth, campaign):
    user, coop, lapsed, _answered = campaign
    auth.login_as(user)
    page = client.get(f"/c/{coop.slug}/representatives/redesignation").get_data(as_text=True)
    assert lapsed.display_name in page
    response = client.post(
        f"/c/{coop.slug}/representatives/redesignation",
        data={
            "request-csrf_token": csrf_token_from(page),
            "request-members": [str(lapsed.id)],
            "request-sent_on": "2026-11-02",
            "request-channel": "registered_letter",
            "request-reference": "1A 234 567 8901 2",
        },
    )
    assert response.status_code == 303
    page = client.get(f"/c/{coop.slug}/representatives/redesignation").get_data(as_text=True)
    assert "1A 234 567 8901 2" in page
    assert "2 nov. 2026 par lettre recommandée" in page

    services.designate_representative(lapsed, "Jeanne Élue", "main", date(2026, 11, 20))
    db.session.commit()
    page = client.get(f"/c/{coop.slug}/representatives/redesignation").get_data(as_text=True)
    assert "Chaque collectivité a un représentant en fonction." in page
    assert "Jeanne Élue" in page  # the answer: the new designation after the letter


def test_a_batch_with_an_authority_in_office_is_refused_whole(campaign):
    _user, coop, lapsed, answered = campaign
    with pytest.raises(RuleViolation) as refused:
        services.record_designation_requests(
            coop, [lapsed, answered], sent_on=TODAY, channel="letter", today=TODAY
        )
    assert [v.code for v in refused.value.violations] == ["authority_has_a_representative"]
    assert queries.lapsed_authorities(coop, TODAY)[0].requests == ()


def test_letters_ask_the_council_under_its_own_articles(client, auth, campaign):
    user, coop, lapsed, _answered = campaign
    auth.login_as(user)
    response = client.get(f"/c/{coop.slug}/local-authorities/designation-letters.pdf")
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.data))
    assert len(reader.pages) == 1  # one letter: the other commune has its representative
    text = reader.pages[0].extract_text()
    assert lapsed.display_name in text
    assert "L2121-33" in text
    assert "suppléants" in text
