"""Assembly pages through the client: access, forms, convocation mail, check-in, member side."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from scic.assemblies import queries, services
from scic.assemblies.models import Assembly, AttendanceEntry, MinutesSignature, Proxy
from scic.core import clock
from scic.core.db import db
from scic.workflows import session as session_workflow
from tests.conftest import csrf_token_from
from tests.fixtures.assemblies import NOW, STARTS_AT, TODAY
from tests.html import row

PDF = b"%PDF-1.4\n% test\n"


def base(cooperative) -> str:
    return f"/c/{cooperative.slug}/assemblies"


def post(client, url, data=None, **kwargs):
    """POST with the CSRF token of the page the form comes from."""
    page = client.get(kwargs.pop("page", url))
    token = csrf_token_from(page.get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **(data or {})}, **kwargs)


def flashes(client) -> str:
    with client.session_transaction() as session:
        return " ".join(m for _c, m in session.get("_flashes", []))


@pytest.fixture
def logged_in(secretary, client, auth):
    user, cooperative = secretary
    user.locale = "en"  # the assertions read English messages
    db.session.commit()
    auth.login_as(user)
    return user, cooperative


def test_secretary_prepares_an_assembly(client, logged_in):
    _, coop = logged_in
    assert "Assemblies" in client.get(
        f"/c/{coop.slug}/", headers={"Accept-Language": "en"}
    ).get_data(as_text=True)
    response = post(
        client,
        f"{base(coop)}/new",
        {
            "type": "ordinary",
            "title": "AG 2026",
            "starts_at": "2026-06-12T18:00",
            "place": "Salle des fêtes",
            "remote_mode": "none",
            "approves_accounts_of": "2025",
        },
    )
    assert response.status_code == 303
    assembly = db.session.scalar(db.select(Assembly))
    assert assembly.starts_at.isoformat() == "2026-06-12T16:00:00+00:00"  # Paris summer time
    page = f"{base(coop)}/{assembly.id}"
    assert post(client, f"{page}/agenda", {"title": "Comptes 2025"}, page=page).status_code == 303
    response = post(
        client,
        f"{page}/documents",
        {"kind": "accounts", "title": "Comptes", "file": (io.BytesIO(PDF), "comptes.pdf")},
        page=page,
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    html = client.get(page).get_data(as_text=True)
    assert "Comptes 2025" in html
    assert "comptes.pdf" in html
    document = db.session.get(Assembly, assembly.id).documents[0]
    download = client.get(f"{page}/documents/{document.id}")
    assert download.status_code == 200
    assert download.data == PDF
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment")
    download.close()
    bad = post(
        client,
        f"{page}/documents",
        {"kind": "other", "file": (io.BytesIO(b"<script>"), "x.html")},
        page=page,
        content_type="multipart/form-data",
    )
    assert bad.status_code == 303
    assert "not accepted" in flashes(client)


def test_invalid_assembly_form_answers_400(client, logged_in):
    _, coop = logged_in
    response = post(
        client, f"{base(coop)}/new", {"type": "ordinary", "title": "", "remote_mode": "none"}
    )
    assert response.status_code == 400
    response = post(
        client,
        f"{base(coop)}/new",
        {
            "type": "ordinary",
            "title": "AG",
            "starts_at": "2026-06-12T18:00",
            "place": "",
            "remote_mode": "none",
        },
    )
    assert response.status_code == 400
    assert "place" in response.get_data(as_text=True)


def test_edit_with_a_stale_version_is_refused(client, logged_in, make_assembly):
    _, coop = logged_in
    assembly = make_assembly(coop)
    db.session.commit()
    url = f"{base(coop)}/{assembly.id}/edit"
    data = {
        "type": "ordinary",
        "title": "Nouveau titre",
        "starts_at": "2026-04-15T18:00",
        "place": "Mairie",
        "remote_mode": "none",
        "version": "999",
    }
    assert post(client, url, data).status_code == 303
    assert "changed this assembly meanwhile" in flashes(client)
    data["version"] = str(assembly.version)
    assert post(client, url, data).status_code == 303
    db.session.expire_all()
    assert db.session.get(Assembly, assembly.id).title == "Nouveau titre"


def test_convocation_through_the_page_mails_ics_and_personal_link(
    client, logged_in, make_assembly, make_voter, outbox
):
    _, coop = logged_in
    member = make_voter(coop, name="Dupont")
    paper = make_voter(coop, name="Martin", consent=False, address="3 rue Basse")
    assembly = make_assembly(coop, starts_at=NOW + timedelta(days=400))
    db.session.commit()
    url = f"{base(coop)}/{assembly.id}/convocation"
    html = client.get(url).get_data(as_text=True)
    # The member convened by letter: its name, postal address, nothing sent yet.
    assert row(html, str(paper.number))[:3] == ["Martin Alex", "3 rue Basse", "—"]
    assert post(client, f"{url}/send", page=url).status_code == 303
    (mail,) = outbox()
    assert mail["To"] == member.email
    body = mail.get_body(("plain",)).get_content()
    link = re.search(r"https?://\S+", body).group(0)
    assert link.startswith("http://127.0.0.1:5000/")  # BASE_URL, never the request's host
    assert services.read_voting_token(link.rsplit("/", 1)[-1]) == (assembly.id, member.id)
    ics = next(p for p in mail.iter_attachments() if p.get_filename() == "convocation.ics")
    assert ics.get_content_type() == "text/calendar"
    assert b"\r\nDTSTART:" in ics.get_payload(decode=True)
    page = client.get(url).get_data(as_text=True)
    token = csrf_token_from(page)
    response = client.post(
        f"{url}/paper",
        data={
            "csrf_token": token,
            "prefix": f"m{paper.id}",
            f"m{paper.id}-member_id": paper.id,
            f"m{paper.id}-channel": "registered_letter",
            f"m{paper.id}-sent_on": clock.today().isoformat(),
            f"m{paper.id}-registered_number": "1A 000 111",
        },
    )
    assert response.status_code == 303
    record = queries.convocation_records(db.session.get(Assembly, assembly.id))[paper.id]
    assert record.registered_number == "1A 000 111"
    assert "1A 000 111" in client.get(url).get_data(as_text=True)


def test_late_convocation_is_refused_on_the_page(
    client, logged_in, make_assembly, make_voter, outbox
):
    _, coop = logged_in
    make_voter(coop)
    assembly = make_assembly(coop, starts_at=clock.now() + timedelta(days=5))
    db.session.commit()
    url = f"{base(coop)}/{assembly.id}/convocation"
    assert "Too late" in client.get(url, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert post(client, f"{url}/send", page=url).status_code == 303
    message = flashes(client)
    assert "Too late" in message
    assert "had to be sent by" in message
    assert outbox() == []
    assert db.session.get(Assembly, assembly.id).status == "draft"


@pytest.fixture
def session_setup(logged_in, make_voter, make_assembly):
    _, coop = logged_in
    voters = [make_voter(coop, name=f"Voter{i}") for i in range(5)]
    assembly = make_assembly(coop)
    services.send_convocation(assembly, TODAY, now=NOW)
    services.give_proxy(assembly, voters[4], None, signed_on=TODAY, now=NOW)
    db.session.commit()
    return coop, assembly, voters


def test_check_in_quorum_and_close(client, session_setup, frozen_clock):
    coop, assembly, voters = session_setup
    root = f"{base(coop)}/{assembly.id}"
    frozen_clock(STARTS_AT)  # R-AG-13: the session opens at its convened time
    assert (
        post(
            client,
            f"{root}/bureau",
            {"chair_name": "Ana", "secretary_name": "Di", "scrutineers": "Bo"},
            page=f"{root}/session",
        ).status_code
        == 303
    )
    assert post(client, f"{root}/open", page=f"{root}/session").status_code == 303
    assert "The session is open." in flashes(client)
    page = client.get(f"{root}/attendance?q=voter1").get_data(as_text=True)
    assert "Voter1" in page
    assert "Voter2" not in page
    assert f'name="member_id" value="{voters[1].id}"' in page
    response = post(
        client,
        f"{root}/attendance?q=voter1",
        {"member_id": voters[1].id, "mode": "present"},
        page=f"{root}/attendance",
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith("q=voter1")
    post(
        client,
        f"{root}/attendance",
        {"member_id": voters[1].id, "mode": "present"},
        page=f"{root}/attendance",
    )
    assert "already recorded" in flashes(client)
    quorum = client.get(f"{root}/quorum.json").get_json()
    assert quorum["participants"] == 2
    assert quorum["entitled"] == 5
    assert quorum["required_count"] == 1
    assert quorum["reached"] is True
    assert quorum["breakdown"]["represented"] == 1
    assert (
        post(
            client, f"{root}/incidents", {"description": "Coupure vidéo"}, page=f"{root}/session"
        ).status_code
        == 303
    )
    assert post(client, f"{root}/close", page=f"{root}/session").status_code == 303
    post(
        client,
        f"{root}/attendance",
        {"member_id": voters[2].id, "mode": "present"},
        page=f"{root}/attendance",
    )
    assert "session is closed" in flashes(client)
    assert db.session.scalar(db.select(db.func.count(AttendanceEntry.id))) == 1


def test_other_cooperatives_objects_are_404(
    client, logged_in, make_cooperative, make_voter, make_assembly, session_setup
):
    coop, assembly, _voters = session_setup
    other = make_cooperative()
    foreign_member = make_voter(other)
    foreign = make_assembly(other)
    db.session.commit()
    proxy = db.session.scalar(db.select(Proxy))
    assert client.get(f"{base(coop)}/{foreign.id}").status_code == 404
    item = foreign.agenda_items[0]
    token = csrf_token_from(client.get(f"{base(coop)}/{assembly.id}").get_data(as_text=True))
    assert (
        client.post(
            f"{base(coop)}/{assembly.id}/agenda/{item.id}/delete", data={"csrf_token": token}
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"{base(coop)}/{foreign.id}/proxies/{proxy.id}/revoke", data={"csrf_token": token}
        ).status_code
        == 404
    )
    response = client.post(
        f"{base(coop)}/{assembly.id}/attendance",
        data={"csrf_token": token, "member_id": foreign_member.id, "mode": "present"},
    )
    assert response.status_code == 404


def test_proxy_refusal_is_flashed_with_its_reason(client, session_setup):
    coop, assembly, voters = session_setup
    url = f"{base(coop)}/{assembly.id}/proxies"
    post(
        client,
        url,
        {
            "grantor_id": voters[0].id,
            "holder_id": str(voters[0].id),
            "signed_on": TODAY.isoformat(),
        },
    )
    assert "cannot give a proxy to itself" in flashes(client)
    assert (
        post(
            client,
            url,
            {
                "grantor_id": voters[0].id,
                "holder_id": str(voters[1].id),
                "signed_on": TODAY.isoformat(),
            },
        ).status_code
        == 303
    )
    proxy = db.session.scalar(db.select(Proxy).where(Proxy.grantor_id == voters[0].id))
    assert post(client, f"{url}/{proxy.id}/revoke", page=url).status_code == 303
    db.session.expire_all()
    assert db.session.get(Proxy, proxy.id).revoked_at is not None


def test_the_secretary_types_the_members_of_a_proxy(client, session_setup):
    """No select of every voter: grantor and holder are typed (number or name) and resolved
    without JavaScript; a proxy is either named or blank, and the form says so in prose."""
    coop, assembly, voters = session_setup
    url = f"{base(coop)}/{assembly.id}/proxies"
    html = client.get(url).get_data(as_text=True)
    assert 'name="grantor_id_text"' in html
    assert 'name="holder_id_text"' in html
    assert f'<option value="{voters[0].id}"' not in html
    signed_on = TODAY.isoformat()
    typed = {"grantor_id_text": str(voters[0].number), "signed_on": signed_on}
    post(client, url, {**typed, "holder_id_text": "Voter1", "blank": "y"})
    assert "one of the two" in flashes(client)
    post(client, url, typed)
    assert "one of the two" in flashes(client)
    assert db.session.scalar(db.select(Proxy).where(Proxy.grantor_id == voters[0].id)) is None
    assert post(client, url, {**typed, "holder_id_text": "Voter1"}).status_code == 303
    proxy = db.session.scalar(db.select(Proxy).where(Proxy.grantor_id == voters[0].id))
    assert proxy.holder_id == voters[1].id
    blank = {"grantor_id_text": str(voters[2].number), "blank": "y", "signed_on": signed_on}
    assert post(client, url, blank).status_code == 303
    proxy = db.session.scalar(db.select(Proxy).where(Proxy.grantor_id == voters[2].id))
    assert proxy.holder_id is None


def test_member_sees_assemblies_gives_and_revokes_a_proxy(
    client, auth, make_user, grant, session_setup, make_voter
):
    coop, assembly, voters = session_setup
    user = make_user()
    user.locale = "en"
    grant(user, coop, "member")
    me = make_voter(coop, name="Moi", user=user)
    services.add_document(
        assembly, kind="accounts", title="Comptes", filename="c.pdf", content=PDF, now=NOW
    )
    db.session.commit()
    auth.login_as(user)
    listing = client.get(f"{base(coop)}/mine").get_data(as_text=True)
    assert assembly.title in listing
    assert client.get(f"{base(coop)}/").status_code == 404  # the secretaries' list
    url = f"{base(coop)}/mine/{assembly.id}"
    html = client.get(url).get_data(as_text=True)
    # The holder is typed: the page lists no other voter, and offers no register search.
    assert f'<option value="{voters[0].id}"' not in html
    assert 'name="holder_id_text"' in html
    assert "data-search-url" not in html
    document = db.session.get(Assembly, assembly.id).documents[0]
    # The document is listed by its title, as a link to download it.
    assert f'{base(coop)}/{assembly.id}/documents/{document.id}">Comptes</a>' in html
    download = client.get(f"{base(coop)}/{assembly.id}/documents/{document.id}")
    assert download.data == PDF
    download.close()
    assert (
        post(
            client,
            f"{url}/proxy",
            {"grantor_id": me.id, "blank": "y", "signed_on": TODAY.isoformat()},
            page=url,
        ).status_code
        == 303
    )
    proxy = db.session.scalar(db.select(Proxy).where(Proxy.grantor_id == me.id))
    assert proxy.holder_id is None
    # Another member's proxy cannot be revoked by me.
    other = db.session.scalar(db.select(Proxy).where(Proxy.grantor_id == voters[4].id))
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    assert (
        client.post(f"{url}/proxy/{other.id}/revoke", data={"csrf_token": token}).status_code == 404
    )
    # Nor can I give a proxy in someone else's name.
    post(
        client,
        f"{url}/proxy",
        {"grantor_id": voters[0].id, "blank": "y", "signed_on": TODAY.isoformat()},
        page=url,
    )
    assert db.session.scalar(db.select(Proxy).where(Proxy.grantor_id == voters[0].id)) is None
    assert post(client, f"{url}/proxy/{proxy.id}/revoke", page=url).status_code == 303
    db.session.expire_all()
    assert db.session.get(Proxy, proxy.id).revoked_at is not None


def test_member_cannot_see_a_draft_assembly(
    client, auth, make_user, grant, logged_in, make_assembly
):
    _, coop = logged_in
    draft = make_assembly(coop)
    user = make_user()
    grant(user, coop, "member")
    db.session.commit()
    auth.login_as(user)
    assert client.get(f"{base(coop)}/mine/{draft.id}").status_code == 404
    assert draft.title not in client.get(f"{base(coop)}/mine").get_data(as_text=True)


def test_minutes_signed_through_the_page_lock_the_assembly(
    client, session_setup, logged_in, open_at_start
):
    """Each signatory signs with their own account, only for themselves; a signatory who signed
    the printed minutes in ink is recorded by the secretary with the scan (§6.9)."""
    user, _ = logged_in
    coop, assembly, voters = session_setup
    services.set_bureau(assembly, chair="Ana", secretary=user.display_name, scrutineers="Bo")
    open_at_start(assembly)
    services.record_attendance(assembly, voters[0], "present", now=STARTS_AT)
    session_workflow.close_session(assembly, now=STARTS_AT + timedelta(hours=2))
    db.session.commit()
    url = f"{base(coop)}/{assembly.id}/minutes"
    with client.session_transaction() as session:
        session["locale"] = "en"
    html = client.get(url).get_data(as_text=True)
    assert f"Still to sign: Chair — Ana; Secretary — {user.display_name}" in html
    # The signing form offers the signed-in account's own capacity only.
    assert f'value="secretary|{user.display_name}"' in html
    assert 'value="chair|Ana">' not in html.split('id="wet-ink-form"')[0]
    summary_token = re.search(r'name="version"[^>]*value="(\d+)"', html) or re.search(
        r'value="(\d+)"[^>]*name="version"', html
    )
    assert (
        post(
            client,
            f"{url}/summary",
            {"debates_summary": "Débats.", "version": summary_token.group(1)},
            page=url,
        ).status_code
        == 303
    )
    post(client, f"{url}/sign", {"signatory": "chair|Ana"}, page=url)
    assert flashes(client) == (
        "Sign for yourself only: the minutes ask Ana to sign with their own account, or the "
        "secretary records their ink signature with its scan."
    )
    wrong = post(
        client,
        f"{url}/wet-ink",
        {"wet_ink-signatory": "chair|Ana", "wet_ink-scan": (io.BytesIO(b"not a"), "signature.pdf")},
        page=url,
        content_type="multipart/form-data",
    )
    assert wrong.status_code == 303
    assert flashes(client) == (
        "scan : This file is not the PDF, PNG or JPEG scan its name says: upload the scan itself."
    )
    recorded = post(
        client,
        f"{url}/wet-ink",
        {"wet_ink-signatory": "chair|Ana", "wet_ink-scan": (io.BytesIO(PDF), "signature.pdf")},
        page=url,
        content_type="multipart/form-data",
    )
    assert recorded.status_code == 303
    signature_id = db.session.scalar(select(MinutesSignature.id))
    scan = client.get(f"{url}/signatures/{signature_id}/scan")
    assert (scan.status_code, scan.data, scan.mimetype) == (200, PDF, "application/pdf")
    html = client.get(url).get_data(as_text=True)
    assert "signed in ink" in html
    assert (
        post(
            client, f"{url}/sign", {"signatory": f"secretary|{user.display_name}"}, page=url
        ).status_code
        == 303
    )
    db.session.expire_all()
    locked = db.session.get(Assembly, assembly.id)
    assert locked.locked_at is not None
    assert locked.debates_summary == "Débats."
    assert [(s.name, s.method, s.user_id) for s in locked.signatures] == [
        ("Ana", "wet_ink", user.id),
        (user.display_name, "account", user.id),
    ]
    assert "minutes are signed" in client.get(url, headers={"Accept-Language": "en"}).get_data(
        as_text=True
    )


def test_dashboard_shows_the_accounts_deadline_and_the_next_convocation(
    client, logged_in, make_assembly
):
    _, coop = logged_in
    upcoming = make_assembly(coop, starts_at=clock.now() + timedelta(days=60), title="AG à venir")
    db.session.commit()
    html = client.get(f"/c/{coop.slug}/").get_data(as_text=True)
    assert "(R-AG-1)" in html
    assert "AG à venir" in html
    last_day = queries.convocation_last_day(upcoming)
    assert "last day to send the convocation" in html
    assert str(last_day.year) in html


def test_proxies_can_be_changed_until_the_session_opens(client, session_setup, open_at_start):
    """R-AG-7: the pages offer to give or revoke a proxy only as long as the service allows it."""
    coop, assembly, voters = session_setup
    url = f"{base(coop)}/{assembly.id}/proxies"
    proxy = db.session.scalar(db.select(Proxy).where(Proxy.grantor_id == voters[4].id))
    before = client.get(url).get_data(as_text=True)
    assert f"/proxies/{proxy.id}/revoke" in before
    assert 'id="give-title"' in before
    open_at_start(assembly)
    db.session.commit()
    after = client.get(url).get_data(as_text=True)
    assert f"/proxies/{proxy.id}/revoke" not in after
    assert 'id="give-title"' not in after


@pytest.mark.parametrize(("legal_form", "asked"), [("SARL", True), ("SAS", False)])
def test_the_bureau_names_managers_when_they_sign_the_minutes(
    client, logged_in, make_cooperative, make_assembly, grant, legal_form, asked
):
    user, _ = logged_in
    coop = make_cooperative(legal_form=legal_form)
    grant(user, coop, "secretary")
    assembly = make_assembly(coop)
    db.session.commit()
    page = client.get(f"{base(coop)}/{assembly.id}/session").get_data(as_text=True)
    assert 'name="chair_name"' in page
    assert ('name="managers"' in page) is asked


def test_the_session_page_says_why_it_should_not_open_yet(client, session_setup, frozen_clock):
    # R-AG-13, R-AG-1/§5: convocations e-mailed on 1 March for 15 April; on 1 March the
    # secretary reads that the convened time has not come.
    coop, assembly, _voters = session_setup
    frozen_clock(NOW)
    html = client.get(
        f"{base(coop)}/{assembly.id}/session", headers={"Accept-Language": "en"}
    ).get_data(as_text=True)
    assert "it cannot open before then" in html
    assert "R-AG-13" in html
    frozen_clock(assembly.starts_at)
    html = client.get(
        f"{base(coop)}/{assembly.id}/session", headers={"Accept-Language": "en"}
    ).get_data(as_text=True)
    assert "it cannot open before then" not in html
