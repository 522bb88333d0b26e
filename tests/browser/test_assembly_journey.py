"""Issue 5, done when: a secretary runs a whole general assembly in the browser.

Members are seeded through Python to stay fast; everything else goes through the pages: the
assembly and its agenda, three resolutions, the convocation (an e-mail lands in the outbox), two
proxies and a blank one, the bureau, the session, the check-in of the members present and the
quorum, three votes opened, recorded and closed, the closing, the signatures that lock the
minutes, and the minutes PDF whose text holds the per-college results and the quorum figures.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from playwright.sync_api import expect
from pypdf import PdfReader

from scic.assemblies.models import Assembly
from scic.core import clock
from scic.core.db import db
from tests.browser.conftest import sign_in
from tests.browser.steps import type_member
from tests.fixtures.factories import PASSWORD


def _seed(make_user, make_cooperative, grant, voting_member):
    """Four workers (TRAV) and four users (USA), all consenting to e-mail convocations."""
    cooperative = make_cooperative()
    secretary = make_user(full_name="Paul Secrétaire")  # signs the minutes with this account
    grant(secretary, cooperative, "secretary")
    trav = [voting_member(cooperative, "SAL", name=f"Travailleur{i}") for i in range(4)]
    usa = [voting_member(cooperative, "USA", name=f"Usager{i}") for i in range(4)]
    for member in trav + usa:
        member.econvocation_consent_on = date(2020, 1, 1)
    seeded = cooperative.slug, secretary.email, [m.id for m in trav], [m.id for m in usa]
    db.session.commit()
    db.session.remove()  # SQLite: hold no read lock while the server writes
    return seeded


def test_a_secretary_runs_a_whole_assembly(
    app, live_server, page, make_user, make_cooperative, grant, voting_member, frozen_clock
):
    slug, email, trav, usa = _seed(make_user, make_cooperative, grant, voting_member)
    base = f"{live_server}/c/{slug}"
    outbox = Path(app.instance_path) / "outbox"
    sign_in(page, live_server, email, PASSWORD)
    page.set_default_timeout(10_000)

    # Preparation: the assembly, far enough ahead for the legal convocation delay.
    starts = clock.today() + timedelta(days=45)
    page.goto(f"{base}/assemblies/new")
    page.locator("#type").select_option("ordinary")
    page.locator("#title").fill("Assemblée générale de test")
    page.locator("#starts_at").fill(f"{starts.isoformat()}T18:00")
    page.locator("#place").fill("Salle des fêtes, Montignac")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/assemblies/\d+$"))
    assembly_id = int(page.url.rsplit("/", 1)[1])
    agenda = page.locator("form[action$='/agenda']")
    for title in ("Approbation des comptes", "Affectation du résultat", "Quitus au conseil"):
        agenda.locator("#title").fill(title)
        agenda.locator("button[type=submit]").click()
        expect(page.locator("section[aria-labelledby=agenda-title] ol")).to_contain_text(title)

    # Three resolutions on the voting page.
    resolutions = []
    for number, title in enumerate(
        ("Approbation des comptes", "Affectation du résultat", "Quitus au conseil"), start=1
    ):
        page.goto(f"{base}/votes/assemblies/{assembly_id}")
        page.locator("#title").fill(title)
        page.locator("#text").fill(f"L'assemblée générale décide : {title.lower()}.")
        page.locator("#kind").select_option("ordinary")
        page.locator("#agenda_item").select_option(index=number)
        page.locator("form[action$='/resolutions'] button[type=submit]").click()
        page.wait_for_url(re.compile(r".*/votes/resolutions/\d+$"))
        expect(page.get_by_role("heading", level=1)).to_contain_text(str(number))
        resolutions.append(int(page.url.rsplit("/", 1)[1]))

    # Convocation: sent at once, one e-mail per consenting member lands in the outbox.
    page.goto(f"{base}/assemblies/{assembly_id}/convocation")
    expect(page.locator(".badge.bad")).to_have_count(0)  # not late
    page.locator("details.confirm summary").click()
    page.locator("details.confirm form button[type=submit]").click()
    expect(page.locator(".flash-success")).to_be_visible()
    assert len(list(outbox.glob("*.eml"))) == 8

    # Proxies before the session: two named, one blank to the chair.
    page.goto(f"{base}/assemblies/{assembly_id}/proxies")
    # The members are typed (no select of every voter); the blank proxy is ticked.
    for grantor, holder in ((trav[2], trav[0]), (usa[2], usa[0]), (trav[3], None)):
        type_member(page, "grantor_id", grantor)
        if holder:
            type_member(page, "holder_id", holder)
        else:
            page.locator("#blank").check()
        page.locator("main form[action$='/proxies'] button[type=submit]").click()
        expect(page.locator(".flash-success")).to_be_visible()
    expect(page.locator("main table tbody tr .badge.ok")).to_have_count(3)

    # The day of the assembly: the session opens at its convened time, the notice has run
    # (R-AG-13, R-AG-1/§5); the server reads the same clock.
    frozen_clock(datetime.combine(starts, time(18, 0), clock.PARIS).astimezone(UTC))
    # The bureau, then the session opens.
    page.goto(f"{base}/assemblies/{assembly_id}/session")
    page.locator("#chair_name").fill("Claire Présidente")
    page.locator("#secretary_name").fill("Paul Secrétaire")
    page.locator("#scrutineers").fill("Anne Scrutatrice")
    page.locator("form[action$='/bureau'] button[type=submit]").click()
    expect(page.locator(".flash-success")).to_be_visible()
    page.locator("details.confirm summary").click()
    page.locator("details.confirm form[action$='/open'] button[type=submit]").click()
    expect(page.locator("form[action$='/close']")).to_have_count(1)

    # Check-in of the four members present; the three proxies make seven of eight taking part.
    page.goto(f"{base}/assemblies/{assembly_id}/attendance")
    present = [trav[0], trav[1], usa[0], usa[1]]
    for member_id in present:  # ticked on the checklist, recorded in one go
        page.locator(f"#checklist input[name=member_id][value='{member_id}']").check()
    page.locator("#checklist button[type=submit]").click()
    expect(page.locator(".flash-success")).to_be_visible()
    quorum = page.locator("[data-quorum-url]")
    expect(quorum.locator("[data-quorum=participants]")).to_have_text("7")
    expect(quorum.locator("[data-quorum=entitled]")).to_have_text("8")
    expect(quorum.locator("[data-quorum=reached]")).to_have_class(re.compile(r"\bok\b"))
    required = quorum.locator("[data-quorum=required_count]").inner_text().strip()

    # Three votes: opened, the choices of the members present recorded, closed.
    votes = (  # the choices of trav[0], trav[1], usa[0], usa[1] on each resolution
        ("for", "for", "for", "for"),
        ("for", "against", "for", "abstain"),
        ("against", "for", "against", "for"),
    )
    for resolution_id, choices in zip(resolutions, votes, strict=True):
        page.goto(f"{base}/votes/resolutions/{resolution_id}")
        page.locator("form[action$='/open'] button[type=submit]").click()
        expect(page.locator("#vote-status")).to_have_text("Ouvert")
        for member_id, choice in zip(present, choices, strict=True):
            type_member(page, "member", member_id)
            page.locator("#choice").select_option(choice)
            page.locator("form[action$='/ballots'] button[type=submit]").click()
            expect(page.locator(".flash-success")).to_be_visible()
        page.locator("details.confirm summary").click()
        page.locator("details.confirm form[action$='/close'] button[type=submit]").click()
        page.wait_for_url(re.compile(rf".*/votes/resolutions/{resolution_id}/results$"))

    # Closing, then every required signatory signs: the assembly is locked.
    page.goto(f"{base}/assemblies/{assembly_id}/session")
    page.locator("details.confirm summary").click()
    page.locator("details.confirm form[action$='/close'] button[type=submit]").click()
    expect(page.locator("form[action$='/open'], form[action$='/close']")).to_have_count(0)
    page.goto(f"{base}/assemblies/{assembly_id}/minutes")
    # An SAS's minutes are signed by the chair and the secretary. The chair signed the printed
    # minutes in ink: the secretary uploads the scan, then signs with their own account, the
    # only capacity the signing form offers them.
    for signatory in ("chair|Claire Présidente",):
        form = page.locator("#wet-ink-form")
        form.locator("select").select_option(signatory)
        form.locator("input[type=file]").set_input_files(
            {"name": "signature.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 scan"}
        )
        form.locator("button[type=submit]").click()
        expect(page.locator(".flash-success")).to_be_visible()
    expect(page.locator("details.confirm #signatory option")).to_have_count(1)
    page.locator("details.confirm summary").click()
    page.locator("details.confirm form button[type=submit]").click()
    expect(page.locator(".flash-success")).to_be_visible()
    expect(page.locator("section[aria-labelledby=signatures-title] .badge.ok")).to_be_visible()
    expect(page.locator("main .flash-info")).to_be_visible()  # "can no longer change"
    assert db.session.get(Assembly, assembly_id).status == "locked"
    db.session.rollback()

    # The minutes PDF: per-college results and the quorum figures.
    with page.expect_download() as info:
        page.locator("a[href$='minutes.pdf']").click()
    pdf = Path(info.value.path()).read_bytes()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    flat = " ".join(text.split())
    # Quorum: 8 with a vote, 7 taking part (4 present, 3 represented), the count required.
    assert re.search(r"\b7\D{1,20}8\b", flat)
    assert re.search(r"\(7 / 8\)", flat)
    assert re.search(rf"\b{required}\b", flat)
    # Per college: registered, voted, for, against, abstained. The blank proxy (trav[3]) voted
    # for each board-approved resolution in TRAV; the named holders cast nothing for their
    # grantors.
    expected = (
        (r"TRAV \S+ 50,00 % 4 3 3 0 0", r"USA [\S ]+? 20,00 % 4 2 2 0 0"),
        (r"TRAV \S+ 50,00 % 4 3 2 1 0", r"USA [\S ]+? 20,00 % 4 2 1 0 1"),
        (r"TRAV \S+ 50,00 % 4 3 2 1 0", r"USA [\S ]+? 20,00 % 4 2 1 1 0"),
    )
    for trav_row, usa_row in expected:
        assert re.search(trav_row, flat), trav_row
        assert re.search(usa_row, flat), usa_row
    assert len(re.findall(r"TRAV \S+ 50,00 % 4 3", flat)) == 3
