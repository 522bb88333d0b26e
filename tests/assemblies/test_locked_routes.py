"""Once the minutes are signed, no route of the assemblies blueprint changes the assembly.

Every POST route is enumerated from the URL map: a new route without a row in ``REQUESTS``
fails the test, so it cannot escape the check. The addendum route is the one way to add.
"""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from scic.assemblies import services
from scic.assemblies.models import (
    Addendum,
    AgendaItem,
    Assembly,
    AttendanceCorrection,
    AttendanceEntry,
    ConvocationRecord,
    Document,
    Election,
    Incident,
    MinutesSignature,
    Proxy,
)
from scic.core.db import db
from scic.workflows import elections as election_workflow
from scic.workflows import session as session_workflow
from tests.fixtures.assemblies import NOW, STARTS_AT, TODAY

PDF = b"%PDF-1.4\n% locked\n"
CHILDREN = (
    AgendaItem,
    Proxy,
    AttendanceEntry,
    AttendanceCorrection,
    Document,
    ConvocationRecord,
    Election,
    Incident,
    MinutesSignature,
    Addendum,
)


def snapshot(assembly_id: int) -> dict:
    db.session.expire_all()
    assembly = db.session.get(Assembly, assembly_id)
    state = {"assembly": {c.key: getattr(assembly, c.key) for c in Assembly.__table__.columns}}
    for model in CHILDREN:
        rows = db.session.scalars(
            select(model).where(model.assembly_id == assembly_id).order_by(model.id)
        )
        state[model.__name__] = [
            {c.key: getattr(r, c.key) for c in model.__table__.columns} for r in rows
        ]
    return state


@pytest.fixture
def locked(secretary, grant, make_voter, make_assembly, client, auth):
    """A locked assembly with every kind of child row; the secretary is also a member."""
    user, coop = secretary
    user.locale = "en"
    grant(user, coop, "member")
    voters = [make_voter(coop, name=f"V{i}") for i in range(5)]
    me = make_voter(coop, name="Me", user=user)
    paper = make_voter(coop, name="Paper", consent=False)
    assembly = make_assembly(coop, agenda=("Comptes", "Quitus"))
    document = services.add_document(
        assembly, kind="accounts", title="Comptes", filename="c.pdf", content=PDF, now=NOW
    )
    election = election_workflow.prepare_election(
        assembly,
        seats=1,
        term_years=6,
        candidates=[election_workflow.Candidate("Zoé")],
        secret=False,
    )
    services.send_convocation(assembly, TODAY, now=NOW)
    services.record_paper_convocation(assembly, paper, channel="letter", sent_on=TODAY, now=NOW)
    proxy = services.give_proxy(assembly, voters[3], voters[0], signed_on=TODAY, now=NOW)
    my_proxy = services.give_proxy(assembly, me, None, signed_on=TODAY, now=NOW)
    services.set_bureau(assembly, chair="Ana", secretary="Di", scrutineers="Bo")
    session_workflow.open_session(assembly, now=STARTS_AT)
    services.record_attendance(assembly, voters[0], "present", now=STARTS_AT)
    services.add_incident(assembly, "Coupure", occurred_at=STARTS_AT)
    session_workflow.close_session(assembly, now=STARTS_AT + timedelta(hours=2))
    services.sign_minutes(assembly, role="chair", name="Ana", now=NOW)
    services.sign_minutes(assembly, role="secretary", name="Di", now=NOW)
    assert assembly.locked_at is not None
    db.session.commit()
    auth.login_as(user)
    ids = {
        "assembly_id": assembly.id,
        "item_id": assembly.agenda_items[0].id,
        "document_id": document.id,
        "proxy_id": proxy.id,
        "my_proxy_id": my_proxy.id,
        "me_id": me.id,
        "present_id": voters[0].id,
        "election_id": election.id,
        "checkin_token": services.make_checkin_token(assembly, voters[1]),
    }
    return coop, assembly, voters, paper, ids


