"""The show-of-hands screen: every college in one form, errors next to the college."""

from __future__ import annotations

from sqlalchemy import func, select

from scic.core.db import db
from scic.voting import services
from scic.voting.models import HandCount, HandCountCorrection
from tests.conftest import csrf_token_from
from tests.fixtures.voting import NOW, attend


def test_the_secretary_enters_and_corrects_every_college_on_one_screen(
    client, auth, scenario, voting_resolution, frozen_clock
):
    frozen_clock(NOW)
    with client.session_transaction() as session:
        session["locale"] = "en"
    trav, usa, pub = scenario.cooperative.colleges
    attend(scenario.assembly, *scenario.trav, scenario.usa[0])
    resolution = voting_resolution(scenario.assembly)
    db.session.commit()
    auth.login_as(scenario.secretary)
    url = f"/c/{scenario.cooperative.slug}/votes/resolutions/{resolution.id}/show-of-hands"
    page = client.get(url).get_data(as_text=True)
    assert "<legend>TRAV — Travailleurs</legend>" in page
    token = csrf_token_from(page)

    def send(*figures):
        data = {"csrf_token": token}
        for index, counts in enumerate(figures):
            for name, value in zip(
                ("votes_for", "votes_against", "votes_abstain"), counts, strict=True
            ):
                data[f"colleges-{index}-{name}"] = "" if value is None else str(value)
        return client.post(url, data=data)

    # USA has one member in the room: two hands are refused, next to USA, and nothing is written.
    refused = send((2, 1, 0), (1, 1, 0), (None, None, None))
    assert refused.status_code == 400
    html = refused.get_data(as_text=True)
    assert (
        '<p class="field-error" id="college-1-error">USA — Usagers et soutiens: 2 hands '
        "counted, but only 1 members of this college take part. (R-AG-13) </p>"
    ) in html
    assert 'id="college-0-error"' not in html
    assert db.session.scalar(select(func.count(HandCount.id))) == 0
    assert client.post(url, data={"colleges-0-votes_for": "1"}).status_code == 400  # no CSRF

    # Accepted: TRAV and USA counted, PUB left empty.
    assert send((2, 1, 0), (0, 0, 1), (None, None, None)).status_code == 303
    # A correction of TRAV only: a correcting entry, USA unchanged.
    assert send((1, 2, 0), (0, 0, 1), (None, None, None)).status_code == 303
    assert db.session.scalar(select(func.count(HandCount.id))) == 2
    assert db.session.scalar(select(func.count(HandCountCorrection.id))) == 1
    counts = services.current_counts(resolution)
    assert (counts[trav.id].votes_for, counts[trav.id].votes_against) == (1, 2)
    page = client.get(url).get_data(as_text=True)
    assert 'value="2"' in page  # TRAV's against, as corrected
    assert "1 correction" in page
    assert pub.id not in counts
    assert usa.id in counts
