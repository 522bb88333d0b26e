"""Issue 3, done when: a secretary enters a local authority through the guided flow.

Deliberation and authorised shares, representatives, the 50 % cap check showing the largest
subscription still allowed, admission and subscription: the commune then appears among the
members with its shares. Fields are found by their ids so the test does not depend on wording.
"""

from __future__ import annotations

import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from sqlalchemy import select

from scic.capital import services as capital
from scic.cli.demo import DEMO_PASSWORD
from scic.cooperatives.models import Cooperative
from scic.core import clock
from scic.core.db import db
from scic.core.i18n import format_money_cents
from scic.membership.models import Member
from tests.browser.conftest import DEMO_SLUG, sign_in

PASSWORD = DEMO_PASSWORD
NAME = "Commune de Jumilhac-le-Grand"


def blocking_violations(page) -> list[str]:
    return [
        f"{v['impact']} {v['id']}: {v['nodes'][0]['target']}"
        for v in Axe().run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_a_secretary_enters_a_local_authority_step_by_step(
    demo_app, demo_server, module_browser, screenshots
):
    cooperative = db.session.scalar(select(Cooperative).where(Cooperative.slug == DEMO_SLUG))
    category = next(c for c in cooperative.categories if c.kind == "local_authority")
    before = capital.simulate_local_authority(cooperative, 400, clock.today(), category).before
    db.session.rollback()
    page = module_browser.new_context(
        locale="fr-FR", viewport={"width": 1280, "height": 800}
    ).new_page()
    sign_in(page, demo_server, "secretaire@demo.scic.coop", PASSWORD)

    # Step 1: the authority, its council's deliberation and the shares it authorised.
    page.goto(f"{demo_server}/c/{DEMO_SLUG}/capital/local-authorities/new")
    expect(page.locator('.steps [aria-current="step"]')).to_have_count(1)
    page.locator("#name").fill(NAME)
    page.locator("#authority_type").select_option("commune")
    page.locator("#siren").fill("212400873")
    page.locator("#email").fill("mairie@jumilhac.example")
    page.locator("#reference").fill("DEL 2026-071")
    page.locator("#adopted_on").fill("2026-10-06")
    page.locator("#executory_on").fill("2026-10-20")
    page.locator("#authorised_shares").fill("400")
    assert not blocking_violations(page)
    page.locator("main form button[type=submit]").click()

    # Step 2: the representatives, valid from the enforceable date by default.
    page.wait_for_url(re.compile(r".*/local-authorities/\d+/representatives$"))
    expect(page.locator(".flash-success")).to_contain_text(NAME)
    expect(page.locator("#valid_from")).to_have_value("2026-10-20")
    page.locator("#main_name").fill("Marie Roux")
    page.locator("#main_function").fill("maire-adjointe")
    page.locator("#main_email").fill("m.roux@jumilhac.example")
    page.locator("#alternate_name").fill("Luc Bernard")
    page.locator("main form button[type=submit]").click()

    # Step 3: the 50 % cap check shows the largest subscription still allowed (x ≤ T − 2P).
    page.wait_for_url(re.compile(r".*/local-authorities/\d+/admission$"))
    cap_check = page.locator("main table").first
    expect(cap_check).to_contain_text(format_money_cents(before.max_subscription_cents))
    expect(cap_check).to_contain_text(str(before.max_subscription_shares))
    expect(page.locator("#shares")).to_have_value("400")
    expect(cap_check.locator(".badge.bad")).to_have_count(1)  # 400 shares: above the cap
    assert not blocking_violations(page)
    screenshots(page, "local-authority-entry.png")

    # Asking for more than the maximum is refused, with the reason.
    page.locator("#decision_organ").fill("Conseil coopératif")
    page.locator("#decision_date").fill("2026-11-02")
    page.locator("#decision_ref").fill("CC 2026-11")
    page.locator("#paid").fill("20000")
    page.locator("#confirm").check()
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".flash-error").first).to_be_visible()
    expect(page).to_have_url(re.compile(r".*/admission$"))

    # Within the cap: admitted with its first subscription.
    page.locator("#shares").fill("20")
    page.locator("#paid").fill("1000")
    page.locator("#confirm").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/capital/members/\d+$"))
    expect(page.locator(".flash-success")).to_contain_text(NAME)
    holding = page.locator("section[aria-labelledby=holdings-title] table").first
    expect(holding.locator("td").nth(0)).to_have_text("20")  # shares
    expect(holding.locator("td").nth(2)).to_have_text(format_money_cents(100_000))  # paid up

    member = db.session.scalar(select(Member).where(Member.name == NAME))
    assert member.status == "active"
    assert member.is_local_authority
    member_id = member.id
    db.session.rollback()  # SQLite: release the database for the server's requests

    # It appears among the members and in the capital's holdings with its 20 shares.
    page.goto(f"{demo_server}/c/{DEMO_SLUG}/members?q=Jumilhac")
    expect(page.locator("main table tbody tr", has_text=NAME)).to_have_count(1)
    page.goto(f"{demo_server}/c/{DEMO_SLUG}/capital/?q=Jumilhac")  # the holders are paged
    row = page.locator("main table tbody tr", has_text=NAME)
    expect(row).to_have_count(1)
    expect(row.locator("td", has_text=re.compile(r"^20$"))).to_have_count(1)
    page.goto(f"{demo_server}/c/{DEMO_SLUG}/members/{member_id}")
    expect(page.locator("main")).to_contain_text("Marie Roux")
    expect(page.locator("main")).to_contain_text("DEL 2026-071")
    page.context.close()
