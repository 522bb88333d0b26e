"""Assembly services against the database: preparation, convocation, proxies, session, minutes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from scic.assemblies import queries, services
from scic.assemblies.models import (
    Addendum,
    AgendaItem,
    AssemblyLockedError,
    ConvocationRecord,
)
from scic.core.audit import AuditEntry
from scic.core.db import db
from scic.core.records import AppendOnlyError
from scic.core.violations import RuleViolation
from scic.voting import services as voting_services
from scic.workflows import quorum as quorum_workflow
from scic.workflows import session as session_workflow
from tests.fixtures.assemblies import NOW, STARTS_AT, TODAY

#: During the session of the tests' assemblies (opened at STARTS_AT, R-AG-13).
IN_SESSION = STARTS_AT + timedelta(minutes=30)

PDF = b"%PDF-1.4\n% test document\n"


def refused(call, *args, **kwargs) -> list[str]:
    with pytest.raises(RuleViolation) as info:
        call(*args, **kwargs)
    return [v.code for v in info.value.violations]


def actions() -> list[str]:
    return [e.action for e in db.session.scalars(db.select(AuditEntry).order_by(AuditEntry.id))]


@pytest.fixture
def coop(make_cooperative):
    return make_cooperative()


# --- preparation -------------------------------------------------------------------------------


def test_create_assembly_stores_utc_and_audits(coop, make_assembly):
    paris = datetime(2026, 4, 15, 18, 0).astimezone().replace(tzinfo=None)
    from zoneinfo import ZoneInfo

    starts = paris.replace(tzinfo=ZoneInfo("Europe/Paris"))
    assembly = make_assembly(coop, starts_at=starts, approves_accounts_of=2025)
    assert assembly.starts_at.tzinfo is UTC
    assert assembly.starts_at == starts
    assert assembly.status == "draft"
    assert assembly.call_number == 1
    assert [i.title for i in assembly.agenda_items] == ["Approval of the accounts"]
    assert actions()[-2:] == ["assembly.create", "agenda_item.create"]


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        pytest.param({"place": ""}, "assembly_place_missing", id="no place"),
        pytest.param(
            {"remote_mode": "fully_remote", "video_link": "https://v.example/x"},
            "fully_remote_not_allowed",
            id="R-AG-9 fully remote without clause",
        ),
        pytest.param({"remote_mode": "hybrid"}, "assembly_video_link_missing", id="hybrid no link"),
    ],
)
def test_create_assembly_refusals(coop, make_assembly, fields, code):
    assert refused(make_assembly, coop, **fields) == [code]


def test_written_consultation_refused_for_an_sa(make_cooperative, make_assembly):
    sa = make_cooperative(legal_form="SA")
    assert refused(make_assembly, sa, type="written") == ["written_consultation_not_allowed"]
    sarl = make_cooperative(legal_form="SARL")
    assert make_assembly(sarl, type="written", place="").type == "written"


def test_agenda_is_frozen_once_convened(coop, make_assembly, make_voter):
    make_voter(coop)
    assembly = make_assembly(coop, agenda=("Comptes", "Quitus"))
    services.remove_agenda_item(assembly.agenda_items[0])
    assert [(i.position, i.title) for i in assembly.agenda_items] == [(1, "Quitus")]
    services.send_convocation(assembly, TODAY, now=NOW)
    assert refused(services.add_agenda_item, assembly, "Late item") == ["convocation_already_sent"]
    data = services.AssemblyInput(
        "ordinary", "Autre titre", STARTS_AT + timedelta(days=1), place="Ailleurs"
    )
    assert refused(services.update_assembly, assembly, data) == ["convocation_already_sent"]
    same_date = services.AssemblyInput("ordinary", "Autre titre", STARTS_AT, place="Ailleurs")
    assert services.update_assembly(assembly, same_date).place == "Ailleurs"


def test_documents_are_checked_stored_and_withdrawn(app, coop, make_assembly):
    assembly = make_assembly(coop)
    document = services.add_document(
        assembly,
        kind="accounts",
        title="Comptes 2025",
        filename="../../etc/comptes.pdf",
        content=PDF,
        now=NOW,
    )
    assert document.filename == "comptes.pdf"
    path = services.document_path(document)
    assert path.read_bytes() == PDF
    assert path.parent.is_relative_to(app.instance_path)
    assert document.mimetype == "application/pdf"
    assert document.size == len(PDF)
    assert refused(
        services.add_document,
        assembly,
        kind="other",
        title="",
        filename="x.exe",
        content=b"MZ",
        now=NOW,
    ) == ["document_type_not_allowed"]
    assert refused(
        services.add_document,
        assembly,
        kind="other",
        title="",
        filename="x.pdf",
        content=b"<html>",
        now=NOW,
    ) == ["document_content_mismatch"]
    services.remove_document(document, now=NOW)
    assert queries.active_documents(assembly) == []


def _hold_session(assembly, participants):
    """Open the session at its convened time, check ``participants`` in as present, close it."""
    services.set_bureau(assembly, chair="Ana", secretary="Di", scrutineers="Bo")
    session_workflow.open_session(assembly, now=assembly.starts_at)
    for member in participants:
        services.record_attendance(assembly, member, "present", now=IN_SESSION)
    session_workflow.close_session(assembly, now=assembly.starts_at + timedelta(hours=2))


def test_second_call_copies_the_agenda(coop, make_assembly, make_voter):
    voters = [make_voter(coop) for _ in range(10)]
    first = make_assembly(coop, type="extraordinary", agenda=("Statuts", "Pouvoirs"))
    assert refused(services.create_second_call, first, starts_at=STARTS_AT) == [
        "second_call_before_first_session"
    ]
    services.send_convocation(first, TODAY, now=NOW)
    _hold_session(first, voters[:2])  # 2 of 10 < 1/4
    assert first.quorum_reached is False
    assert first.quorum_required_count == 3
    second = services.create_second_call(first, starts_at=STARTS_AT + timedelta(days=20))
    assert second.call_number == 2
    assert second.first_call_id == first.id
    assert [i.title for i in second.agenda_items] == ["Statuts", "Pouvoirs"]
    assert queries.required_quorum(second) == queries.settings_of(coop).extraordinary.quorum_second
    assert refused(services.create_second_call, second, starts_at=STARTS_AT) == [
        "second_call_of_second_call"
    ]


def test_no_second_call_when_the_quorum_was_reached(coop, make_assembly, make_voter):
    voters = [make_voter(coop) for _ in range(5)]
    first = make_assembly(coop)
    services.send_convocation(first, TODAY, now=NOW)
    _hold_session(first, voters)
    assert refused(services.create_second_call, first, starts_at=STARTS_AT) == [
        "second_call_quorum_was_reached"
    ]


# --- convocation -------------------------------------------------------------------------------


def test_convocation_emails_consenting_voters_with_ics_documents_and_link(
    app, coop, make_assembly, make_voter, outbox
):
    consenting = make_voter(coop, name="Dupont")
    paper = make_voter(coop, name="Martin", consent=False)
    make_voter(coop, name="Parti", exited_on=date(2026, 1, 1), status="exited")
    make_voter(coop, name="Tardif", admitted_on=date(2026, 5, 1))  # after the assembly
    assembly = make_assembly(coop)
    services.add_document(
        assembly, kind="accounts", title="Comptes", filename="comptes.pdf", content=PDF, now=NOW
    )
    report = services.send_convocation(assembly, TODAY, now=NOW)
    assert report.emailed == [consenting]
    assert report.paper == [paper]
    assert assembly.status == "convened"
    assert assembly.convocation_sent_on == TODAY
    assert outbox() == []  # queued in the transaction: nothing leaves before the commit
    db.session.commit()
    (mail,) = outbox()
    assert mail["To"] == consenting.email
    body = mail.get_body(("plain",)).get_content()
    assert "Approval of the accounts" in body
    token = services.make_voting_token(assembly, consenting)
    assert token in body
    assert services.personal_link(assembly, consenting) in body
    assert services.read_voting_token(token) == (assembly.id, consenting.id)
    assert services.read_voting_token(token + "x") is None
    files = {part.get_filename(): part for part in mail.iter_attachments()}
    assert files["comptes.pdf"].get_content() == PDF
    ics = files["convocation.ics"].get_payload(decode=True)
    assert ics.startswith(b"BEGIN:VCALENDAR\r\n")
    assert b"DTSTART:20260415T160000Z\r\n" in ics
    record = queries.convocation_records(assembly)[consenting.id]
    assert record.channel == "email"
    assert record.sent_at == NOW
    assert record.proof == mail["Message-ID"]
    # Sending again reaches nobody new.
    assert services.send_convocation(assembly, TODAY, now=NOW).emailed == []
    db.session.commit()
    assert len(outbox()) == 1


def test_a_rolled_back_convocation_sends_nothing(app, coop, make_assembly, make_voter, outbox):
    make_voter(coop, name="Dupont")
    assembly = make_assembly(coop)
    db.session.commit()
    assert services.send_convocation(assembly, TODAY, now=NOW).emailed
    db.session.rollback()
    db.session.commit()
    assert outbox() == []
    assert queries.convocation_records(assembly) == {}


def test_personal_link_uses_the_voting_endpoint_on_base_url(app, coop, make_assembly, make_voter):
    member = make_voter(coop)
    assembly = make_assembly(coop)
    token = services.make_voting_token(assembly, member)
    app.config["BASE_URL"] = "https://scic.example.org"
    # The link is mailed: it is built on BASE_URL, never on the host the request names.
    with app.test_request_context(base_url="https://attacker.example"):
        link = services.personal_link(assembly, member)
    assert link == f"https://scic.example.org/vote/{token}"


def test_late_convocation_is_refused_with_the_last_day(coop, make_assembly, make_voter, outbox):
    make_voter(coop)
    assembly = make_assembly(coop)  # 15 April 2026; SAS 15 days + 1 safety day
    last_day = queries.convocation_last_day(assembly)
    assert last_day == date(2026, 3, 30)
    with pytest.raises(RuleViolation) as info:
        services.send_convocation(assembly, last_day + timedelta(days=1), now=NOW)
    (violation,) = info.value.violations
    assert violation.code == "convocation_too_late"
    assert violation.params["last_day"] == last_day
    assert outbox() == []
    assert assembly.status == "draft"
    assert services.send_convocation(assembly, last_day, now=NOW).emailed


def test_convocation_needs_an_agenda(coop, make_assembly):
    assembly = make_assembly(coop, agenda=())
    assert refused(services.send_convocation, assembly, TODAY, now=NOW) == ["convocation_no_agenda"]


def test_paper_convocation_records_the_registered_letter(coop, make_assembly, make_voter):
    member = make_voter(coop, consent=False)
    emailed = make_voter(coop)
    assembly = make_assembly(coop)
    services.send_convocation(assembly, TODAY, now=NOW)
    record = services.record_paper_convocation(
        assembly,
        member,
        channel="registered_letter",
        sent_on=TODAY,
        registered_number="1A 234 567",
        now=NOW,
    )
    assert (record.channel, record.registered_number, record.address) == (
        "registered_letter",
        "1A 234 567",
        member.address,
    )
    services.record_paper_convocation(
        assembly,
        member,
        channel="registered_letter",
        sent_on=TODAY,
        registered_number="1A 234 568",
        now=NOW,
    )
    assert (
        db.session.scalar(
            db.select(db.func.count(ConvocationRecord.id)).where(
                ConvocationRecord.member_id == member.id
            )
        )
        == 1
    )
    assert refused(
        services.record_paper_convocation,
        assembly,
        member,
        channel="letter",
        sent_on=date(2026, 4, 10),
        now=NOW,
    ) == ["convocation_too_late"]
    assert refused(
        services.record_paper_convocation,
        assembly,
        emailed,
        channel="letter",
        sent_on=TODAY,
        now=NOW,
    ) == ["convocation_paper_for_email"]


# --- proxies -----------------------------------------------------------------------------------


@pytest.fixture
def proxy_setup(make_cooperative, make_assembly, make_voter):
    coop = make_cooperative(
        assemblies={"proxies": {"max_per_holder": 1, "holder_same_college": True}}
    )
    members = {name: make_voter(coop, name=name) for name in ("A", "B", "C", "D")}
    members["other_college"] = make_voter(coop, name="E", college="PUB")
    members["former"] = make_voter(coop, name="F", exited_on=date(2026, 1, 1), status="exited")
    other_coop = make_cooperative()
    members["stranger"] = make_voter(other_coop, name="G")
    assembly = make_assembly(coop)
    services.send_convocation(assembly, TODAY, now=NOW)
    return assembly, members


@pytest.mark.parametrize(
    ("grantor", "holder", "before", "expected"),
    [
        pytest.param("A", "B", [], [], id="R-AG-4 proxy to a member"),
        pytest.param("A", None, [], [], id="R-AG-7 blank proxy to the chair"),
        pytest.param("A", "A", [], ["proxy_to_self"], id="R-AG-7 to oneself"),
        pytest.param(
            "A", "former", [], ["proxy_holder_not_member"], id="R-AG-7 to a former member"
        ),
        pytest.param(
            "A",
            "stranger",
            [],
            ["proxy_holder_not_member"],
            id="R-AG-7 to another cooperative's member",
        ),
        pytest.param(
            "A",
            "other_college",
            [],
            ["proxy_holder_other_college"],
            id="§8 #16 holder of another college",
        ),
        pytest.param("A", "B", [("C", "B")], ["proxy_holder_limit"], id="§8 #16 beyond the cap"),
        pytest.param("A", "C", [("A", "B")], ["proxy_already_given"], id="R-AG-7 given twice"),
        pytest.param("former", "B", [], ["proxy_grantor_not_member"], id="R-AG-4 non-member gives"),
    ],
)
def test_proxy_refusals(proxy_setup, grantor, holder, before, expected):
    assembly, members = proxy_setup
    for g_name, h_name in before:
        services.give_proxy(assembly, members[g_name], members[h_name], signed_on=TODAY, now=NOW)
    call = (services.give_proxy, assembly, members[grantor], members[holder] if holder else None)
    if expected:
        assert refused(*call, signed_on=TODAY, now=NOW) == expected
    else:
        proxy = call[0](*call[1:], signed_on=TODAY, now=NOW)
        assert proxy.holder_id == (members[holder].id if holder else None)
        assert actions()[-1] == "proxy.give"


def test_proxy_after_opening_and_revocation(proxy_setup):
    assembly, members = proxy_setup
    proxy = services.give_proxy(assembly, members["A"], members["B"], signed_on=TODAY, now=NOW)
    services.revoke_proxy(proxy, now=NOW)
    assert proxy.revoked_at == NOW
    assert queries.valid_proxies(assembly) == []
    assert refused(services.revoke_proxy, proxy, now=NOW) == ["proxy_already_revoked"]
    again = services.give_proxy(assembly, members["A"], None, signed_on=TODAY, now=NOW)
    services.set_bureau(assembly, chair="Ana", secretary="Di", scrutineers="Bo")
    session_workflow.open_session(assembly, now=STARTS_AT)
    assert refused(
        services.give_proxy, assembly, members["C"], members["D"], signed_on=TODAY, now=IN_SESSION
    ) == ["proxy_after_opening"]
    assert refused(services.revoke_proxy, again, now=IN_SESSION) == [
        "proxy_revocation_after_opening"
    ]


# --- session and quorum ------------------------------------------------------------------------


def test_session_attendance_and_live_quorum(coop, make_assembly, make_voter, monkeypatch):
    voters = [make_voter(coop) for _ in range(10)]
    assembly = make_assembly(coop)  # SAS ordinary, first call: 1/5 of 10 = 2
    assert refused(session_workflow.open_session, assembly, now=NOW) == ["session_not_convened"]
    services.send_convocation(assembly, TODAY, now=NOW)
    # R-AG-13, R-AG-1/§5: not on the day the e-mails left, only at the convened time.
    assert refused(session_workflow.open_session, assembly, now=NOW) == [
        "session_before_convened_time",
        "session_notice_not_run",
    ]
    assert refused(session_workflow.open_session, assembly, now=STARTS_AT) == [
        "session_bureau_incomplete"
    ]
    services.give_proxy(assembly, voters[5], voters[0], signed_on=TODAY, now=NOW)
    services.give_proxy(assembly, voters[6], None, signed_on=TODAY, now=NOW)
    services.set_bureau(assembly, chair="Ana", secretary="Di", scrutineers="Bo, Cy")
    session_workflow.open_session(assembly, now=STARTS_AT)
    quorum = quorum_workflow.quorum_status(assembly)
    assert (quorum.participants, quorum.entitled, quorum.required_count, quorum.reached) == (
        1,
        10,
        2,
        False,
    )  # only the blank proxy: the named holder is not there yet
    services.record_attendance(assembly, voters[0], "present", now=IN_SESSION)
    services.record_attendance(assembly, voters[1], "deemed_present", now=IN_SESSION)
    services.record_attendance(assembly, voters[5], "represented", now=IN_SESSION)
    services.record_attendance(assembly, voters[9], "absent", now=IN_SESSION)
    # Postal forms count as taking part; a proxy given by the same member wins (R-AG-7).
    resolution = voting_services.create_resolution(
        assembly, title="Comptes", agenda_item=assembly.agenda_items[0]
    )
    for voter in (voters[7], voters[5]):  # forms received in March, entered in the session
        voting_services.cast_ballot(
            resolution,
            voter,
            "for",
            now=IN_SESSION,
            received_at=NOW,
            secretary=True,
            channel="correspondence",
        )
    quorum = quorum_workflow.quorum_status(assembly)
    assert quorum.breakdown == {
        "present": 1,
        "deemed_present": 1,
        "represented": 2,
        "correspondence": 1,
        "absent": 1,
        "unrecorded": 4,
    }
    assert (quorum.participants, quorum.reached) == (5, True)
    assert refused(services.record_attendance, assembly, voters[0], "present", now=IN_SESSION) == [
        "attendance_already_recorded"
    ]
    assert refused(
        services.record_attendance, assembly, voters[2], "represented", now=IN_SESSION
    ) == ["attendance_represented_without_proxy"]
    services.add_incident(assembly, "Coupure vidéo de 5 minutes", occurred_at=IN_SESSION)
    session_workflow.close_session(assembly, now=STARTS_AT + timedelta(hours=2))
    assert (assembly.quorum_participants, assembly.quorum_entitled, assembly.quorum_reached) == (
        5,
        10,
        True,
    )
    assert refused(services.record_attendance, assembly, voters[3], "present", now=NOW) == [
        "attendance_after_close"
    ]
    frozen = quorum_workflow.quorum_status(assembly)
    assert frozen.frozen
    assert frozen.participants == 5
    sheet = {row.member.id: row for row in quorum_workflow.attendance_sheet(assembly)}
    assert sheet[voters[5].id].holder == voters[0]
    assert sheet[voters[6].id].blank_proxy
    assert sheet[voters[6].id].mode == "represented"
    assert sheet[voters[3].id].mode == "absent"


def test_attendance_refused_for_non_voters(coop, make_assembly, make_voter, make_cooperative):
    voter = make_voter(coop)
    former = make_voter(coop, exited_on=date(2025, 1, 1), status="exited")
    stranger = make_voter(make_cooperative())
    assembly = make_assembly(coop)
    assert refused(services.record_attendance, assembly, voter, "present", now=NOW) == [
        "attendance_before_convocation"
    ]
    services.send_convocation(assembly, TODAY, now=NOW)
    for member in (former, stranger):
        assert refused(services.record_attendance, assembly, member, "present", now=NOW) == [
            "attendance_not_entitled"
        ]


def test_written_consultation_has_no_session(make_cooperative, make_assembly, make_voter):
    sarl = make_cooperative(legal_form="SARL")
    make_voter(sarl)
    assembly = make_assembly(sarl, type="written", place="")
    services.send_convocation(assembly, TODAY, now=NOW)
    services.set_bureau(assembly, chair="Ana", secretary="", scrutineers="", managers="Ed")
    assert refused(session_workflow.open_session, assembly, now=NOW) == [
        "written_consultation_has_no_session"
    ]


# --- minutes and lock --------------------------------------------------------------------------


@pytest.fixture
def closed_assembly(coop, make_assembly, make_voter):
    voters = [make_voter(coop) for _ in range(4)]
    assembly = make_assembly(coop)
    services.send_convocation(assembly, TODAY, now=NOW)
    _hold_session(assembly, voters[:2])
    return assembly, voters


def test_minutes_are_signed_by_the_required_signatories_then_locked(closed_assembly, make_user):
    assembly, _ = closed_assembly
    signer = make_user(full_name="Ana")
    secretary = make_user(full_name="  di ")  # case and spacing aside, the bureau's name
    services.update_debates_summary(assembly, "Débat nourri sur les comptes.")
    state = queries.minutes_state(assembly)
    assert state.required == [("chair", "Ana"), ("secretary", "Di")]  # SAS
    assert refused(services.sign_minutes, assembly, role="chair", name="Zoé", now=NOW) == [
        "minutes_signatory_unknown"
    ]
    signature = services.sign_minutes(assembly, role="chair", name="Ana", by=signer, now=NOW)
    assert (signature.user_id, signature.signed_at) == (signer.id, NOW)
    assert assembly.locked_at is None
    assert refused(services.sign_minutes, assembly, role="chair", name="Ana", now=NOW) == [
        "minutes_already_signed"
    ]
    # A signatory signs only for themselves (§6.9).
    assert refused(
        services.sign_minutes, assembly, role="secretary", name="Di", by=signer, now=NOW
    ) == ["minutes_sign_for_yourself"]
    services.sign_minutes(assembly, role="secretary", name="Di", by=secretary, now=NOW)
    assert assembly.locked_at == NOW
    assert assembly.status == "locked"
    assert queries.minutes_state(assembly).complete


def test_minutes_do_not_change_once_an_officer_has_signed(closed_assembly):
    """Every signature covers the same text: after the first one, the summary, the officers
    and the incidents are refused (a correction is an addendum once all have signed)."""
    assembly, _ = closed_assembly
    services.update_debates_summary(assembly, "Before the first signature.")
    services.sign_minutes(assembly, role="chair", name="Ana", now=NOW)
    changes = (
        (services.update_debates_summary, (assembly, "After."), {}),
        (services.set_bureau, (assembly,), {"chair": "Eve", "secretary": "Di", "scrutineers": ""}),
        (services.add_incident, (assembly, "Late note"), {"occurred_at": NOW}),
    )
    for service, args, kwargs in changes:
        assert refused(service, *args, **kwargs) == ["minutes_signing_started"]
    assert assembly.debates_summary == "Before the first signature."
    assert queries.minutes_state(assembly).required == [("chair", "Ana"), ("secretary", "Di")]


def test_sa_minutes_need_every_scrutineer(make_cooperative, make_assembly, make_voter):
    sa = make_cooperative(legal_form="SA")
    voter = make_voter(sa)
    assembly = make_assembly(sa)
    services.send_convocation(assembly, TODAY, now=NOW)
    services.set_bureau(assembly, chair="Ana", secretary="Di", scrutineers="")
    session_workflow.open_session(assembly, now=STARTS_AT)
    services.record_attendance(assembly, voter, "present", now=IN_SESSION)
    assert refused(services.sign_minutes, assembly, role="chair", name="Ana", now=NOW) == [
        "minutes_session_not_closed"
    ]
    session_workflow.close_session(assembly, now=IN_SESSION)
    assert refused(services.sign_minutes, assembly, role="chair", name="Ana", now=NOW) == [
        "signatory_missing_scrutineers"
    ]
    services.set_bureau(assembly, chair="Ana", secretary="Di", scrutineers="Bo, Cy")
    for role, name in [("chair", "Ana"), ("scrutineer", "Bo"), ("secretary", "Di")]:
        services.sign_minutes(assembly, role=role, name=name, now=NOW)
    assert assembly.locked_at is None
    services.sign_minutes(assembly, role="scrutineer", name="Cy", now=NOW)
    assert assembly.locked_at == NOW


def _lock(assembly):
    for role, name in queries.minutes_state(assembly).pending:
        services.sign_minutes(assembly, role=role, name=name, now=NOW)
    assert assembly.locked_at is not None


def test_every_mutating_service_refuses_a_locked_assembly(closed_assembly, make_voter):
    assembly, voters = closed_assembly
    document = services.add_document(
        assembly, kind="other", title="", filename="a.pdf", content=PDF, now=NOW
    )
    item = assembly.agenda_items[0]
    proxy_grantor = voters[3]
    _lock(assembly)
    data = services.AssemblyInput("ordinary", "x", STARTS_AT, place="p")
    calls = [
        lambda: services.update_assembly(assembly, data),
        lambda: services.add_agenda_item(assembly, "x"),
        lambda: services.remove_agenda_item(item),
        lambda: services.add_document(
            assembly, kind="other", title="", filename="b.pdf", content=PDF, now=NOW
        ),
        lambda: services.remove_document(document, now=NOW),
        lambda: services.send_convocation(assembly, TODAY, now=NOW),
        lambda: services.record_paper_convocation(
            assembly, voters[0], channel="letter", sent_on=TODAY, now=NOW
        ),
        lambda: services.give_proxy(assembly, proxy_grantor, None, signed_on=TODAY, now=NOW),
        lambda: services.set_bureau(assembly, chair="x", secretary="y", scrutineers=""),
        lambda: session_workflow.open_session(assembly, now=NOW),
        lambda: session_workflow.close_session(assembly, now=NOW),
        lambda: services.record_attendance(assembly, voters[2], "present", now=NOW),
        lambda: services.add_incident(assembly, "x", occurred_at=NOW),
        lambda: services.update_debates_summary(assembly, "x"),
        lambda: services.sign_minutes(assembly, role="chair", name="Ana", now=NOW),
        lambda: services.ensure_editable(assembly),
    ]
    for call in calls:
        assert refused(call) == ["assembly_locked"]


def test_the_database_guard_refuses_writes_that_bypass_the_services(closed_assembly):
    assembly, _voters = closed_assembly
    _lock(assembly)
    db.session.flush()
    item = AgendaItem(assembly_id=assembly.id, position=9, title="Ajout")
    db.session.add(item)
    with pytest.raises(AssemblyLockedError):
        db.session.flush()
    db.session.expunge(item)
    assembly.title = "Réécrit"
    with pytest.raises(AssemblyLockedError):
        db.session.flush()
    db.session.expire(assembly, ["title"])
    assembly.agenda_items[0].title = "Autre"
    with pytest.raises(AssemblyLockedError):
        db.session.flush()
    db.session.expire(assembly.agenda_items[0], ["title"])
    db.session.flush()  # nothing left to write: the session is usable again
    assert assembly.title == "Assemblée générale annuelle"


def test_addenda_are_append_only_and_only_for_locked_minutes(closed_assembly, make_user):
    assembly, _ = closed_assembly
    author = make_user(full_name="Ana Secrétaire")
    assert refused(services.add_addendum, assembly, "Correction", now=NOW) == [
        "assembly_not_locked"
    ]
    _lock(assembly)
    addendum = services.add_addendum(assembly, "Le montant lu était 1 200 €.", by=author, now=NOW)
    assert (addendum.author_name, addendum.created_at) == ("Ana Secrétaire", NOW)
    assert [a.text for a in assembly.addenda] == ["Le montant lu était 1 200 €."]
    addendum.text = "changed"
    with pytest.raises(AppendOnlyError):
        db.session.flush()
    db.session.expire(addendum, ["text"])
    db.session.delete(db.session.get(Addendum, addendum.id))
    with pytest.raises(AppendOnlyError):
        db.session.flush()


# --- member side and dashboard -----------------------------------------------------------------


def test_members_of_user_include_mandates(coop, make_voter, make_user):
    from scic.membership.models import Mandate

    user = make_user()
    own = make_voter(coop, user=user)
    org = make_voter(coop, kind="organisation", name="Asso")
    db.session.add(
        Mandate(
            cooperative_id=coop.id,
            member_id=org.id,
            user_id=user.id,
            full_name="Rep",
            role="main",
            valid_from=date(2024, 1, 1),
        )
    )
    ended = make_voter(coop, kind="organisation", name="Ancienne")
    db.session.add(
        Mandate(
            cooperative_id=coop.id,
            member_id=ended.id,
            user_id=user.id,
            full_name="Rep",
            role="main",
            valid_from=date(2020, 1, 1),
            valid_to=date(2025, 1, 1),
        )
    )
    db.session.flush()
    assert set(queries.members_of_user(user, coop, TODAY)) == {own, org}


@pytest.mark.parametrize(
    ("today", "year", "deadline", "overdue"),
    [
        pytest.param(date(2026, 3, 1), 2025, date(2026, 6, 30), False, id="R-AG-1 before deadline"),
        pytest.param(date(2026, 7, 1), 2025, date(2026, 6, 30), True, id="R-AG-1 overdue"),
        pytest.param(date(2026, 12, 31), 2026, date(2027, 6, 30), False, id="R-AG-1 year end day"),
    ],
)
def test_accounts_deadline(coop, today, year, deadline, overdue):
    status = queries.accounts_deadline(coop, today)
    assert (status.fiscal_year, status.deadline, status.overdue, status.assembly) == (
        year,
        deadline,
        overdue,
        None,
    )


def test_accounts_deadline_with_a_june_year_end_and_its_assembly(coop, make_assembly):
    coop.fiscal_year_end_month, coop.fiscal_year_end_day = 6, 30
    assembly = make_assembly(coop, approves_accounts_of=2025)
    status = queries.accounts_deadline(coop, date(2025, 9, 1))
    assert (status.year_end, status.deadline, status.assembly, status.held) == (
        date(2025, 6, 30),
        date(2025, 12, 31),
        assembly,
        False,
    )
