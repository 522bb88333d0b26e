"""Issue 18 item 1: the check-in checklist at 1 280 px, and the QR check-in on a phone.

The secretary ticks several members on the checklist and records them in one go; the figures
per college follow. Then, on a 360 × 640 phone, she opens the link of a convocation's QR code:
the member's name and one big button, visible without scrolling.
"""

from __future__ import annotations

import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from scic.assemblies import services as assemblies
from scic.core.db import db
from tests.browser.conftest import sign_in
from tests.fixtures.factories import PASSWORD

PHONE = {"width": 360, "height": 640}


def _seed(make_user, make_cooperative, grant, voting_member, voting_assembly):
    """An assembly in session, five workers (TRAV) and three users (USA); nobody checked in."""
    cooperative = make_cooperative()
    secretary = make_user()
    grant(secretary, cooperative, "secretary")
    trav = [voting_member(cooperative, "SAL", name=f"Travailleur{i}") for i in range(5)]
    usa = [voting_member(cooperative, "USA", name=f"Usager{i}") for i in range(3)]
    assembly = voting_assembly(cooperative)
    token = assemblies.make_checkin_token(assembly, usa[2])
    seeded = (
        cooperative.slug,
        secretary.email,
        assembly.id,
        [m.id for m in trav],
        token,
    )
    db.session.commit()
    db.session.remove()  # SQLite: hold no read lock while the server writes
    return seeded


def test_checklist_at_1280_px_then_qr_check_in_on_a_phone(
    live_server,
    browser,
    screenshots,
    make_user,
    make_cooperative,
    grant,
    voting_member,
    voting_assembly,
):
    slug, email, assembly_id, trav, token = _seed(
        make_user, make_cooperative, grant, voting_member, voting_assembly
    )
    desk = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 800}).new_page()
    desk.set_default_timeout(10_000)
    sign_in(desk, live_server, email, PASSWORD)
    url = f"{live_server}/c/{slug}/assemblies/{assembly_id}/attendance"
    desk.goto(url)
    counts = desk.locator("#college-counts tbody tr").first  # TRAV
    expect(counts.locator("[data-count=participating]")).to_have_text("0")

    # Filter by college (the query string), tick three workers, record them in one POST.
    desk.locator("#college").select_option(label="TRAV — Travailleurs")
    desk.locator("form[role=search] button[type=submit]").click()
    desk.wait_for_url(re.compile(r".*college=\d+"))
    expect(desk.locator("#checklist tbody tr")).to_have_count(5)
    for member_id in trav[:3]:
        desk.locator(f"#checklist input[name=member_id][value='{member_id}']").check()
    expect(desk.locator("[data-ticked-count]")).to_have_text("Cochés : 3")
    assert desk.evaluate("document.documentElement.scrollWidth") <= 1280
    desk.locator("#checklist button[type=submit]").click()
    expect(desk.locator(".flash-success")).to_have_text(
        re.compile(r"3 associés enregistrés : Présent")
    )
    assert "college=" in desk.url  # the filters survive the POST
    expect(desk.locator("#checklist input[name=member_id]")).to_have_count(2)
    expect(counts.locator("[data-count=participating]")).to_have_text("3")
    expect(counts.locator("[data-count=present]")).to_have_text("3")
    expect(desk.locator("[data-quorum=participants]")).to_have_text("3")
    screenshots(desk, "attendance-checklist.png")

    # At the door, on a phone: the QR code of Usager2's convocation.
    phone = browser.new_context(
        locale="fr-FR", viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2
    ).new_page()
    phone.set_default_timeout(10_000)
    sign_in(phone, live_server, email, PASSWORD)
    phone.goto(f"{live_server}/c/{slug}/assemblies/checkin/{token}")  # what the QR code holds
    expect(phone.locator("#checkin-member")).to_have_text("Usager2 Ann")
    button = phone.locator("#checkin-confirm")
    expect(button).to_have_text("Enregistrer présent(e)")
    box = button.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"], "the button is below the fold"
    assert box["height"] >= 44
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    blocking = [
        f"{v['impact']} {v['id']}"
        for v in Axe().run(phone).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not blocking, blocking
    screenshots(phone, "attendance-qr-checkin-phone.png", full_page=False)
    button.click()
    expect(phone.locator("#checkin-status")).to_have_text("Présent")
    expect(phone.locator("#checkin-confirm")).to_have_count(0)

    # Back at the desk: the checklist counts the member checked in at the door.
    desk.goto(url)
    usa_row = desk.locator("#college-counts tbody tr").nth(1)
    expect(usa_row.locator("[data-count=present]")).to_have_text("1")
