"""Voting pages through the client: secretary console, phone ballot, token link, results."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from scic.core.db import db
from scic.core.violations import RuleViolation
from scic.voting import services
from scic.voting.models import Ballot, Outcome, Resolution, SecretParticipation
from tests.conftest import csrf_token_from, statements_during
from tests.fixtures.voting import (
    NOW,
    SESSION_START,
    attend,
    give_proxy,
    open_urn,
    vote_through_page,
)

EN = {"Accept-Language": "en"}


@pytest.fixture(autouse=True)
def english(client):
    """Pages in English, whatever the French catalog holds."""
    with client.session_transaction() as session:
        session["locale"] = "en"


@pytest.fixture
def frozen_now(frozen_clock):
    """Views read the clock; pin it to the session of the scenario."""
    return frozen_clock(NOW)


def switch_user(auth, user) -> None:
    """Sign in as another user; the test's app context caches the loaded user in g."""
    from flask import g

    g.pop("_login_user", None)
    auth.login_as(user)


def ballot_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Ballot))


def test_a_member_votes_on_the_phone_page_and_gets_a_receipt(
    client, auth, scenario, voting_resolution, frozen_now, app
):
    resolution = voting_resolution(scenario.assembly)
    member = scenario.trav[0]
    db.session.commit()
    auth.login_as(scenario.users[member.id])
    slug = scenario.cooperative.slug
    before = ballot_count()
    response = vote_through_page(
        client, f"/c/{slug}/votes/ballot", f"/c/{slug}/votes/ballot", "for"
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/c/{slug}/votes/receipt")
    assert ballot_count() == before + 1
    receipt = client.get(response.headers["Location"]).get_data(as_text=True)
    code = re.search(r"<code>([0-9A-Z-]{19})</code>", receipt).group(1)
    ballot = db.session.scalar(select(Ballot))
    from scic.voting.rules import receipt_hash

    assert ballot.receipt_hash == receipt_hash(code)
    # Shown once.
    assert code not in client.get(f"/c/{slug}/votes/receipt").get_data(as_text=True)
    # The e-mailed receipt carries the code of an open ballot.
    mails = list((Path(app.instance_path) / "outbox").glob("*.eml"))
    assert len(mails) == 1
    assert code in mails[0].read_text()
    # ... with the ballot's keyed chain entry: a copy of the chain outside the server.
    import email
    import email.policy

    body = email.message_from_bytes(mails[0].read_bytes(), policy=email.policy.default)
    assert ballot.hash in body.get_content()
    # ... through the outbox, recorded as sent for the cooperative's secretary.
    from scic.core.outbox import OutboxMessage

    (sent,) = db.session.scalars(select(OutboxMessage)).all()
    assert (sent.status, sent.cooperative_id) == ("sent", scenario.cooperative.id)
    # Nothing left to vote on.
    assert "nothing to vote" in client.get(f"/c/{slug}/votes/ballot").get_data(as_text=True)
    assert resolution.id


def test_voting_twice_through_the_page_is_refused_with_a_message(
    client, auth, scenario, voting_resolution, frozen_now
):
    resolution = voting_resolution(scenario.assembly)
    member = scenario.trav[0]
    services.cast_ballot(resolution, member, "for", by=scenario.users[member.id], now=NOW)
    db.session.commit()
    auth.login_as(scenario.users[member.id])
    slug = scenario.cooperative.slug
    page = client.get(f"/c/{slug}/votes/")
    data = {
        "csrf_token": csrf_token_from(page.get_data(as_text=True)),
        "resolution": resolution.id,
        "member": member.id,
        "choice": "against",
        "confirmed": "1",
    }
    response = client.post(f"/c/{slug}/votes/ballot?assembly={scenario.assembly.id}", data=data)
    # The member is no longer offered as a voter for this resolution: the form refuses it.
    assert response.status_code in (303, 400)
    assert ballot_count() == 1
    assert db.session.scalar(select(Ballot.choice)) == "for"
    from scic.core.outbox import OutboxMessage

    assert db.session.scalars(select(OutboxMessage)).all() == []  # no receipt for a refusal


def test_voting_for_another_member_is_refused(
    client, auth, scenario, voting_resolution, frozen_now
):
    resolution = voting_resolution(scenario.assembly)
    db.session.commit()
    member, other = scenario.trav[0], scenario.trav[1]
    auth.login_as(scenario.users[member.id])
    slug = scenario.cooperative.slug
    page = client.get(f"/c/{slug}/votes/ballot")
    data = {
        "csrf_token": csrf_token_from(page.get_data(as_text=True)),
        "resolution": resolution.id,
        "member": other.id,
        "choice": "for",
        "confirmed": "1",
    }
    response = client.post(f"/c/{slug}/votes/ballot", data=data)
    assert response.status_code == 400
    assert ballot_count() == 0


@pytest.mark.parametrize("with_assembly", [True, False], ids=["page's action", "bare URL"])
def test_voting_for_a_member_of_another_cooperative_is_refused(
    client,
    auth,
    scenario,
    voting_resolution,
    frozen_now,
    make_cooperative,
    voting_member,
    with_assembly,
):
    """The member read with the resolution is not filtered by cooperative: the voter's right
    (capacity_of, or the list) refuses another cooperative's member, whoever its user is."""
    resolution = voting_resolution(scenario.assembly)
    member = scenario.trav[0]
    user = scenario.users[member.id]
    stranger = voting_member(make_cooperative(), "SAL", user=user)
    db.session.commit()
    auth.login_as(user)
    slug = scenario.cooperative.slug
    page = client.get(f"/c/{slug}/votes/ballot").get_data(as_text=True)
    query = f"?assembly={scenario.assembly.id}" if with_assembly else ""
    data = {
        "csrf_token": csrf_token_from(page),
        "resolution": resolution.id,
        "member": stranger.id,
        "choice": "for",
        "confirmed": "1",
    }
    response = client.post(f"/c/{slug}/votes/ballot{query}", data=data)
    assert response.status_code == 400
    assert ballot_count() == 0


@pytest.mark.parametrize(
    ("voter", "for_member", "status", "channel"),
    [
        pytest.param("trav0", "trav0", 303, "remote", id="own ballot"),
        pytest.param("trav0", "usa0", 303, "proxy_named", id="R-AG-7 proxy held"),
        pytest.param("representative", "authority", 303, "remote", id="R-LA-5 representative"),
        pytest.param("trav0", "trav1", 400, None, id="another member"),
        pytest.param("representative", "trav1", 400, None, id="a member not represented"),
    ],
)
def test_the_ballot_page_posts_for_whom_the_voter_may_act(
    client, auth, scenario, voting_resolution, frozen_now, voter, for_member, status, channel
):
    """The page's form posts with its assembly: the voter's right is then looked up for the
    chosen member alone (services.capacity_for_user)."""
    give_proxy(scenario, scenario.usa[0], scenario.trav[0])
    resolution = voting_resolution(scenario.assembly)
    db.session.commit()
    people = {
        "trav0": scenario.trav[0],
        "trav1": scenario.trav[1],
        "usa0": scenario.usa[0],
        "authority": scenario.authority,
    }
    user = (
        scenario.representative if voter == "representative" else scenario.users[people[voter].id]
    )
    auth.login_as(user)
    slug = scenario.cooperative.slug
    page = client.get(f"/c/{slug}/votes/ballot").get_data(as_text=True)
    action = re.search(r'<form method="post" action="([^"]+)" id="ballot-form"', page).group(1)
    assert "assembly=" in action
    response = client.post(
        action.replace("&amp;", "&"),
        data={
            "csrf_token": csrf_token_from(page),
            "resolution": resolution.id,
            "member": people[for_member].id,
            "choice": "for",
            "confirmed": "1",
        },
    )
    assert response.status_code == status
    channels = db.session.scalars(
        select(Ballot.channel).where(Ballot.member_id == people[for_member].id)
    ).all()
    assert channels == ([channel] if channel else [])


def test_the_token_link_opens_the_voting_page_and_nothing_else(
    client, scenario, voting_resolution, frozen_now, app
):
    voting_resolution(scenario.assembly)
    member = scenario.usa[0]
    token = services.make_voting_token(scenario.assembly, member)
    db.session.commit()
    entry = client.get(f"/vote/{token}")
    assert entry.status_code == 302
    assert entry.headers["Location"].endswith("/vote/")
    response = vote_through_page(client, "/vote/", "/vote/", "against")
    assert response.status_code == 303
    ballot = db.session.scalar(select(Ballot))
    assert (ballot.member_id, ballot.channel, ballot.cast_by_user_id) == (member.id, "remote", None)
    # Not a login: the cooperative's pages still ask to sign in.
    page = client.get(f"/c/{scenario.cooperative.slug}/votes/")
    assert page.status_code == 302
    assert "/login" in page.headers["Location"]
    with client.session_transaction() as session:
        assert "_user_id" not in session


def test_the_token_link_never_shows_a_ballot_without_a_current_designation(
    client, scenario, voting_resolution, frozen_now
):
    # Issue 16: the link gave the local authority a capacity without a mandate (R-AG-13).
    resolution = voting_resolution(scenario.assembly)
    authority = scenario.authority
    authority.mandates[0].valid_to = date(2026, 11, 28)  # ended the day before the vote
    token = services.make_voting_token(scenario.assembly, authority)
    db.session.commit()
    client.get(f"/vote/{token}")
    html = client.get("/vote/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert 'name="choice"' not in html
    assert "Nobody holds a current designation" in html
    assert "R-AG-13" in html
    # And a ballot through the link is refused by the same rule.
    with pytest.raises(RuleViolation) as exc:
        services.cast_ballot(resolution, authority, "for", token_member=authority, now=NOW)
    assert [v.code for v in exc.value.violations] == ["vote_without_mandate"]
    assert db.session.scalar(select(func.count(Ballot.id))) == 0


def test_a_bad_or_expired_token_is_refused(client, scenario, voting_resolution):
    token = services.make_voting_token(scenario.assembly, scenario.usa[0])
    scenario.assembly.status = "closed"
    db.session.commit()
    assert client.get(f"/vote/{token}").status_code == 404
    assert client.get("/vote/not-a-token").status_code == 404
    assert client.get("/vote/").status_code == 404  # no token in the session


def test_the_secretary_runs_a_vote_with_live_results(
    client, auth, scenario, voting_resolution, frozen_now
):
    resolution = voting_resolution(scenario.assembly, open=False)
    db.session.commit()
    auth.login_as(scenario.secretary)
    slug = scenario.cooperative.slug
    console = client.get(f"/c/{slug}/votes/resolutions/{resolution.id}", headers=EN)
    html = console.get_data(as_text=True)
    assert console.status_code == 200
    # R-AG-11: nobody takes part yet; 1/5 of the 6 members → 2 needed, the page says so.
    assert "so 2 more must take part" in html
    assert 'type="submit" disabled>' in html
    token = csrf_token_from(html)
    refused = client.post(
        f"/c/{slug}/votes/resolutions/{resolution.id}/open", data={"csrf_token": token}
    )
    assert refused.status_code == 303
    db.session.expire_all()
    assert db.session.get(Resolution, resolution.id).status == "draft"
    attend(scenario.assembly, scenario.trav[0], scenario.usa[0], scenario.usa[1])
    db.session.commit()
    opened = client.post(
        f"/c/{slug}/votes/resolutions/{resolution.id}/open", data={"csrf_token": token}
    )
    assert opened.status_code == 303
    db.session.expire_all()
    assert db.session.get(Resolution, resolution.id).status == "open"
    html = client.get(f"/c/{slug}/votes/resolutions/{resolution.id}").get_data(as_text=True)
    assert "data-live-url" in html
    assert "voting-live.js" in html
    recorded = client.post(
        f"/c/{slug}/votes/resolutions/{resolution.id}/ballots",
        data={
            "csrf_token": token,
            "member": scenario.trav[0].id,
            "choice": "for",
            "channel": "in_person",
            "cast_by_name": "",
        },
    )
    assert recorded.status_code == 303
    hands = client.post(
        f"/c/{slug}/votes/resolutions/{resolution.id}/hand-counts",
        data={
            "csrf_token": token,
            "college": scenario.cooperative.colleges[1].id,
            "votes_for": 1,
            "votes_against": 1,
            "votes_abstain": 0,
        },
    )
    assert hands.status_code == 303
    live = client.get(f"/c/{slug}/votes/resolutions/{resolution.id}/live.json").get_json()
    assert live["voted"] == 3
    assert live["status"] == "open"
    trav = next(c for c in live["colleges"] if c["code"] == "TRAV")
    assert (trav["voted"], trav["for"]) == (1, 1)
    closed = client.post(
        f"/c/{slug}/votes/resolutions/{resolution.id}/close", data={"csrf_token": token}
    )
    assert closed.status_code == 303
    assert db.session.scalar(select(Outcome.adopted)) is True
    results = client.get(closed.headers["Location"])
    text = results.get_data(as_text=True)
    assert results.status_code == 200
    assert "<svg" in text
    assert 'role="img"' in text
    assert "<title" in text
    assert 'scope="col"' in text


def test_members_see_only_the_total_of_a_secret_ballot_with_small_colleges(
    client, auth, scenario, voting_resolution
):
    resolution = voting_resolution(scenario.assembly, secret=True)
    for member in scenario.trav:
        services.cast_ballot(resolution, member, "for", by=scenario.users[member.id], now=NOW)
    services.cast_ballot(
        resolution, scenario.usa[0], "against", by=scenario.users[scenario.usa[0].id], now=NOW
    )
    services.close_vote(resolution, now=NOW, urn=open_urn(resolution))
    db.session.commit()
    slug = scenario.cooperative.slug
    auth.login_as(scenario.users[scenario.usa[1].id])
    member_view = client.get(f"/c/{slug}/votes/resolutions/{resolution.id}/results")
    assert member_view.status_code == 200
    html = member_view.get_data(as_text=True)
    # TRAV voted unanimously, USA had one voter: no college's choices, no weighted share.
    for name in ("for", "against", "abstain", "effective_weight", "share"):
        assert set(re.findall(f'data-field="{name}">([^<]*)<', html)) == {"—"}, name
    assert re.findall(r'data-field="voted">(\d+)<', html)[:2] == ["3", "1"]
    assert "withheld" in html
    switch_user(auth, scenario.secretary)
    secretary_view = client.get(f"/c/{slug}/votes/resolutions/{resolution.id}/results")
    assert re.findall(r'data-field="for">([^<]*)<', secretary_view.get_data(as_text=True))[:2] == [
        "3",
        "0",
    ]
    assert "USA" in secretary_view.get_data(as_text=True)


def test_an_open_vote_is_hidden_from_members(client, auth, scenario, voting_resolution):
    resolution = voting_resolution(scenario.assembly)
    db.session.commit()
    auth.login_as(scenario.users[scenario.trav[0].id])
    slug = scenario.cooperative.slug
    assert client.get(f"/c/{slug}/votes/resolutions/{resolution.id}/results").status_code == 404
    assert client.get(f"/c/{slug}/votes/resolutions/{resolution.id}").status_code == 404
    assert client.get(f"/c/{slug}/votes/resolutions/{resolution.id}/live.json").status_code == 404


def test_the_secretary_drafts_a_resolution(client, auth, scenario):
    db.session.commit()
    auth.login_as(scenario.secretary)
    slug = scenario.cooperative.slug
    page = client.get(f"/c/{slug}/votes/assemblies/{scenario.assembly.id}")
    assert page.status_code == 200
    response = client.post(
        f"/c/{slug}/votes/assemblies/{scenario.assembly.id}/resolutions",
        data={
            "csrf_token": csrf_token_from(page.get_data(as_text=True)),
            "title": "Modification des statuts",
            "text": "Article 12…",
            "kind": "extraordinary",
            "proposed_by": "board",
            "board_approved": "y",
            "agenda_item": 0,
            "excluded_member": 0,
        },
    )
    assert response.status_code == 303
    resolution = db.session.scalar(select(Resolution))
    assert resolution.majority == {"at_least": "2/3"}
    empty = client.post(
        f"/c/{slug}/votes/assemblies/{scenario.assembly.id}/resolutions",
        data={
            "csrf_token": csrf_token_from(page.get_data(as_text=True)),
            "title": "",
            "kind": "ordinary",
            "proposed_by": "board",
            "agenda_item": 0,
            "excluded_member": 0,
        },
    )
    assert empty.status_code == 400


def test_an_exclusion_is_drafted_with_its_notice_and_hearing_dates(client, auth, scenario):
    db.session.commit()
    auth.login_as(scenario.secretary)
    slug = scenario.cooperative.slug
    page = client.get(f"/c/{slug}/votes/assemblies/{scenario.assembly.id}")
    token = csrf_token_from(page.get_data(as_text=True))
    target = scenario.usa[0]
    data = {
        "csrf_token": token,
        "title": "Exclusion",
        "kind": "exclusion",
        "proposed_by": "board",
        "agenda_item": 0,
        "excluded_member": target.id,
        "excluded_member_notified_on": "2026-11-10",
        "excluded_member_heard_on": "2026-11-02",
    }
    refused = client.post(
        f"/c/{slug}/votes/assemblies/{scenario.assembly.id}/resolutions",
        data=data,
        follow_redirects=True,
    )
    assert (
        "The member cannot have been heard (Nov 2, 2026) before being notified (Nov 10, 2026). "
        "(R-EXCL-1)" in refused.get_data(as_text=True)
    )
    assert db.session.scalar(select(func.count(Resolution.id))) == 0
    created = client.post(
        f"/c/{slug}/votes/assemblies/{scenario.assembly.id}/resolutions",
        data={**data, "excluded_member_heard_on": ""},
    )
    assert created.status_code == 303
    resolution = db.session.scalar(select(Resolution))
    assert (resolution.excluded_member_notified_on, resolution.excluded_member_heard_on) == (
        date(2026, 11, 10),
        None,
    )
    console = client.get(f"/c/{slug}/votes/resolutions/{resolution.id}")
    html = console.get_data(as_text=True)
    assert (
        "Record the date the member could present its observations. (R-EXCL-1)" in html
    )  # the vote cannot open yet
    recorded = client.post(
        f"/c/{slug}/votes/resolutions/{resolution.id}/exclusion-procedure",
        data={
            "csrf_token": csrf_token_from(html),
            "excluded_member_notified_on": "2026-11-10",
            "excluded_member_heard_on": "2026-11-20",
        },
        follow_redirects=True,
    )
    assert "The notice and hearing dates have been recorded." in recorded.get_data(as_text=True)
    db.session.expire_all()
    assert resolution.excluded_member_heard_on == date(2026, 11, 20)
    late = client.post(
        f"/c/{slug}/votes/resolutions/{resolution.id}/exclusion-procedure",
        data={
            "csrf_token": csrf_token_from(html),
            "excluded_member_notified_on": "2026-11-10",
            "excluded_member_heard_on": "2026-11-30",
        },
        follow_redirects=True,
    )
    assert (
        "The notice and the hearing must come before the assembly of Nov 29, 2026, "
        "not on Nov 30, 2026. (R-EXCL-1)" in late.get_data(as_text=True)
    )
    db.session.expire_all()
    assert resolution.excluded_member_heard_on == date(2026, 11, 20)


def test_the_public_receipt_check(client, scenario, voting_resolution):
    open_res = voting_resolution(scenario.assembly)
    secret = voting_resolution(scenario.assembly, secret=True, title="Élection")
    member = scenario.trav[0]
    user = scenario.users[member.id]
    open_receipt = services.cast_ballot(open_res, member, "for", by=user, now=NOW)
    secret_receipt = services.cast_ballot(secret, member, "against", by=user, now=NOW)
    services.close_vote(secret, now=NOW, urn=open_urn(secret))
    db.session.commit()
    url = f"/vote/verify/{services.make_verification_token(scenario.assembly.id)}"
    found = client.get(url, query_string={"code": open_receipt.code}).get_data(as_text=True)
    assert "counted" in found
    assert "Approbation" in found
    secret_page = client.get(url, query_string={"code": secret_receipt.code})
    text = secret_page.get_data(as_text=True)
    assert "Élection" in text
    assert secret_receipt.code in text
    assert "against" not in text.split("receipt codes counted")[-1]
    assert "No ballot" in client.get(url, query_string={"code": "AAAA-BBBB-CCCC-DDDD"}).get_data(
        as_text=True
    )
    assert client.get("/vote/verify/forged").status_code == 404


def test_the_auditor_downloads_the_tally_export(
    client, auth, scenario, voting_resolution, make_user, grant
):
    resolution = voting_resolution(scenario.assembly)
    attend(scenario.assembly, scenario.trav[0])
    services.cast_ballot(resolution, scenario.trav[0], "for", secretary=True, now=NOW)
    services.close_vote(resolution, now=NOW)
    auditor = make_user()
    grant(auditor, scenario.cooperative, "auditor")
    db.session.commit()
    auth.login_as(auditor)
    response = client.get(
        f"/c/{scenario.cooperative.slug}/votes/assemblies/{scenario.assembly.id}/export.json"
    )
    assert response.status_code == 200
    document = response.get_json()
    assert document["format"] == "scic-tally/1"
    assert document["resolutions"][0]["ballots"] == [
        {"college": "TRAV", "for": 1, "against": 0, "abstain": 0}
    ]


def test_the_phone_page_fits_a_small_screen(client, auth, scenario, voting_resolution):
    voting_resolution(scenario.assembly, secret=True)
    db.session.commit()
    auth.login_as(scenario.users[scenario.trav[0].id])
    html = client.get(f"/c/{scenario.cooperative.slug}/votes/ballot").get_data(as_text=True)
    assert 'name="viewport"' in html
    assert "voting.css" in html
    assert html.count('class="choice ') == 4  # large choice buttons, one resolution


def test_a_postal_vote_before_the_session(client, auth, scenario, voting_resolution, frozen_clock):
    scenario.assembly.status = "convened"
    voting_resolution(scenario.assembly, open=False)
    db.session.commit()
    frozen_clock(SESSION_START - timedelta(days=2))
    auth.login_as(scenario.users[scenario.trav[0].id])
    slug = scenario.cooperative.slug
    response = vote_through_page(
        client, f"/c/{slug}/votes/ballot", f"/c/{slug}/votes/ballot", "for"
    )
    assert response.status_code == 303
    assert db.session.scalar(select(Ballot.channel)) == "correspondence"


def test_secret_ballot_through_the_page_records_no_choice_next_to_the_voter(
    client, auth, scenario, voting_resolution, frozen_now
):
    voting_resolution(scenario.assembly, secret=True)
    db.session.commit()
    member = scenario.trav[0]
    auth.login_as(scenario.users[member.id])
    slug = scenario.cooperative.slug
    response = vote_through_page(
        client, f"/c/{slug}/votes/ballot", f"/c/{slug}/votes/ballot", "against"
    )
    assert response.status_code == 303
    participation = db.session.scalar(select(SecretParticipation))
    assert participation.member_id == member.id
    assert not hasattr(participation, "choice")
    assert ballot_count() == 0


def test_a_vote_reads_its_resolution_assembly_member_and_college_in_one_statement(
    client, auth, scenario, voting_resolution, frozen_now
):
    """One query for the voted resolution, its assembly, the member and the member's college
    on the day (docs/performance.md, items 23 and 25)."""
    from sqlalchemy import event

    from scic.membership.models import Member

    resolution = voting_resolution(scenario.assembly)
    db.session.commit()
    member = scenario.trav[0]
    auth.login_as(scenario.users[member.id])
    page = client.get(f"/c/{scenario.cooperative.slug}/votes/ballot").get_data(as_text=True)
    action = re.search(r'<form method="post" action="([^"]+)" id="ballot-form"', page).group(1)
    resolution_id, member_id = resolution.id, member.id
    db.session.commit()
    db.session.expunge_all()  # nothing loaded, as in every request's own session
    statements: list[str] = []

    def listener(conn, cursor, statement, *args):
        statements.append(" ".join(statement.split()))

    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        response = client.post(
            action.replace("&amp;", "&"),
            data={
                "csrf_token": csrf_token_from(page),
                "resolution": resolution_id,
                "member": member_id,
                "choice": "for",
                "confirmed": "1",
            },
        )
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert response.status_code == 303
    (load,) = [s for s in statements if "FROM resolutions JOIN assemblies" in s]
    assert "LEFT OUTER JOIN members" in load
    assert "FROM member_placements" in load
    others = [s for s in statements if s != load]
    tables = ("resolutions", "assemblies", "members", "member_placements")
    assert not [s for s in others if s.startswith(tuple(f"SELECT {t}." for t in tables))]
    college_id = db.session.scalar(select(Member.college_id).where(Member.id == member_id))
    assert college_id is not None
    assert db.session.scalar(select(Ballot.college_id)) == college_id


def _inserts_during(action) -> list[list[str]]:
    """The tables of each INSERT statement sent while ``action`` runs."""
    return [
        re.findall(r"INSERT INTO (\w+)", s)
        for s in statements_during(action)
        if "INSERT INTO" in s[:40]
    ]


def test_a_vote_writes_its_ballot_audit_entry_and_receipt_in_one_statement(
    client, auth, scenario, voting_resolution, frozen_now
):
    """On PostgreSQL the ballot, its audit entry and its receipt's outbox row are one INSERT
    (two data-modifying CTEs, docs/performance.md); SQLite writes them one by one. Each row
    is whole: the ballot in its chain, the entry naming it, the receipt queued for the voter."""
    from scic.core.audit import AuditEntry
    from scic.core.outbox import OutboxMessage

    voting_resolution(scenario.assembly)
    db.session.commit()
    member = scenario.trav[0]
    user = scenario.users[member.id]
    auth.login_as(user)
    slug = scenario.cooperative.slug
    responses = []
    inserts = _inserts_during(
        lambda: responses.append(
            vote_through_page(client, f"/c/{slug}/votes/ballot", f"/c/{slug}/votes/ballot", "for")
        )
    )
    assert responses[0].status_code == 303
    written = ["ballots", "audit_entries", "outbox_messages"]
    if db.engine.dialect.name == "postgresql":
        assert inserts == [written]
    else:
        assert inserts == [[table] for table in written]
    ballot = db.session.scalars(select(Ballot)).one()
    assert (ballot.member_id, ballot.choice, ballot.channel) == (member.id, "for", "remote")
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "ballot.cast")).one()
    assert entry.data == {"member_id": member.id, "channel": "remote", "choice": "for"}
    receipt = db.session.scalars(select(OutboxMessage)).one()
    assert (receipt.recipient, receipt.composer) == (user.email, "ballot_receipt")


