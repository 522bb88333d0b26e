"""The check-in checklist, corrections and the QR check-in through the client."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event, func, select

from scic.assemblies import queries, services
from scic.assemblies.models import AttendanceCorrection, AttendanceEntry
from scic.core.audit import AuditEntry
from scic.core.db import db
from scic.workflows import session as session_workflow
from tests.conftest import csrf_token_from
from tests.fixtures.assemblies import NOW, STARTS_AT, TODAY

OPEN_AT = STARTS_AT + timedelta(minutes=5)


def flashes(client) -> list[str]:
    with client.session_transaction() as session:
        return [m for _c, m in session.pop("_flashes", [])]


@pytest.fixture
def sitting(secretary, make_voter, make_assembly, client, auth, frozen_clock):
    """An open session, TRAV 3 voters, USA 2; the secretary signed in, in English."""
    frozen_clock(OPEN_AT + timedelta(minutes=10))
    user, coop = secretary
    user.locale = "en"
    trav = [make_voter(coop, name=f"Trav{i}", college="TRAV") for i in range(3)]
    usa = [make_voter(coop, name=f"Usa{i}", college="USA") for i in range(2)]
    assembly = make_assembly(coop)
    services.send_convocation(assembly, TODAY, now=NOW)
    services.set_bureau(assembly, chair="Ana", secretary="Di", scrutineers="Bo")
    session_workflow.open_session(assembly, now=OPEN_AT)
    db.session.commit()
    auth.login_as(user)
    return coop, assembly, trav, usa, f"/c/{coop.slug}/assemblies/{assembly.id}"


def test_the_secretary_ticks_several_members_and_records_them_in_one_post(client, sitting):
    _coop, assembly, trav, usa, root = sitting
    page = client.get(f"{root}/attendance").get_data(as_text=True)
    token = csrf_token_from(page)
    response = client.post(
        f"{root}/attendance?college={trav[0].college_id}",
        data={
            "csrf_token": token,
            "member_id": [trav[0].id, trav[2].id, usa[1].id],
            "mode": "present",
        },
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/attendance?college={trav[0].college_id}")
    assert flashes(client) == ["3 members recorded: Present."]
    assert sorted(queries.current_lines(assembly)) == sorted([trav[0].id, trav[2].id, usa[1].id])
    page = client.get(f"{root}/attendance").get_data(as_text=True)
    # The counts per college: TRAV 3 members, 2 taking part, 2 in the room.
    assert '<td class="num">3</td>\n      <td class="num" data-count="participating">2</td>' in page
    assert f'name="member_id" value="{trav[1].id}"' in page  # still to tick
    assert f'name="member_id" value="{trav[0].id}"' not in page  # recorded: no box
    counts = client.get(f"{root}/attendance/counts.json").get_json()
    assert counts["participants"] == 3
    assert [c["participating"] for c in counts["colleges"]] == [2, 1, 0]


def test_a_refused_member_leaves_the_whole_ticked_list_unrecorded(client, sitting):
    _coop, assembly, trav, usa, root = sitting
    services.record_attendance(assembly, usa[0], "present", now=OPEN_AT)
    db.session.commit()
    token = csrf_token_from(client.get(f"{root}/attendance").get_data(as_text=True))
    client.post(
        f"{root}/attendance",
        data={"csrf_token": token, "member_id": [trav[0].id, usa[0].id], "mode": "present"},
    )
    assert flashes(client) == [
        f"{usa[0].display_name} : This member's attendance is already recorded."
    ]
    assert db.session.scalar(select(func.count(AttendanceEntry.id))) == 1


def test_the_checklist_refuses_a_post_without_its_csrf_token(client, sitting):
    _coop, _assembly, trav, _usa, root = sitting
    response = client.post(f"{root}/attendance", data={"member_id": trav[0].id, "mode": "present"})
    assert response.status_code == 400
    assert db.session.scalar(select(func.count(AttendanceEntry.id))) == 0


def test_nothing_ticked_is_said_in_words(client, sitting):
    *_rest, root = sitting
    token = csrf_token_from(client.get(f"{root}/attendance").get_data(as_text=True))
    client.post(f"{root}/attendance", data={"csrf_token": token, "mode": "present"})
    assert flashes(client) == ["Members: Tick at least one member."]


def test_the_filters_live_in_the_query_string(client, sitting):
    _coop, _assembly, trav, usa, root = sitting
    page = client.get(f"{root}/attendance?q=usa1").get_data(as_text=True)
    assert usa[1].display_name in page
    assert trav[0].display_name not in page
    page = client.get(f"{root}/attendance?college={usa[0].college_id}").get_data(as_text=True)
    assert (usa[0].display_name in page, trav[0].display_name in page) == (True, False)
    # A damaged query string shows every member rather than an error.
    page = client.get(f"{root}/attendance?page=abc&college=x").get_data(as_text=True)
    assert trav[0].display_name in page


def test_a_correction_is_appended_and_shown_in_the_audit_log(client, sitting):
    coop, assembly, trav, _usa, root = sitting
    entry = services.record_attendance(assembly, trav[0], "present", now=OPEN_AT)
    db.session.commit()
    line = f"{root}/attendance/{trav[0].id}"
    token = csrf_token_from(client.get(line).get_data(as_text=True))
    response = client.post(
        f"{line}/correct", data={"csrf_token": token, "mode": "absent", "reason": "departure"}
    )
    assert response.status_code == 303
    assert flashes(client) == [f"{trav[0].display_name}: corrected to Absent."]
    page = client.get(line).get_data(as_text=True)
    assert "Correction: Left the session" in page
    assert db.session.get(AttendanceEntry, entry.id).mode == "present"
    logged = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "attendance.correct"))
    assert (logged.data["before"], logged.data["after"], logged.data["reason"]) == (
        "present",
        "absent",
        "departure",
    )
    log = client.get(f"/c/{coop.slug}/registers/audit").get_data(as_text=True)
    assert "attendance.correct" in log
    # Once the session is closed, the correction is refused in words.
    session_workflow.close_session(assembly, now=OPEN_AT + timedelta(hours=1))
    db.session.commit()
    client.post(
        f"{line}/correct", data={"csrf_token": token, "mode": "present", "reason": "return"}
    )
    assert flashes(client) == [
        f"{trav[0].display_name} : The session is closed: the attendance sheet can no longer be "
        "corrected. A mistake is now corrected by an addendum to the minutes. (R-AG-13)"
    ]
    assert db.session.scalar(select(func.count(AttendanceCorrection.id))) == 1


def test_the_page_stays_small_and_its_statements_constant_at_1200_members(
    client, sitting, make_voter
):
    coop, _assembly, _trav, _usa, root = sitting

    def statements(url: str) -> tuple[int, int]:
        seen = []

        def count(*_args):
            seen.append(1)

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            body = client.get(url).get_data()
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        return len(seen), len(body)

    # Each measure follows a commit: the session then caches nothing (a fair comparison).
    db.session.commit()
    small, _size = statements(f"{root}/attendance")
    for index in range(1200):
        make_voter(coop, name=f"Grand{index:04d}", college=("TRAV", "USA", "PUB")[index % 3])
    db.session.commit()
    large, size = statements(f"{root}/attendance")
    assert large == small
    assert size <= 300_000


# --- QR check-in ---------------------------------------------------------------------------------


def test_the_secretary_scans_a_qr_code_and_records_the_member(client, sitting):
    coop, assembly, trav, _usa, _root = sitting
    url = f"/c/{coop.slug}/assemblies/checkin/{services.make_checkin_token(assembly, trav[1])}"
    page = client.get(url).get_data(as_text=True)
    assert trav[1].display_name in page
    assert "Record as present" in page
    assert client.post(url, data={}).status_code == 400  # no CSRF token
    response = client.post(url, data={"csrf_token": csrf_token_from(page)})
    assert response.status_code == 303
    assert flashes(client) == [f"{trav[1].display_name}: Present."]
    assert queries.current_lines(assembly)[trav[1].id].mode == "present"
    page = client.get(url).get_data(as_text=True)
    assert "Already on the attendance sheet:" in page
    assert "Record as present" not in page


def test_anyone_else_opening_a_check_in_link_sees_nothing_personal(
    client, sitting, auth, make_user, grant
):
    coop, assembly, trav, _usa, _root = sitting
    token = services.make_checkin_token(assembly, trav[1])
    url = f"/c/{coop.slug}/assemblies/checkin/{token}"
    with client.session_transaction() as session:
        session.clear()  # signed out
    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert trav[1].display_name not in anonymous.get_data(as_text=True)
    for role in ("member", "auditor"):
        user = make_user()
        grant(user, coop, role)
        db.session.commit()
        auth.login_as(user)
        response = client.get(url)
        assert response.status_code == 404, role
        assert trav[1].name not in response.get_data(as_text=True)
    # A forged or altered token is not found either, for the secretary too.
    assert services.read_checkin_token(token[:-2] + "xx") is None
    assert services.read_voting_token(token) is None  # not a voting link
