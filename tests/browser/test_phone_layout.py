"""A member and a representative vote on a 360 × 640 phone (issue 18 item 5).

At each step (ballot, confirmation, receipt) the primary button is inside the first screen
without scrolling, nothing overflows sideways, the user's name is shown whole in the header and
every menu entry is on screen. The ballot shows the resolution's text (not folded away) and
says on whose behalf the vote is cast, as a statement rather than as a choice.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from scic.assemblies import services as assemblies
from scic.assemblies.models import Assembly
from scic.cli.demo import DEMO_PASSWORD
from scic.core import clock
from scic.core.db import db
from tests.browser.conftest import DEMO_SLUG, sign_in

PHONE = {"width": 360, "height": 640}


@pytest.fixture(scope="module")
def convened(demo_app):
    """The January assembly convened today: its postal vote is open to everyone."""
    upcoming = db.session.scalar(select(Assembly).where(Assembly.type == "extraordinary"))
    assemblies.send_convocation(upcoming, clock.today(), now=clock.now())
    db.session.commit()
    return upcoming


def phone_page(browser):
    context = browser.new_context(
        locale="fr-FR", viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    return context.new_page()


def open_menu(page) -> None:
    """On a phone the cooperative menu starts folded behind its button, which is on screen."""
    menu = page.locator(".coop-menu")
    expect(menu).not_to_have_attribute("open", "")
    button = menu.locator("summary")
    expect(button).to_have_text("Menu")
    box = button.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"], box
    assert box["height"] >= 44, box
    button.click()
    expect(menu).to_have_attribute("open", "")


def check_phone_layout(page, step: str, user_name: str) -> None:
    """The primary action in the first screen; no sideways scrolling; header and menu whole."""
    assert page.evaluate("window.scrollY") == 0, step
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], step
    primary = page.locator("main .button.big").first
    expect(primary).to_be_visible()
    box = primary.bounding_box()
    assert box["y"] >= 0, f"{step}: {box}"
    assert box["y"] + box["height"] <= PHONE["height"], f"{step}: {box} below the fold"
    assert box["x"] >= 0, f"{step}: {box}"
    assert box["x"] + box["width"] <= PHONE["width"], f"{step}: {box}"
    name = page.locator(".bar-tools > a")
    expect(name).to_have_text(user_name)
    assert name.evaluate("e => e.scrollWidth <= e.clientWidth"), f"{step}: name cut"
    open_menu(page)
    for entry in page.locator(".coop-nav a").all():
        entry_box = entry.bounding_box()
        assert entry_box["x"] >= 0, f"{step}: {entry.inner_text()}"
        assert entry_box["x"] + entry_box["width"] <= PHONE["width"], (
            f"{step}: menu entry {entry.inner_text()!r} cut off"
        )


@pytest.mark.parametrize(
    ("email", "user_name", "on_behalf_of"),
    [
        ("associe@demo.scic.coop", "Julie Moreau", "Moreau Julie"),
        ("elu@demo.scic.coop", "Jean Delmas", "Commune de Thiviers"),
    ],
)
def test_the_vote_fits_a_phone_screen(
    convened, demo_server, module_browser, email, user_name, on_behalf_of
):
    phone = phone_page(module_browser)
    sign_in(phone, demo_server, email, DEMO_PASSWORD)
    phone.goto(f"{demo_server}/c/{DEMO_SLUG}/votes/ballot")

    # The ballot: the text is shown, "Voter au nom de" is a statement, Continue is in sight.
    text = phone.locator(".resolution-text")
    expect(text).to_be_visible()
    expect(text).to_contain_text("L'assemblée porte de 10 à 20")
    expect(phone.locator(".on-behalf")).to_have_text(f"Voter au nom de {on_behalf_of}")
    check_phone_layout(phone, "ballot", user_name)
    phone.locator("label.choice-for").tap()
    phone.locator("#ballot-form button.big").tap()

    # The confirmation.
    expect(phone.locator(".confirm-choice strong")).to_have_text("Pour")
    check_phone_layout(phone, "confirmation", user_name)
    phone.locator("main form button.big").tap()

    # The receipt.
    phone.wait_for_url(re.compile(r".*/votes/receipt$"))
    expect(phone.locator(".receipt-code code")).to_be_visible()
    check_phone_layout(phone, "receipt", user_name)
    phone.context.close()


def test_the_secretary_s_menu_is_whole_on_a_phone(demo_server, module_browser):
    phone = phone_page(module_browser)
    sign_in(phone, demo_server, "secretaire@demo.scic.coop", DEMO_PASSWORD)
    phone.goto(f"{demo_server}/c/{DEMO_SLUG}/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    open_menu(phone)
    entries = phone.locator(".coop-nav a")
    assert entries.count() > 5
    for entry in entries.all():
        box = entry.bounding_box()
        assert box["x"] >= 0, entry.inner_text()
        assert box["x"] + box["width"] <= PHONE["width"], entry.inner_text()
    name = phone.locator(".bar-tools > a")
    expect(name).to_have_text("Claire Dubois")
    assert name.evaluate("e => e.scrollWidth <= e.clientWidth")
    phone.context.close()
