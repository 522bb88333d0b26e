"""Issue 19, done when: a commune from its draft deliberation to its first vote through an
alternate, then through a re-designation once its council's term has ended.

The secretary works on a desktop, the alternate votes from a phone. The steps that other
journeys already drive in the browser (admission with a subscription, the assembly's set-up)
are done through the services; everything the local-authority journey adds is clicked.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime

from playwright.sync_api import expect
from pypdf import PdfReader
from sqlalchemy import select

from scic.assemblies import services as assemblies
from scic.assemblies.models import Assembly
from scic.auth.services import find_user, set_password
from scic.capital import services as capital
from scic.cli.demo import DEMO_PASSWORD
from scic.cooperatives.models import Cooperative
from scic.core import clock
from scic.core.db import db
from scic.membership.models import Member
from scic.voting import services as voting
from scic.voting.models import Ballot
from tests.browser.conftest import DEMO_SLUG, sign_in

NAME = "Commune de Nanteuil-de-Bourzac"
ALTERNATE = "luc.bernard@nanteuil.example"
PHONE = {"width": 360, "height": 640}


def _submit(page, action_suffix: str) -> None:
    page.locator(f'form[action$="{action_suffix}"] button[type=submit]').click()


def test_a_commune_from_its_draft_deliberation_to_a_re_designation(
    demo_app, demo_server, module_browser
):
    cooperative = db.session.scalar(select(Cooperative).where(Cooperative.slug == DEMO_SLUG))
    category = next(c for c in cooperative.categories if c.kind == "local_authority")
    candidate = capital.create_local_authority(
        cooperative,
        name=NAME,
        authority_type="commune",
        category=category,
        siren="212400345",
        applied_on=clock.today(),
    )
    member_id = candidate.id
    share_value = cooperative.share_value_cents
    db.session.commit()  # SQLite: release the database for the server's requests
    desk = module_browser.new_context(
        locale="fr-FR", viewport={"width": 1280, "height": 800}
    ).new_page()
    sign_in(desk, demo_server, "secretaire@demo.scic.coop", DEMO_PASSWORD)
    member_url = f"{demo_server}/c/{DEMO_SLUG}/members/{member_id}"

    # 1. The draft deliberation for the council, before it votes.
    desk.goto(member_url)
    desk.locator("#entry-shares").fill("12")
    with desk.expect_download() as download:
        desk.get_by_role("button", name="Projet de délibération (PDF)").click()
    draft = PdfReader(io.BytesIO(download.value.path().read_bytes()))
    text = " ".join(p.extract_text() for p in draft.pages)
    assert "19 septies" in text
    assert NAME in text
    assert "suppléant" in text

    # 2. The council's deliberation: transmitted and published, so enforceable (derived).
    desk.locator("#deliberation-reference").fill("DEL 2026-112")
    desk.locator("#deliberation-adopted_on").fill("2026-11-03")
    desk.locator("#deliberation-transmitted_to_prefect_on").fill("2026-11-05")
    desk.locator("#deliberation-acknowledgement_ref").fill("024-212400345-20261105-112-DE")
    desk.locator("#deliberation-published_on").fill("2026-11-06")
    _submit(desk, "/deliberations")
    expect(desk.locator(".flash-success")).to_be_visible()
    expect(desk.locator("#deliberations").locator("..")).to_contain_text("6 nov. 2026")

    # Admission with its subscription (the guided entry has its own browser journey).
    db.session.rollback()
    member = db.session.get(Member, member_id)
    capital.admit_with_subscription(
        member,
        12,
        paid_cents=12 * share_value,
        on=date(2026, 11, 10),
        decision=capital.Decision("Conseil coopératif", date(2026, 11, 10), "CC 2026-12"),
    )
    db.session.commit()

    # 3. The main representative and an alternate who gets an account to vote.
    desk.goto(member_url)
    for name, role, email, account in (
        ("Marie Roux", "main", "", False),
        ("Luc Bernard", "alternate", ALTERNATE, True),
    ):
        desk.locator("#mandate-full_name").fill(name)
        desk.locator("#mandate-role").select_option(role)
        desk.locator("#mandate-email").fill(email)
        desk.locator("#mandate-valid_from").fill("2026-11-10")
        if account:
            desk.locator("#mandate-create_account").check()
        _submit(desk, "/mandates")
        expect(desk.locator(".flash-success")).to_be_visible()

    # 4. An assembly votes: the main representative does not, the alternate does, on a phone.
    db.session.rollback()
    set_password(find_user(ALTERNATE), "alternate passphrase 2026")
    upcoming = db.session.scalar(select(Assembly).where(Assembly.type == "extraordinary"))
    voting.create_resolution(
        upcoming,
        title="Entrée d'un nouveau partenaire public",
        text="L'assemblée prend acte de l'entrée de la commune.",
        agenda_item=upcoming.agenda_items[0],
    )
    assemblies.send_convocation(upcoming, clock.today())
    upcoming_id = upcoming.id
    db.session.commit()
    phone = module_browser.new_context(
        locale="fr-FR", viewport=PHONE, is_mobile=True, has_touch=True
    ).new_page()
    sign_in(phone, demo_server, ALTERNATE, "alternate passphrase 2026")
    phone.goto(f"{demo_server}/c/{DEMO_SLUG}/votes/ballot")
    expect(phone.locator("#member")).to_contain_text(NAME)
    phone.locator("label.choice-for").tap()
    phone.locator("main form button.big").tap()
    expect(phone.locator(".confirm-choice strong")).to_have_text("Pour")
    phone.locator("main form button.big").tap()
    expect(phone.locator("main")).to_contain_text(re.compile("reçu|enregistré", re.I))
    ballot = db.session.scalar(select(Ballot).where(Ballot.member_id == member_id))
    assert ballot.choice == "for"
    assert ballot.resolution.assembly_id == upcoming_id
    db.session.rollback()
    phone.context.close()

    # 5. After the 2032 municipal elections the council's designations have ended.
    with clock.frozen(datetime(2032, 4, 20, 9, 0, tzinfo=UTC)):
        desk.goto(f"{demo_server}/c/{DEMO_SLUG}/representatives/redesignation")
        row = desk.locator("main table tbody tr", has_text=NAME)
        expect(row).to_have_count(1)
        expect(row).to_contain_text("2032")
        desk.locator("#request-sent_on").fill("2032-04-20")
        desk.locator("#request-channel").select_option("registered_letter")
        desk.locator("#request-reference").fill("1A 111 222 333 4")
        desk.get_by_role("button", name="Enregistrer les lettres envoyées").click()
        expect(desk.locator(".flash-success")).to_be_visible()
        expect(desk.locator("main table tbody tr", has_text=NAME)).to_contain_text(
            "1A 111 222 333 4"
        )

        # The new council designates again: the campaign shows the answer.
        desk.goto(member_url)
        desk.locator("#mandate-full_name").fill("Anne Nouvelle")
        desk.locator("#mandate-role").select_option("main")
        desk.locator("#mandate-valid_from").fill("2032-05-04")
        _submit(desk, "/mandates")
        expect(desk.locator(".flash-success")).to_be_visible()
    with clock.frozen(datetime(2032, 5, 10, 9, 0, tzinfo=UTC)):
        desk.goto(f"{demo_server}/c/{DEMO_SLUG}/representatives/redesignation")
        expect(desk.locator("main table tbody tr", has_text=NAME)).to_have_count(0)
        expect(desk.locator("#answers-title").locator("..")).to_contain_text("Anne Nouvelle")
    desk.context.close()
