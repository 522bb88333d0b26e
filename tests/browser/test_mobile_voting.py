"""An elected representative votes from a 360×640 phone: one resolution at a time, large
buttons, a confirmation step, the receipt; no horizontal scrolling at any step."""

from __future__ import annotations

import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from sqlalchemy import select

from scic.assemblies import services as assemblies
from scic.assemblies.models import Assembly
from scic.cli.demo import DEMO_PASSWORD
from scic.core import clock
from scic.core.db import db
from scic.voting import services as voting
from tests.browser.conftest import DEMO_SLUG, sign_in

PASSWORD = DEMO_PASSWORD
PHONE = {"width": 360, "height": 640}
MIN_TARGET = 44  # px: WCAG 2.5.5 target size, RGAA 13.x "zones cliquables"


def check_layout(page, name: str) -> None:
    """No horizontal scroll; every button and choice is a large touch target."""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], name
    targets = page.locator("main .button.big, main .choice").all()
    assert targets, f"{name}: no large button"
    for target in targets:
        box = target.bounding_box()
        assert box["height"] >= MIN_TARGET, f"{name}: {target.inner_text()!r} is {box['height']}px"
        assert box["x"] >= 0, name
        assert box["x"] + box["width"] <= PHONE["width"], name
    blocking = [
        f"{v['impact']} {v['id']}: {v['nodes'][0]['target']}"
        for v in Axe().run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not blocking, f"{name}: {blocking}"


def test_a_representative_votes_on_a_phone_one_resolution_at_a_time(
    demo_app, demo_server, module_browser, screenshots
):
    upcoming = db.session.scalar(select(Assembly).where(Assembly.type == "extraordinary"))
    voting.create_resolution(
        upcoming,
        title="Pouvoirs pour les formalités",
        text="L'assemblée donne tous pouvoirs au porteur d'une copie du procès-verbal.",
        agenda_item=upcoming.agenda_items[0],
    )
    assemblies.send_convocation(upcoming, clock.today())  # postal votes open until the session
    db.session.commit()

    phone = module_browser.new_context(
        locale="fr-FR", viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2
    ).new_page()
    sign_in(phone, demo_server, "elu@demo.scic.coop", PASSWORD)
    phone.goto(f"{demo_server}/c/{DEMO_SLUG}/votes/ballot")

    # One resolution at a time, with the count of those left.
    expect(phone.locator("main h1")).to_contain_text("1")
    expect(phone.locator("main fieldset.choices")).to_have_count(1)
    expect(phone.locator("main .ballot")).to_contain_text("2")
    expect(phone.locator("#member")).to_contain_text("Commune de Thiviers")
    check_layout(phone, "ballot")
    phone.locator("label.choice-for").tap()
    expect(phone.locator("label.choice-for input")).to_be_checked()
    screenshots(phone, "mobile-vote.png")

    # The confirmation step repeats the choice and allows going back.
    phone.locator("main form button.big").tap()
    expect(phone.locator(".confirm-choice strong")).to_have_text("Pour")
    expect(phone.locator("main a.button.big")).to_be_visible()
    check_layout(phone, "confirmation")
    screenshots(phone, "mobile-vote-confirm.png")
    phone.locator("main form button.big").tap()

    # The receipt, then the next resolution.
    phone.wait_for_url(re.compile(r".*/votes/receipt$"))
    code = phone.locator(".receipt-code code").inner_text()
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", code)
    check_layout(phone, "receipt")
    screenshots(phone, "mobile-vote-receipt.png")
    phone.locator("main a.button.big").tap()
    expect(phone.locator("main h1")).to_contain_text("2")
    expect(phone.locator("main fieldset.choices")).to_have_count(1)
    phone.context.close()