def test_the_unique_ballot_holds_if_the_check_under_the_lock_let_a_second_through(
    client, auth, scenario, voting_resolution, frozen_now, monkeypatch
):
    """The last line: were the state read under the lock wrong, the unique constraint refuses
    the second ballot (at the end of the batch, on PostgreSQL) and the voter reads why."""
    from scic.voting import queries

    voting_resolution(scenario.assembly)
    db.session.commit()
    member = scenario.trav[0]
    auth.login_as(scenario.users[member.id])
    slug = scenario.cooperative.slug
    page = client.get(f"/c/{slug}/votes/ballot").get_data(as_text=True)
    first = vote_through_page(client, f"/c/{slug}/votes/ballot", f"/c/{slug}/votes/ballot", "for")
    assert first.status_code == 303
    resolution = re.search(r'name="resolution"[^>]*value="(\d+)"', page).group(1)
    action = re.search(r'<form method="post" action="([^"]+)" id="ballot-form"', page).group(1)
    state_of = queries.BallotState.from_row
    monkeypatch.setattr(
        queries.BallotState,
        "from_row",
        classmethod(lambda cls, row: replace(state_of(row), already_voted=False)),
    )
    again = client.post(
        action.replace("&amp;", "&"),
        data={
            "csrf_token": csrf_token_from(page),
            "resolution": resolution,
            "member": member.id,
            "choice": "against",
            "confirmed": "1",
        },
        headers=EN,
        follow_redirects=True,
    )
    message = "A ballot has already been recorded for this member on this resolution."
    assert message in again.get_data(as_text=True)
    assert db.session.scalars(select(Ballot.choice)).all() == ["for"]


