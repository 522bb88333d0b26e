"""Assembly papers from a real assembly: minutes, attendance sheet, convocation, register.

The assembly is held through the assemblies and voting services (convocation, proxies, bureau,
session, attendance, votes, closing, signatures, addendum); the PDFs are read back with pypdf.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, date, datetime

from pypdf import PdfReader

from scic.assemblies import queries as assembly_queries
from scic.core.db import db
from scic.registers import assembly_documents, exports
from scic.voting import services as voting
from scic.workflows.compliance import compliance_at
from tests.registers.assembly_papers import (
    GENERATED,
    hold,
    minutes_text,
    pdf_text,
)

# --- Minutes ------------------------------------------------------------------------------------


def test_the_outcomes_are_the_expected_ones(held):
    # R1: TRAV 2-1, USA 2 (Eve's blank proxy follows the board) - 0, PUB abstains (silent):
    # share_for = (50*2/3 + 20) / 70 = 16/21. R2: 90 %. R3 (not approved by the board): 40 %.
    outcomes = [r.outcome for r in held.resolutions]
    assert [o.adopted for o in outcomes] == [True, True, False]
    assert [str(o.share_for) for o in outcomes] == ["16/21", "9/10", "2/5"]


def test_minutes_show_each_resolution_per_college_with_weights_and_threshold(held):
    text = minutes_text(held.assembly)
    assert "Resolution no. 1 — Approbation des comptes" in text
    assert "L'assemblée approuve les comptes de l'exercice 2025." in text
    # R1, college TRAV: weight 50 %, 3 registered, 3 voted (one under a proxy), 2 for, 1 against,
    # 0 abstained; effective weight 50/70, contributions 100/3/70 and 50/3/70.
    assert "TRAV Travailleurs 50.00% 3 3 2 1 0 71.43% 47.62% 23.81%" in text
    assert "USA Usagers et soutiens 20.00% 3 2 2 0 0 28.57% 28.57% 0.00%" in text
    assert "PUB Partenaires publics 30.00% 1 1 0 0 1 0.00% 0.00% 0.00%" in text
    assert "Total 7 6 4 1 1 76.19% 23.81%" in text
    assert "College weights used TRAV 50.00%, USA 20.00%, PUB 30.00% (in force on 2026-04-15)" in (
        text
    )
    assert "Counting method Proportional" in text
    assert "Majority required more than 1/2 (> 50.00%) of the votes cast" in text
    assert "Majority required at least 2/3 (>= 66.67%) of the votes cast" in text
    assert "Resolution no. 1 is ADOPTED." in text
    assert "Resolution no. 2 is ADOPTED." in text
    assert "Resolution no. 3 is REJECTED." in text
    assert "Share of the votes for 40.00%" in text


def test_minutes_show_convocation_bureau_quorum_and_the_rest(held):
    text = minutes_text(held.assembly)
    assert "Coop test — société coopérative d'intérêt collectif — SCIC SAS à capital variable" in (
        text
    )
    assert "Date and time 2026-04-15 6:00 PM (Paris time)" in text
    assert "Place Salle des fêtes, Montignac" in text
    assert "Convocation sent 2026-03-01" in text
    assert "Members convened 7 of 7 members entitled to vote" in text
    assert "Letter 6" in text
    assert "Registered letter 1" in text
    assert "Chair Claire Présidente" in text
    assert "Scrutineers Paul Scrutateur" in text
    # Quorum figures: 6 of 7 took part (4 present, 2 represented), 1/4 required: 2 members.
    assert "Members entitled to vote 7" in text
    assert "Members taking part 6 of 7" in text
    assert "Quorum required 25.00% of the members, i.e. 2" in text
    assert "Quorum reached (6 / 7)" in text
    assert "Represented 2" in text
    assert "Absent 1" in text
    # Local authority, its representative and deliberation (R-LA-5).
    assert (
        "Commune de Montignac (present), represented by Jeanne Maire (main representative, "
        "recorded by the secretary)"
    ) in text
    assert "deliberation DEL-2020-01 of 2019-12-01, executory on 2020-01-01" in text
    assert "Coupure de la vidéo pendant cinq minutes." in text
    assert "Les comptes ont été présentés par le trésorier." in text
    assert "Chair: Claire Présidente signed on 2026-04-17 6:00 PM (Paris time)" in text
    assert "Secretary: Sam Secrétaire signed on" in text
    assert "Minutes signed and locked on 2026-04-17" in text
    assert "Erratum : le montant du résultat est de 12 000 euros." in text
    assert "pending" not in text


def test_unsigned_minutes_say_so(people, make_assembly):
    held = hold(people, make_assembly, sign=False)
    text = minutes_text(held.assembly)
    assert "draft, signatures pending" in text
    assert "Chair: Claire Présidente pending" in text
    assert "Secretary: Sam Secrétaire pending" in text


def test_minutes_in_french_format_numbers_and_dates(held):
    text = minutes_text(held.assembly, locale="fr")
    assert "15/04/2026 18 h 00" in text
    assert "76,19 %" in text
    assert "page 1 / " in text


def test_minutes_pages_are_numbered(held):
    buffer = io.BytesIO()
    pages = assembly_documents.write_minutes_pdf(buffer, held.assembly, locale="en", now=GENERATED)
    texts = pdf_text(buffer.getvalue())
    assert len(texts) == pages >= 2
    for number, text in enumerate(texts, start=1):
        assert f"page {number} / {pages}" in text
        assert "SCIC SAS à capital variable" in text


def test_minutes_footer_prints_the_ballot_and_audit_chain_heads(held):
    from scic.core.audit import AuditEntry
    from scic.core.chain import GENESIS
    from scic.registers.integrity import head_hash
    from scic.voting.models import Ballot

    cooperative = held.assembly.cooperative
    ballots, audit = head_hash(Ballot, cooperative), head_hash(AuditEntry, cooperative)
    assert GENESIS not in (ballots, audit)
    text = minutes_text(held.assembly)
    assert f"ballots {ballots[:32]}" in text  # 128 bits: enough to compare
    assert f"audit {audit[:32]}" in text


# --- Attendance sheet ---------------------------------------------------------------------------


def test_attendance_sheet_lists_every_member_with_shares_mode_and_proxy(held):
    buffer = io.BytesIO()
    assembly_documents.write_attendance_pdf(buffer, held.assembly, locale="en", now=GENERATED)
    text = " ".join(pdf_text(buffer.getvalue()))
    m = held.members
    alice = m["alice"]
    assert (
        f"{alice.number} Martin Alice Ann 3 rue des Lilas, 24290 Montignac TRAV 4 Present" in text
    )
    assert f"{m['carla'].number} Carla Ann" in text
    assert f"TRAV 3 Represented proxy to no. {alice.number} Martin Alice Ann" in text
    assert "USA 5 Represented blank proxy to the chair" in text
    assert "USA 1 Absent" in text
    assert "PUB 20 Present signed by Jeanne Maire" in text
    # Totals per mode and shares, quorum, officers' certification.
    assert "Present 4 members, 27 shares" in text
    assert "Represented 2 members, 8 shares" in text
    assert "Absent 1 member, 1 share" in text  # each count agrees with its noun
    assert "Members listed 7 members, 36 shares" in text
    assert "6 taking part of 7 entitled; 2 required (25.00%) — reached" in text
    assert "Certified accurate by the officers of the assembly" in text
    assert "Chair: Claire Présidente" in text
    assert "Scrutineer: Paul Scrutateur" in text
    # The proxies are annexed.
    assert "Annex — proxies" in text
    assert (
        f"{m['carla'].number} Carla Ann TRAV {alice.number} Martin Alice Ann 2026-03-01 valid"
        in (text)
    )
    assert "Eve Ann USA blank proxy to the chair 2026-03-01 valid" in text
    assert "Valid proxies 2, of which 1 blank proxies to the chair" in text


def test_a_long_attendance_sheet_repeats_its_header(people, make_assembly, voting_member):
    cooperative = people[0]
    for index in range(60):
        voting_member(cooperative, "USA", name=f"Extra {index:02d}")
    held = hold(people, make_assembly, sign=False)
    buffer = io.BytesIO()
    pages = assembly_documents.write_attendance_pdf(
        buffer, held.assembly, locale="en", now=GENERATED
    )
    texts = pdf_text(buffer.getvalue())
    assert pages == len(texts) >= 3
    table_pages = [t for t in texts if "Extra" in t]
    assert len(table_pages) >= 2
    assert all("Proxy holder or signature" in t for t in table_pages)
    assert sum(t.count("Extra ") for t in texts) == 60


# --- Convocation letter -------------------------------------------------------------------------


def test_convocation_letters_carry_the_mandatory_mentions(held):
    buffer = io.BytesIO()
    pages = assembly_documents.write_convocation_pdf(
        buffer, held.assembly, locale="en", now=GENERATED
    )
    texts = pdf_text(buffer.getvalue())
    assert pages == len(texts)
    # Nobody consented to e-mail: one letter per member on the paper list.
    letters = [t for t in texts if "Dear " in t]
    assert len(letters) == 7
    first = " ".join(texts)
    assert "Company Coop test — SCIC SAS à capital variable" in first
    assert "Capital variable; €1,800.00 subscribed on 2026-03-01" in first
    assert "Registered office 1 place de la Mairie, 24290 Montignac" in first
    assert "Registration RCS Périgueux 912 345 675" in first
    assert "Date and time 2026-04-15 6:00 PM (Paris time)" in first
    assert "Kind of assembly Combined general assembly" in first
    assert "Place Salle des fêtes, Montignac" in first
    assert "1. Approval of the accounts" in first
    assert "Resolution no. 3 — Travaux du local" in first
    # Paper postal forms: received before midnight ending the day before (R-AG-8).
    assert "received before 2026-04-15 12:00 AM (Paris time)" in first
    assert "A proxy returned without a holder's name goes to the chair" in first
    assert "Martin Alice Ann" in first
    assert "3 rue des Lilas, 24290 Montignac" in first


def test_a_single_letter_for_one_member(held):
    buffer = io.BytesIO()
    assembly_documents.write_convocation_pdf(
        buffer, held.assembly, locale="en", now=GENERATED, members=[held.members["dan"]]
    )
    texts = pdf_text(buffer.getvalue())
    assert sum("Dear Dan Ann," in t for t in texts) == 1


# --- Register of minutes and the audit bundle ---------------------------------------------------


def test_register_of_minutes_concatenates_locked_minutes_in_date_order(people, make_assembly):
    later = hold(
        people,
        make_assembly,
        starts_at=datetime(2026, 6, 20, 8, 0, tzinfo=UTC),
        convened_on=date(2026, 5, 1),
    )
    earlier = hold(people, make_assembly)
    hold(
        people,
        make_assembly,
        starts_at=datetime(2026, 9, 20, 8, 0, tzinfo=UTC),
        convened_on=date(2026, 8, 1),
        sign=False,
    )
    cooperative = earlier.cooperative
    assert assembly_documents.locked_assemblies(cooperative) == [earlier.assembly, later.assembly]
    buffer = io.BytesIO()
    pages = assembly_documents.write_minutes_register_pdf(
        buffer, cooperative, locale="en", now=GENERATED
    )
    texts = pdf_text(buffer.getvalue())
    assert len(texts) == pages
    for number, text in enumerate(texts, start=1):
        assert f"page {number} / {pages}" in text
    contents = texts[0]
    assert "Register of minutes" in contents
    assert "page 2 Combined general assembly of 2026-04-15" in contents
    starts = [i for i, t in enumerate(texts, start=1) if "Kind of assembly" in t]
    assert len(starts) == 2  # the unsigned assembly is left out
    assert f"page {starts[1]} Combined general assembly of 2026-06-20" in contents
    assert "of 2026-04-15" in texts[starts[0] - 1]
    assert "of 2026-06-20" in texts[starts[1] - 1]
    assert "2026-09-20" not in " ".join(texts)


def test_bundle_documents_gives_minutes_attendance_and_tally(held):
    names = dict(
        assembly_documents.bundle_documents(
            held.cooperative, date(2026, 1, 1), date(2026, 12, 31), locale="en", now=GENERATED
        )
    )
    folder = f"assemblees/2026-04-15-ag{held.assembly.id}"
    assert sorted(names) == [
        f"{folder}/depouillement-scic-tally.json",
        f"{folder}/feuille-presence.pdf",
        f"{folder}/proces-verbal.pdf",
    ]
    out = io.BytesIO()
    names[f"{folder}/proces-verbal.pdf"](out)
    assert out.getvalue().startswith(b"%PDF")
    out = io.BytesIO()
    names[f"{folder}/depouillement-scic-tally.json"](out)
    tally = json.loads(out.getvalue())
    assert tally["format"] == "scic-tally/1"
    assert [r["id"] for r in tally["resolutions"]] == ["R1", "R2", "R3"]
    # Outside the period: nothing.
    assert not list(
        assembly_documents.bundle_documents(held.cooperative, date(2026, 5, 1), date(2026, 12, 31))
    )


def test_the_audit_bundle_includes_the_assembly_papers(held):
    buffer = io.BytesIO()
    manifest = exports.write_bundle(
        buffer,
        held.cooperative,
        date(2026, 1, 1),
        date(2026, 5, 1),
        locale="en",
        now=GENERATED,
        compliance=compliance_at(held.cooperative, date(2026, 5, 1)),
    )
    folder = f"assemblees/2026-04-15-ag{held.assembly.id}"
    assert f"{folder}/proces-verbal.pdf" in manifest["files"]
    with zipfile.ZipFile(buffer) as archive:
        assert archive.read(f"{folder}/feuille-presence.pdf").startswith(b"%PDF")


# --- Routes and command line --------------------------------------------------------------------


def test_readers_download_the_papers(client, auth, held):
    auth.login_as(held.secretary)
    slug, assembly_id = held.cooperative.slug, held.assembly.id
    for name in ("minutes", "attendance", "convocation"):
        response = client.get(f"/c/{slug}/registers/assemblies/{assembly_id}/{name}.pdf")
        assert response.status_code == 200, name
        assert response.mimetype == "application/pdf"
        assert response.data.startswith(b"%PDF")
    one = client.get(
        f"/c/{slug}/registers/assemblies/{assembly_id}/convocation.pdf"
        f"?member={held.members['dan'].number}"
    )
    assert one.status_code == 200
    assert client.get(
        f"/c/{slug}/registers/assemblies/{assembly_id}/convocation.pdf?member=99999"
    ).status_code == (404)
    page = client.get(f"/c/{slug}/registers/minutes")
    assert page.status_code == 200
    assert held.assembly.title in page.get_data(as_text=True)
    register = client.get(f"/c/{slug}/registers/minutes.pdf")
    assert register.status_code == 200
    assert register.data.startswith(b"%PDF")


def test_the_assemblies_page_links_to_the_minutes_pdf(client, auth, held):
    auth.login_as(held.secretary)
    page = client.get(f"/c/{held.cooperative.slug}/assemblies/{held.assembly.id}/minutes")
    assert f"/registers/assemblies/{held.assembly.id}/minutes.pdf" in page.get_data(as_text=True)


def test_members_read_minutes_of_finished_assemblies_only(
    client, auth, held, people, make_assembly
):
    _, _, alice_user, _ = people
    auth.login_as(alice_user)
    slug = held.cooperative.slug
    response = client.get(f"/c/{slug}/registers/assemblies/{held.assembly.id}/minutes.pdf")
    assert response.status_code == 200
    # Not the attendance sheet, nor the register (readers only).
    assert (
        client.get(f"/c/{slug}/registers/assemblies/{held.assembly.id}/attendance.pdf").status_code
        == 404
    )
    assert client.get(f"/c/{slug}/registers/minutes").status_code == 404
    # Not the minutes of an assembly still being prepared.
    draft = make_assembly(held.cooperative, starts_at=datetime(2026, 12, 1, 9, 0, tzinfo=UTC))
    db.session.commit()
    assert client.get(f"/c/{slug}/registers/assemblies/{draft.id}/minutes.pdf").status_code == 404


def test_another_cooperative_and_anonymous_users_get_nothing(
    client, auth, held, make_user, make_cooperative, grant
):
    other = make_cooperative()
    stranger = make_user()
    grant(stranger, other, "secretary")
    db.session.commit()
    urls = [
        f"/c/{held.cooperative.slug}/registers/assemblies/{held.assembly.id}/{name}.pdf"
        for name in ("minutes", "attendance", "convocation")
    ] + [
        f"/c/{held.cooperative.slug}/registers/minutes",
        f"/c/{held.cooperative.slug}/registers/minutes.pdf",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login")
    auth.login_as(stranger)
    for url in urls:
        assert client.get(url).status_code == 404, url
    # Their own cooperative's URL with this assembly's id: 404 too.
    assert (
        client.get(
            f"/c/{other.slug}/registers/assemblies/{held.assembly.id}/minutes.pdf"
        ).status_code
        == 404
    )


def test_cli_writes_the_assembly_papers(runner, held, tmp_path):
    slug, assembly_id = held.cooperative.slug, str(held.assembly.id)
    for document in ("minutes", "attendance", "convocation", "minutes-register"):
        output = tmp_path / f"{document}.pdf"
        args = ["register", slug, "--document", document, "--output", str(output)]
        if document != "minutes-register":
            args += ["--assembly", assembly_id]
        result = runner.invoke(args=args)
        assert result.exit_code == 0, result.output
        assert output.read_bytes().startswith(b"%PDF")
    text = " ".join(p.extract_text() for p in PdfReader(tmp_path / "minutes.pdf").pages)
    assert "Claire Présidente" in text
    assert "15/04/2026" in text


def test_cli_refuses_a_missing_or_foreign_assembly(runner, held, make_cooperative, tmp_path):
    output = str(tmp_path / "x.pdf")
    slug = held.cooperative.slug
    result = runner.invoke(args=["register", slug, "--document", "minutes", "--output", output])
    assert result.exit_code == 2
    assert "--assembly" in result.output
    other = make_cooperative()
    db.session.commit()
    result = runner.invoke(
        args=[
            "register",
            other.slug,
            "--document",
            "minutes",
            "--assembly",
            str(held.assembly.id),
            "--output",
            output,
        ]
    )
    assert result.exit_code == 2


def test_the_minutes_name_the_representative_from_the_register_not_free_text(
    scenario, voting_resolution
):
    """R-LA-5, §6.9: a name typed on the attendance sheet that holds no designation in force is
    not printed as the representative; the account that voted identifies the one who did."""
    from scic.registers.assembly_documents.minutes_data import minutes_data
    from tests.fixtures.voting import NOW, attend

    assembly = scenario.assembly
    attend(assembly, scenario.authority)
    assembly_entry = assembly_queries.attendance_entries(assembly)[scenario.authority.id]
    assembly_entry.signed_by = "Le premier adjoint"
    (authority,) = minutes_data(assembly).authorities
    assert (authority.representative, authority.identified_by) == ("Jeanne Maire", "designated")

    resolution = voting_resolution(assembly)
    voting.cast_ballot(resolution, scenario.authority, "for", now=NOW, by=scenario.representative)
    (authority,) = minutes_data(assembly).authorities
    assert (authority.representative, authority.representative_role, authority.identified_by) == (
        "Jeanne Maire",
        "main",
        "voted",
    )
