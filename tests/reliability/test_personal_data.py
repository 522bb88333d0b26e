"""Personal data (GDPR): a member downloads what is held about them; pseudonymisation after the
retention period keeps registers printable and the hash chains intact."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from scic.core import audit
from scic.core.audit import AuditEntry
from scic.core.db import db
from scic.membership.models import Mandate, Member
from tests.reliability.dataset import build_cooperative


@pytest.fixture
def seeded(app):
    return build_cooperative(app, "donnees")


def download(client, auth, user_id: int, url: str) -> dict:
    from scic.auth.models import User

    auth.login_as(db.session.get(User, user_id))
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.mimetype == "application/json"
    return json.loads(response.get_data(as_text=True))


def test_member_downloads_everything_held_about_them(client, auth, seeded):
    data = download(client, auth, seeded.users["member"], "/c/donnees/my-data.json")
    assert data["format"] == "scic-personal-data/1"
    assert data["account"]["roles"] == ["member"]
    [alice] = data["members"]
    assert alice["identity"]["name"] == "Martin"
    assert alice["identity"]["email"] == "alice.donnees@example.org"
    assert alice["identity"]["phone"] == "0601020304"
    assert alice["placements"][0]["category"] == "USA"
    assert [(m["type"], m["shares_delta"]) for m in alice["movements"]] == [("subscription", 10)]
    assert [c["channel"] for c in alice["convocations"]] == ["email"]
    assert [(p["given"], p["grantor"]["name"]) for p in alice["proxies"]] == [(False, "Durand Bob")]
    assert [a["mode"] for a in alice["attendance"]] == ["present"]
    assert [(b["choice"], b["resolution"]["title"]) for b in alice["ballots"]] == [
        ("for", "Approbation des comptes")
    ]
    assert sorted({e["action"] for e in alice["audit_entries"]}) == [
        "member.admit",
        "member.apply",
        "member.econvocation_consent",
        "movement.record",
    ]
    # Nobody else's record is in the document.
    text = json.dumps(data)
    assert "Paul Maire" not in text
    assert "bob.donnees@example.org" not in text


def test_secret_ballot_choice_is_never_in_the_export(app, client, auth, seeded):
    from scic.voting import services as voting
    from scic.voting.models import Resolution
    from tests.fixtures.voting import seal_urn

    first = db.session.get(Resolution, seeded.ids["resolution_id"])
    now = datetime.now(UTC)
    secret = voting.create_resolution(
        first.assembly, title="Vote secret", secret=True, agenda_item=first.agenda_item
    )
    seal_urn(secret)
    voting.open_vote(secret, now=now)
    from scic.auth.models import User

    alice = db.session.get(Member, seeded.ids["member_id"])
    by = db.session.get(User, seeded.users["member"])
    voting.cast_ballot(secret, alice, "against", now=now, by=by)
    db.session.commit()
    data = download(client, auth, seeded.users["member"], "/c/donnees/my-data.json")
    [alice] = data["members"]
    assert [p["resolution"]["title"] for p in alice["secret_ballot_participations"]] == [
        "Vote secret"
    ]
    assert "against" not in json.dumps(alice)
    assert [b["resolution"]["title"] for b in alice["ballots"]] == ["Approbation des comptes"]


def test_representative_sees_the_mandates_they_hold(client, auth, seeded):
    data = download(client, auth, seeded.users["representative"], "/c/donnees/my-data.json")
    assert data["members"] == []
    assert [(m["full_name"], m["for_member"]["name"]) for m in data["mandates_held"]] == [
        ("Paul Maire", "Commune de Montignac")
    ]


def test_secretary_exports_a_members_data(client, auth, seeded):
    url = f"/c/donnees/members/{seeded.ids['authority_id']}/personal-data.json"
    data = download(client, auth, seeded.users["secretary"], url)
    [commune] = data["members"]
    assert commune["identity"]["kind"] == "local_authority"
    assert [m["full_name"] for m in commune["mandates"]] == ["Paul Maire"]
    assert [(d["reference"], d["has_document"]) for d in commune["deliberations"]] == [
        ("DEL-1", True)
    ]
    assert commune["advances"][0]["amount_cents"] == 100_00


def test_a_member_cannot_export_another_members_data(client, auth, seeded):
    from scic.auth.models import User

    auth.login_as(db.session.get(User, seeded.users["member"]))
    url = f"/c/donnees/members/{seeded.ids['bob_id']}/personal-data.json"
    assert client.get(url).status_code == 404


# --- Pseudonymisation -----------------------------------------------------------------------------


@pytest.fixture
def former(make_cooperative, ledger_builder):
    """A cooperative with a member who left in 2010 (liable until 2015) and two others."""
    cooperative = make_cooperative()
    cooperative.created_at = datetime(2005, 1, 1, tzinfo=UTC)
    build = ledger_builder(cooperative)
    leroy = build.member(
        "Leroy",
        first_name="Denis",
        shares=3,
        admitted_on=date(2005, 3, 1),
        exited_on=date(2010, 6, 30),
        address="8 chemin Haut, 24200 Sarlat",
    )
    leroy.email = "denis.leroy@example.org"
    leroy.phone = "0611223344"
    leroy.liability_end_date = date(2015, 6, 30)
    asso = build.member(
        "Asso Vélo",
        kind="organisation",
        category="SOUT",
        shares=2,
        admitted_on=date(2005, 3, 1),
        exited_on=date(2011, 1, 31),
        representative="Jeanne Roux",
    )
    asso.liability_end_date = date(2016, 1, 31)
    recent = build.member(
        "Petit",
        first_name="Chloé",
        shares=1,
        admitted_on=date(2006, 1, 1),
        exited_on=date(2024, 6, 30),
    )
    active = build.member("Martin", first_name="Alice", shares=4, admitted_on=date(2005, 3, 1))
    audit.record(
        "member.update",
        leroy,
        data={"before": {"name": "Leroi", "email": "d@example.org"}, "after": {"name": "Leroy"}},
    )
    db.session.commit()
    return cooperative, {"leroy": leroy, "asso": asso, "recent": recent, "active": active}


def register_text(cooperative, at: date) -> str:
    from scic.registers.exports import DocumentRequest, write_document

    buffer = io.BytesIO()
    write_document(
        buffer,
        cooperative,
        DocumentRequest("members_pdf", at),
        locale="fr",
        now=datetime(2026, 1, 1, tzinfo=UTC),
    )
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(buffer.getvalue())).pages)


def test_dry_run_lists_former_members_and_changes_nothing(runner, former):
    cooperative, members = former
    result = runner.invoke(args=["privacy", "pseudonymise", cooperative.slug, "--dry-run"])
    assert result.exit_code == 0, result.output
    assert f"member {members['leroy'].number}: retention ended 2025-06-30" in result.output
    assert f"member {members['asso'].number}:" in result.output
    assert f"member {members['recent'].number}:" not in result.output
    db.session.expire_all()
    assert db.session.get(Member, members["leroy"].id).name == "Leroy"


def test_pseudonymisation_keeps_registers_and_chains(runner, former):
    cooperative, members = former
    leroy_id, asso_id = members["leroy"].id, members["asso"].id
    before_text = register_text(cooperative, date(2009, 12, 31))
    assert "Leroy" in before_text
    result = runner.invoke(args=["privacy", "pseudonymise", cooperative.slug])
    assert result.exit_code == 0, result.output
    assert "2 member(s) pseudonymised." in result.output
    db.session.expire_all()
    leroy = db.session.get(Member, leroy_id)
    assert (leroy.name, leroy.first_name, leroy.address, leroy.email, leroy.phone) == (
        f"Pseudonyme {leroy.number}",
        "",
        "",
        "",
        "",
    )
    assert leroy.pseudonymised_at is not None
    asso = db.session.get(Member, asso_id)
    assert asso.name == "Asso Vélo"  # a legal person's name is not personal data
    assert [
        m.full_name for m in db.session.scalars(select(Mandate).where(Mandate.member_id == asso_id))
    ] == ["Représentant pseudonymisé"]
    assert db.session.get(Member, members["active"].id).name == "Martin"
    assert db.session.get(Member, members["recent"].id).name == "Petit"
    # Audit: personal values scrubbed, the pseudonymisation recorded.
    entries = db.session.scalars(
        select(AuditEntry).where(
            AuditEntry.target_type == "Member", AuditEntry.target_id == leroy_id
        )
    ).all()
    assert "Leroi" not in json.dumps([e.data for e in entries])
    assert "member.pseudonymise" in [e.action for e in entries]
    # The register of a past date still prints, with the pseudonym; the chains are intact.
    after_text = register_text(cooperative, date(2009, 12, 31))
    assert f"Pseudonyme {leroy.number}" in after_text
    assert "Leroy" not in after_text
    assert "Denis" not in after_text
    verify = runner.invoke(args=["verify", cooperative.slug])
    assert verify.exit_code == 0, verify.output
    assert "All chains are intact." in verify.output
    # Running it again finds nobody left.
    again = runner.invoke(args=["privacy", "pseudonymise", cooperative.slug])
    assert "0 member(s) pseudonymised." in again.output


def test_cut_off_in_the_future_is_refused(runner, former):
    cooperative, members = former
    result = runner.invoke(
        args=["privacy", "pseudonymise", cooperative.slug, "--before", "2999-01-01"]
    )
    assert result.exit_code == 2
    assert "Refused: the cut-off date 2999-01-01 is after today" in result.output
    db.session.expire_all()
    assert db.session.get(Member, members["leroy"].id).pseudonymised_at is None


def test_retention_years_come_from_the_configuration(app, runner, former):
    cooperative, _ = former
    app.config["PRIVACY_RETENTION_YEARS"] = 30
    result = runner.invoke(args=["privacy", "pseudonymise", cooperative.slug, "--dry-run"])
    assert result.exit_code == 0
    assert "0 member(s) would be pseudonymised" in result.output


@pytest.mark.parametrize(
    ("status", "exited_on", "liability_end", "years", "expected"),
    [
        pytest.param(
            "exited",
            date(2010, 6, 30),
            date(2015, 6, 30),
            10,
            date(2025, 6, 30),
            id="GDPR-5-1-e after liability end",
        ),
        pytest.param(
            "excluded",
            date(2010, 6, 30),
            None,
            10,
            date(2020, 6, 30),
            id="GDPR-5-1-e from the exit when no liability date",
        ),
        pytest.param(
            "deceased", date(2012, 2, 29), None, 1, date(2013, 2, 28), id="GDPR-5-1-e 29 February"
        ),
        pytest.param("active", None, None, 10, None, id="GDPR-5-1-e active member never due"),
        pytest.param(
            "withdrawing", date(2010, 6, 30), None, 10, None, id="GDPR-5-1-e still withdrawing"
        ),
    ],
)
def test_retention_end_rule(status, exited_on, liability_end, years, expected):
    from scic.membership.rules import retention_ends_on

    assert retention_ends_on(status, exited_on, liability_end, years) == expected


def test_pseudonymisation_clears_records_of_an_assembly_whose_minutes_are_signed(
    runner, former, make_assembly
):
    from scic.assemblies.models import AssemblyLockedError, AttendanceEntry, ConvocationRecord

    cooperative, members = former
    leroy = members["leroy"]
    assembly = make_assembly(cooperative, starts_at=datetime(2008, 6, 20, 16, tzinfo=UTC))
    db.session.add_all(
        [
            AttendanceEntry(
                assembly_id=assembly.id, member_id=leroy.id, mode="present", signed_by="D. Leroy"
            ),
            ConvocationRecord(
                assembly_id=assembly.id,
                member_id=leroy.id,
                channel="letter",
                sent_on=date(2008, 6, 1),
                address="8 chemin Haut, 24200 Sarlat",
            ),
        ]
    )
    db.session.flush()
    assembly.status = "locked"
    assembly.locked_at = datetime(2008, 7, 1, tzinfo=UTC)
    db.session.commit()
    # Signed minutes still refuse any other change (here a new attendance line)…
    other = next(m for m in members.values() if m.id != leroy.id)
    db.session.add(AttendanceEntry(assembly_id=assembly.id, member_id=other.id, mode="present"))
    with pytest.raises(AssemblyLockedError):
        db.session.flush()
    db.session.rollback()
    # …but pseudonymisation clears the personal fields, and every chain still verifies.
    result = runner.invoke(args=["privacy", "pseudonymise", cooperative.slug])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    line = db.session.scalar(select(AttendanceEntry).where(AttendanceEntry.member_id == leroy.id))
    record = db.session.scalar(
        select(ConvocationRecord).where(ConvocationRecord.member_id == leroy.id)
    )
    assert (line.signed_by, line.mode, record.address) == ("", "present", "")
    verify = runner.invoke(args=["verify", cooperative.slug])
    assert verify.exit_code == 0, verify.output