def test_the_secretary_types_the_member_whose_vote_is_recorded_in_the_room(
    client, auth, scenario, voting_resolution, frozen_now
):
    """No select of every member: the number (or the name) is typed and resolved without
    JavaScript; a second vote for the same member gets the service's refusal in prose, as on
    every channel, and nothing is written."""
    from tests.fixtures.voting import attend

    resolution = voting_resolution(scenario.assembly)
    member = scenario.trav[0]
    attend(scenario.assembly, member)
    db.session.commit()
    auth.login_as(scenario.secretary)
    slug = scenario.cooperative.slug
    console = f"/c/{slug}/votes/resolutions/{resolution.id}"
    html = client.get(console, headers=EN).get_data(as_text=True)
    assert 'name="member_text"' in html
    assert f'<option value="{member.id}"' not in html
    data = {
        "csrf_token": csrf_token_from(html),
        "member_text": str(member.number),
        "choice": "against",
        "channel": "in_person",
        "cast_by_name": "",
    }
    recorded = client.post(f"{console}/ballots", data=data, headers=EN)
    assert recorded.status_code == 303
    assert db.session.scalar(select(Ballot.member_id)) == member.id
    assert db.session.scalar(select(Ballot.choice)) == "against"
    again = client.post(f"{console}/ballots", data=data, headers=EN, follow_redirects=True)
    assert "A ballot has already been recorded for this member" in again.get_data(as_text=True)
    assert ballot_count() == 1
    page = client.get(console, headers=EN).get_data(as_text=True)
    assert "1 member has voted." in page
    unknown = client.post(
        f"{console}/ballots", data={**data, "member_text": "Personne"}, headers=EN,
        follow_redirects=True,
    )  # fmt: skip
    assert "No member matches “Personne”" in unknown.get_data(as_text=True)
    assert ballot_count() == 1
