"""The check-in checklist and correcting entries of the attendance sheet, against the database."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from scic.assemblies import queries, services
from scic.assemblies.models import AttendanceCorrection, AttendanceEntry
from scic.core.audit import AuditEntry
from scic.core.db import db
from scic.core.records import AppendOnlyError
from scic.core.violations import RuleViolation
from scic.workflows import quorum as quorum_workflow
from scic.workflows import session as session_workflow
from tests.fixtures.assemblies import NOW, STARTS_AT, TODAY
from tests.violations import codes

#: The session opens five minutes after the convened time (the notice period has run).
OPEN_AT = STARTS_AT + timedelta(minutes=5)


@pytest.fixture
def sitting(make_cooperative, make_voter, make_assembly):
    """An open session: TRAV has three voters, USA two; nobody recorded yet."""
    coop = make_cooperative()
    trav = [make_voter(coop, name=f"Trav{i}", college="TRAV") for i in range(3)]
    usa = [make_voter(coop, name=f"Usa{i}", college="USA") for i in range(2)]
    assembly = make_assembly(coop)
    services.send_convocation(assembly, TODAY, now=NOW)
    services.set_bureau(assembly, chair="Ana", secretary="Di", scrutineers="Bo")
    session_workflow.open_session(assembly, now=OPEN_AT)
    return coop, assembly, trav, usa


def audit(action: str) -> list[dict]:
    return [
        e.data
        for e in db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
        )
    ]


def test_the_checklist_records_every_ticked_member_at_once(sitting):
    _coop, assembly, trav, usa = sitting
    written = services.record_attendances(
        assembly, [trav[0], usa[1], trav[0]], "present", now=OPEN_AT
    )
    assert [e.member_id for e in written] == [trav[0].id, usa[1].id]  # once each, in order
    assert {m: line.mode for m, line in queries.current_lines(assembly).items()} == {
        trav[0].id: "present",
        usa[1].id: "present",
    }
    assert [d["member_id"] for d in audit("attendance.record")] == [trav[0].id, usa[1].id]
    summary = quorum_workflow.attendance_summary(assembly)
    assert summary.quorum.participants == 2
    assert [(c.code, c.members, c.participating, c.present) for c in summary.colleges] == [
        ("TRAV", 3, 1, 1),
        ("USA", 2, 1, 1),
        ("PUB", 0, 0, 0),
    ]


def test_the_checklist_writes_nothing_when_one_member_is_refused(sitting):
    _coop, assembly, trav, usa = sitting
    services.record_attendance(assembly, usa[0], "present", now=OPEN_AT)
    with pytest.raises(RuleViolation) as refused:
        services.record_attendances(assembly, [trav[0], usa[0], trav[1]], "present", now=OPEN_AT)
    assert [(v.code, v.subject) for v in refused.value.violations] == [
        ("attendance_already_recorded", usa[0].display_name)
    ]
    with pytest.raises(RuleViolation) as refused:
        services.record_attendances(assembly, [trav[0], trav[1]], "represented", now=OPEN_AT)
    assert [(v.code, v.subject) for v in refused.value.violations] == [
        ("attendance_represented_without_proxy", trav[0].display_name),
        ("attendance_represented_without_proxy", trav[1].display_name),
    ]
    assert db.session.scalar(select(func.count(AttendanceEntry.id))) == 1


def test_a_departure_is_a_correcting_entry_and_the_quorum_follows(sitting):
    _coop, assembly, trav, _usa = sitting
    entry = services.record_attendance(assembly, trav[0], "present", now=OPEN_AT)
    services.record_attendance(assembly, trav[1], "present", now=OPEN_AT)
    assert quorum_workflow.quorum_status(assembly).participants == 2
    later = OPEN_AT + timedelta(hours=1)
    correction = services.correct_attendance(
        assembly, trav[0], "absent", reason="departure", now=later
    )
    db.session.expire_all()
    # The original line is untouched; the correcting entry says the state from now on.
    assert (entry.mode, entry.recorded_at) == ("present", OPEN_AT)
    assert (correction.previous_mode, correction.mode, correction.entry_id) == (
        "present",
        "absent",
        entry.id,
    )
    assert quorum_workflow.quorum_status(assembly).participants == 1
    assert queries.current_lines(assembly)[trav[0].id].mode == "absent"
    assert audit("attendance.correct") == [
        {
            "assembly_id": assembly.id,
            "member_id": trav[0].id,
            "entry_id": entry.id,
            "before": "present",
            "after": "absent",
            "reason": "departure",
        }
    ]
    # The member comes back: a second correcting entry, the latest one counts.
    services.correct_attendance(assembly, trav[0], "present", reason="return", now=later)
    assert quorum_workflow.quorum_status(assembly).participants == 2
    assert db.session.scalar(select(func.count(AttendanceCorrection.id))) == 2


def test_a_line_and_its_corrections_are_never_updated(sitting):
    _coop, assembly, trav, _usa = sitting
    entry = services.record_attendance(assembly, trav[0], "present", now=OPEN_AT)
    correction = services.correct_attendance(
        assembly, trav[0], "absent", reason="error", now=OPEN_AT
    )
    for row, value in ((entry, "absent"), (correction, "present")):
        row.mode = value
        with pytest.raises(AppendOnlyError):
            db.session.flush()
        db.session.expire(row, ["mode"])  # the refusal came before any write
    entry.signed_by = "Pseudonymised"  # the personal field alone may be cleared (GDPR)
    db.session.flush()


def test_a_present_member_recorded_by_error_no_longer_votes_in_the_room(sitting):
    from scic.voting import eligibility

    _coop, assembly, trav, _usa = sitting
    services.record_attendance(assembly, trav[0], "present", now=OPEN_AT)
    services.correct_attendance(assembly, trav[0], "absent", reason="error", now=OPEN_AT)
    assert eligibility.presence_of(assembly, trav[0]).value == "absent"
    assert eligibility.participants_in_college(assembly, trav[0].college_id) == 0


def test_corrections_are_refused_once_the_session_is_closed(sitting):
    _coop, assembly, trav, usa = sitting
    services.record_attendance(assembly, trav[0], "present", now=OPEN_AT)
    with pytest.raises(RuleViolation) as refused:
        services.correct_attendance(assembly, usa[0], "present", reason="error", now=OPEN_AT)
    assert codes(refused) == ["attendance_correction_without_line"]
    session_workflow.close_session(assembly, now=OPEN_AT + timedelta(hours=2))
    with pytest.raises(RuleViolation) as refused:
        services.correct_attendance(assembly, trav[0], "absent", reason="error", now=OPEN_AT)
    assert [(v.code, v.rule) for v in refused.value.violations] == [
        ("attendance_correction_after_close", "R-AG-13")
    ]
    assert db.session.scalar(select(func.count(AttendanceCorrection.id))) == 0


def test_a_correction_to_represented_needs_the_proxy(sitting):
    _coop, assembly, trav, _usa = sitting
    services.record_attendance(assembly, trav[0], "absent", now=OPEN_AT)
    with pytest.raises(RuleViolation) as refused:
        services.correct_attendance(assembly, trav[0], "represented", reason="error", now=OPEN_AT)
    assert codes(refused) == ["attendance_represented_without_proxy"]


def test_the_checklist_page_filters_by_name_and_college_and_pages(sitting):
    coop, assembly, trav, usa = sitting
    services.record_attendance(assembly, trav[0], "present", now=OPEN_AT)
    page = queries.checklist_page(assembly, text="trav")
    assert [m.id for m in page.items] == [m.id for m in trav]
    usa_id = next(c.id for c in coop.colleges if c.code == "USA")
    assert [m.id for m in queries.checklist_page(assembly, college_id=usa_id).items] == [
        m.id for m in usa
    ]
    waiting = queries.checklist_page(assembly, waiting_only=True)
    assert trav[0].id not in [m.id for m in waiting.items]
    assert waiting.total == 4
    assert [m.id for m in queries.checklist_page(assembly, text=str(usa[1].number)).items] == [
        usa[1].id
    ]
    second = queries.checklist_page(assembly, page=2, per_page=2)
    assert (second.pages, [m.id for m in second.items]) == (
        3,
        [m.id for m in trav[2:]] + [usa[0].id],
    )
    assert queries.checklist_page(assembly, text="100%").total == 0  # a literal percent sign


def test_each_convocation_email_carries_the_members_check_in_qr_code(convened_assembly, outbox):
    import segno

    _user, coop, assembly, voters = convened_assembly
    mails = {mail["To"]: mail for mail in outbox()}
    mail = mails[voters[2].email]
    body = mail.get_body(("plain",)).get_content()
    assert (
        "À l’entrée, présentez le code QR joint (qr-accueil.png), sur votre téléphone ou "
        "imprimé : le secrétariat le scanne pour enregistrer votre présence."
    ) in body
    (image,) = [p for p in mail.iter_attachments() if p.get_filename() == "qr-accueil.png"]
    assert image.get_content_type() == "image/png"
    # The code holds the member's check-in link for this assembly, on BASE_URL.
    token = services.make_checkin_token(assembly, voters[2])
    expected = f"http://127.0.0.1:5000/c/{coop.slug}/assemblies/checkin/{token}"
    png = io.BytesIO()
    segno.make_qr(expected, error="m").save(png, kind="png", scale=4, border=4)
    assert image.get_payload(decode=True) == png.getvalue()
    assert services.read_checkin_token(token) == (assembly.id, voters[2].id)
    assert services.read_checkin_token(services.make_voting_token(assembly, voters[2])) is None
