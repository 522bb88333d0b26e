"""Electronic registers (décret 2019-1118): minutes signed by two officers with timestamps, a
register of share movements kept as numbered signed sheets, and a missing or altered sheet
found by the verification (test PKI and TSA from tests/fixtures/signing.py)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import delete, update

from scic.archive import queries, services, verification
from scic.archive.models import SignedDocument
from scic.archive.rules import Series
from scic.assemblies import services as assembly_services
from scic.capital import services as capital_services
from scic.core.db import db
from scic.core.messages import describe
from scic.core.violations import RuleViolation, Violation
from scic.registers import signing
from scic.workflows import session as session_workflow
from tests.fixtures.assemblies import NOW, STARTS_AT, TODAY

ALICE, BOB = "alice@example.org", "bob@example.org"


@pytest.fixture
def settings(test_pki):
    return queries.SigningSettings(
        pkcs12=str(test_pki.pkcs12["org"]),
        passphrase=test_pki.passphrase,
        certificates={
            ALICE: {"pkcs12": str(test_pki.pkcs12["alice"]), "passphrase": test_pki.passphrase},
            BOB: {"pkcs12": str(test_pki.pkcs12["bob"]), "passphrase": test_pki.passphrase},
        },
        tsa_url=test_pki.tsa_url,
        trust_roots=(str(test_pki.root_pem),),
    )


@pytest.fixture
def roots(test_pki):
    return signing.trust_roots_from([test_pki.root_pem])


@pytest.fixture
def closed_assembly(secretary, make_voter, make_assembly, make_user):
    _user, coop = secretary
    voters = [make_voter(coop, name=f"V{i}") for i in range(3)]
    assembly = make_assembly(coop, agenda=("Comptes",))
    assembly_services.send_convocation(assembly, TODAY, now=NOW)
    assembly_services.set_bureau(
        assembly, chair="Alice Martin", secretary="Bob Durand", scrutineers=""
    )
    session_workflow.open_session(assembly, now=STARTS_AT)
    assembly_services.record_attendance(assembly, voters[0], "present", now=STARTS_AT)
    session_workflow.close_session(assembly, now=STARTS_AT + timedelta(hours=2))
    # Each officer signs with their own account, under the bureau's name (§6.9).
    alice = make_user(email=ALICE, full_name="Alice Martin")
    bob = make_user(email=BOB, full_name="Bob Durand")
    return assembly, alice, bob


def sign(assembly, settings, who, role, name, minutes=1):
    return services.sign_minutes(
        assembly,
        role=role,
        name=name,
        capacity=role,
        by=who,
        now=STARTS_AT + timedelta(hours=3, minutes=minutes),  # after the session
        settings=settings,
        locale="fr",
    )


def test_two_officers_sign_the_minutes_with_timestamps(closed_assembly, settings, roots):
    assembly, alice, bob = closed_assembly
    first = sign(assembly, settings, alice, "chair", "Alice Martin")
    assert (first.number, first.revision, first.expected) == (1, 1, 2)
    second = sign(assembly, settings, bob, "secretary", "Bob Durand", minutes=2)
    assert (second.number, second.revision) == (1, 2)
    assert assembly.locked_at is not None  # the in-app record is kept in the same step
    assert second.content.startswith(first.content)
    check = signing.verify(second.content, roots)
    assert check.ok
    assert check.complete
    assert check.timestamped
    assert [s.signer_name for s in check.signatures] == ["Alice Martin", "Bob Durand"]
    assert ["Alice Martin" in check.signatures[0].certificate_subject] == [True]
    assert "Bob Durand" in check.signatures[1].certificate_subject
    assert check.document_id == f"{assembly.cooperative.slug}/minutes/1"
    report = verification.verify_series(assembly.cooperative, Series.MINUTES, roots)
    assert report.intact, report.problems
    assert (report.sheets, report.timestamped) == (1, 1)
    # The same officers certified the attendance sheet in the same steps.
    attendance = queries.assembly_document(assembly, Series.ATTENDANCE)
    assert (attendance.number, attendance.revision, attendance.expected) == (1, 2, 2)
    sheet_check = signing.verify(attendance.content, roots)
    assert sheet_check.ok
    assert sheet_check.complete
    assert [s.signer_name for s in sheet_check.signatures] == ["Alice Martin", "Bob Durand"]
    assert verification.verify_series(assembly.cooperative, Series.ATTENDANCE, roots).intact
    # One altered byte in the stored file breaks both signatures and the stored digest.
    content = bytearray(second.content)
    index = content.index(b"/Producer")
    content[index + 2] ^= 0x01
    db.session.execute(
        update(SignedDocument).where(SignedDocument.id == second.id).values(content=bytes(content))
    )
    problems = {
        p.code
        for p in verification.verify_series(assembly.cooperative, Series.MINUTES, roots).problems
    }
    assert {"sheet_altered", "signature_invalid"} <= problems


def test_an_officer_without_certificate_signs_with_the_organisation_certificate(
    closed_assembly, settings, roots, make_user
):
    assembly, _alice, _bob = closed_assembly
    # Alice's account here has no personal certificate configured (carol@ is not in the list).
    without = make_user(email="carol@example.org", full_name="Alice Martin")
    row = sign(assembly, settings, without, "chair", "Alice Martin")
    check = signing.verify(row.content, roots)
    assert check.signatures[0].signer_name == "Alice Martin"
    assert "organisation" in check.signatures[0].certificate_subject


def test_no_certificate_configured_refuses_and_records_nothing(closed_assembly):
    assembly, alice, _bob = closed_assembly
    with pytest.raises(RuleViolation) as refused:
        sign(assembly, queries.SigningSettings(), alice, "chair", "Alice Martin")
    assert [v.code for v in refused.value.violations] == ["signing_no_certificate"]
    assert queries.minutes_document(assembly) is None


def test_without_tsa_minutes_are_signed_without_timestamp(closed_assembly, settings, roots):
    assembly, alice, _bob = closed_assembly
    untimed = queries.SigningSettings(**{**settings.__dict__, "tsa_url": ""})
    row = sign(assembly, untimed, alice, "chair", "Alice Martin")
    assert not row.timestamped
    assert not signing.verify(row.content, roots).timestamped
    identity = signing.load_identity(settings.pkcs12, settings.passphrase, name="A", capacity="c")
    with force_locale("en"):
        untimed_stamp = services.stamp_text(identity, "")
        timed_stamp = services.stamp_text(identity, "http://tsa.example:8080/tsa")
    assert "No trusted timestamp" in untimed_stamp
    assert "%(ts)s" in untimed_stamp
    assert "Trusted timestamp (RFC 3161) from tsa.example:8080" in timed_stamp


@pytest.fixture
def ledger(make_cooperative, make_holder):
    coop = make_cooperative()
    members = [make_holder(coop, "USA", 2, on=date(2025, 1, 10 + i)) for i in range(3)]
    return coop, members


def subscribe(member, on):
    capital_services.subscribe(member, 1, paid_cents=member.cooperative.share_value_cents, on=on)


def append(coop, settings, day):
    return services.append_share_register_sheet(
        coop,
        signer_email=ALICE,
        name="Alice Martin",
        capacity="présidente",
        now=NOW + timedelta(days=day),
        settings=settings,
        locale="fr",
    )


def test_register_of_share_movements_as_numbered_signed_sheets(ledger, settings, roots):
    coop, members = ledger
    first = append(coop, settings, 0)
    assert (first.number, first.entries) == (1, 3)
    with pytest.raises(RuleViolation):  # nothing new since the last sheet
        append(coop, settings, 1)
    subscribe(members[0], date(2025, 3, 1))
    second = append(coop, settings, 2)
    subscribe(members[1], date(2025, 3, 2))
    third = append(coop, settings, 3)
    assert [(s.number, s.entries) for s in (second, third)] == [(2, 1), (3, 1)]
    assert signing.document_info(third.content)["previous"] == second.sha256
    report = verification.verify_series(coop, Series.SHARE_REGISTER, roots)
    assert report.intact, report.problems
    assert (report.sheets, report.timestamped) == (3, 3)


def test_a_missing_register_sheet_is_detected(ledger, settings, roots):
    coop, members = ledger
    append(coop, settings, 0)
    subscribe(members[0], date(2025, 3, 1))
    append(coop, settings, 1)
    subscribe(members[1], date(2025, 3, 2))
    append(coop, settings, 2)
    db.session.execute(
        delete(SignedDocument).where(
            SignedDocument.cooperative_id == coop.id, SignedDocument.number == 2
        )
    )
    report = verification.verify_series(coop, Series.SHARE_REGISTER, roots)
    found = {(p.number, p.code) for p in report.problems}
    assert (2, "sheet_missing") in found
    assert (3, "previous_sheet_mismatch") in found
    assert (3, "entries_mismatch") in found  # sheet 3 no longer accounts for entry 4


def test_scic_verify_reports_a_missing_sheet_and_the_broken_chain(
    app, runner, ledger, settings, test_pki
):
    coop, members = ledger
    app.config["SIGNING_TRUST_ROOTS"] = [str(test_pki.root_pem)]
    append(coop, settings, 0)
    subscribe(members[0], date(2025, 3, 1))
    append(coop, settings, 1)
    db.session.commit()
    intact = runner.invoke(args=["verify", coop.slug])
    assert intact.exit_code == 0, intact.output
    assert "(share_register): 2 signed sheets, 2 timestamped — intact" in intact.output
    assert "All electronic registers are intact." in intact.output
    db.session.execute(
        delete(SignedDocument).where(
            SignedDocument.cooperative_id == coop.id, SignedDocument.number == 1
        )
    )
    db.session.commit()
    broken = runner.invoke(args=["verify", coop.slug])
    assert broken.exit_code == 2
    assert "sheet_missing" not in broken.output  # prose, not codes
    assert describe(Violation("sheet_missing")) in broken.output
    assert "signed_documents" in broken.output
    assert "BROKEN" in broken.output


def test_append_sheet_command(app, runner, ledger, test_pki):
    coop, _members = ledger
    app.config.update(
        SIGNING_PKCS12=str(test_pki.pkcs12["org"]),
        SIGNING_PKCS12_PASSPHRASE=test_pki.passphrase,
        SIGNING_TSA_URL="",
    )
    db.session.commit()
    args = ["archive", "append-sheet", coop.slug, "--signer-email", "x@example.org"]
    args += ["--name", "Alice Martin", "--capacity", "présidente"]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    assert "Sheet 1: 3 entries" in result.output
    assert "NOT timestamped" in result.output
    again = runner.invoke(args=args)  # no ledger entry since: refused, nothing stored
    assert again.exit_code == 2
    assert len(queries.sheets(coop, Series.SHARE_REGISTER)) == 1


def test_removing_the_last_sheet_is_detected_through_the_audit_log(ledger, settings, roots):
    """No later sheet names the last one: its removal leaves no gap, but each signature was
    recorded in the audit log when it was made."""
    coop, members = ledger
    append(coop, settings, 0)
    subscribe(members[0], date(2025, 3, 1))
    append(coop, settings, 1)
    assert verification.verify_series(coop, Series.SHARE_REGISTER, roots).intact
    db.session.execute(
        delete(SignedDocument).where(
            SignedDocument.cooperative_id == coop.id, SignedDocument.number == 2
        )
    )
    report = verification.verify_series(coop, Series.SHARE_REGISTER, roots)
    assert [(p.number, p.code) for p in report.problems] == [(2, "signature_record_missing")]


def test_scic_verify_names_a_removed_last_sheet_in_prose(app, runner, ledger, settings, test_pki):
    coop, _members = ledger
    append(coop, settings, 0)
    db.session.commit()
    assert runner.invoke(args=["verify", coop.slug]).exit_code == 0
    db.session.execute(delete(SignedDocument).where(SignedDocument.cooperative_id == coop.id))
    db.session.commit()
    broken = runner.invoke(args=["verify", coop.slug])
    assert broken.exit_code == 2
    assert "signature_record_missing" not in broken.output
    expected = describe(Violation("signature_record_missing", params={"revision": 1}))
    assert expected in broken.output
    assert "missing_tail" not in broken.output


@pytest.fixture
def holder(ledger):
    coop, members = ledger
    return coop, members[0]


def sign_certificate(member, settings, day=0, at=date(2025, 3, 31)):
    return services.sign_certificate(
        member,
        at,
        signer_email=ALICE,
        name="Alice Martin",
        capacity="présidente",
        now=NOW + timedelta(days=day),
        settings=settings,
        locale="fr",
    )


def test_share_certificates_are_signed_numbered_and_verified(holder, settings, roots):
    coop, member = holder
    first = sign_certificate(member, settings)
    second = sign_certificate(member, settings, day=1, at=date(2025, 4, 30))
    assert [(c.number, c.subject_id, c.expected) for c in (first, second)] == [
        (1, member.id, 1),
        (2, member.id, 1),
    ]
    assert first.document_id == f"{coop.slug}/certificates/1"
    assert "31 mars 2025" in first.title
    assert member.display_name in first.title
    check = signing.verify(first.content, roots)
    assert [s.signer_name for s in check.signatures] == ["Alice Martin"]
    assert check.timestamped
    assert check.document_id == first.document_id
    assert signing.document_info(second.content)["previous"] == first.sha256
    assert verification.verify_series(coop, Series.CERTIFICATES, roots).intact


def test_an_altered_certificate_fails_its_signature(holder, settings, roots):
    _coop, member = holder
    signed = sign_certificate(member, settings)
    content = bytearray(signed.content)
    position = content.index(b"/Producer") + 3
    content[position] ^= 0x01
    check = signing.verify(bytes(content), roots)
    assert check.error or not all(s.intact for s in check.signatures)


def test_sign_certificate_command(app, runner, holder, test_pki, tmp_path):
    coop, member = holder
    app.config.update(
        SIGNING_PKCS12=str(test_pki.pkcs12["org"]),
        SIGNING_PKCS12_PASSPHRASE=test_pki.passphrase,
        SIGNING_TSA_URL="",
    )
    db.session.commit()
    output = tmp_path / "certificate.pdf"
    args = ["archive", "sign-certificate", coop.slug, str(member.number), "--at", "2025-03-31"]
    args += ["--signer-email", "x@example.org", "--name", "Alice Martin"]
    args += ["--capacity", "présidente", "--output", str(output)]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    assert f"Certificate {coop.slug}/certificates/1" in result.output
    assert "NOT timestamped" in result.output
    assert output.read_bytes().startswith(b"%PDF")
    future = runner.invoke(args=[*args[:4], "--at", "2999-01-01", *args[6:]])
    assert future.exit_code == 2
    unknown = runner.invoke(args=["archive", "sign-certificate", coop.slug, "999", *args[6:]])
    assert unknown.exit_code == 2
    assert unknown.output.strip().splitlines() == [f"No member number 999 in {coop.slug}."]
    assert len(queries.sheets(coop, Series.CERTIFICATES)) == 1
