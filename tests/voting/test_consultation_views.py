"""A written consultation through its page (R-AG-10): sending, answers by link, result."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from scic.assemblies.models import Assembly
from scic.core.db import db
from scic.voting import services as voting
from scic.voting.models import Resolution
from tests.conftest import csrf_token_from
from tests.fixtures.assemblies import NOW

AFTER_DELAY = datetime(2026, 3, 17, 9, 0, tzinfo=UTC)  # sent 1 March: last day 16 March


@pytest.fixture(autouse=True)
def english(client):
    with client.session_transaction() as session:
        session["locale"] = "en"


@pytest.fixture
def sarl(make_cooperative, make_user, grant, make_voter, make_assembly, auth):
    """A SARL whose statutes allow written consultations, four members, one resolution."""
    cooperative = make_cooperative(
        legal_form="SARL", assemblies={"written_consultation_allowed": True}
    )
    secretary = make_user()
    grant(secretary, cooperative, "secretary")
    members = [make_voter(cooperative) for _ in range(4)]
    assembly = make_assembly(cooperative, type="written", title="Consultation écrite 2026")
    voting.create_resolution(
        assembly, title="Approbation des comptes", agenda_item=assembly.agenda_items[0]
    )
    db.session.commit()
    auth.login_as(secretary)
    return cooperative, assembly, members


def page_of(cooperative, assembly) -> str:
    return f"/c/{cooperative.slug}/votes/assemblies/{assembly.id}/consultation"


def test_send_answer_by_link_and_count_at_the_all_members_majority(
    client, sarl, outbox, frozen_clock
):
    cooperative, assembly, members = sarl
    url = page_of(cooperative, assembly)
    frozen_clock(NOW)
    html = client.get(url).get_data(as_text=True)
    assert "Not sent yet." in html

    sent = client.post(f"{url}/send", data={"csrf_token": csrf_token_from(html)})
    assert sent.status_code == 303
    html = client.get(url).get_data(as_text=True)
    assert (
        "Sent on Mar 1, 2026. Members answer until Mar 16, 2026 included (15 days at least, "
        "R-AG-10); a member who does not answer does not vote." in html
    )
    mails = outbox()
    assert sorted(m["To"] for m in mails) == sorted(m.email for m in members)
    body = mails[0].get_body(("plain",)).get_content()
    # E-mails go out in the instance's language (French).
    assert (
        "Répondez au plus tard le 16 mars 2026 inclus ; un associé qui ne répond pas ne vote pas."
        in body
    )
    links = {
        m["To"]: re.search(r"https?://\S+", m.get_body(("plain",)).get_content()).group(0)
        for m in mails
    }

    # Two members answer "for" through their link (its session key is not a login: the
    # secretary's client serves); the other two never answer.
    resolution = db.session.scalar(select(Resolution))
    for member in members[:2]:
        entry = client.get(links[member.email].split("127.0.0.1:5000", 1)[1])
        assert entry.status_code == 302
        ballot = client.get("/vote/")
        html = ballot.get_data(as_text=True)
        data = {
            "csrf_token": csrf_token_from(html),
            "resolution": resolution.id,
            # One capacity: a hidden field beside "Voting on behalf of ..." (else a menu).
            "member": (
                re.search(r'name="member" value="(\d+)"', html)
                or re.search(r'<option[^>]*value="(\d+)"', html)
            ).group(1),
            "choice": "for",
        }
        confirm = client.post("/vote/", data=data)
        assert confirm.status_code == 200, confirm.get_data(as_text=True)[-3000:]
        done = client.post("/vote/", data={**data, "confirmed": "1"})
        assert done.status_code in (200, 303), done.status_code
        if member is members[0]:  # the count agrees with its verb
            assert "1 of 4 members has answered." in client.get(url).get_data(as_text=True)
    html = client.get(url).get_data(as_text=True)
    assert "2 of 4 members have answered." in html
    assert (
        "Members have until Mar 16, 2026 to answer (2 of 4 so far): the result can be produced "
        "after that day, or once everyone has answered. (R-AG-10)"
    ) in html

    frozen_clock(AFTER_DELAY)
    html = client.get(url).get_data(as_text=True)
    counted = client.post(f"{url}/result", data={"csrf_token": csrf_token_from(html)})
    assert counted.status_code == 303
    db.session.expire_all()
    assert db.session.get(Assembly, assembly.id).status == "closed"
    outcome = db.session.get(Resolution, resolution.id).outcome
    # L223-29 first consultation: 2 for among 4 members is not more than half.
    assert (outcome.adopted, outcome.turnout["members"], outcome.turnout["participating"]) == (
        False,
        4,
        2,
    )
    html = client.get(url).get_data(as_text=True)
    assert "The consultation is closed." in html
    # The minutes annex each member's reply (R223-24); a non-answer does not vote.
    pdf = client.get(f"/c/{cooperative.slug}/registers/assemblies/{assembly.id}/minutes.pdf")
    assert pdf.status_code == 200
    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf.data)).pages
    )
    assert "Replies of the members (annex)" in text
    for member in members[:2]:
        assert f"no. {member.number} {member.display_name} — resolution 1: for" in text
    for member in members[2:]:
        assert f"no. {member.number} {member.display_name} — did not answer: does not vote" in text


def test_an_sa_cannot_send_a_written_consultation(
    client, make_cooperative, make_user, grant, make_voter, make_assembly, auth
):
    cooperative = make_cooperative(legal_form="SAS")  # statutes without the clause
    secretary = make_user()
    grant(secretary, cooperative, "secretary")
    make_voter(cooperative)
    assembly = make_assembly(cooperative, type="written")
    ordinary = make_assembly(cooperative)
    db.session.commit()
    auth.login_as(secretary)
    url = page_of(cooperative, assembly)
    html = client.get(url).get_data(as_text=True)
    refused = client.post(
        f"{url}/send", data={"csrf_token": csrf_token_from(html)}, follow_redirects=True
    )
    assert (
        "The statutes do not allow written consultations: hold an assembly instead. (R-AG-10)"
        in refused.get_data(as_text=True)
    )
    assert db.session.get(Assembly, assembly.id).status == "draft"
    assert client.get(page_of(cooperative, ordinary)).status_code == 404