def requests_for(voters, paper, ids, version):
    """Valid form data for every POST endpoint: the refusal must come from the lock."""
    return {
        "assemblies.create": (
            "/new",
            {
                "type": "ordinary",
                "title": "Autre",
                "starts_at": "2027-06-01T18:00",
                "place": "Mairie",
                "remote_mode": "none",
            },
        ),
        "assemblies.update": (
            "/{assembly_id}/edit",
            {
                "type": "ordinary",
                "title": "Réécrit",
                "starts_at": "2026-04-15T18:00",
                "place": "Ailleurs",
                "remote_mode": "none",
                "version": version,
            },
        ),
        "assemblies.add_agenda_item": ("/{assembly_id}/agenda", {"title": "Ajout"}),
        "assemblies.remove_agenda_item": ("/{assembly_id}/agenda/{item_id}/delete", {}),
        "assemblies.upload_document": (
            "/{assembly_id}/documents",
            {"kind": "other", "title": "Nouveau", "file": (io.BytesIO(PDF), "n.pdf")},
        ),
        "assemblies.remove_document": ("/{assembly_id}/documents/{document_id}/delete", {}),
        "assemblies.second_call": ("/{assembly_id}/second-call", {"starts_at": "2026-05-15T18:00"}),
        "assemblies.send_convocation": ("/{assembly_id}/convocation/send", {}),
        "assemblies.record_paper_convocation": (
            "/{assembly_id}/convocation/paper",
            {
                "member_id": paper.id,
                "channel": "registered_letter",
                "sent_on": TODAY.isoformat(),
                "registered_number": "9Z",
            },
        ),
        "assemblies.record_letters": (
            "/{assembly_id}/convocation/letters",
            {"channel": "letter", "sent_on": TODAY.isoformat(), "numbers": ""},
        ),
        "assemblies.give_proxy": (
            "/{assembly_id}/proxies",
            {"grantor_id": voters[4].id, "blank": "y", "signed_on": TODAY.isoformat()},
        ),
        "assemblies.revoke_proxy": ("/{assembly_id}/proxies/{proxy_id}/revoke", {}),
        "assemblies.set_bureau": (
            "/{assembly_id}/bureau",
            {"chair_name": "Zoé", "secretary_name": "Yves", "scrutineers": "Xan"},
        ),
        "assemblies.open_session": ("/{assembly_id}/open", {}),
        "assemblies.close_session": ("/{assembly_id}/close", {}),
        "assemblies.add_incident": ("/{assembly_id}/incidents", {"description": "Encore"}),
        "assemblies.record_attendance": (
            "/{assembly_id}/attendance",
            {"member_id": voters[4].id, "mode": "present"},
        ),
        "assemblies.correct_attendance": (
            "/{assembly_id}/attendance/{present_id}/correct",
            {"mode": "absent", "reason": "departure"},
        ),
        "assemblies.confirm_checkin": ("/checkin/{checkin_token}", {}),
        "assemblies.prepare_election": (
            "/{assembly_id}/elections",
            {"seats": "1", "term_years": "6", "candidates": "Yann"},
        ),
        "assemblies.record_election_results": (
            "/{assembly_id}/elections/{election_id}/results",
            {},
        ),
        # Creates another assembly (the accounts one): the locked one stays as it is.
        "assemblies.prepare_accounts": ("/accounts", {}),
        "assemblies.update_summary": (
            "/{assembly_id}/minutes/summary",
            {"debates_summary": "Réécrit", "version": version},
        ),
        "assemblies.sign_minutes": ("/{assembly_id}/minutes/sign", {"signatory": "chair|Ana"}),
        "assemblies.record_wet_ink_signature": (
            "/{assembly_id}/minutes/wet-ink",
            {
                "wet_ink-signatory": "chair|Ana",
                "wet_ink-scan": (io.BytesIO(b"%PDF-1.4 scan"), "scan.pdf"),
            },
        ),
        "assemblies.add_addendum": ("/{assembly_id}/addenda", {"text": "Correction"}),
        "assemblies.my_give_proxy": (
            "/mine/{assembly_id}/proxy",
            {"grantor_id": ids["me_id"], "blank": "y", "signed_on": TODAY.isoformat()},
        ),
        "assemblies.my_revoke_proxy": ("/mine/{assembly_id}/proxy/{my_proxy_id}/revoke", {}),
    }


def test_no_post_route_changes_a_locked_assembly(app, client, no_csrf, locked):
    coop, assembly, voters, paper, ids = locked
    endpoints = sorted(
        {
            rule.endpoint
            for rule in app.url_map.iter_rules()
            if rule.endpoint.startswith("assemblies.") and "POST" in rule.methods
        }
    )
    table = requests_for(voters, paper, ids, str(assembly.version))
    assert sorted(table) == endpoints, "every POST route needs a row in the table"
    before = snapshot(assembly.id)
    uploads = sorted(services.uploads_folder().iterdir())
    for endpoint in endpoints:
        path, data = table[endpoint]
        url = f"/c/{coop.slug}/assemblies" + path.format(**ids)
        response = client.post(url, data=data, content_type="multipart/form-data")
        assert response.status_code in (303, 400, 404), (endpoint, response.status_code)
        after = snapshot(assembly.id)
        if endpoint == "assemblies.add_addendum":
            added = [a for a in after["Addendum"] if a not in before["Addendum"]]
            assert [a["text"] for a in added] == ["Correction"]
            before["Addendum"] = after["Addendum"]  # the one change allowed: appended
        assert after == before, f"{endpoint} changed the locked assembly"
        with client.session_transaction() as session:
            messages = " ".join(m for _c, m in session.pop("_flashes", []))
        messages += response.get_data(as_text=True)  # a re-rendered form shows its flashes
        if endpoint not in (
            "assemblies.add_addendum",
            "assemblies.create",
            "assemblies.prepare_accounts",
            "assemblies.second_call",
        ):
            assert "nothing can change" in messages or response.status_code == 404, (
                endpoint,
                messages,
            )
    assert sorted(services.uploads_folder().iterdir()) == uploads
