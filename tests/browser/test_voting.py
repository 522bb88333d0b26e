"""A representative votes on a phone while the secretary's result screen updates by itself."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from scic.core.db import db
from scic.voting import services
from tests.fixtures.factories import PASSWORD


def test_a_representative_votes_on_a_phone_and_the_secretary_sees_it_live(
    live_server, browser, scenario, voting_resolution
):
    resolution = voting_resolution(scenario.assembly)
    token = services.make_voting_token(scenario.assembly, scenario.authority)
    slug = scenario.cooperative.slug
    resolution_id = resolution.id
    secretary_email = scenario.secretary.email
    db.session.commit()

    desk = browser.new_context(locale="fr-FR").new_page()
    desk.goto(f"{live_server}/login")
    desk.get_by_label("Adresse e-mail").fill(secretary_email)
    desk.get_by_label("Mot de passe").fill(PASSWORD)
    desk.get_by_role("button", name="Se connecter").click()
    desk.wait_for_url(re.compile(rf".*/c/{slug}/.*"))
    desk.goto(f"{live_server}/c/{slug}/votes/resolutions/{resolution_id}")
    voted = desk.locator('[data-field="total-voted"]')
    expect(voted).to_have_text("0")

    phone = browser.new_context(
        locale="fr-FR", viewport={"width": 360, "height": 640}, is_mobile=True, has_touch=True
    ).new_page()
    phone.goto(f"{live_server}/vote/{token}")
    expect(phone.get_by_role("heading", level=1)).to_contain_text("1")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.locator("label.choice-for").tap()
    phone.locator("form button.big").tap()
    phone.locator("form button.big").tap()  # the confirmation step
    code = phone.locator(".receipt-code code").inner_text()
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", code)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360

    # The secretary's screen polls every 2 s: no reload needed.
    expect(voted).to_have_text("1", timeout=10_000)
    expect(desk.locator('tr[data-college="PUB"] [data-field="for"]')).to_have_text("1")
